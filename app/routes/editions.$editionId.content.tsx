import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { TutorPageHead } from "~/components/online";
import { DEFAULT_LOCALE, LOCALES, translationCoverage } from "~/content.server";
import { requireEdition } from "~/auth/guards.server";
import { pageTitle } from "~/lib/meta";
import { formatPercent } from "~/lib/format";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "course:coverage.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { edition } = await requireEdition(request, params, "edition.progress");
  const coverage = translationCoverage(edition.courseSlug).map(({ slug, order, title, locales, words }) => ({
    slug,
    order,
    title,
    locales,
    words,
  }));
  return { edition: { id: edition.id, name: edition.name }, locales: LOCALES, sourceLocale: DEFAULT_LOCALE, coverage };
}

const tone = { complete: "ok", stale: "warn", summary: "warn", missing: "danger" } as const;

export default function ContentCoverage() {
  const { t, i18n } = useTranslation("course");
  const { edition, locales, sourceLocale, coverage } = useLoaderData<typeof loader>();
  return (
    <>
      <TutorPageHead edition={edition} title={t("coverage.title")} />
      <p className="lede">{t("coverage.lede")}</p>
      <TableScroll label={t("coverage.title")}>
        <table className="coverage stack-table">
          <caption className="visually-hidden">{t("coverage.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("coverage.module")}</th>
              {locales.map((l) => (
                <th key={l} scope="col">
                  {t(`languages.${l}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {coverage.map((m) => {
              const sourceWords = m.words[sourceLocale];
              return (
                <tr key={m.slug}>
                  <th scope="row">
                    {m.order}. <span lang={sourceLocale}>{m.title}</span>
                  </th>
                  {locales.map((l) => {
                    const status = m.locales[l];
                    const words = m.words[l];
                    const share = l !== sourceLocale && words !== null && sourceWords ? Math.round((words / sourceWords) * 100) : null;
                    return (
                      <td key={l} data-label={t(`languages.${l}`)}>
                        {status === "missing" ? (
                          <span className={`badge ${tone[status]}`}>{t(`coverage.${status}`)}</span>
                        ) : (
                          <Link to={`/editions/${edition.id}/content/${l}/${m.slug}`} className="coverage-link">
                            <span className={`badge ${tone[status]}`}>
                              {l === sourceLocale ? t("coverage.source") : t(`coverage.${status}`)}
                            </span>
                            <span className="visually-hidden">
                              {" "}
                              {t("coverage.previewLabel", { module: m.order, language: t(`languages.${l}`) })}
                            </span>
                          </Link>
                        )}
                        {share !== null ? <span className="small muted coverage-words"> {t("coverage.wordShare", { percent: formatPercent(share, i18n.language) })}</span> : null}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      <ul className="small muted legend">
        <li>{t("coverage.completeHelp")}</li>
        <li>{t("coverage.staleHelp")}</li>
        <li>{t("coverage.summaryHelp")}</li>
        <li>{t("coverage.missingHelp")}</li>
        <li>{t("coverage.previewHelp")}</li>
      </ul>
    </>
  );
}
