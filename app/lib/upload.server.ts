/**
 * The one way a route reads a request body (forms and uploads alike). It streams: bytes are counted
 * as they arrive, and the reading stops (413) as soon as the whole body, a text field or a file is
 * over its limit, so no body is ever held in memory beyond the limits the route declared. A body it
 * cannot parse (a bad multipart boundary, JSON where a form is expected, a broken part header) is a
 * 400. Both carry a translation key for the page; neither is logged as an error.
 *
 * Multipart bodies are parsed with busboy (RFC 7578 / 5987 aware: file names such as
 * `informe=final.pdf` or `a;b.pdf` are read correctly). The Express layer (scripts/http.ts) puts a
 * global cap on every body in addition.
 */
import busboy from "busboy";
import { data } from "@remix-run/node";
import type { Locale } from "~/i18n/config";
import { resolveLocale } from "~/i18n/i18n.server";
import type { FieldError } from "./forms";

/** Largest urlencoded form, and largest text field of any form, unless a route says otherwise. */
export const FORM_MAX_BYTES = 256 * 1024;
/** Room for the text fields and part headers that travel with the files of a multipart form. */
const MULTIPART_OVERHEAD = 64 * 1024;

export interface FormLimits {
  /** File fields the form accepts, each with its largest size in bytes. Other file fields are dropped unread. */
  files?: Record<string, number>;
  /** The largest text field (default FORM_MAX_BYTES). */
  maxFieldBytes?: number;
  /** The largest whole body (default: the text limit plus the files' limits). */
  maxBytes?: number;
}

/** What the error page needs when the root loader did not run (a refused action): the reader's language. */
export interface ErrorPageI18n {
  locale: Locale;
}

export type FormRead =
  | { ok: true; form: FormData }
  | { ok: false; status: 400 | 413; field: string | null; error: FieldError; i18n: ErrorPageI18n };

/** A body the route cannot accept; `field` names the file that was too large, when it was one. */
class Refusal extends Error {
  constructor(
    readonly status: 400 | 413,
    readonly error: FieldError,
    readonly field: string | null = null,
  ) {
    super(error.key);
  }
}

const kb = (bytes: number) => Math.ceil(bytes / 1024);
const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

function tooLarge(maxBytes: number, field: string | null = null): Refusal {
  return maxBytes >= 1048576
    ? new Refusal(413, { key: "errors.body.tooLargeMb", values: { mb: mb(maxBytes) } }, field)
    : new Refusal(413, { key: "errors.body.tooLargeKb", values: { kb: kb(maxBytes) } }, field);
}
const malformed = () => new Refusal(400, { key: "errors.body.malformed" });

/** The body's chunks, stopping with a 413 once more than `maxBytes` arrived (the rest is never read). */
async function* cappedChunks(request: Request, maxBytes: number, over = () => tooLarge(maxBytes)): AsyncGenerator<Uint8Array> {
  if (!request.body) return;
  const reader = request.body.getReader();
  let total = 0;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (err) {
        if (err instanceof Refusal) throw err;
        // the Express layer's cap (or a client that went away) ended the stream
        throw over();
      }
      if (next.done) return;
      total += next.value.byteLength;
      if (total > maxBytes) throw over();
      yield next.value;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

async function readUrlEncoded(request: Request, maxBytes: number): Promise<FormData> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of cappedChunks(request, maxBytes)) chunks.push(chunk);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw malformed();
  }
  const form = new FormData();
  for (const [k, v] of new URLSearchParams(text)) form.append(k, v);
  return form;
}

