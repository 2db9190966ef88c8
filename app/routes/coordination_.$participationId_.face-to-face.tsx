import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { ConfirmAction } from "~/components/confirm";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import {
  CsvImportCard,
  formatNumber,
  formatSessionDate,
  SessionForm,
  SessionWhen,
  StageNav,
  stageFeedback,
  TraineeResultsTable,
} from "~/components/face-to-face";
import { FormAlert, Notice } from "~/components/form";
import { StatusBadge } from "~/components/status";
import {
  attendanceColumns,
  deleteSession,
  FaceToFaceBatchError,
  importAttendance,
  planSession,
  updateSession,
} from "~/domain/face-to-face.server";
import { MAX_CSV_BYTES, parseCsv } from "~/lib/csv.server";
import { SessionSchema } from "~/lib/face-to-face-schema";
import { mayOn, requireParticipation } from "~/auth/guards.server";
import { attendanceCsvSchema, batchRowErrors, domainFailure, stagePage } from "~/lib/face-to-face-route.server";
import { formatDateTime, formatPercent } from "~/lib/format";
import { fields, formValues, parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { bodyRefusal, fileBytes, tryReadForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "faceToFace:hub.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, locale, db, participation } = await requireParticipation(request, params, "participation.view");
  const { stage, state } = stagePage(db, participation.id, locale);
  return {
    stage,
    state,
    canAssess: mayOn(actor, "participation.assess", { editionId: participation.editionId, participationId: participation.id }),
    locale,
  };
}

const SessionIdSchema = z.object({ sessionId: fields.id() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, participation: { id: participationId } } = await requireParticipation(request, params, "participation.assess");
  const read = await tryReadForm(request, { files: { file: MAX_CSV_BYTES } });
  if (!read.ok) {
    if (read.field !== "file") throw bodyRefusal(read);
    return fieldFailure("file", read.error, {}, read.status);
  }
  const form = read.form;
  const intent = form.get("intent");
  const back = `/coordination/${participationId}/face-to-face`;
  try {
    if (intent === "plan" || intent === "update") {
      const parsed = parseForm(SessionSchema, form);
      if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
      if (intent === "plan") {
        const { sessionId } = planSession({ db, actor: user, participationId, input: parsed.data });
        return redirect(`${back}?planned=${sessionId}`);
      }
      const id = parseForm(SessionIdSchema, form);
      if (!id.ok) return formFailure(id.errors);
      updateSession({ db, actor: user, participationId, sessionId: id.data.sessionId, input: parsed.data });
      return redirect(`${back}?updated=1`);
    }
    if (intent === "delete") {
      const id = parseForm(SessionIdSchema, form);
      if (!id.ok) return formFailure(id.errors);
      deleteSession({ db, actor: user, participationId, sessionId: id.data.sessionId });
      return redirect(`${back}?deleted=1`);
    }
    if (intent === "import-attendance") {
      const bytes = await fileBytes(form, "file");
      if (!bytes) return fieldFailure("file", { key: "faceToFace:import.chooseFile" }, { intent: "import-attendance" });
      const labels = attendanceColumns(db, participationId);
      if (labels.length === 0) return fieldFailure("file", { key: "faceToFace:import.noSessions" }, { intent: "import-attendance" });
      const parsed = parseCsv(bytes, ["email", ...labels], attendanceCsvSchema(labels));
      if (!parsed.ok) return { ok: false as const, csvErrors: parsed.errors };
      try {
        const r = importAttendance({ db, actor: user, participationId, rows: parsed.rows });
        return redirect(`${back}?imported=${r.changed}`);
      } catch (err) {
        if (err instanceof FaceToFaceBatchError) return { ok: false as const, csvErrors: batchRowErrors(err) };
        throw err;
      }
    }
  } catch (err) {
    return domainFailure(err, formValues(form));
  }
  return fieldFailure("form", { key: "errors.invalid" });
}

export default function FaceToFaceHub() {
  const { t } = useTranslation("faceToFace");
  const { stage, state, canAssess, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { errors, values, csvErrors } = stageFeedback(result);
  const { participation: p, edition, sessions, trainees, totals } = stage;
  const base = `/coordination/${p.id}/face-to-face`;
  const errorsFor = (form: string) => {
    const which = values.intent === "update" ? `s${values.sessionId}` : values.intent === "plan" ? "new" : "other";
    return which === form ? errors : {};
  };
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted small">
            {canAssess ? <Link to="/coordination">{t("hub.backToCoordination")}</Link> : <Link to={`/editions/${edition.id}/face-to-face`}>{t("board.title")}</Link>}
          </p>
          <h1>
            {t("hub.title")} · {state}
          </h1>
          <p className="muted">
            {t("hub.edition", { edition: edition.name })} <StatusBadge status={edition.status} />
          </p>
        </div>
      </div>
      {canAssess ? <StageNav participationId={p.id} /> : null}

      {params.get("planned") ? <Notice>{t("sessions.planned")}</Notice> : null}
      {params.get("updated") ? <Notice>{t("sessions.updated")}</Notice> : null}
      {params.get("deleted") ? <Notice>{t("sessions.deleted")}</Notice> : null}
      {params.get("imported") !== null ? <Notice>{t("import.attendanceDone", { count: Number(params.get("imported")) })}</Notice> : null}
      {p.signedOffAt ? (
        <Notice tone="info">{t("signOff.lockedNotice", { when: formatDateTime(p.signedOffAt, locale, edition.timeZone), who: p.signedOffBy ?? "—" })}</Notice>
      ) : null}
      {!p.signedOffAt && edition.status !== "face-to-face" && canAssess ? (
        <Notice tone="info">{stage.can.plan ? t("hub.phaseNotYet") : t("hub.phaseOver")}</Notice>
      ) : null}
      <FormAlert error={errorsFor("other").form ?? (values.intent === "delete" ? errors.form : undefined)} />

      <section className="card" aria-labelledby="summary-title">
        <h2 id="summary-title" className="visually-hidden">
          {t("hub.summary")}
        </h2>
        <dl className="stats">
          <div>
            <dt>{t("hub.sessions")}</dt>
            <dd>{sessions.length}</dd>
          </div>
          <div>
            <dt>{t("hub.plannedHours")}</dt>
            <dd>{formatNumber(stage.plannedHours, locale)}</dd>
          </div>
          <div>
            <dt>{t("hub.enrolled")}</dt>
            <dd>{totals.enrolled}</dd>
          </div>
          <div>
            <dt>{t("hub.assessed")}</dt>
            <dd>
              {totals.assessed} / {totals.enrolled}
            </dd>
          </div>
          <div>
            <dt>{t("hub.requiredAttendance")}</dt>
            <dd>{formatPercent(edition.attendanceRequiredPercent, locale)}</dd>
          </div>
        </dl>
        <p className="muted small f2f-window">
          {p.startsOn && p.endsOn
            ? t("hub.stateDates", { state, from: formatSessionDate(p.startsOn, locale), to: formatSessionDate(p.endsOn, locale) })
            : t("hub.window", {
                from: formatSessionDate(edition.faceToFaceStartsOn, locale),
                to: formatSessionDate(edition.faceToFaceEndsOn, locale),
              })}
          {p.venue ? ` · ${p.venue}` : ""}{" "}
          · {t(`modality.${p.modality}`)}
        </p>
      </section>

      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t("sessions.title")}</h2>
        {sessions.length === 0 ? <p className="muted">{t("sessions.none")}</p> : null}
        <ol className="f2f-sessions">
          {sessions.map((s, i) => (
            <li key={s.id} className="card">
              <div className="f2f-session-head">
                <div>
                  <p className="muted small f2f-kicker">{t("sessions.number", { n: i + 1 })}</p>
                  <SessionWhen session={s} locale={locale} />
                </div>
                <div className="f2f-session-count">
                  <span className={`badge ${s.complete ? "ok" : s.hasAttendance ? "warn" : ""}`}>
                    {s.complete
                      ? t("sessions.attendanceComplete")
                      : t("sessions.attendanceProgress", { marked: totals.enrolled - s.counts.unmarked, total: totals.enrolled })}
                  </span>
                </div>
              </div>
              <div className="actions">
                {canAssess && stage.can.record ? (
                  <Link className="button" to={`${base}/sessions/${s.id}`} aria-label={`${t("sessions.takeAttendance")}: ${formatSessionDate(s.date, locale)} ${s.startTime}`}>
                    {t("sessions.takeAttendance")}
                  </Link>
                ) : null}
                {canAssess && stage.can.plan && !s.hasAttendance ? (
                  <ConfirmAction
                    id={`delete-${s.id}`}
                    trigger={t("sessions.delete")}
                    triggerLabel={`${t("sessions.delete")}: ${formatSessionDate(s.date, locale)} ${s.startTime}`}
                    title={t("sessions.confirmDeleteTitle", { when: `${formatSessionDate(s.date, locale)} ${s.startTime}` })}
                    confirm={t("sessions.confirmDelete")}
                    confirmClassName="danger"
                    hidden={{ intent: "delete", sessionId: s.id }}
                  >
                    <p>{t("sessions.confirmDeleteWhat")}</p>
                  </ConfirmAction>
                ) : null}
              </div>
              {canAssess && stage.can.plan && !s.hasAttendance ? (
                <details className="f2f-edit" open={values.intent === "update" && values.sessionId === String(s.id)}>
                  <summary>{t("sessions.edit")}</summary>
                  <SessionForm session={s} errors={errorsFor(`s${s.id}`)} values={values.sessionId === String(s.id) ? values : {}} modality={p.modality} />
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      {canAssess && stage.can.plan ? (
        <section className="card" aria-labelledby="plan-title">
          <h2 id="plan-title">{t("sessions.planTitle")}</h2>
          <p className="muted small">{t("sessions.planLede")}</p>
          <FormAlert error={errorsFor("new").form} />
          <SessionForm errors={errorsFor("new")} values={values.intent === "plan" ? values : {}} modality={p.modality} key={params.get("planned") ?? "plan"} />
        </section>
      ) : null}

      {canAssess && stage.can.record && sessions.length > 0 ? (
        <CsvImportCard
          title={t("import.attendanceTitle")}
          lede={t("import.attendanceLede")}
          templateHref={`${base}/attendance.csv`}
          templateLabel={t("import.downloadAttendanceTemplate")}
          intent="import-attendance"
          fileId="f-attendance-file"
          error={errors.file}
          csvErrors={csvErrors}
          button={t("import.attendanceButton")}
        />
      ) : null}

      <section aria-labelledby="trainees-title">
        <h2 id="trainees-title">{t("hub.trainees")}</h2>
        {trainees.length === 0 ? <p className="muted">{t("hub.noTrainees")}</p> : null}
        {trainees.length > 0 ? <TraineeResultsTable label={t("hub.trainees")} trainees={trainees} edition={edition} locale={locale} /> : null}
      </section>
    </>
  );
}
