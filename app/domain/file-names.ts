/**
 * Names that leave the server as file names: ZIP entries and downloads. Course data (an edition
 * called "2027/II" or "../../tmp/x", a trainee's own file name) flows into them, so every such name
 * goes through here: one path segment, no control characters, no characters that Windows or a
 * header cannot hold, never "." or "..".
 */

const FORBIDDEN = /[\\/:*?"<>|]/g;

/** One safe path segment (at most 150 characters); `fallback` when nothing usable is left. */
export function safeFileName(name: string, fallback = "download"): string {
  const cleaned = [...(name ?? "").normalize("NFC")]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f ? "_" : ch))
    .join("")
    .replace(FORBIDDEN, "_")
    .replace(/\.{2,}/g, "_")
    .replace(/^[\s.]+|[\s.]+$/g, "")
    .slice(0, 150);
  return cleaned === "" ? fallback : cleaned;
}

/**
 * A Content-Disposition header value: an ASCII `filename` for old clients and the exact UTF-8 name
 * as RFC 5987 `filename*`, both from the safe name.
 */
export function contentDisposition(name: string, type: "attachment" | "inline" = "attachment"): string {
  const safe = safeFileName(name);
  const ascii = safe.replace(/[^\w.-]/g, "_");
  const encoded = encodeURIComponent(safe).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
