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

/**
 * People per page of the sheet: a state's 285 trainees were one 235 KB document whose parsing on a slow
 * phone held the first paint of the list back past 2.5 s (docs/decisions/009, fourth round).
 */
export const ATTENDANCE_PAGE_SIZE = 50;

/** The page asked for (`?page=`, or the form's `page` field), kept within 1…pages. */
function pageOf(asked: string | null, total: number): { page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(total / ATTENDANCE_PAGE_SIZE));
  return { page: Math.min(pages, Math.max(1, Math.floor(Number(asked ?? 1)) || 1)), pages };
}

function pageLink(page: number): string {
  return page > 1 ? `?page=${page}` : "?";
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale, participation: { id: participationId } } = await requireParticipation(request, params, "participation.assess");
  const sessionId = parseId(params.sessionId);
  const session = sessionId ? getSession(db, participationId, sessionId) : null;
  if (!session) throw notFound();
  const stage = faceToFaceStage(db, participationId);
  const { page, pages } = pageOf(new URL(request.url).searchParams.get("page"), stage.trainees.length);
  const first = (page - 1) * ATTENDANCE_PAGE_SIZE;
  // the running count is the whole session's; the sheet is one page of it
  const totals = { present: 0, late: 0, excused: 0, absent: 0, unmarked: 0 };
  for (const t of stage.trainees) totals[t.attendance[session.id] ?? "unmarked"]++;
  return {
    session,
    participationId,
    state: stateName(stage.participation.stateCode, locale),
    editionName: stage.edition.name,
    canRecord: stage.can.record,
    signedOff: Boolean(stage.participation.signedOffAt),
    trainees: stage.trainees
      .slice(first, first + ATTENDANCE_PAGE_SIZE)
      .map((t) => ({ enrolmentId: t.enrolmentId, name: t.name, mark: t.attendance[session.id] ?? null })),
    totals,
    total: stage.trainees.length,
    first: first + 1,
    page,
    pages,
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
  const pageField = form.get("page");
  // "Mark the rest present" pressed before the page's scripts ran: everyone on the form's page it leaves unmarked
  let marks = parsed.data;
  let page = 1;
  if (form.get("rest") === "present" || pageField !== null) {
    const everyone = faceToFaceStage(db, participationId).trainees;
    page = pageOf(typeof pageField === "string" ? pageField : null, everyone.length).page;
    if (form.get("rest") === "present") {
      const inForm = new Set(parsed.data.map((m) => m.enrolmentId));
      const first = (page - 1) * ATTENDANCE_PAGE_SIZE;
      marks = [
        ...parsed.data,
        ...everyone
          .slice(first, first + ATTENDANCE_PAGE_SIZE)
          .filter((t) => !t.attendance[sessionId] && !inForm.has(t.enrolmentId))
          .map((t) => ({ enrolmentId: t.enrolmentId, status: "present" as const })),
      ];
    }
  }
  try {
    const { changed } = recordAttendance({ db, actor: user, participationId, sessionId, marks });
    const onPage = page > 1 ? `page=${page}&` : "";
    return redirect(`/coordination/${participationId}/face-to-face/sessions/${sessionId}?${onPage}saved=${changed}`);
  } catch (err) {
    return domainFailure(err);
  }
}

export default function AttendancePage() {
  const { t } = useTranslation("faceToFace");
  const { session, participationId, state, editionName, canRecord, signedOff, trainees, totals, total, first, page, pages, locale } =
    useLoaderData<typeof loader>();
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
      {/* a <div>: SessionWhen has block children (venue, link), which a <p> cannot hold (the browser closed
          it early, so hydration failed and React drew the whole page again) */}
      <div className="f2f-when">
        <SessionWhen session={session} locale={locale} />
      </div>
      {params.get("saved") !== null && !result ? <Notice>{t("attendance.saved")}</Notice> : null}
      <FormAlert error={firstError} />
      {!canRecord ? <Notice tone="info">{signedOff ? t("attendance.locked") : t("attendance.notInPhase")}</Notice> : null}
      {trainees.length === 0 ? <p className="muted">{t("hub.noTrainees")}</p> : null}
      {pages > 1 ? (
        <p className="muted small">
          <strong>{t("attendance.pageOf", { page, pages, first, last: first + trainees.length - 1, total })}</strong>{" "}
          {t("attendance.pageNote")}
        </p>
      ) : null}
      {trainees.length > 0 ? (
        <AttendanceSheet
          key={`${session.id}-${page}`}
          sessionId={session.id}
          trainees={trainees}
          totals={totals}
          page={pages > 1 ? page : null}
          readOnly={!canRecord}
        />
      ) : null}
      {pages > 1 ? <SheetPager page={page} pages={pages} first={first} last={first + trainees.length - 1} total={total} /> : null}
    </>
  );
}

function SheetPager({ page, pages, first, last, total }: { page: number; pages: number; first: number; last: number; total: number }) {
  const { t } = useTranslation("faceToFace");
  return (
    <nav className="pager" aria-label={t("attendance.pager")}>
      {page > 1 ? (
        <Link to={pageLink(page - 1)} rel="prev">
          ← {t("attendance.previousPage")}
        </Link>
      ) : (
        <span />
      )}
      <span aria-current="page">{t("attendance.pageOf", { page, pages, first, last, total })}</span>
      {page < pages ? (
        <Link to={pageLink(page + 1)} rel="next">
          {t("attendance.nextPage")} →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
