import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { AttendancePercent, CsvImportCard, StageHead, stageFeedback } from "~/components/face-to-face";
import { ErrorText, Field, FormAlert, Notice } from "~/components/form";
import {
  ASSESSMENT_CSV_COLUMNS,
  FaceToFaceBatchError,
  importAssessments,
  recordAssessments,
} from "~/domain/face-to-face.server";
import { MAX_CSV_BYTES, parseCsv } from "~/lib/csv.server";
import { COMMENT_MAX } from "~/lib/face-to-face-limits";
import { parseAssessmentForm } from "~/lib/face-to-face-schema";
import { requireParticipation } from "~/auth/guards.server";
import { AssessmentCsvSchema, batchRowErrors, domainFailure, stagePage } from "~/lib/face-to-face-route.server";
import { formValues } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { formatPercent } from "~/lib/format";
import { bodyRefusal, fileBytes, tryReadForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "faceToFace:assess.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, db, participation } = await requireParticipation(request, params, "participation.assess");
  const { stage, state } = stagePage(db, participation.id, locale);
  return { stage, state, locale };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, locale, participation: { id: participationId } } = await requireParticipation(request, params, "participation.assess");
  const read = await tryReadForm(request, { files: { file: MAX_CSV_BYTES } });
  if (!read.ok) {
    if (read.field !== "file") throw bodyRefusal(read);
    return fieldFailure("file", read.error, {}, read.status);
  }
  const form = read.form;
  const back = `/coordination/${participationId}/face-to-face/assess`;
  if (form.get("intent") === "import") {
    const bytes = await fileBytes(form, "file");
    if (!bytes) return fieldFailure("file", { key: "faceToFace:import.chooseFile" });
    const parsed = parseCsv(bytes, ASSESSMENT_CSV_COLUMNS, AssessmentCsvSchema);
    if (!parsed.ok) return { ok: false as const, csvErrors: parsed.errors };
    try {
      const r = importAssessments({ db, actor: user, participationId, rows: parsed.rows });
      return redirect(`${back}?imported=${r.changed}`);
    } catch (err) {
      if (err instanceof FaceToFaceBatchError) return { ok: false as const, csvErrors: batchRowErrors(err, locale) };
      return domainFailure(err, {}, locale);
    }
  }
  const parsed = parseAssessmentForm(form);
  if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
  try {
    const r = recordAssessments({ db, actor: user, participationId, assessments: parsed.data });
    return redirect(`${back}?saved=${r.changed}`);
  } catch (err) {
    return domainFailure(err, formValues(form), locale);
  }
}

