import { Form, Link, NavLink } from "@remix-run/react";
import type { CSSProperties, ReactNode } from "react";
import { useTranslation } from "~/i18n/react";
import type { Locale } from "~/i18n/config";
import type { CsvRowError } from "~/lib/csv.server";
import type { FieldError, FieldErrors } from "~/lib/forms";
import { CsvErrors } from "./csv-errors";
import { ErrorText, Field } from "./form";
import { HistoryLink } from "~/components/history-link";
import { formatNumber, formatPercent } from "~/lib/format";

/** "Tue, 4 May 2027" in the reader's language (session dates are calendar dates, no time zone). */
export function formatSessionDate(date: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** Kept for the face-to-face pages' imports; the one formatter is ~/lib/format's. */
export { formatNumber } from "~/lib/format";

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
  taken = true,
}: {
  percent: number | null;
  meetsRequired: boolean;
  required: number;
  locale: Locale;
  /** False while no attendance has been taken for this trainee: nothing is short yet, so nothing is flagged. */
  taken?: boolean;
}) {
  const { t } = useTranslation("faceToFace");
  if (percent === null) return <span className="muted">—</span>;
  if (!taken) return <span className="muted">{t("assess.notTakenYet")}</span>;
  return (
    <span className={meetsRequired ? "" : "f2f-below"}>
      {formatPercent(percent, locale)}
      {meetsRequired ? null : <span className="badge warn f2f-flag">{t("assess.belowRequired", { required: formatPercent(required, locale) })}</span>}
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

/** The heading of a coordinator's assessment or sign-off page: back link, title with the state, and the stage's tabs. */
export function StageHead({ title, state, participationId }: { title: string; state: string; participationId: number }) {
  const { t } = useTranslation("faceToFace");
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted small">
            <Link to="/coordination">{t("hub.backToCoordination")}</Link>
          </p>
          <h1>
            {title} · {state}
          </h1>
        </div>
      </div>
      <StageNav participationId={participationId} />
    </>
  );
}

/**
 * What a stage page's action answered: the form's errors and values, or a refused CSV's row errors
 * (each empty when the action answered the other way, or not at all).
 */
export function stageFeedback(result: { errors: FieldErrors; values: Record<string, string> } | { csvErrors: CsvRowError[] } | undefined) {
  const failed = result && "errors" in result ? result : null;
  return {
    errors: failed?.errors ?? {},
    values: failed?.values ?? {},
    csvErrors: result && "csvErrors" in result ? result.csvErrors : [],
  };
}

/**
 * A table named by `label` (its region's label and its caption); on a phone its rows stack as cards
 * (`stack-table`: give each cell a data-label), on a wider screen it scrolls sideways when it must.
 */
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways on a phone must be reachable by keyboard (WCAG 2.1.1)
    <section className="table-wrap" aria-label={label} tabIndex={0}>
      <table className="stack-table">
        <caption className="visually-hidden">{label}</caption>
        {children}
      </table>
    </section>
  );
}

export interface TraineeResultView {
  enrolmentId: number;
  name: string;
  percent: number | null;
  meetsRequired: boolean;
  assessment: { score: number; result: string } | null;
}

/** Each enrolled trainee's attendance, score and result. */
export function TraineeResultsTable({
  label,
  trainees,
  edition,
  locale,
}: {
  label: string;
  trainees: TraineeResultView[];
  edition: { attendanceRequiredPercent: number; scaleMax: number };
  locale: Locale;
}) {
  const { t } = useTranslation("faceToFace");
  return (
    <ScrollTable label={label}>
      <thead>
        <tr>
          <th scope="col">{t("hub.name")}</th>
          <th scope="col">{t("hub.attendance")}</th>
          <th scope="col" className="num">
            {t("assess.score")}
          </th>
          <th scope="col">{t("assess.result")}</th>
        </tr>
      </thead>
      <tbody>
        {trainees.map((tr) => (
          <tr key={tr.enrolmentId}>
            <th scope="row">
              {tr.name}
              <div>
                <HistoryLink enrolmentId={tr.enrolmentId} name={tr.name} />
              </div>
            </th>
            <td data-label={t("hub.attendance")}>
              <AttendancePercent percent={tr.percent} meetsRequired={tr.meetsRequired} required={edition.attendanceRequiredPercent} locale={locale} />
            </td>
            <td className="num" data-label={t("assess.score")}>{tr.assessment ? `${tr.assessment.score} / ${edition.scaleMax}` : "—"}</td>
            <td data-label={t("assess.result")}>
              <ResultBadge result={tr.assessment?.result} />
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

/** A card to upload a filled-in CSV template (attendance or assessments), with its per-row errors. */
export function CsvImportCard({
  title,
  lede,
  templateHref,
  templateLabel,
  intent,
  fileId,
  error,
  csvErrors,
  button,
  style,
}: {
  title: string;
  lede: string;
  templateHref: string;
  templateLabel: string;
  intent: string;
  /** The file input's id (its error's id adds `-error`). */
  fileId: string;
  error: FieldError | undefined;
  csvErrors: CsvRowError[];
  button: string;
  style?: CSSProperties;
}) {
  const { t } = useTranslation("faceToFace");
  return (
    <section className="card" aria-labelledby="import-title" style={style}>
      <h2 id="import-title">{title}</h2>
      <p className="muted small">{lede}</p>
      <p>
        <a href={templateHref} download>
          {templateLabel}
        </a>
      </p>
      <CsvErrors errors={csvErrors} />
      <Form method="post" encType="multipart/form-data" className="stack">
        <input type="hidden" name="intent" value={intent} />
        <div className="field">
          <label htmlFor={fileId}>{t("import.file")}</label>
          <input id={fileId} name="file" type="file" accept=".csv,text/csv" aria-invalid={error ? true : undefined} aria-describedby={error ? `${fileId}-error` : undefined} />
          <ErrorText id={`${fileId}-error`} error={error} />
        </div>
        <div className="actions">
          <button type="submit" className="secondary">
            {button}
          </button>
        </div>
      </Form>
    </section>
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
