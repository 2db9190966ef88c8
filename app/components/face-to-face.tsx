import { Form, NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n/config";
import type { FieldErrors } from "~/lib/forms";
import { Field } from "./form";

/** "Tue, 4 May 2027" in the reader's language (session dates are calendar dates, no time zone). */
export function formatSessionDate(date: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

export function formatNumber(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
}

export interface SessionView {
  id: number;
  date: string;
  startTime: string;
  endTime: string;
  venue: string | null;
  onlineUrl: string | null;
  hours: number;
}

/** Date, time, hours and place of a session. */
export function SessionWhen({ session, locale }: { session: SessionView; locale: Locale }) {
  const { t } = useTranslation("faceToFace");
  return (
    <>
      <strong>{formatSessionDate(session.date, locale)}</strong>
      <span>
        {" "}
        · {session.startTime}–{session.endTime} · {t("sessions.hoursValue", { hours: formatNumber(session.hours, locale) })}
      </span>
      {session.venue ? <div className="small">{session.venue}</div> : null}
      {session.onlineUrl ? (
        <div className="small f2f-link">
          <a href={session.onlineUrl} rel="noreferrer noopener" target="_blank">
            {t("sessions.joinOnline")}
          </a>
        </div>
      ) : null}
    </>
  );
}

const attendanceTone: Record<string, string> = { present: "ok", late: "warn", excused: "", absent: "danger" };

export function AttendanceBadge({ status }: { status: string | null }) {
  const { t } = useTranslation("faceToFace");
  if (!status) return <span className="muted">{t("attendance.unmarked")}</span>;
  return <span className={`badge ${attendanceTone[status] ?? ""}`}>{t(`status.attendance.${status}`)}</span>;
}

export function ResultBadge({ result }: { result: string | null | undefined }) {
  const { t } = useTranslation("faceToFace");
  if (!result) return <span className="badge warn">{t("assess.notAssessed")}</span>;
  return <span className={`badge ${result === "passed" ? "ok" : "danger"}`}>{t(`status.result.${result}`)}</span>;
}

/** Attendance percentage, flagged when below the required one. */
export function AttendancePercent({
  percent,
  meetsRequired,
  required,
  locale,
}: {
  percent: number | null;
  meetsRequired: boolean;
  required: number;
  locale: Locale;
}) {
  const { t } = useTranslation("faceToFace");
  if (percent === null) return <span className="muted">—</span>;
  return (
    <span className={meetsRequired ? "" : "f2f-below"}>
      {formatNumber(percent, locale)} %
      {meetsRequired ? null : <span className="badge warn f2f-flag">{t("assess.belowRequired", { required })}</span>}
    </span>
  );
}

/** The three pages of a coordinator's face-to-face stage. */
export function StageNav({ participationId }: { participationId: number }) {
  const { t } = useTranslation("faceToFace");
  const base = `/coordination/${participationId}/face-to-face`;
  return (
    <nav aria-label={t("nav.label")} className="f2f-nav">
      <ul>
        <li>
          <NavLink to={base} end>
            {t("nav.sessions")}
          </NavLink>
        </li>
        <li>
          <NavLink to={`${base}/assess`}>{t("nav.assess")}</NavLink>
        </li>
        <li>
          <NavLink to={`${base}/sign-off`}>{t("nav.signOff")}</NavLink>
        </li>
      </ul>
    </nav>
  );
}

/** Plan a session, or edit one (with `session`). Works without JavaScript. */
export function SessionForm({
  session,
  errors,
  values,
  modality,
}: {
  session?: SessionView;
  errors: FieldErrors;
  values: Record<string, string>;
  modality: string;
}) {
  const { t } = useTranslation("faceToFace");
  const p = session ? `s${session.id}-` : "new-";
  const v = (k: keyof SessionView) => values[k] ?? (session && session[k] !== null ? String(session[k]) : "");
  return (
    <Form method="post" className="stack" noValidate>
      <input type="hidden" name="intent" value={session ? "update" : "plan"} />
      {session ? <input type="hidden" name="sessionId" value={session.id} /> : null}
      <div className="grid f2f-session-grid">
        <Field name={`${p}date`} label={t("sessions.date")} error={errors.date}>
          <input id={`f-${p}date`} name="date" type="date" defaultValue={v("date")} required aria-invalid={errors.date ? true : undefined} aria-describedby={errors.date ? `f-${p}date-error` : undefined} />
        </Field>
        <Field name={`${p}startTime`} label={t("sessions.startTime")} error={errors.startTime}>
          <input id={`f-${p}startTime`} name="startTime" type="time" defaultValue={v("startTime")} required aria-invalid={errors.startTime ? true : undefined} aria-describedby={errors.startTime ? `f-${p}startTime-error` : undefined} />
        </Field>
        <Field name={`${p}endTime`} label={t("sessions.endTime")} error={errors.endTime}>
          <input id={`f-${p}endTime`} name="endTime" type="time" defaultValue={v("endTime")} required aria-invalid={errors.endTime ? true : undefined} aria-describedby={errors.endTime ? `f-${p}endTime-error` : undefined} />
        </Field>
        <Field name={`${p}hours`} label={t("sessions.hours")} error={errors.hours}>
          <input
            id={`f-${p}hours`}
            name="hours"
            type="number"
            min={0.5}
            max={24}
            step={0.5}
            inputMode="decimal"
            defaultValue={v("hours")}
            required
            aria-invalid={errors.hours ? true : undefined}
            aria-describedby={[`f-${p}hours-hint`, errors.hours ? `f-${p}hours-error` : ""].join(" ").trim()}
          />
        </Field>
      </div>
      <p className="hint" id={`f-${p}hours-hint`}>
        {t("sessions.hoursHint")}
      </p>
      <Field name={`${p}venue`} label={t("sessions.venue")} error={errors.venue} hint={t(`sessions.venueHint.${modality}`, { defaultValue: "" }) || undefined}>
        <input id={`f-${p}venue`} name="venue" type="text" maxLength={200} defaultValue={v("venue")} aria-invalid={errors.venue ? true : undefined} aria-describedby={errors.venue ? `f-${p}venue-error` : undefined} />
      </Field>
      <Field name={`${p}onlineUrl`} label={t("sessions.onlineUrl")} error={errors.onlineUrl}>
        <input id={`f-${p}onlineUrl`} name="onlineUrl" type="url" maxLength={500} placeholder="https://" defaultValue={v("onlineUrl")} aria-invalid={errors.onlineUrl ? true : undefined} aria-describedby={errors.onlineUrl ? `f-${p}onlineUrl-error` : undefined} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary">
          {session ? t("sessions.saveChanges") : t("sessions.plan")}
        </button>
      </div>
    </Form>
  );
}
