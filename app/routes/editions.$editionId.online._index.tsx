import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { stateName } from "~/vocabulary";
import { ProgressBadge, ResultBadge, WindowNotice, EditionBreadcrumb } from "~/components/online";
import { requireEdition } from "~/auth/guards.server";
import { progressBoard } from "~/domain/online-results.server";
import { BOARD_STATUSES, boardFilters, stageWindow } from "~/domain/online-rules";
import { formatDate, formatPercent } from "~/lib/format";
import { pageTitle } from "~/lib/meta";
import { TableScroll } from "~/components/table-scroll";
import { HistoryLink } from "~/components/history-link";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "course:board.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, edition, locale } = await requireEdition(request, params, "edition.progress");
  const url = new URL(request.url);
  const filters = boardFilters(url);
  const page = Number(url.searchParams.get("page") ?? 1);
  const full = progressBoard({ db, edition, locale, state: filters.state, status: filters.status, page });
  const names = Object.fromEntries(full.states.map((code) => [code, stateName(code, locale)]));
  // only what the page shows: one page of trainees, each with the columns of the table
  const board = {
    ...full,
    rows: full.rows.map((r) => ({
      enrolmentId: r.enrolmentId,
      name: r.name,
      email: r.email,
      stateCode: r.stateCode,
      modulesDone: r.modulesDone,
      required: r.required,
      bestScores: r.bestScores,
      assignment: r.assignment,
      assignmentScore: r.assignmentScore,
      onlineResult: r.onlineResult,
      overridden: r.overridden,
    })),
  };
  const { id, name, onlineStartsOn, onlineEndsOn, onlineClosedAt, quizPassMark } = edition;
  return {
    locale,
    edition: { id, name, onlineStartsOn, onlineEndsOn, onlineClosedAt, quizPassMark },
    filters,
    board,
    names,
    window: stageWindow(edition, new Date()),
    query: url.search,
  };
}

function pageLink(query: string, page: number): string {
  const params = new URLSearchParams(query);
  params.set("page", String(page));
  return `?${params.toString()}`;
}

