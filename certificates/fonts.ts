/**
 * Fonts for the certificate: DejaVu (Bitstream Vera licence, free to embed),
 * read from the `dejavu-fonts-ttf` package and parsed once per process.
 *
 * pdf-lib calls `fontkit.create(bytes)` for every `embedFont`, which parses
 * the whole TTF (~700 KB) each time. `cachingFontkit` hands back the font
 * already parsed for the same byte array, so each certificate only pays for
 * subsetting. pdf-lib makes a fresh subset per document and fontkit reads
 * glyph data synchronously, so sharing is safe once glyph objects no longer
 * remember the previous documents (see normalizeGlyphs): without that, the
 * bytes of a certificate would depend on what the process rendered before.
 *
 * Noto is deliberately not used: its subsets render blank (pdf-lib#1232).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument } from "pdf-lib";

export type FontkitLike = Parameters<PDFDocument["registerFontkit"]>[0];
export type ParsedFont = ReturnType<FontkitLike["create"]>;

export const FONT_FILES = {
  sans: "DejaVuSans.ttf",
  sansBold: "DejaVuSans-Bold.ttf",
  sansOblique: "DejaVuSans-Oblique.ttf",
  serif: "DejaVuSerif.ttf",
  serifItalic: "DejaVuSerif-Italic.ttf",
  serifBoldItalic: "DejaVuSerif-BoldItalic.ttf",
} as const;

export type FontKey = keyof typeof FONT_FILES;

let fontDir: string | undefined;

function dejavuDir(): string {
  if (!fontDir) {
    const require = createRequire(import.meta.url);
    fontDir = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
  }
  return fontDir;
}

const bytesByKey = new Map<FontKey, Uint8Array>();
const parsedByBytes = new WeakMap<Uint8Array, ParsedFont>();

/** The TTF bytes of a font, read from disk on first use. */
export function fontBytes(key: FontKey): Uint8Array {
  let bytes = bytesByKey.get(key);
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(path.join(dejavuDir(), FONT_FILES[key])));
    bytesByKey.set(key, bytes);
  }
  return bytes;
}

type GlyphRun = ReturnType<ParsedFont["layout"]>;
type Subset = ReturnType<ParsedFont["createSubset"]>;
type SubsetStream = ReturnType<Subset["encodeStream"]>;

interface CmapProcessor {
  lookup(codePoint: number): number;
}

/**
 * Makes glyph lookup independent of what was rendered before in the process.
 *
 * fontkit caches one Glyph object per glyph id, and the object keeps the code
 * points it was first requested with. pdf-lib builds each PDF's ToUnicode map
 * (what copy/paste and pdftotext read) from those code points. With a font
 * shared between documents, that first request may have come from an earlier
 * certificate — or from subsetting a composite glyph ("ñ" is "n" + "~"), which
 * creates "n" with no code points at all, so a later "n" would not extract.
 * Here every glyph that the cmap reaches gets one canonical code point (the
 * lowest that maps to it), whatever the history.
 *
 * Layout is reduced to the cmap (one glyph per character). pdf-lib ignores
 * glyph positions anyway, ligatures are unwanted (they extract as "ﬁ"), and
 * names are NFC-normalised before they get here, so for the Latin, Greek and
 * Cyrillic scripts DejaVu covers the result is what full shaping would give.
 * Characters the font lacks become U+FFFD (or "?") instead of an invisible
 * .notdef box.
 */
function normalizeGlyphs(font: ParsedFont): void {
  const cmap = (font as unknown as { _cmapProcessor?: CmapProcessor })._cmapProcessor;
  if (!cmap || typeof cmap.lookup !== "function") {
    throw new Error("unsupported @pdf-lib/fontkit version: no cmap processor");
  }
  const canonical = new Map<number, number>();
  for (const codePoint of font.characterSet) {
    const id = cmap.lookup(codePoint);
    const known = canonical.get(id);
    if (id !== 0 && (known === undefined || codePoint < known)) canonical.set(id, codePoint);
  }

  const getGlyph = font.getGlyph.bind(font);
  const seen = new WeakSet<object>();
  font.getGlyph = (id, codePoints) => {
    const glyph = getGlyph(id, codePoints);
    if (!glyph) return glyph;
    const codePoint = canonical.get(id);
    if (codePoint !== undefined && (glyph.codePoints.length !== 1 || glyph.codePoints[0] !== codePoint)) {
      glyph.codePoints = [codePoint];
    }
    if (!seen.has(glyph)) {
      seen.add(glyph);
      memoizeDecode(glyph);
    }
    return glyph;
  };

  const replacement = String.fromCodePoint(font.hasGlyphForCodePoint(0xfffd) ? 0xfffd : 0x3f);
  // A template measures and encodes the same sentences again and again (in every template of an
  // edition, and each sentence several times while it is broken into lines); glyph objects are the
  // process's own (above), so the same text always gives the same run. Bounded: emptied when full.
  const runs = new Map<string, GlyphRun>();
  font.layout = (text) => {
    const known = runs.get(text);
    if (known) return known;
    if (runs.size >= 4096) runs.clear();
    const run = layout(text);
    runs.set(text, run);
    return run;
  };
  const layout = (text: string): GlyphRun => {
    let mapped = "";
    for (const char of text) {
      const codePoint = char.codePointAt(0) ?? 0x3f;
      mapped += canonical.has(cmap.lookup(codePoint)) ? char : replacement;
    }
    // pdf-lib reads only `glyphs` from a run (to measure and to encode text).
    return { glyphs: font.glyphsForString(mapped) } as unknown as GlyphRun;
  };
}