export default function AssessPage() {
  const { t } = useTranslation("faceToFace");
  const { stage, state, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { errors, values, csvErrors } = stageFeedback(result);
  const { participation: p, edition, trainees } = stage;
  const base = `/coordination/${p.id}/face-to-face`;
  const readOnly = !stage.can.record;
  const fieldErrorCount = Object.keys(errors).filter((k) => k !== "form" && k !== "file").length;
  return (
    <>
      <StageHead title={t("assess.title")} state={state} participationId={p.id} />
      {params.get("saved") !== null ? <Notice>{t("assess.saved", { count: Number(params.get("saved")) })}</Notice> : null}
      {params.get("imported") !== null ? <Notice>{t("import.assessmentsDone", { count: Number(params.get("imported")) })}</Notice> : null}
      {readOnly ? <Notice tone="info">{p.signedOffAt ? t("assess.locked") : t("assess.notInPhase")}</Notice> : null}
      <FormAlert error={errors.form} />
      {fieldErrorCount > 0 ? (
        <div className="alert error" role="alert">
          {t("assess.fixErrors", { count: fieldErrorCount })}
        </div>
      ) : null}
      <p className="lede">
        {t("assess.rules", {
          max: edition.scaleMax,
          pass: edition.passScore,
          required: formatPercent(edition.attendanceRequiredPercent, locale),
        })}
      </p>
      {trainees.length === 0 ? <p className="muted">{t("hub.noTrainees")}</p> : null}
      {trainees.length > 0 ? (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="save" />
          {trainees.map((tr) => {
            const id = tr.enrolmentId;
            const v = (k: "score" | "result" | "comment") => {
              const submitted = values[`${k}-${id}`];
              if (submitted !== undefined) return submitted;
              const a = tr.assessment;
              return a ? String(a[k] ?? "") : "";
            };
            const resultError = errors[`result-${id}`];
            return (
              <fieldset key={id} className="card f2f-assess">
                <legend>{tr.name}</legend>
                <p className="small">
                  {t("assess.onlineResult")}:{" "}
                  {tr.onlineResult ? (
                    <span className={`badge ${tr.onlineResult === "passed" ? "ok" : "danger"}`}>{t(`status.result.${tr.onlineResult}`)}</span>
                  ) : (
                    <span className="muted">{t("assess.onlinePending")}</span>
                  )}
                </p>
                {tr.onlineResult === "not-passed" ? <p className="small muted">{t("assess.onlineFailedNoAssessment")}</p> : null}
                <p className="small">
                  {t("hub.attendance")}:{" "}
                  <AttendancePercent percent={tr.percent} meetsRequired={tr.meetsRequired} required={edition.attendanceRequiredPercent} locale={locale} taken={tr.attendanceTaken} />
                </p>
                <div className="grid f2f-assess-grid">
                  <Field name={`score-${id}`} label={t("assess.scoreOf", { max: edition.scaleMax })} error={errors[`score-${id}`]}>
                    <input
                      id={`f-score-${id}`}
                      name={`score-${id}`}
                      type="number"
                      inputMode="numeric"
                      min={0}
                      max={edition.scaleMax}
                      step={1}
                      defaultValue={v("score")}
                      disabled={readOnly}
                      aria-invalid={errors[`score-${id}`] ? true : undefined}
                      aria-describedby={errors[`score-${id}`] ? `f-score-${id}-error` : undefined}
                    />
                  </Field>
                  <fieldset className="plain f2f-result" aria-describedby={resultError ? `f-result-${id}-error` : undefined}>
                    <legend>{t("assess.result")}</legend>
                    {(["passed", "not-passed"] as const).map((r) => (
                      <label key={r} className="check">
                        <input type="radio" name={`result-${id}`} value={r} defaultChecked={v("result") === r} disabled={readOnly} />
                        {t(`status.result.${r}`)}
                      </label>
                    ))}
                    <ErrorText id={`f-result-${id}-error`} error={resultError} />
                  </fieldset>
                </div>
                <Field name={`comment-${id}`} label={t("assess.comment")} error={errors[`comment-${id}`]}>
                  <textarea
                    id={`f-comment-${id}`}
                    name={`comment-${id}`}
                    maxLength={COMMENT_MAX}
                    rows={3}
                    defaultValue={v("comment")}
                    disabled={readOnly}
                    aria-invalid={errors[`comment-${id}`] ? true : undefined}
                    aria-describedby={errors[`comment-${id}`] ? `f-comment-${id}-error` : undefined}
                  />
                </Field>
              </fieldset>
            );
          })}
          {readOnly ? null : (
            <div className="actions">
              <button type="submit" className="primary">
                {t("assess.save")}
              </button>
              <Link to={`${base}/sign-off`}>{t("assess.goToSignOff")}</Link>
            </div>
          )}
        </Form>
      ) : null}

      {readOnly || trainees.length === 0 ? null : (
        <CsvImportCard
          title={t("import.assessmentsTitle")}
          lede={t("import.assessmentsLede")}
          templateHref={`${base}/assessments.csv`}
          templateLabel={t("import.downloadAssessmentsTemplate")}
          intent="import"
          fileId="f-assess-file"
          error={errors.file}
          csvErrors={csvErrors}
          button={t("import.assessmentsButton")}
          style={{ marginTop: "1.5rem" }}
        />
      )}
    </>
  );
}
