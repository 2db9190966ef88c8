/**
 * One downloadable table, two formats: CSV (as the boards always exported) and XLSX (exceljs, streamed:
 * rows are committed as they are written). Columns are typed so that a spreadsheet gets numbers as
 * numbers and dates as dates; both formats hold the same values (a number in the CSV is the number in
 * the XLSX cell; a date is `YYYY-MM-DD` in the CSV and a date cell in the XLSX).
 */
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { contentDisposition } from "~/domain/file-names";
import type { Locale } from "~/vocabulary";
import { csvCell, csvStreamResponse } from "./csv.server";

export type ColumnType = "text" | "integer" | "decimal" | "date" | "datetime";

export interface Column {
  header: string;
  type: ColumnType;
  /** Width in characters in the XLSX (a guess from the header when absent). */
  width?: number;
}

export type Cell = string | number | null | undefined;

export interface Table {
  /** The sheet's name in the XLSX (at most 31 characters; [ ] : * ? / \ are replaced). */
  name: string;
  columns: Column[];
  rows: Cell[][];
}

/** A table whose rows are drawn one by one while the file streams (a generator, for large boards). */
export interface TableSource extends Omit<Table, "rows"> {
  rows: Iterable<Cell[]>;
}

/** The cell as the CSV writes it: numbers as they are, dates as `YYYY-MM-DD` (instants in full ISO). */
function csvValue(type: ColumnType, value: Cell): string | number | null | undefined {
  if (value === null || value === undefined || value === "") return "";
  if (type === "date" && typeof value === "string") return value.slice(0, 10);
  return value;
}

/** The whole table as a CSV file: UTF-8 with BOM, comma-separated, CRLF, formulas neutralised. */
export function tableCsv(table: Table): string {
  const lines = [table.columns.map((c) => csvCell(c.header)).join(",")];
  for (const row of table.rows) lines.push(table.columns.map((c, i) => csvCell(csvValue(c.type, row[i]))).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

const NUMBER_FORMATS: Record<ColumnType, string | undefined> = {
  text: "@",
  integer: "0",
  decimal: "0.0",
  date: "yyyy-mm-dd",
  datetime: "yyyy-mm-dd hh:mm",
};

function xlsxValue(type: ColumnType, value: Cell): string | number | Date | null {
  if (value === null || value === undefined || value === "") return null;
  switch (type) {
    case "integer":
    case "decimal":
      return typeof value === "number" ? value : Number.isFinite(Number(value)) ? Number(value) : String(value);
    case "date":
      return typeof value === "string" ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : value;
    case "datetime":
      return typeof value === "string" ? new Date(value) : value;
    default:
      return String(value);
  }
}

/** A text a spreadsheet would run as a formula keeps a leading apostrophe, as in the CSV. */
const safeText = (v: string | number | Date | null) => (typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export const sheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, "-").slice(0, 31) || "Sheet";

/**
 * Writes the tables (one sheet each) as an XLSX into a stream: a bold header row, the header pane
 * frozen, typed cells. Each row is committed as it is written, so memory stays bounded by the rows
 * the caller already holds.
 */
export function xlsxStream(tables: TableSource[]): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = "Aula";
  (async () => {
    for (const table of tables) {
      const sheet = workbook.addWorksheet(sheetName(table.name), { views: [{ state: "frozen", ySplit: 1, xSplit: 0 }] });
      sheet.columns = table.columns.map((c, i) => ({
        key: `c${i}`,
        width: c.width ?? Math.min(60, Math.max(10, c.header.length + 2)),
        style: { numFmt: NUMBER_FORMATS[c.type] },
      }));
      const header = sheet.addRow(table.columns.map((c) => c.header));
      header.font = { bold: true };
      header.commit();
      for (const row of table.rows) sheet.addRow(table.columns.map((c, i) => safeText(xlsxValue(c.type, row[i])))).commit();
      sheet.commit();
    }
    await workbook.commit();
  })().catch((err) => out.destroy(err as Error));
  return out;
}

/** The whole XLSX in memory (tests, and small tables). */
export async function xlsxBuffer(tables: TableSource[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of xlsxStream(tables)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function tableCsvResponse(filename: string, table: Table): Response {
  return new Response(tableCsv(table), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": contentDisposition(filename),
      "Cache-Control": "no-store",
    },
  });
}

export function xlsxResponse(filename: string, tables: TableSource[]): Response {
  const body = Readable.toWeb(xlsxStream(tables)) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": contentDisposition(filename),
      "Cache-Control": "no-store",
    },
  });
}

/**
 * A table as the boards' CSV downloads write it: streamed, with the reader's separator and decimal mark
 * (`csvStreamResponse`), the same values as the XLSX (dates as `YYYY-MM-DD`, instants in full ISO).
 */
export function tableCsvStreamResponse(filename: string, table: TableSource, locale: Locale): Response {
  const { columns } = table;
  function* rows() {
    for (const row of table.rows) yield columns.map((c, i) => csvValue(c.type, row[i]));
  }
  return csvStreamResponse(
    filename,
    columns.map((c) => c.header),
    rows(),
    locale,
  );
}
