/**
 * What kind of document a file is, from its bytes (never from its name or the browser's type).
 * Accepted: PDF, DOCX (Office Open XML word-processing) and ODT (OpenDocument text).
 * Reads the ZIP structures by hand: a few fixed-offset fields, bounds-checked, never throws.
 * Browser-safe; the server's full check (ZIP bounds against zip bombs) is document-check.server.ts.
 */

export type DocumentType = "pdf" | "docx" | "odt";

export const MAX_ASSIGNMENT_BYTES = 10 * 1024 * 1024;

/** Bounds on an office document's ZIP archive: entries, and bytes once inflated (all entries together). */
export const ZIP_BOUNDS = { entries: 2000, uncompressedBytes: 32 * 1024 * 1024 } as const;

export const DOCUMENT_MIME: Record<DocumentType, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  odt: "application/vnd.oasis.opendocument.text",
};

const ODT_MIMETYPE = "application/vnd.oasis.opendocument.text";

const ascii = (bytes: Uint8Array, start: number, length: number) =>
  start < 0 || start + length > bytes.length
    ? null
    : String.fromCharCode(...bytes.subarray(start, start + length));

export const u16 = (b: Uint8Array, o: number) => (o + 2 <= b.length ? b[o]! | (b[o + 1]! << 8) : -1);
export const u32 = (b: Uint8Array, o: number) =>
  o + 4 <= b.length ? (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000 : -1;

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((v, i) => bytes[i] === v);
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

/** The entries of a ZIP's central directory, or null when it is not a readable ZIP (or has too many). */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | null {
  if (!startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return null;
  // End of central directory: 22 bytes + a comment of up to 65535 bytes, at the very end.
  const floor = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= floor; i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = u16(bytes, eocd + 10);
  const size = u32(bytes, eocd + 12);
  const offset = u32(bytes, eocd + 16);
  if (entries < 0 || size < 0 || offset < 0 || offset + size > eocd) return null;
  if (entries > ZIP_BOUNDS.entries) return null;
  const list: ZipEntry[] = [];
  let p = offset;
  for (let n = 0; n < entries; n++) {
    if (u32(bytes, p) !== 0x02014b50) return null;
    const nameLength = u16(bytes, p + 28);
    const extraLength = u16(bytes, p + 30);
    const commentLength = u16(bytes, p + 32);
    const name = ascii(bytes, p + 46, nameLength);
    if (name === null || extraLength < 0 || commentLength < 0) return null;
    list.push({ name, method: u16(bytes, p + 10), compressedSize: u32(bytes, p + 20), localOffset: u32(bytes, p + 42) });
    p += 46 + nameLength + extraLength + commentLength;
    if (p > offset + size) return null;
  }
  return list;
}

/** Names of the entries in a ZIP's central directory, or null when it is not a readable ZIP. */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  return zipEntries(bytes)?.map((e) => e.name) ?? null;
}

/** ODT: the first local entry is `mimetype`, stored uncompressed, holding the ODT media type. */
function isOdt(bytes: Uint8Array): boolean {
  const method = u16(bytes, 8);
  const compressedSize = u32(bytes, 18);
  const nameLength = u16(bytes, 26);
  const extraLength = u16(bytes, 28);
  if (method !== 0 || nameLength !== 8 || extraLength < 0) return false;
  if (ascii(bytes, 30, 8) !== "mimetype") return false;
  const content = ascii(bytes, 38 + extraLength, compressedSize);
  return content === ODT_MIMETYPE;
}

/** The document type of the bytes, or null when they are none of the accepted kinds. */
export function detectDocumentType(bytes: Uint8Array): DocumentType | null {
  if (bytes.length < 5) return null;
  if (ascii(bytes, 0, 5) === "%PDF-") return "pdf";
  const names = zipEntryNames(bytes);
  if (!names) return null;
  if (isOdt(bytes) && names[0] === "mimetype") return "odt";
  if (names.includes("[Content_Types].xml") && names.some((n) => n.startsWith("word/"))) return "docx";
  return null;
}

/** A file name safe to show and to send back in Content-Disposition (no paths, no control chars). */
export function safeFileName(name: string | null | undefined, type: DocumentType): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  const cleaned = [...base]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f && !'"<>|*?:'.includes(ch))
    .join("")
    .trim()
    .slice(0, 120);
  const stem = cleaned.replace(/\.[^.]*$/, "") || "assignment";
  return `${stem}.${type}`;
}
