/**
 * The server's check of an uploaded document: its type from its bytes (upload-check.ts), and for
 * office files (ZIP archives) bounds on their number of entries and on what they inflate to,
 * measured by inflating them with zlib, so that a zip bomb named .docx is refused.
 */
import { inflateRawSync } from "node:zlib";
import { type DocumentType, detectDocumentType, u16, u32, ZIP_BOUNDS, zipEntries } from "./upload-check";

/**
 * True when the archive holds at most ZIP_BOUNDS.entries entries and inflates, entry by entry, to at
 * most ZIP_BOUNDS.uncompressedBytes in all — measured by inflating (the sizes an archive declares
 * can lie), with zlib stopping at the first byte over what is left of the bound. Entries in another
 * method than store/deflate, ZIP64 archives and damaged data fail.
 */
export function zipWithinBounds(bytes: Uint8Array): boolean {
  const entries = zipEntries(bytes);
  if (!entries) return false;
  let total = 0;
  for (const e of entries) {
    if (e.compressedSize === 0xffffffff || e.localOffset === 0xffffffff) return false; // ZIP64
    if (u32(bytes, e.localOffset) !== 0x04034b50) return false;
    const nameLength = u16(bytes, e.localOffset + 26);
    const extraLength = u16(bytes, e.localOffset + 28);
    const start = e.localOffset + 30 + nameLength + extraLength;
    if (nameLength < 0 || extraLength < 0 || start + e.compressedSize > bytes.length) return false;
    const data = bytes.subarray(start, start + e.compressedSize);
    const left = ZIP_BOUNDS.uncompressedBytes - total;
    if (e.method === 0) total += data.length;
    else if (e.method === 8) {
      try {
        total += inflateRawSync(data, { maxOutputLength: Math.max(1, left) }).length;
      } catch {
        return false; // over the bound, or not deflate data
      }
    } else return false;
    if (total > ZIP_BOUNDS.uncompressedBytes) return false;
  }
  return true;
}

export type DocumentCheck = { ok: true; type: DocumentType } | { ok: false; reason: "fileType" | "archiveTooLarge" };

/** The document type of the bytes, or why they are refused. */
export function inspectDocument(bytes: Uint8Array): DocumentCheck {
  const type = detectDocumentType(bytes);
  if (!type) return { ok: false, reason: "fileType" };
  if (type !== "pdf" && !zipWithinBounds(bytes)) return { ok: false, reason: "archiveTooLarge" };
  return { ok: true, type };
}