/**
 * Subsetting decodes every glyph's outline (to find composite glyphs' parts),
 * for every document. Glyph objects now live as long as the process, so keep
 * the decoded outline with them; it is read, never modified.
 */
function memoizeDecode(glyph: object): void {
  const target = glyph as { _decode?: () => unknown };
  const decode = target._decode;
  if (typeof decode !== "function") return;
  let decoded: { value: unknown } | undefined;
  target._decode = () => {
    if (!decoded) decoded = { value: decode.call(glyph) };
    return decoded.value;
  };
}

/** What fontkit 1.1.1's subset stream (restructure's EncodeStream) offers internally. */
interface EncodeStreamLike {
  push(chunk: Uint8Array | null): boolean;
  end(): void;
}
type EncodeStreamClass = new () => EncodeStreamLike;
interface EncodableSubset {
  encode(stream: EncodeStreamLike): void;
}

let encodeStreamClass: EncodeStreamClass | null | undefined;

/**
 * fontkit's bundled stream polyfill defers every step with setTimeout(0), so
 * `subset.encodeStream()` costs several milliseconds of idle time per font.
 * This borrows fontkit's own EncodeStream class (from a throwaway subset whose
 * deferred encode is neutralised) to encode synchronously.
 */
function findEncodeStreamClass(font: ParsedFont): EncodeStreamClass | null {
  if (encodeStreamClass !== undefined) return encodeStreamClass;
  const probe = font.createSubset() as unknown as Partial<EncodableSubset> & Subset;
  if (typeof probe.encode !== "function") {
    encodeStreamClass = null;
    return null;
  }
  probe.encode = () => {};
  const stream = probe.encodeStream() as unknown as Partial<EncodeStreamLike> & { constructor: unknown };
  const ctor = stream.constructor;
  const usable =
    typeof ctor === "function" && typeof stream.push === "function" && typeof stream.end === "function";
  if (usable) stream.end = () => {};
  encodeStreamClass = usable ? (ctor as EncodeStreamClass) : null;
  return encodeStreamClass;
}

function synchronousEncodeStream(subset: Subset, EncodeStream: EncodeStreamClass): SubsetStream {
  const listeners: { data: Array<(data: Uint8Array) => unknown>; end: Array<(data: Uint8Array) => unknown> } = {
    data: [],
    end: [],
  };
  const errors: Array<(error: unknown) => unknown> = [];
  const emitter = {
    on(eventType: string, callback: (value: unknown) => unknown) {
      if (eventType === "data" || eventType === "end") listeners[eventType].push(callback);
      else if (eventType === "error") errors.push(callback);
      return emitter;
    },
  };
  // Listeners are attached after this returns, so emit in a microtask (not a timer).
  queueMicrotask(() => {
    const chunks: Uint8Array[] = [];
    try {
      const stream = new EncodeStream();
      stream.push = (chunk) => {
        if (chunk) chunks.push(chunk);
        return true;
      };
      (subset as unknown as EncodableSubset).encode(stream);
      stream.end();
    } catch (error) {
      for (const callback of errors) callback(error);
      return;
    }
    for (const chunk of chunks) for (const callback of listeners.data) callback(chunk);
    for (const callback of listeners.end) callback(new Uint8Array(0));
  });
  return emitter as unknown as SubsetStream;
}

function speedUpSubsets(font: ParsedFont): void {
  const EncodeStream = findEncodeStreamClass(font);
  if (!EncodeStream) return;
  const createSubset = font.createSubset.bind(font);
  font.createSubset = () => {
    const subset = createSubset();
    subset.encodeStream = () => synchronousEncodeStream(subset, EncodeStream);
    return subset;
  };
}

/**
 * A fontkit that parses each distinct byte array once per process, maps text
 * to glyphs the same way whatever was rendered before (see normalizeGlyphs)
 * and encodes subsets without timer round-trips.
 */
export const cachingFontkit: FontkitLike = {
  create(buffer: Uint8Array, postscriptName?: string): ParsedFont {
    let font = parsedByBytes.get(buffer);
    if (!font) {
      font = fontkit.create(buffer, postscriptName) as ParsedFont;
      normalizeGlyphs(font);
      speedUpSubsets(font);
      parsedByBytes.set(buffer, font);
    }
    return font;
  },
};

export function parsedFont(key: FontKey): ParsedFont {
  return cachingFontkit.create(fontBytes(key));
}

/** True when the font has a glyph for every character of `text`. */
export function hasAllGlyphs(key: FontKey, text: string): boolean {
  const font = parsedFont(key);
  for (const char of text) {
    const codePoint = char.codePointAt(0);
    if (codePoint === undefined || codePoint < 0x20) continue;
    if (!font.hasGlyphForCodePoint(codePoint)) return false;
  }
  return true;
}
