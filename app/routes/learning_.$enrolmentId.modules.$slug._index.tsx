import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, type ShouldRevalidateFunction, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "~/i18n/react";
import { FormAlert, Notice } from "~/components/form";
import { useDocumentText } from "~/components/document-text";
import { ContinueReading, TableOfContents, hasTableOfContents, useReadingTracker } from "~/components/module-reading";
import { ProgressBadge, WindowNotice } from "~/components/online";
import { DomainError } from "~/domain/accounts.server";
import { notFound, requireEnrolment } from "~/auth/guards.server";
import { completeModule, openModule } from "~/domain/online.server";
import { readingPositionIn, recordReadingPosition } from "~/domain/reading.server";
import { fieldFailure } from "~/lib/forms.server";
import { documentText } from "~/lib/document-text.server";
import { positionInput, readingView } from "~/lib/module-view.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.page.listing.title} · Aula` : "Aula" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db, enrolment, locale } = await requireEnrolment(request, params, "enrolment.study");
  const opened = await openModule({ db, enrolment, slug: params.slug ?? "", locale });
  if (!opened) throw notFound();
  // the body's HTML is in the document's markup; a document's loader data carries only its id (ADR 009, seventh round)
  let module = null;
  if (opened.module) {
    const { html, htmlId, ...rest } = opened.module;
    const body = documentText(context, html, htmlId);
    module = { ...rest, html: body.text, bodyId: body.id };
  }
  const page = { ...opened, module };
  const view = readingView(request.url);
  // Without JavaScript, a contents link (?section=<id>) is how the last section read is recorded.
  if (view.section && page.module) {
    await recordReadingPosition({ db, enrolment, slug: page.listing.slug, sectionId: view.section, locale }).catch((err) => {
      if (!(err instanceof DomainError)) throw err;
    });
  }
  const position = page.module
    ? readingPositionIn({ db, enrolmentId: enrolment.enrolmentId, slug: page.listing.slug, headings: page.module.headings })
    : null;
  const { onlineStartsOn, onlineEndsOn, onlineClosedAt } = enrolment.edition; // only what the page shows
  return {
    locale,
    enrolmentId: enrolment.enrolmentId,
    edition: { onlineStartsOn, onlineEndsOn, onlineClosedAt },
    page,
    position,
    print: view.print,
  };
}

/** Recording the reading position changes nothing on the page: no need to reload it. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "position" ? false : defaultShouldRevalidate;

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, enrolment, locale } = await requireEnrolment(request, params, "enrolment.study");
  const form = await request.formData();
  const position = positionInput(form);
  try {
    if (position) {
      const at = await recordReadingPosition({ db, enrolment, slug: params.slug ?? "", sectionId: position.section, locale });
      return { ok: true as const, position: at.id };
    }
    completeModule({ db, enrolment, slug: params.slug ?? "" });
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure("form", { key: err.key }, {}, 409);
    throw err;
  }
  return { ok: true as const, position: null };
}

export default function ModulePage() {
  const { print } = useLoaderData<typeof loader>();
  return print ? <PrintView /> : <ModuleView />;
}

/** `?print=1`: the module alone, for printing or saving as PDF (the stylesheet hides the site's navigation). */
function PrintView() {
  const { t } = useTranslation("course");
  const { enrolmentId, page } = useLoaderData<typeof loader>();
  const { listing, module } = page;
  return (
    <div className="print-view">
      <p className="print-toolbar">
        <Link to={`/learning/${enrolmentId}/modules/${listing.slug}`}>← {t("reading.backToModule")}</Link>
        <button type="button" className="secondary" onClick={() => window.print()}>
          {t("reading.printNow")}
        </button>
      </p>
      <article className="module">
        <ModuleHeader listing={listing} />
        {module ? <ModuleText module={module} /> : <p>{t("reading.notOpen")}</p>}
      </article>
    </div>
  );
}

type LoadedPage = ReturnType<typeof useLoaderData<typeof loader>>["page"];

/** The module's title block, in the page and in the print view. */
function ModuleHeader({ listing, children }: { listing: LoadedPage["listing"]; children?: ReactNode }) {
  const { t } = useTranslation("course");
  return (
    <header className="module-header">
      <p className="eyebrow">{t("module.eyebrow", { order: listing.order, minutes: listing.minutes })}</p>
      <h1 lang={listing.locale}>{listing.title}</h1>
      <p className="lede" lang={listing.locale}>
        {listing.summary}
      </p>
      {children}
    </header>
  );
}

/** Objectives, the fallback notice, the body and the sources: shared by the page and its print view. */
function ModuleText({ module }: { module: NonNullable<LoadedPage["module"]> }) {
  const { t } = useTranslation("course");
  const html = useDocumentText(module.bodyId, module.html, "module-body");
  return (
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
        id="module-body"
        className="card module-body"
        lang={module.bodyLocale}
        // Course text is trusted content, rendered to static HTML on the server from the MDX files.
        // biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered course content, not user input
        dangerouslySetInnerHTML={{ __html: html }}
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
  );
}

function ModuleView() {
  const { t } = useTranslation("course");
  const { locale, enrolmentId, edition, page, position } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { listing, module } = page;
  const base = `/learning/${enrolmentId}`;
  const completed = page.status === "completed" || page.status === "quiz-passed";
  const recordSection = useReadingTracker({ containerId: "module-body", initial: position?.id ?? null, disabled: !module });
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to="/learning">{t("common:nav.learning")}</Link> <span aria-hidden="true">›</span>{" "}
        <Link to={base}>{t("course.title")}</Link>
      </nav>
      <article className="module">
        <ModuleHeader listing={listing}>
          <div className="actions">
            <ProgressBadge status={page.status} />
            {module ? (
              <Link to="?print=1" className="small print-link">
                {t("reading.printView")}
              </Link>
            ) : null}
          </div>
        </ModuleHeader>
        <WindowNotice
          window={page.window}
          startsOn={edition.onlineStartsOn}
          endsOn={edition.onlineEndsOn}
          closedAt={edition.onlineClosedAt}
          locale={locale}
        />
        {module ? (
          <>
            {position ? <ContinueReading position={position} lang={module.bodyLocale} /> : null}
            {hasTableOfContents(module.headings) ? (
              <TableOfContents headings={module.headings} lang={module.bodyLocale} onJump={recordSection} />
            ) : null}
            <ModuleText module={module} />
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
