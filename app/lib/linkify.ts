/**
 * Plain text with web addresses: split into text and link pieces, for rendering as React text
 * nodes and <a> elements. No HTML is ever interpreted; only http(s) addresses become links.
 */
export type TextPiece = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;
/** Punctuation that usually ends a sentence rather than an address. */
const TRAILING = /[.,;:!?)\]}»”’]+$/;

export function linkify(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    let url = match[0];
    const trailing = url.match(TRAILING)?.[0] ?? "";
    // keep a closing parenthesis that belongs to the address, e.g. wiki links
    if (trailing) url = url.slice(0, url.length - trailing.length);
    let href: string;
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== "http:" && parsed.protocol !== "https:") continue;
      href = parsed.toString();
    } catch {
      continue;
    }
    if (start > last) pieces.push({ kind: "text", text: text.slice(last, start) });
    pieces.push({ kind: "link", text: url, href });
    last = start + url.length;
  }
  if (last < text.length) pieces.push({ kind: "text", text: text.slice(last) });
  return pieces;
}
