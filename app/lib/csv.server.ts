import { parse } from "csv-parse/sync";
import type { ZodTypeAny, z } from "zod";
import type { FieldError } from "./forms";
import { contentDisposition } from "~/domain/file-names";
import { LOCALES, type Locale } from "~/vocabulary";
import { uiResources } from "~/i18n/resources";

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

/** Columns whose header is translated (`common:csv.columns.<column>`) and recognised in every language. */
export const CSV_COLUMNS = ["name", "email", "institution", "position", "status", "waitlistPosition", "nominatedAt", "score", "result", "comment"] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Other headers people type in their spreadsheets, beyond each language's own header (compared folded). */
const EXTRA_ALIASES: Partial<Record<CsvColumn, readonly string[]>> = {
  name: ["name", "full name", "nombre completo", "nombre y apellido", "nombres y apellidos", "nome completo", "nom complet", "nom et prenom"],
  email: ["email", "e-mail", "mail", "email address", "correo", "correo electronico", "correo-e", "e-mail", "correio eletronico", "courriel", "adresse e-mail", "adresse electronique"],
  institution: ["institution", "institucion", "instituicao", "organismo", "organization", "organizacion", "organizacao", "organisation"],
  position: ["position", "job title", "cargo", "puesto", "funcao", "poste", "fonction"],
  score: ["score", "grade", "nota", "puntaje", "puntuacion", "calificacion", "pontuacao", "note"],
  result: ["result", "resultado", "resultat"],
  comment: ["comment", "comments", "comentario", "comentarios", "observaciones", "observacoes", "commentaire", "commentaires"],
};

/** A header as compared: no case, no accents, no surrounding space, `_`/`-`/spaces as one space. */
export function foldHeader(header: string): string {
  return header
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[\s_]+/g, " ")
    .trim();
}

function commonCatalogue(locale: Locale): Record<string, unknown> {
  return (uiResources[locale] as Record<string, Record<string, unknown>>).common ?? {};
}

/** The header of a column in one language (the column's own name when it has no translation). */
export function csvHeader(column: string, locale: Locale): string {
  const columns = (commonCatalogue(locale).csv as { columns?: Record<string, string> } | undefined)?.columns;
  return columns?.[column] ?? column;
}

/** Every folded header that names each translated column, in all four languages. */
const ALIASES: ReadonlyMap<string, CsvColumn> = (() => {
  const map = new Map<string, CsvColumn>();
  for (const column of CSV_COLUMNS) {
    for (const a of [column, ...LOCALES.map((l) => csvHeader(column, l)), ...(EXTRA_ALIASES[column] ?? [])]) {
      map.set(foldHeader(a), column);
    }
  }
  return map;
})();

/** The column a header names: a known column in any language, or the header itself (folded). */
function headerColumn(header: string): string {
  const folded = foldHeader(header);
  return ALIASES.get(folded) ?? folded;
}

/**
 * How a person's spreadsheet reads CSV: where the decimal separator is a comma (es, pt, fr), Excel
 * splits columns on `;`; in English on `,`.
 */
export function csvDelimiter(locale: Locale): "," | ";" {
  return locale === "en" ? "," : ";";
}

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
  const index = header.map(headerColumn);
  const wanted = (c: string) => index.indexOf(headerColumn(c));
  const missing = columns.filter((c) => wanted(c) < 0);
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
    for (const c of columns) obj[c] = record[wanted(c)] ?? "";
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

const numberFormats = new Map<Locale, Intl.NumberFormat>();
function numberFormat(locale: Locale): Intl.NumberFormat {
  let f = numberFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 2 });
    numberFormats.set(locale, f);
  }
  return f;
}

/**
 * One CSV cell for export. Values a spreadsheet would run as a formula (=, +, -, @, tab, CR) are
 * prefixed with an apostrophe so that a name can never become a command (CSV injection). Numbers
 * use the language's decimal separator (7,5 in es/pt/fr) so that the spreadsheet reads them as numbers.
 */
export function csvCell(value: string | number | null | undefined, locale: Locale = "en"): string {
  let s = value === null || value === undefined ? "" : typeof value === "number" ? numberFormat(locale).format(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",;\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A whole CSV file for a person: UTF-8 with BOM (so spreadsheets detect the encoding), CRLF, and the
 * separator their spreadsheet expects (`;` where the language writes a decimal comma, `,` in English).
 * Header cells that name a known column are written in the person's language.
 */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
  locale: Locale,
): string {
  const sep = csvDelimiter(locale);
  const head = header.map((h) => ((CSV_COLUMNS as readonly string[]).includes(h) ? csvHeader(h, locale) : h));
  return `\uFEFF${[head, ...rows].map((r) => r.map((c) => csvCell(c, locale)).join(sep)).join("\r\n")}\r\n`;
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
