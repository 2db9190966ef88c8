import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { stateName } from "~/vocabulary";
import { ProgressBadge, ReasonList, ResultBadge, WindowNotice } from "~/components/online";
import { requireEnrolment } from "~/auth/guards.server";
import { courseOverview } from "~/domain/online.server";
import { readingPositions } from "~/domain/reading.server";
import { getCourse } from "~/content.server";
import { formatDate, formatPercent } from "~/lib/format";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "course:course.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, enrolment, locale } = await requireEnrolment(request, params, "enrolment.study");
  const overview = courseOverview({ db, enrolment, locale });
  const unfinished = overview.window === "open" ? overview.modules.filter((m) => m.status === "in-progress").map((m) => m.slug) : [];
  const positions = await readingPositions({ db, enrolment, slugs: unfinished, locale });
  return {
    locale,
    enrolmentId: enrolment.enrolmentId,
    status: enrolment.status,
    state: stateName(enrolment.stateCode, locale),
    courseTitle: getCourse(enrolment.edition.courseSlug)?.title[locale] ?? enrolment.edition.courseSlug,
    overview,
    positions,
  };
}

export default function CoursePage() {
  const { t } = useTranslation("course");
  const { locale, enrolmentId, state, overview, courseTitle, positions } = useLoaderData<typeof loader>();
  const { edition, modules, next } = overview;
  const base = `/learning/${enrolmentId}`;
  const titles = Object.fromEntries(modules.map((m) => [m.slug, m.title]));
  const percent = overview.stepsTotal ? Math.round((overview.stepsDone / overview.stepsTotal) * 100) : 0;
  const nextModule = "slug" in next ? modules.find((m) => m.slug === next.slug) : undefined;
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to="/learning">{t("common:nav.learning")}</Link>
      </nav>
      <div className="page-head">
        <div>
          <h1>{courseTitle}</h1>
          <p className="muted">
            {t("course.edition", { edition: edition.name, state })} ·{" "}
            {t("course.dates", { start: formatDate(edition.onlineStartsOn, locale), end: formatDate(edition.onlineEndsOn, locale) })}
          </p>
        </div>
      </div>

      <WindowNotice
        window={overview.window}
        startsOn={edition.onlineStartsOn}
        endsOn={edition.onlineEndsOn}
        closedAt={edition.onlineClosedAt}
        locale={locale}
      />

      <section className="card next-step" aria-labelledby="progress-title">
        <h2 id="progress-title">{t("course.progress")}</h2>
        <label htmlFor="course-progress" className="progress-label">
          {t("course.stepsDone", { done: overview.stepsDone, total: overview.stepsTotal, percent: formatPercent(percent, locale) })}
        </label>
        <progress id="course-progress" className="progress" max={overview.stepsTotal} value={overview.stepsDone}>
          {formatPercent(percent, locale)}
        </progress>
        <div className="next">
          <h3>{t("course.nextStep")}</h3>
          {next.kind === "study" && nextModule && positions[next.slug] ? (
            <p>
              <Link className="button" to={`${base}/modules/${next.slug}#${positions[next.slug].id}`}>
                {t("reading.continueModule", { title: nextModule.title, section: positions[next.slug].text })}
              </Link>
            </p>
          ) : next.kind === "study" && nextModule ? (
            <p>
              <Link className="button" to={`${base}/modules/${next.slug}`}>
                {t(nextModule.status === "in-progress" ? "course.continue" : "course.start", { title: nextModule.title })}
              </Link>
            </p>
          ) : next.kind === "quiz" && nextModule ? (
            <p>
              <Link className="button" to={`${base}/modules/${next.slug}/quiz`}>
                {t("course.takeQuiz", { title: nextModule.title })}
              </Link>
            </p>
          ) : next.kind === "assignment" ? (
            <p>
              <Link className="button" to={`${base}/assignment`}>
                {t("course.submitAssignment")}
              </Link>
            </p>
          ) : next.kind === "wait-grade" ? (
            <p>{t("course.waitGrade")}</p>
          ) : next.kind === "done" ? (
            <p>{t("course.allDone")}</p>
          ) : (
            <p className="muted">{t("course.notOpen")}</p>
          )}
        </div>
        {overview.onlineResult.result ? (
          <div className="result-box">
            <h3>
              {t("course.onlineResult")} <ResultBadge result={overview.onlineResult.result} />
            </h3>
            <ReasonList stored={overview.onlineResult.reason} titles={titles} />
            {overview.onlineResult.overrideReason ? (
              <p>{t("course.overrideNote", { reason: overview.onlineResult.overrideReason })}</p>
            ) : null}
          </div>
        ) : null}
      </section>

      <h2 id="modules-title">{t("course.modules")}</h2>
      <ol className="module-list" aria-labelledby="modules-title">
        {modules.map((m) => (
          <li key={m.slug} className="card module-item">
            <div className="module-item-head">
              <h3>
                <span className="module-order">{m.order}.</span>{" "}
                {overview.window === "open" ? <Link to={`${base}/modules/${m.slug}`}>{m.title}</Link> : m.title}
              </h3>
              <ProgressBadge status={m.status} />
            </div>
            <p className="small">{m.summary}</p>
            <ul className="module-facts small muted">
              <li>{t("course.minutes", { count: m.minutes })}</li>
              {m.required ? <li>{t("course.required")}</li> : <li>{t("course.optional")}</li>}
              {m.hasQuiz ? (
                <li>
                  {m.bestScore === null
                    ? t("course.quizAttempts", { left: m.attemptsLeft })
                    : t("course.quizBest", { score: formatPercent(m.bestScore, locale), left: m.attemptsLeft })}
                </li>
              ) : null}
              {m.fallback ? <li>{t("course.fallbackShort")}</li> : null}
            </ul>
            {overview.window === "open" ? (
              <p className="actions small">
                {positions[m.slug] ? (
                  <Link to={`${base}/modules/${m.slug}#${positions[m.slug].id}`}>
                    {t("reading.continueShort", { section: positions[m.slug].text })}
                  </Link>
                ) : null}
                {m.hasQuiz ? <Link to={`${base}/modules/${m.slug}/quiz`}>{t("course.quizLink")}</Link> : null}
                <Link to={`${base}/forum/${m.slug}`}>{t("course.forumLink")}</Link>
                {m.assignment ? <Link to={`${base}/assignment`}>{t("course.assignmentLink")}</Link> : null}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      {overview.assignmentModule ? (
        <section className="card" aria-labelledby="assignment-title">
          <div className="module-item-head">
            <h2 id="assignment-title">{t("assignment.title")}</h2>
            <ProgressBadge status={overview.assignment} />
          </div>
          <p>
            {t("assignment.due", {
              date: formatDate(edition.assignmentDueOn ?? edition.onlineEndsOn, locale, "long"),
            })}
          </p>
          <p>
            <Link to={`${base}/assignment`}>{t("course.assignmentLink")}</Link>
          </p>
        </section>
      ) : null}
      <nav className="subnav" aria-label={t("common:learning.moreSections")}>
        <ul>
          <li>
            <Link to={`${base}/face-to-face`}>{t("common:learning.faceToFaceStage")}</Link>
          </li>
          <li>
            <Link to={`${base}/certificate`}>{t("common:learning.certificate")}</Link>
          </li>
        </ul>
      </nav>
    </>
  );
}
