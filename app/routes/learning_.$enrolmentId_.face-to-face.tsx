import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { stateName } from "~/vocabulary";
import { notFound, requireEnrolment } from "~/auth/guards.server";
import { AttendanceBadge, formatNumber, ResultBadge, SessionWhen } from "~/components/face-to-face";
import { formatPercent } from "~/lib/format";
import { Notice } from "~/components/form";
import { traineeFaceToFace } from "~/domain/face-to-face.server";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "faceToFace:trainee.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale, enrolment } = await requireEnrolment(request, params, "enrolment.view");
  const view = traineeFaceToFace(db, enrolment.enrolmentId);
  if (!view) throw notFound();
  return { view, state: stateName(view.stateCode, locale), locale };
}

export default function TraineeFaceToFace() {
  const { t } = useTranslation("faceToFace");
  const { view, state, locale } = useLoaderData<typeof loader>();
  const { sessions, figures, assessment, edition } = view;
  return (
    <>
      <p className="muted small">
        <Link to="/learning">{t("trainee.back")}</Link>
      </p>
      <h1>{t("trainee.title")}</h1>
      <p className="lede">{t("trainee.lede", { state, edition: edition.name })}</p>

      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t("sessions.title")}</h2>
        {sessions.length === 0 ? <p className="muted">{t("trainee.noSessions")}</p> : null}
        {sessions.length > 0 ? (
          <ol className="f2f-sessions">
            {sessions.map((s) => (
              <li key={s.id} className="card f2f-session-head">
                <div>
                  <SessionWhen session={s} locale={locale} />
                </div>
                <div>
                  <span className="visually-hidden">{t("trainee.yourAttendance")}: </span>
                  <AttendanceBadge status={s.mark} />
                </div>
              </li>
            ))}
          </ol>
        ) : null}
        {figures.percent !== null ? (
          <p>
            {t("trainee.attendanceSummary", {
              attended: formatNumber(figures.attendedHours, locale),
              planned: formatNumber(figures.plannedHours, locale),
              percent: formatPercent(figures.percent, locale),
              required: formatPercent(edition.attendanceRequiredPercent, locale),
            })}
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="result-title">
        <h2 id="result-title">{t("trainee.resultTitle")}</h2>
        {view.signedOffAt && assessment ? (
          <>
            <p>
              <ResultBadge result={assessment.result} />{" "}
              <span>{t("trainee.score", { score: assessment.score, max: edition.scaleMax })}</span>
            </p>
            {assessment.comment ? (
              <figure className="f2f-comment">
                <figcaption className="small muted">{t("trainee.comment")}</figcaption>
                <blockquote>{assessment.comment}</blockquote>
              </figure>
            ) : null}
          </>
        ) : (
          <Notice tone="info">{t("trainee.notYet")}</Notice>
        )}
      </section>
    </>
  );
}
