import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { notFound, requirePermission } from "~/auth/guards.server";
import { TableScroll } from "~/components/table-scroll";
import { AUDIT_ACTIONS } from "~/domain/audit-actions";
import { auditFilterOptions, auditPerson, listAuditEntries } from "~/domain/audit.server";
import { fixedT } from "~/i18n/i18n.server";
import { parseAuditQuery } from "~/lib/audit-query.server";
import { describeAuditEntry } from "~/lib/audit-words.server";
import { formatDateTime } from "~/lib/format";
import { pageTitle } from "~/lib/meta";
import { stateName } from "~/vocabulary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "insight:audit.title");

/** The audit trail in words, filtered; a coordinator's reading is limited to their states in the query itself. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor, locale } = await requirePermission(request, "audit.read");
  const url = new URL(request.url);
  const query = parseAuditQuery(url);
  const person = query.enrolmentId ? auditPerson({ db, reader: actor, enrolmentId: query.enrolmentId }) : null;
  if (query.enrolmentId && !person) throw notFound();
  const filters = { ...query.filters, userId: person?.userId ?? null };
  const { rows, next } = listAuditEntries({ db, reader: actor, filters, before: query.before });
  const t = fixedT(locale);
  const options = auditFilterOptions({ db, reader: actor });
  const params = new URLSearchParams(url.searchParams);
  params.delete("before");
  return {
    locale,
    coordinator: actor.role === "coordinator",
    entries: rows.map((r) => describeAuditEntry(t, locale, r)),
    next,
    paged: query.before !== null,
    search: params.toString(),
    values: query.values,
    errors: query.errors,
    options: {
      editions: options.editions,
      states: options.stateCodes.map((code) => ({ code, name: stateName(code, locale) })).sort((a, b) => a.name.localeCompare(b.name, locale)),
      person: person ? { name: person.name } : null,
    },
  };
}

export default function AuditPage() {
  const { t } = useTranslation("insight");
  const data = useLoaderData<typeof loader>();
  const { values, errors, options } = data;
  const withSearch = (extra: Record<string, string>) => {
    const p = new URLSearchParams(data.search);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return `?${p.toString()}`;
  };
  return (
    <>
      <div className="page-head">
        <h1>{options.person ? t("audit.historyOf", { name: options.person.name }) : t("audit.title")}</h1>
        <a className="button secondary" href={`/audit.csv${data.search ? `?${data.search}` : ""}`} download>
          {t("audit.csv")}
        </a>
      </div>
      <p className="lede">{data.coordinator ? t("audit.introCoordinator") : t("audit.intro")}</p>
      <Form method="get" className="card audit-filters" aria-labelledby="audit-filters-title">
        <h2 id="audit-filters-title">{t("audit.filters")}</h2>
        {values.enrolment ? <input type="hidden" name="enrolment" value={values.enrolment} /> : null}
        <div className="filter-grid">
          <div className="field">
            <label htmlFor="audit-edition">{t("audit.edition")}</label>
            <select id="audit-edition" name="edition" defaultValue={values.edition}>
              <option value="">{t("audit.any")}</option>
              {options.editions.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-state">{t("audit.state")}</label>
            <select id="audit-state" name="state" defaultValue={values.state}>
              <option value="">{t("audit.any")}</option>
              {options.states.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-person">{t("audit.person")}</label>
            <input id="audit-person" name="person" type="search" maxLength={100} defaultValue={values.person} />
          </div>
          <div className="field">
            <label htmlFor="audit-action">{t("audit.actionLabel")}</label>
            <select id="audit-action" name="action" defaultValue={values.action}>
              <option value="">{t("audit.any")}</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {t(`audit.actionName.${a}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-from">{t("audit.from")}</label>
            <input
              id="audit-from"
              name="from"
              type="date"
              defaultValue={values.from}
              aria-invalid={errors.from ? true : undefined}
              aria-describedby={errors.from ? "audit-from-error" : undefined}
            />
            {errors.from ? (
              <p className="field-error" id="audit-from-error">
                {t(errors.from)}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="audit-to">{t("audit.to")}</label>
            <input
              id="audit-to"
              name="to"
              type="date"
              defaultValue={values.to}
              aria-invalid={errors.to ? true : undefined}
              aria-describedby={errors.to ? "audit-to-error" : undefined}
            />
            {errors.to ? (
              <p className="field-error" id="audit-to-error">
                {t(errors.to)}
              </p>
            ) : null}
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t("audit.apply")}
          </button>
          <Link to="/audit">{t("audit.clear")}</Link>
        </div>
      </Form>
      {data.entries.length === 0 ? (
        <p className="muted">{t("audit.empty")}</p>
      ) : (
        <TableScroll label={t("audit.title")}>
          <table className="audit-table">
            <thead>
              <tr>
                <th scope="col">{t("audit.when")}</th>
                <th scope="col">{t("audit.what")}</th>
                <th scope="col">{t("audit.changes")}</th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">
                    <time dateTime={e.at}>{formatDateTime(e.at, data.locale)}</time>
                  </td>
                  <td>{e.sentence}</td>
                  <td>
                    {e.changes.length > 0 ? (
                      <ul className="changes">
                        {e.changes.map((c) => (
                          <li key={c.field}>
                            <span className="change-field">{c.field}:</span> {c.before ? <del>{c.before}</del> : null}
                            {c.before && c.after ? " → " : null}
                            {c.after ? <ins>{c.after}</ins> : null}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <nav className="pager-links actions" aria-label={t("audit.pagination")}>
        {data.paged ? <Link to={`?${data.search}`}>{t("audit.newer")}</Link> : null}
        {data.next ? <Link to={withSearch({ before: String(data.next) })}>{t("audit.older")}</Link> : null}
      </nav>
    </>
  );
}
