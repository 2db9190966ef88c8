import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { stateName } from "~/vocabulary";
import { AttendanceSheet } from "~/components/attendance-sheet";
import { SessionWhen } from "~/components/face-to-face";
import { FormAlert, Notice } from "~/components/form";
import { faceToFaceStage, getSession, recordAttendance } from "~/domain/face-to-face.server";
import { parseAttendanceForm } from "~/lib/face-to-face-schema";
import { notFound, parseId, requireParticipation } from "~/auth/guards.server";
import { domainFailure } from "~/lib/face-to-face-route.server";
import { formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "faceToFace:attendance.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale, participation: { id: participationId } } = await requireParticipation(request, params, "participation.assess");
  const sessionId = parseId(params.sessionId);
  const session = sessionId ? getSession(db, participationId, sessionId) : null;
  if (!session) throw notFound();
  const stage = faceToFaceStage(db, participationId);
  return {
    session,
    participationId,
    state: stateName(stage.participation.stateCode, locale),
    editionName: stage.edition.name,
    canRecord: stage.can.record,
    signedOff: Boolean(stage.participation.signedOffAt),
    trainees: stage.trainees.map((t) => ({ enrolmentId: t.enrolmentId, name: t.name, mark: t.attendance[session.id] ?? null })),
    locale,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, participation: { id: participationId } } = await requireParticipation(request, params, "participation.assess");
  const sessionId = parseId(params.sessionId);
  if (!sessionId || !getSession(db, participationId, sessionId)) throw notFound();
  const form = await readForm(request);
  const parsed = parseAttendanceForm(form);
  if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
  // "Mark the rest present" pressed before the page's scripts ran: everyone the form leaves unmarked
  const inForm = new Set(parsed.data.map((m) => m.enrolmentId));
  const marks =
    form.get("rest") === "present"
      ? [
          ...parsed.data,
          ...faceToFaceStage(db, participationId)
            .trainees.filter((t) => !t.attendance[sessionId] && !inForm.has(t.enrolmentId))
            .map((t) => ({ enrolmentId: t.enrolmentId, status: "present" as const })),
        ]
      : parsed.data;
  try {
    const { changed } = recordAttendance({ db, actor: user, participationId, sessionId, marks });
    return redirect(`/coordination/${participationId}/face-to-face/sessions/${sessionId}?saved=${changed}`);
  } catch (err) {
    return domainFailure(err);
  }
}

export default function AttendancePage() {
  const { t } = useTranslation("faceToFace");
  const { session, participationId, state, editionName, canRecord, signedOff, trainees, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = result?.errors ?? {};
  const firstError = errors.form ?? Object.values(errors)[0];
  return (
    <>
      <p className="muted small">
        <Link to={`/coordination/${participationId}/face-to-face`}>
          {t("attendance.back", { state, edition: editionName })}
        </Link>
      </p>
      <h1>{t("attendance.title")}</h1>
      <p className="f2f-when">
        <SessionWhen session={session} locale={locale} />
      </p>
      {params.get("saved") !== null && !result ? <Notice>{t("attendance.saved")}</Notice> : null}
      <FormAlert error={firstError} />
      {!canRecord ? <Notice tone="info">{signedOff ? t("attendance.locked") : t("attendance.notInPhase")}</Notice> : null}
      {trainees.length === 0 ? <p className="muted">{t("hub.noTrainees")}</p> : null}
      {trainees.length > 0 ? <AttendanceSheet key={session.id} sessionId={session.id} trainees={trainees} readOnly={!canRecord} /> : null}
    </>
  );
}
