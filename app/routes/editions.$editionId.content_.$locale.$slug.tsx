import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { useDocumentText } from "~/components/document-text";
import { TableOfContents } from "~/components/module-reading";
import { isLocale, LOCALES, previewModule } from "~/content.server";
import { notFound, requireEdition } from "~/auth/guards.server";
import { documentText } from "~/lib/document-text.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.preview.frontmatter?.title ?? data.preview.slug} (${data.preview.locale}) · Aula` : "Aula" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { edition } = await requireEdition(request, params, "edition.progress");
  const locale = params.locale ?? "";
  const preview = isLocale(locale) ? await previewModule(edition.courseSlug, params.slug ?? "", locale) : null;
  if (!preview) throw notFound();
  const base = `/editions/${edition.id}/content`;
  // Module cross-references lead to the same language's preview.
  const html = preview.html?.replaceAll('href="/course/modules/', `href="${base}/${locale}/`) ?? null;
  // the body's HTML is in the document's markup; a document's loader data carries only its id (ADR 009, seventh round)
  const body = html ? documentText(context, html) : null;
  return {
    edition: { id: edition.id, name: edition.name },
    locales: LOCALES,
    preview: { ...preview, html: body?.text ?? null, bodyId: body?.id ?? null },
  };
}

const tone = { complete: "ok", stale: "warn", summary: "warn", missing: "danger" } as const;

export default function ModulePreviewPage() {
  const { t } = useTranslation("course");
  const { edition, locales, preview } = useLoaderData<typeof loader>();
  const base = `/editions/${edition.id}/content`;
  const fm = preview.frontmatter;
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/editions/${edition.id}/online`}>{t("board.title")}</Link> <span aria-hidden="true">›</span>{" "}
        <Link to={base}>{t("coverage.title")}</Link>
      </nav>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            {t("preview.eyebrow", { edition: edition.name, language: t(`languages.${preview.locale}`) })}
          </p>
          <h1 lang={preview.locale}>{fm?.title ?? preview.slug}</h1>
        </div>
      </div>
      <nav className="subnav" aria-label={t("preview.languages")}>
        <ul>
          {locales.map((l) => (
            <li key={l}>
              {l === preview.locale ? (
                <span aria-current="page">{t(`languages.${l}`)}</span>
              ) : (
                <Link to={`${base}/${l}/${preview.slug}`}>{t(`languages.${l}`)}</Link>
              )}
            </li>
          ))}
        </ul>
      </nav>

      <section className="card" aria-labelledby="findings-title">
        <h2 id="findings-title">
          {t("preview.findings")} <span className={`badge ${tone[preview.status]}`}>{t(`coverage.${preview.status}`)}</span>
        </h2>
        {preview.findings.length === 0 ? (
          <p>{t("preview.noFindings")}</p>
        ) : (
          <>
            <p className="small muted">{t("preview.findingsHelp")}</p>
            <ul className="findings small" lang="en">
              {preview.findings.map((f) => (
                <li key={f}>
                  <code>{f}</code>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      {fm ? (
        <article className="module">
          <p className="lede" lang={preview.locale}>
            {fm.summary}
          </p>
          <section className="card objectives" aria-labelledby="objectives-title">
            <h2 id="objectives-title">{t("module.objectives")}</h2>
            <ul lang={preview.locale}>
              {fm.objectives.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          </section>
          {preview.headings.length > 0 ? <TableOfContents headings={preview.headings} lang={preview.locale} /> : null}
          {preview.bodyId ? <PreviewBody id={preview.bodyId} given={preview.html} locale={preview.locale} /> : null}
          {fm.sources.length > 0 ? (
            <section className="card sources" aria-labelledby="sources-title">
              <h2 id="sources-title">{t("module.sources")}</h2>
              <ul className="small" lang={preview.locale}>
                {fm.sources.map((s) => (
                  <li key={s.title}>
                    {s.title}
                    {s.note ? <span className="muted"> — {s.note}</span> : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </article>
      ) : null}

      {preview.quiz ? (
        <section className="card quiz-preview" aria-labelledby="quiz-title">
          <h2 id="quiz-title">{t("preview.quiz")}</h2>
          <ol className="quiz-results" lang={preview.locale}>
            {preview.quiz.questions.map((q) => (
              <li key={q.id} className="is-correct">
                <p className="question-prompt">
                  <span className="muted small" lang="en">
                    {q.id}
                  </span>{" "}
                  {q.prompt}
                </p>
                <ul className="preview-options">
                  {q.options.map((o) => (
                    <li key={o.id} className={o.id === q.answer ? "is-answer" : undefined}>
                      <strong>
                        {o.id}. {o.text}
                      </strong>
                      {o.id === q.answer ? (
                        <>
                          {" "}
                          <span className="badge ok">{t("preview.rightAnswer")}</span>
                        </>
                      ) : null}
                      <br />
                      <span className="small muted">{o.feedback}</span>
                    </li>
                  ))}
                </ul>
                <p className="small explanation">
                  <strong>{t("quiz.why")}</strong>{" "}
                  {q.explanation ?? <em>{t("preview.noExplanation")}</em>}
                </p>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <p>
        <Link to={base}>{t("preview.back")}</Link>
      </p>
    </>
  );
}

/** The module's body, whose HTML a document carries once (app/components/document-text.tsx). */
function PreviewBody({ id, given, locale }: { id: string; given: string | null; locale: string }) {
  const html = useDocumentText(id, given, "module-body");
  return (
    <div
      id="module-body"
      className="card module-body"
      lang={locale}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered course content, not user input
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