export default function ProgressBoard() {
  const { t } = useTranslation("course");
  const { locale, edition, filters, board, names, window, query } = useLoaderData<typeof loader>();
  const base = `/editions/${edition.id}/online`;
  const quizModules = board.modules.filter((m) => m.hasQuiz);
  return (
    <>
      <EditionBreadcrumb edition={edition} online={false} />
      <div className="page-head">
        <div>
          <p className="eyebrow">{t("board.eyebrow", { edition: edition.name })}</p>
          <h1>{t("board.title")}</h1>
          <p className="muted">
            {t("course.dates", { start: formatDate(edition.onlineStartsOn, locale), end: formatDate(edition.onlineEndsOn, locale) })}
          </p>
        </div>
        <div className="actions">
          <a className="button secondary" href={`${base}/csv${query}`} download>
            {t("board.exportCsv")}
          </a>
          <a className="button secondary" href={`/editions/${edition.id}/online.xlsx${query}`} download>
            {t("insight:downloads.xlsx")}
          </a>
          <Link className="button secondary" to={`${base}/close`}>
            {edition.onlineClosedAt ? t("board.results") : t("board.close")}
          </Link>
          <Link className="button secondary" to={`/editions/${edition.id}/content`}>
            {t("board.coverage")}
          </Link>
        </div>
      </div>
      {window === "open" ? null : (
        <WindowNotice
          window={window}
          startsOn={edition.onlineStartsOn}
          endsOn={edition.onlineEndsOn}
          closedAt={edition.onlineClosedAt}
          locale={locale}
        />
      )}

      <Form method="get" className="filters card" aria-label={t("board.filters")}>
        <div className="field">
          <label htmlFor="filter-state">{t("board.state")}</label>
          <select id="filter-state" name="state" defaultValue={filters.state ?? ""}>
            <option value="">{t("board.allStates")}</option>
            {board.states.map((code) => (
              <option key={code} value={code}>
                {names[code]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">{t("board.status")}</label>
          <select id="filter-status" name="status" defaultValue={filters.status ?? ""}>
            <option value="">{t("board.allStatuses")}</option>
            {BOARD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`board.statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t("board.apply")}
          </button>
          {filters.state || filters.status ? <Link to={base}>{t("board.clear")}</Link> : null}
        </div>
      </Form>

      <h2 id="by-state">{t("board.byState")}</h2>
      <TableScroll labelledBy="by-state">
        <table aria-labelledby="by-state" className="stack-table">
          <thead>
            <tr>
              <th scope="col">{t("board.state")}</th>
              <th scope="col" className="num">
                {t("board.trainees")}
              </th>
              <th scope="col" className="num">
                {t("board.modulesDone")}
              </th>
              <th scope="col" className="num">
                {t("board.submitted")}
              </th>
              <th scope="col" className="num">
                {t("board.toGrade")}
              </th>
              <th scope="col" className="num">
                {t("board.passed")}
              </th>
            </tr>
          </thead>
          <tbody>
            {board.summary.map((s) => (
              <tr key={s.stateCode}>
                <th scope="row">{names[s.stateCode] ?? s.stateCode}</th>
                <td className="num" data-label={t("board.trainees")}>{s.trainees}</td>
                <td className="num" data-label={t("board.modulesDone")}>{s.modulesRequired ? formatPercent(Math.round((s.modulesDone / s.modulesRequired) * 100), locale) : "—"}</td>
                <td className="num" data-label={t("board.submitted")}>{s.submitted}</td>
                <td className="num" data-label={t("board.toGrade")}>{s.toGrade}</td>
                <td className="num" data-label={t("board.passed")}>{s.passed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <h2 id="by-trainee">{t("board.byTrainee", { shown: board.matching, total: board.total })}</h2>
      {board.rows.length === 0 ? (
        <p className="muted">{t("board.none")}</p>
      ) : (
        <TableScroll labelledBy="by-trainee">
          <table aria-labelledby="by-trainee" className="compact stack-table trainee-board">
            <thead>
              <tr>
                <th scope="col">{t("board.trainee")}</th>
                <th scope="col">{t("board.state")}</th>
                <th scope="col" className="num">
                  {t("board.modules")}
                </th>
                {quizModules.map((m) => (
                  <th key={m.slug} scope="col" className="num">
                    <abbr title={m.title}>{t("board.quizN", { n: m.order })}</abbr>
                  </th>
                ))}
                <th scope="col">{t("board.assignment")}</th>
                <th scope="col">{t("board.result")}</th>
              </tr>
            </thead>
            <tbody>
              {board.rows.map((r) => (
                <tr key={r.enrolmentId}>
                  <th scope="row">
                    {r.name}
                    <div className="muted small">{r.email}</div>
                    <HistoryLink enrolmentId={r.enrolmentId} name={r.name} />
                  </th>
                  <td data-label={t("board.state")}>{names[r.stateCode] ?? r.stateCode}</td>
                  <td className="num" data-label={t("board.modules")}>
                    {r.modulesDone} / {r.required}
                  </td>
                  {quizModules.map((m) => (
                    <td key={m.slug} className="num" data-label={t("board.quizN", { n: m.order })}>
                      {r.bestScores[m.slug] === undefined ? (
                        <span className="muted">—</span>
                      ) : (
                        <span className={r.bestScores[m.slug]! >= edition.quizPassMark ? "score-ok" : "score-low"}>
                          {formatPercent(r.bestScores[m.slug], locale)}
                        </span>
                      )}
                    </td>
                  ))}
                  <td data-label={t("board.assignment")}>
                    <ProgressBadge status={r.assignment} />
                    {r.assignmentScore !== null ? <span className="small"> {r.assignmentScore}</span> : null}
                    {r.assignment !== "not-submitted" ? (
                      <div className="small">
                        <Link to={`${base}/assignments/${r.enrolmentId}`} aria-label={t("board.gradeFor", { name: r.name })}>
                          {r.assignment === "submitted" ? t("board.gradeLink") : t("board.viewLink")}
                        </Link>
                      </div>
                    ) : null}
                  </td>
                  <td data-label={t("board.result")}>
                    <ResultBadge result={r.onlineResult} />
                    {r.overridden ? <div className="small muted">{t("board.overridden")}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {board.pages > 1 ? (
        <nav className="pager" aria-label={t("board.pager")}>
          {board.page > 1 ? (
            <Link to={pageLink(query, board.page - 1)} rel="prev">
              ← {t("board.previousPage")}
            </Link>
          ) : (
            <span />
          )}
          <span aria-current="page">{t("board.pageOf", { page: board.page, pages: board.pages })}</span>
          {board.page < board.pages ? (
            <Link to={pageLink(query, board.page + 1)} rel="next">
              {t("board.nextPage")} →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
      <p className="small muted">{t("board.passMarkNote", { mark: formatPercent(edition.quizPassMark, locale) })}</p>

      <h2 id="forums">{t("board.forums")}</h2>
      <ul className="link-list" aria-labelledby="forums">
        {board.modules.map((m) => (
          <li key={m.slug}>
            <Link to={`${base}/forum/${m.slug}`}>
              {m.order}. {m.title}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
