import { Form } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { ErrorText, Field } from "~/components/form";
import type { FieldErrors } from "~/lib/forms";
import { QUIZ_FEEDBACK_MODES } from "~/vocabulary";
import { DEFAULT_TIME_ZONE, EDITION_TIME_ZONES } from "~/domain/time-zone";
import { timeZoneLabel } from "~/lib/format";

export interface EditionFormDefaults {
  name?: string;
  code?: string | null;
  nominationOpensOn?: string;
  nominationClosesOn?: string;
  onlineStartsOn?: string;
  onlineEndsOn?: string;
  assignmentDueOn?: string | null;
  faceToFaceStartsOn?: string;
  faceToFaceEndsOn?: string;
  timeZone?: string;
  quizPassMark?: number | string;
  quizAttemptsAllowed?: number | string;
  quizFeedback?: string;
  assignmentRequired?: boolean | string;
  requiredModules?: string[] | null;
  faceToFaceScaleMax?: number | string;
  faceToFacePassScore?: number | string;
  attendanceRequiredPercent?: number | string;
  onlineHours?: number | string;
  instituteSignatoryId?: number | string | null;
  certificateBilingual?: boolean | string;
}

/** The edition form, shared by "new edition" and "edition settings". Works without JavaScript. */
export function EditionForm({
  defaults,
  errors,
  modules,
  staff,
  submitLabel,
  hidden,
}: {
  /** Extra fields the form carries (the edition a new one is copied from). */
  hidden?: Record<string, string | number>;
  defaults: EditionFormDefaults;
  errors: FieldErrors;
  modules: { slug: string; title: string }[];
  staff: { id: number; name: string }[];
  submitLabel: string;
}) {
  const { t } = useTranslation("editions");
  const v = (k: keyof EditionFormDefaults) => {
    const x = defaults[k];
    return x === null || x === undefined || typeof x === "boolean" || Array.isArray(x) ? undefined : String(x);
  };
  const zone = v("timeZone") ?? DEFAULT_TIME_ZONE;
  // the offered zones, sorted by city, plus the edition's own when it is another valid one
  const zones = [...new Set([...EDITION_TIME_ZONES, zone])].sort((a, b) => timeZoneLabel(a).localeCompare(timeZoneLabel(b)));
  const checked = (k: "assignmentRequired" | "certificateBilingual") => defaults[k] === true || defaults[k] === "on";
  const date = (k: keyof EditionFormDefaults) => (
    <Field name={k} type="date" label={t(`form.${k}`)} defaultValue={v(k)} error={errors[k]} />
  );
  const num = (k: keyof EditionFormDefaults, min: number, max: number) => (
    <div className="field">
      <label htmlFor={`f-${k}`}>{t(`form.${k}`)}</label>
      <input id={`f-${k}`} name={k} type="number" min={min} max={max} defaultValue={v(k)} aria-invalid={errors[k] ? true : undefined} aria-describedby={errors[k] ? `f-${k}-error` : undefined} />
      <ErrorText id={`f-${k}-error`} error={errors[k]} />
    </div>
  );
  return (
    <Form method="post" className="stack" noValidate>
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Field name="name" label={t("form.name")} hint={t("form.nameHint")} defaultValue={v("name")} error={errors.name} maxLength={60} />
      <Field name="code" label={t("form.code")} hint={t("form.codeHint")} defaultValue={v("code")} error={errors.code} maxLength={12} />
      <fieldset className="card">
        <legend>{t("form.dates")}</legend>
        <div className="grid">
          {date("nominationOpensOn")}
          {date("nominationClosesOn")}
          {date("onlineStartsOn")}
          {date("onlineEndsOn")}
          {date("assignmentDueOn")}
          {date("faceToFaceStartsOn")}
          {date("faceToFaceEndsOn")}
        </div>
        <Field name="timeZone" label={t("form.timeZone")} hint={t("form.timeZoneHint")} error={errors.timeZone}>
          <select id="f-timeZone" name="timeZone" defaultValue={zone} aria-describedby="f-timeZone-hint">
            {zones.map((z) => (
              <option key={z} value={z}>
                {timeZoneLabel(z)}
              </option>
            ))}
          </select>
        </Field>
      </fieldset>
      <fieldset className="card">
        <legend>{t("form.rules")}</legend>
        <div className="grid">
          {num("quizPassMark", 0, 100)}
          {num("quizAttemptsAllowed", 1, 20)}
          {num("onlineHours", 1, 1000)}
          {num("faceToFaceScaleMax", 1, 1000)}
          {num("faceToFacePassScore", 0, 1000)}
          {num("attendanceRequiredPercent", 0, 100)}
        </div>
        <Field name="quizFeedback" label={t("form.quizFeedback")} hint={t("form.quizFeedbackHint")} error={errors.quizFeedback}>
          <select id="f-quizFeedback" name="quizFeedback" defaultValue={v("quizFeedback") ?? "after-last-attempt"} aria-describedby="f-quizFeedback-hint">
            {QUIZ_FEEDBACK_MODES.map((m) => (
              <option key={m} value={m}>
                {t(`form.quizFeedbackModes.${m}`)}
              </option>
            ))}
          </select>
        </Field>
        <div className="check">
          <input id="f-assignmentRequired" type="checkbox" name="assignmentRequired" defaultChecked={checked("assignmentRequired")} />
          <label htmlFor="f-assignmentRequired">{t("form.assignmentRequired")}</label>
        </div>
        <fieldset className="plain">
          <legend>{t("form.requiredModules")}</legend>
          <p className="hint">{t("form.requiredModulesHint")}</p>
          {modules.map((m) => (
            <div className="check" key={m.slug}>
              <input
                id={`f-module-${m.slug}`}
                type="checkbox"
                name="requiredModules"
                value={m.slug}
                defaultChecked={defaults.requiredModules?.includes(m.slug)}
              />
              <label htmlFor={`f-module-${m.slug}`}>{m.title}</label>
            </div>
          ))}
        </fieldset>
      </fieldset>
      <fieldset className="card">
        <legend>{t("form.certificates")}</legend>
        <Field name="instituteSignatoryId" label={t("form.instituteSignatory")} error={errors.instituteSignatoryId}>
          <select id="f-instituteSignatoryId" name="instituteSignatoryId" defaultValue={v("instituteSignatoryId") ?? ""}>
            <option value="">{t("form.noSignatory")}</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <div className="check">
          <input id="f-certificateBilingual" type="checkbox" name="certificateBilingual" defaultChecked={checked("certificateBilingual")} />
          <label htmlFor="f-certificateBilingual">{t("form.certificateBilingual")}</label>
        </div>
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
