import { Link } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import type { Locale } from "~/i18n/config";
import { formatDate } from "~/lib/format";
import { Chart, type ChartSpec } from "./chart";
import { TableScroll } from "./table-scroll";

type ColumnType = "text" | "integer" | "decimal" | "date" | "datetime";
interface PageTable {
  columns: { header: string; type: ColumnType }[];
  rows: (string | number | null | undefined)[][];
}

function cellText(type: ColumnType, value: string | number | null | undefined, locale: Locale): string {
  if (value === null || value === undefined || value === "") return "—";
  if (type === "integer" || type === "decimal") {
    return typeof value === "number" ? new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value) : String(value);
  }
  if (type === "date") return formatDate(String(value), locale);
  return String(value);
}

/** A table of figures: numbers right-aligned and formatted for the reader's language; the first column names the row. */
export function FiguresTable({ table, caption, locale, totalRow = false }: { table: PageTable; caption: string; locale: Locale; totalRow?: boolean }) {
  const body = totalRow ? table.rows.slice(0, -1) : table.rows;
  const total = totalRow ? table.rows[table.rows.length - 1] : undefined;
  const row = (cells: PageTable["rows"][number]) =>
    table.columns.map((c, i) =>
      i === 0 ? (
        <th key={c.header} scope="row">
          {cellText(c.type, cells[i], locale)}
        </th>
      ) : (
        <td key={c.header} className={c.type === "integer" || c.type === "decimal" ? "num" : undefined} data-label={c.header}>
          {cellText(c.type, cells[i], locale)}
        </td>
      ),
    );
  return (
    <TableScroll label={caption}>
      <table className="stack-table compact">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.header} scope="col" className={c.type === "integer" || c.type === "decimal" ? "num" : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {body.map((cells, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows of a static report, never reordered
            <tr key={i}>{row(cells)}</tr>
          ))}
        </tbody>
        {total ? (
          <tfoot>
            <tr>{row(total)}</tr>
          </tfoot>
        ) : null}
      </table>
    </TableScroll>
  );
}

/** Where the figures by state split: the state, quota, the five stages and seats used (%) come first. */
const BY_STATE_SPLIT = 8;

/** The first column (the row's name) and the columns from `from` up to `to`. */
function columnsOf(table: PageTable, from: number, to?: number): PageTable {
  const pick = <T,>(items: T[]) => [items[0]!, ...items.slice(Math.max(1, from), to)];
  return { ...table, columns: pick(table.columns), rows: table.rows.map((r) => pick(r)) };
}

export interface ReportPageData {
  locale: Locale;
  heading: string;
  sections: { id: string; heading: string; chart: ChartSpec; table: PageTable }[];
  byState: PageTable;
  downloads: { csv: string; xlsx: string };
  back: string;
}

/** The report (tutor's edition report or a coordinator's state report): charts with their tables, then the figures by state. */
export function ReportView({ data, backLabel }: { data: ReportPageData; backLabel: string }) {
  const { t } = useTranslation("insight");
  return (
    <article className="report">
      <p className="breadcrumb">
        <Link to={data.back}>{backLabel}</Link>
      </p>
      <div className="page-head">
        <h1>{data.heading}</h1>
        <div className="actions no-print">
          <a className="button secondary" href={data.downloads.csv} download>
            {t("report.downloadCsv")}
          </a>
          <a className="button secondary" href={data.downloads.xlsx} download>
            {t("report.downloadXlsx")}
          </a>
        </div>
      </div>
      <p className="lede">{t("report.lede")}</p>
      <p className="small muted">{t("report.definitions")}</p>
      <p className="small muted no-print">{t("report.printHint")}</p>
      {data.sections.map((s) => (
        <section key={s.id} className="report-section" aria-labelledby={`${s.id}-heading`}>
          <h2 id={`${s.id}-heading`}>{s.heading}</h2>
          <div className="report-pair">
            <figure className="chart-figure">
              <Chart spec={s.chart} />
            </figure>
            <FiguresTable table={s.table} caption={s.heading} locale={data.locale} />
          </div>
        </section>
      ))}
      <section className="report-section" aria-labelledby="by-state-heading">
        <h2 id="by-state-heading">{t("report.byStateHeading")}</h2>
        {/* the download's one wide table, shown as two that fit the page: stages and seats, then attendance and quizzes */}
        <FiguresTable table={columnsOf(data.byState, 0, BY_STATE_SPLIT)} caption={t("report.byStateStages")} locale={data.locale} totalRow />
        <FiguresTable table={columnsOf(data.byState, BY_STATE_SPLIT)} caption={t("report.byStateResults")} locale={data.locale} totalRow />
      </section>
    </article>
  );
}
