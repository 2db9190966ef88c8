import { parse } from "csv-parse/sync";
import type { ZodTypeAny, z } from "zod";
import type { FieldError } from "./forms";
import { contentDisposition } from "~/domain/file-names";

/** Largest CSV accepted from a person (a few thousand rows). */
export const MAX_CSV_BYTES = 512 * 1024;
export const MAX_CSV_ROWS = 2000;

export interface CsvRowError {
  /** 1-based line in the file as a spreadsheet shows it (the header is line 1). */
  row: number;
  /** The column's header, or null for a problem with the whole row or file. */
  column: string | null;
  error: FieldError;
}

/**
 * On failure, `valid` holds the rows that passed the schema, each with its line, so that a caller can
 * still check them against its own rules and answer with every problem of the file at once.
 */
export type CsvResult<T> = { ok: true; rows: T[]; lines: number[] } | { ok: false; errors: CsvRowError[]; valid: { row: number; value: T }[] };

/** Guesses the separator from the header line: spreadsheets in Latin America often export semicolons. */
function sniffDelimiter(text: string): "," | ";" {
  const header = text.split(/\r?\n/, 1)[0] ?? "";
  return (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ";" : ",";
}

/**
 * Reads a CSV (UTF-8 with or without BOM, comma or semicolon) and validates every row with a zod
 * schema. Headers are matched case-insensitively against `columns`. Returns every error with its row
 * and column, or all rows: callers write nothing unless the whole file is valid.
 */
export function parseCsv<S extends ZodTypeAny>(
  input: string | Uint8Array,
  columns: readonly string[],
  rowSchema: S,
): CsvResult<z.output<S>> {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  if (bytes.byteLength === 0) return { ok: false, errors: [{ row: 1, column: null, error: { key: "csv.empty" } }], valid: [] };
  if (bytes.byteLength > MAX_CSV_BYTES) {
    return { ok: false, errors: [{ row: 1, column: null, error: { key: "csv.tooLarge", values: { kb: MAX_CSV_BYTES / 1024 } } }], valid: [] };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, errors: [{ row: 1, column: null, error: { key: "csv.notUtf8" } }], valid: [] };
  }
  text = text.replace(/^\uFEFF/, "");
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: sniffDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { ok: false, errors: [{ row: line, column: null, error: { key: "csv.malformed" } }], valid: [] };
  }
  const [header, ...body] = records;
  if (!header || body.length === 0) return { ok: false, errors: [{ row: 1, column: null, error: { key: "csv.empty" } }], valid: [] };
  if (body.length > MAX_CSV_ROWS) {
    return { ok: false, errors: [{ row: 1, column: null, error: { key: "csv.tooManyRows", values: { max: MAX_CSV_ROWS } } }], valid: [] };
  }
  const index = header.map((h) => h.trim().toLowerCase());
  const missing = columns.filter((c) => !index.includes(c.toLowerCase()));
  if (missing.length > 0) {
    return {
      ok: false,
      errors: missing.map((c) => ({ row: 1, column: c, error: { key: "csv.missingColumn", values: { column: c } } })),
      valid: [],
    };
  }
  const errors: CsvRowError[] = [];
  const valid: { row: number; value: z.output<S> }[] = [];
  body.forEach((record, i) => {
    const row = i + 2;
    const obj: Record<string, string> = {};
    for (const c of columns) obj[c] = record[index.indexOf(c.toLowerCase())] ?? "";
    const parsed = rowSchema.safeParse(obj);
    if (parsed.success) {
      valid.push({ row, value: parsed.data });
      return;
    }
    for (const issue of parsed.error.issues) {
      const column = typeof issue.path[0] === "string" ? issue.path[0] : null;
      errors.push({ row, column, error: issueKey(issue) });
    }
  });
  return errors.length > 0
    ? { ok: false, errors, valid }
    : { ok: true, rows: valid.map((v) => v.value), lines: valid.map((v) => v.row) };
}

function issueKey(issue: z.ZodIssue): FieldError {
  if (issue.code === "custom") return { key: issue.message, values: issue.params as FieldError["values"] };
  if (issue.code === "too_small" && issue.type === "string" && issue.minimum === 1) return { key: "errors.required" };
  if (issue.code === "too_big" && issue.type === "string") return { key: "errors.tooLong", values: { max: Number(issue.maximum) } };
  if (issue.code === "invalid_string" && issue.validation === "email") return { key: "errors.email" };
  if (issue.code === "invalid_enum_value") return { key: "errors.choice" };
  return { key: "errors.invalid" };
}

/**
 * One CSV cell for export. Values a spreadsheet would run as a formula (=, +, -, @, tab, CR) are
 * prefixed with an apostrophe so that a name can never become a command (CSV injection).
 */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",;\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole CSV file: UTF-8 with BOM (so spreadsheets detect the encoding), comma-separated, CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

export function csvResponse(filename: string, body: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": contentDisposition(filename),
      "Cache-Control": "no-store",
    },
  });
}

type CsvRow = readonly (string | number | null | undefined)[];
/** What `toCsv` takes after the header and the rows (kept in step with it, whatever it grows). */
type CsvOptions = Parameters<typeof toCsv> extends [unknown, unknown, ...infer Rest] ? Rest : never;

/** Rows encoded per chunk of a streamed CSV. */
export const CSV_CHUNK_ROWS = 500;

/**
 * The same bytes as `toCsv(header, rows, …)`, streamed: rows are drawn from the iterator a chunk at a time,
 * when the client reads, and each chunk is written by `toCsv` itself (so its cell rules, formula
 * neutralisation and separator apply unchanged); the whole file is never one string in memory.
 */
export function csvStream(header: readonly string[], rows: Iterable<CsvRow>, ...options: CsvOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = rows[Symbol.iterator]();
  // BOM and header line: what toCsv writes before the first row
  const head = toCsv(header, [], ...options);
  let first = true;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk: CsvRow[] = [];
      while (chunk.length < CSV_CHUNK_ROWS) {
        const next = iterator.next();
        if (next.done) break;
        chunk.push(next.value);
      }
      const text = chunk.length ? toCsv(header, chunk, ...options) : head;
      const body = first ? text : chunk.length ? text.slice(head.length) : "";
      first = false;
      if (body) controller.enqueue(encoder.encode(body));
      if (chunk.length < CSV_CHUNK_ROWS) controller.close();
    },
    cancel() {
      iterator.return?.();
    },
  });
}

/** A CSV download streamed from an iterator of rows (see `csvStream`). */
export function csvStreamResponse(filename: string, header: readonly string[], rows: Iterable<CsvRow>, ...options: CsvOptions): Response {
  return new Response(csvStream(header, rows, ...options), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": contentDisposition(filename),
      "Cache-Control": "no-store",
    },
  });
}
