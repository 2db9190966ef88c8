import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormAlert, Notice } from "~/components/form";
import { ProgressBadge, WindowNotice } from "~/components/online";
import { DomainError } from "~/domain/accounts.server";
import { notFound, requireEnrolment } from "~/auth/guards.server";
import { completeModule, openModule } from "~/domain/online.server";
import { fieldFailure } from "~/lib/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.page.listing.title} · Aula` : "Aula" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, enrolment, locale } = await requireEnrolment(request, params, "enrolment.study");
  const page = await openModule({ db, enrolment, slug: params.slug ?? "", locale });
  if (!page) throw notFound();
  const { onlineStartsOn, onlineEndsOn, onlineClosedAt } = enrolment.edition; // only what the page shows
  return { locale, enrolmentId: enrolment.enrolmentId, edition: { onlineStartsOn, onlineEndsOn, onlineClosedAt }, page };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, enrolment } = await requireEnrolment(request, params, "enrolment.study");
  try {
    completeModule({ db, enrolment, slug: params.slug ?? "" });
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure("form", { key: err.key }, {}, 409);
    throw err;
  }
  return { ok: true as const };
}

export default function ModulePage() {
  const { t } = useTranslation("course");
  const { locale, enrolmentId, edition, page } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { listing, module } = page;
  const base = `/learning/${enrolmentId}`;
  const completed = page.status === "completed" || page.status === "quiz-passed";
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to="/learning">{t("common:nav.learning")}</Link> <span aria-hidden="true">›</span>{" "}
        <Link to={base}>{t("course.title")}</Link>
      </nav>
      <article className="module">
        <header className="module-header">
          <p className="eyebrow">{t("module.eyebrow", { order: listing.order, minutes: listing.minutes })}</p>
          <h1 lang={listing.locale}>{listing.title}</h1>
          <p className="lede" lang={listing.locale}>
            {listing.summary}
          </p>
          <div className="actions">
            <ProgressBadge status={page.status} />
          </div>
        </header>
        <WindowNotice
          window={page.window}
          startsOn={edition.onlineStartsOn}
          endsOn={edition.onlineEndsOn}
          closedAt={edition.onlineClosedAt}
          locale={locale}
        />
        {module ? (
          <>
            <section className="card objectives" aria-labelledby="objectives-title">
              <h2 id="objectives-title">{t("module.objectives")}</h2>
              <ul lang={module.meta.locale}>
                {module.meta.objectives.map((o) => (
                  <li key={o}>{o}</li>
                ))}
              </ul>
            </section>
            {module.fallback ? (
              <div className="alert warn" role="note">
                {t("module.fallback", { language: t(`languages.${module.bodyLocale}`) })}
              </div>
            ) : null}
            <div
              className="card module-body"
              lang={module.bodyLocale}
              // Course text is trusted content, rendered to static HTML on the server from the MDX files.
              // biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered course content, not user input
              dangerouslySetInnerHTML={{ __html: module.html }}
            />
            {module.meta.sources.length > 0 ? (
              <section className="card sources" aria-labelledby="sources-title">
                <h2 id="sources-title">{t("module.sources")}</h2>
                <ul className="small" lang={module.meta.locale}>
                  {module.meta.sources.map((s) => (
                    <li key={s.title}>
                      {s.title}
                      {s.note ? <span className="muted"> — {s.note}</span> : null}
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
          </>
        ) : null}
      </article>
      {module ? (
        <section className="card module-done" aria-labelledby="done-title">
          <h2 id="done-title">{t("module.afterReading")}</h2>
          {result && !result.ok ? <FormAlert error={result.errors.form} /> : null}
          {result?.ok ? <Notice>{t("module.completedNotice")}</Notice> : null}
          {completed ? (
            <p>{t("module.alreadyCompleted")}</p>
          ) : (
            <Form method="post">
              <button type="submit" className="primary">
                {t("module.markCompleted")}
              </button>
            </Form>
          )}
          <p className="actions">
            {listing.hasQuiz ? (
              <Link className={completed ? "button" : "button secondary"} to={`${base}/modules/${listing.slug}/quiz`}>
                {t("module.goToQuiz")}
              </Link>
            ) : null}
            {listing.assignment ? (
              <Link className="button secondary" to={`${base}/assignment`}>
                {t("course.assignmentLink")}
              </Link>
            ) : null}
            <Link to={`${base}/forum/${listing.slug}`}>{t("course.forumLink")}</Link>
          </p>
        </section>
      ) : null}
      <nav className="pager" aria-label={t("module.pager")}>
        {page.previous ? (
          <Link to={`${base}/modules/${page.previous.slug}`} rel="prev">
            ← {page.previous.title}
          </Link>
        ) : (
          <span />
        )}
        {page.next ? (
          <Link to={`${base}/modules/${page.next.slug}`} rel="next">
            {page.next.title} →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
