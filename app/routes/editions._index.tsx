import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { requirePermission } from "~/auth/guards.server";
import { StatusBadge } from "~/components/status";
import { courseTitle } from "~/domain/editions.server";
import { listEditionsForStaff } from "~/domain/homes.server";
import type { Locale } from "~/i18n/config";
import { formatDate } from "~/lib/format";
import { pageTitle } from "~/lib/meta";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "editions.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, locale } = await requirePermission(request, "editions.list");
  const editions = listEditionsForStaff(db).map((e) => ({ ...e, courseTitle: courseTitle(e.courseSlug, locale) }));
  return { editions, locale };
}

export default function Editions() {
  const { t } = useTranslation();
  const { editions, locale } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>{t("editions.title")}</h1>
        <div className="actions">
          <Link className="button secondary" to="/editions/import">
            {t("editions:legacy.link")}
          </Link>
          <Link className="button" to="/editions/new">
            {t("editions:new.button")}
          </Link>
          {editions.length > 0 ? (
            <Form method="get" action="/editions/new" className="actions" aria-label={t("editions:copy.button")}>
              <label htmlFor="f-copy" className="visually-hidden">
                {t("editions:copy.from")}
              </label>
              <select id="f-copy" name="copy">
                {editions.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name}
                  </option>
                ))}
              </select>
              <button type="submit" className="secondary">
                {t("editions:copy.button")}
              </button>
            </Form>
          ) : null}
        </div>
      </div>
      {editions.length === 0 ? (
        <p className="muted">{t("editions.none")}</p>
      ) : (
        <TableScroll label={t("editions.title")}>
          <table className="stack-table">
            <caption className="visually-hidden">{t("editions.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("editions.edition")}</th>
                <th scope="col">{t("editions.status")}</th>
                <th scope="col" className="num">
                  {t("editions.states")}
                </th>
                <th scope="col" className="num">
                  {t("editions.enrolledOfSeats")}
                </th>
                <th scope="col">{t("editions.nominationsClose")}</th>
                <th scope="col">{t("editions.onlineStarts")}</th>
              </tr>
            </thead>
            <tbody>
              {editions.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <Link to={`/editions/${e.id}`}>{e.name}</Link>
                    <div className="muted small">{e.courseTitle}</div>
                  </th>
                  <td data-label={t("editions.status")}>
                    <StatusBadge status={e.status} />
                  </td>
                  <td className="num" data-label={t("editions.states")}>{e.states}</td>
                  <td className="num" data-label={t("editions.enrolledOfSeats")}>
                    {e.enrolled} / {e.seats}
                  </td>
                  <td data-label={t("editions.nominationsClose")}>{formatDate(e.nominationClosesOn, locale as Locale)}</td>
                  <td data-label={t("editions.onlineStarts")}>{formatDate(e.onlineStartsOn, locale as Locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
