import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TutorPageHead } from "~/components/online";
import { LOCALES, translationCoverage } from "~/content.server";
import { requireEdition } from "~/auth/guards.server";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "course:coverage.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { edition } = await requireEdition(request, params, "edition.progress");
  return { edition: { id: edition.id, name: edition.name }, locales: LOCALES, coverage: translationCoverage(edition.courseSlug) };
}

const tone = { full: "ok", partial: "warn", missing: "danger" } as const;

export default function ContentCoverage() {
  const { t } = useTranslation("course");
  const { edition, locales, coverage } = useLoaderData<typeof loader>();
  return (
    <>
      <TutorPageHead edition={edition} title={t("coverage.title")} />
      <p className="lede">{t("coverage.lede")}</p>
      <div className="table-wrap">
        <table>
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
            {coverage.map((m) => (
              <tr key={m.slug}>
                <th scope="row">
                  {m.order}. <span lang="es">{m.title}</span>
                </th>
                {locales.map((l) => (
                  <td key={l}>
                    <span className={`badge ${tone[m.locales[l]]}`}>{t(`coverage.${m.locales[l]}`)}</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="small muted legend">
        <li>{t("coverage.fullHelp")}</li>
        <li>{t("coverage.partialHelp")}</li>
        <li>{t("coverage.missingHelp")}</li>
      </ul>
    </>
  );
}