async function readMultipart(
  request: Request,
  contentType: string,
  limits: Required<FormLimits>,
  over: () => Refusal,
): Promise<FormData> {
  const fileNames = Object.keys(limits.files);
  const largestFile = Math.max(0, ...Object.values(limits.files));
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8",
      limits: {
        fieldSize: limits.maxFieldBytes,
        fields: 200,
        files: Math.max(fileNames.length, 1) * 4,
        fileSize: largestFile + 1,
        parts: 250,
        headerPairs: 20,
      },
    });
  } catch {
    throw malformed(); // no or bad boundary
  }
  const form = new FormData();
  let failure: Refusal | null = null;
  const fail = (r: Refusal) => {
    failure ??= r;
  };
  const finished = new Promise<void>((resolve) => {
    parser.on("close", resolve);
    parser.on("error", () => {
      fail(malformed());
      resolve();
    });
  });
  parser.on("field", (name, value, info) => {
    if (info.valueTruncated) fail(tooLarge(limits.maxFieldBytes));
    else if (info.nameTruncated) fail(malformed());
    else form.append(name, value);
  });
  parser.on("file", (name, stream, info) => {
    const max = limits.files[name];
    if (max === undefined) {
      stream.on("error", () => {});
      stream.resume(); // a file the form does not ask for: dropped unread
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("error", () => fail(malformed())); // e.g. the body ended inside the file
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) fail(tooLarge(max, name));
      else chunks.push(chunk);
    });
    stream.on("end", () => {
      if (size <= max) form.append(name, new File(chunks as unknown as BlobPart[], info.filename ?? "", { type: info.mimeType }));
    });
  });
  parser.on("partsLimit", () => fail(malformed()));
  parser.on("filesLimit", () => fail(malformed()));
  parser.on("fieldsLimit", () => fail(malformed()));

  try {
    for await (const chunk of cappedChunks(request, limits.maxBytes, over)) {
      if (failure) break;
      if (!parser.write(chunk)) await Promise.race([new Promise((resolve) => parser.once("drain", resolve)), finished]);
    }
  } catch (err) {
    parser.destroy();
    throw err;
  }
  if (failure) {
    parser.destroy();
    throw failure;
  }
  parser.end();
  await finished;
  if (failure) throw failure;
  return form;
}

/** Reads the form of `request` within `limits`; refusals come back as a value (see readForm to throw them). */
export async function tryReadForm(request: Request, limits: FormLimits = {}): Promise<FormRead> {
  const files = limits.files ?? {};
  const maxFieldBytes = limits.maxFieldBytes ?? FORM_MAX_BYTES;
  const filesTotal = Object.values(files).reduce((a, b) => a + b, 0);
  const maxBytes = limits.maxBytes ?? (filesTotal > 0 ? filesTotal + MULTIPART_OVERHEAD : maxFieldBytes);
  // a body over the whole limit is, on a form with one file, that file's doing
  const fileNames = Object.keys(files);
  const blamed = fileNames.length === 1 ? fileNames[0]! : null;
  try {
    const declared = Number(request.headers.get("Content-Length") ?? "0");
    const overBody = () => (blamed ? tooLarge(files[blamed]!, blamed) : tooLarge(maxBytes));
    if (declared > maxBytes) throw overBody();
    const contentType = request.headers.get("Content-Type") ?? "";
    const type = contentType.split(";")[0]!.trim().toLowerCase();
    let form: FormData;
    if (type === "multipart/form-data") form = await readMultipart(request, contentType, { files, maxFieldBytes, maxBytes }, overBody);
    else if (type === "application/x-www-form-urlencoded" || (type === "" && !request.body)) form = await readUrlEncoded(request, maxBytes);
    else throw new Refusal(400, { key: "errors.body.unsupported" });
    return { ok: true, form };
  } catch (err) {
    if (err instanceof Refusal) {
      const locale = resolveLocale(request);
      const i18n = { locale };
      return { ok: false, status: err.status, field: err.field, error: err.error, i18n };
    }
    throw err;
  }
}

/**
 * Reads the form of `request` within `limits`. A refusal is thrown as a 400/413 response whose data
 * carries the translation key; the error boundary shows it in the reader's language.
 */
export async function readForm(request: Request, limits: FormLimits = {}): Promise<FormData> {
  const read = await tryReadForm(request, limits);
  if (!read.ok) throw bodyRefusal(read);
  return read.form;
}

/**
 * A refused body as a response: the error boundary shows `bodyError`; `i18n` lets the page speak the
 * reader's language although the root loader did not run (an action's error skips it).
 */
export function bodyRefusal(read: Extract<FormRead, { ok: false }>) {
  return data({ bodyError: read.error, i18n: read.i18n }, { status: read.status });
}

/** The bytes of an uploaded file field of a form read by readForm (null when no file was chosen). */
export async function fileBytes(form: FormData, name: string): Promise<Uint8Array | null> {
  const file = form.get(name);
  if (!(file instanceof File) || file.size === 0) return null;
  return new Uint8Array(await file.arrayBuffer());
}
