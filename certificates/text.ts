/**
 * Text measuring, fitting and drawing on top of pdf-lib: centred single lines
 * that shrink to fit, letter-spaced lines, and wrapped paragraphs made of
 * regular and bold runs.
 */
import { type PDFFont, type PDFPage, rgb, setCharacterSpacing } from "pdf-lib";
import type { FontKey } from "./fonts";
import type { Rgb } from "./layout";

/** What drawing text needs of a page: a PDFPage, or the operator list of template.ts. */
export type Canvas = Pick<PDFPage, "drawText" | "pushOperators">;

export type Fonts = Readonly<Partial<Record<FontKey, PDFFont>>>;

export function font(fonts: Fonts, key: FontKey): PDFFont {
  const found = fonts[key];
  if (!found) throw new Error(`font "${key}" was not embedded`);
  return found;
}

export interface LineStyle {
  font: FontKey;
  size: number;
  color: Rgb;
  tracking?: number;
}

/** Width of a line, counting the letter spacing between characters. */
export function lineWidth(pdfFont: PDFFont, text: string, size: number, tracking = 0): number {
  const glyphs = [...text].length;
  return pdfFont.widthOfTextAtSize(text, size) + tracking * Math.max(0, glyphs - 1);
}

/** The size (and letter spacing, scaled alike) at which `text` fits `maxWidth`. */
export function fitToWidth(
  pdfFont: PDFFont,
  text: string,
  size: number,
  maxWidth: number,
  tracking = 0,
): { size: number; tracking: number; width: number } {
  const width = lineWidth(pdfFont, text, size, tracking);
  if (width <= maxWidth || width === 0) return { size, tracking, width };
  const scale = maxWidth / width;
  // Round down to a hundredth of a point so the operators stay short and stable.
  const fitted = Math.floor(size * scale * 100) / 100;
  const fittedTracking = Math.floor(tracking * scale * 100) / 100;
  return { size: fitted, tracking: fittedTracking, width: lineWidth(pdfFont, text, fitted, fittedTracking) };
}

export function toColor(color: Rgb) {
  return rgb(color.r, color.g, color.b);
}

/** Draws one line starting at x; letter spacing is set around it when asked. */
export function drawLine(
  page: Canvas,
  pdfFont: PDFFont,
  text: string,
  x: number,
  y: number,
  size: number,
  color: Rgb,
  tracking = 0,
): void {
  if (text === "") return;
  if (tracking !== 0) page.pushOperators(setCharacterSpacing(tracking));
  page.drawText(text, { x, y, size, font: pdfFont, color: toColor(color) });
  if (tracking !== 0) page.pushOperators(setCharacterSpacing(0));
}

/**
 * Draws `text` centred on `centerX`, shrunk to `maxWidth` when needed;
 * returns the size used.
 */
export function drawCentered(
  page: Canvas,
  fonts: Fonts,
  text: string,
  style: LineStyle,
  centerX: number,
  y: number,
  maxWidth: number,
): number {
  const pdfFont = font(fonts, style.font);
  const fitted = fitToWidth(pdfFont, text, style.size, maxWidth, style.tracking ?? 0);
  drawLine(page, pdfFont, text, centerX - fitted.width / 2, y, fitted.size, style.color, fitted.tracking);
  return fitted.size;
}

/** A run of text in one weight, as produced by `parseRuns`. */
export interface Run {
  text: string;
  bold: boolean;
}

interface Piece {
  text: string;
  font: PDFFont;
  width: number;
}

interface Word {
  pieces: Piece[];
  width: number;
}

export interface ParagraphLine {
  words: Word[];
  width: number;
}

export interface Paragraph {
  lines: ParagraphLine[];
  size: number;
  spaceWidth: number;
}

/** Splits runs into words at ordinary spaces (no-break spaces keep words together). */
function toWords(runs: readonly Run[], regular: PDFFont, bold: PDFFont, size: number): Word[] {
  const words: Word[] = [];
  let current: Piece[] = [];
  const flush = () => {
    if (current.length > 0) {
      words.push({ pieces: current, width: current.reduce((sum, piece) => sum + piece.width, 0) });
      current = [];
    }
  };
  for (const run of runs) {
    const pdfFont = run.bold ? bold : regular;
    const parts = run.text.split(" ");
    parts.forEach((part, index) => {
      if (index > 0) flush();
      if (part !== "") current.push({ text: part, font: pdfFont, width: pdfFont.widthOfTextAtSize(part, size) });
    });
  }
  flush();
  return words;
}

function breakLines(words: readonly Word[], spaceWidth: number, maxWidth: number): ParagraphLine[] {
  const lines: ParagraphLine[] = [];
  let line: ParagraphLine = { words: [], width: 0 };
  for (const word of words) {
    const width = line.words.length === 0 ? word.width : line.width + spaceWidth + word.width;
    if (line.words.length > 0 && width > maxWidth) {
      lines.push(line);
      line = { words: [word], width: word.width };
    } else {
      line.words.push(word);
      line.width = width;
    }
  }
  if (line.words.length > 0) lines.push(line);
  return lines;
}

/**
 * Evens out the lines of a wrapped paragraph: the narrowest column that still
 * gives the same number of lines, so the last line is not left as an orphan.
 */
function balance(words: readonly Word[], lines: ParagraphLine[], spaceWidth: number, maxWidth: number): ParagraphLine[] {
  if (lines.length < 2) return lines;
  let low = maxWidth / lines.length;
  let high = maxWidth;
  let best = lines;
  for (let i = 0; i < 12; i++) {
    const mid = (low + high) / 2;
    const candidate = breakLines(words, spaceWidth, mid);
    if (candidate.length <= lines.length && candidate.every((line) => line.width <= mid)) {
      best = candidate;
      high = mid;
    } else {
      low = mid;
    }
  }
  return best;
}

export interface ParagraphStyle {
  font: FontKey;
  boldFont: FontKey;
  size: number;
  minSize: number;
  maxLines: number;
  maxWidth: number;
}

/**
 * Wraps runs into centred lines no wider than maxWidth, stepping the size down
 * (to minSize at most) until the text fits in maxLines; a single word wider
 * than the column shrinks the whole paragraph.
 */
export function layoutParagraph(runs: readonly Run[], fonts: Fonts, style: ParagraphStyle): Paragraph {
  const regular = font(fonts, style.font);
  const bold = font(fonts, style.boldFont);
  let size = style.size;
  for (;;) {
    const spaceWidth = regular.widthOfTextAtSize(" ", size);
    const words = toWords(runs, regular, bold, size);
    const lines = breakLines(words, spaceWidth, style.maxWidth);
    const widest = lines.reduce((max, line) => Math.max(max, line.width), 0);
    const fits = lines.length <= style.maxLines && widest <= style.maxWidth;
    if (fits || size <= style.minSize) {
      if (widest > style.maxWidth) {
        // Only an unbreakable word can still be too wide: scale everything down.
        return layoutParagraph(runs, fonts, {
          ...style,
          size: Math.floor(size * (style.maxWidth / widest) * 100) / 100,
          minSize: 0,
          maxLines: Number.POSITIVE_INFINITY,
        });
      }
      return { lines: balance(words, lines, spaceWidth, style.maxWidth), size, spaceWidth };
    }
    size = Math.max(style.minSize, Math.round((size - 0.25) * 100) / 100);
  }
}

/** Draws a laid-out paragraph centred on centerX, first baseline at y. */
export function drawParagraph(
  page: Canvas,
  paragraph: Paragraph,
  centerX: number,
  y: number,
  leading: number,
  color: Rgb,
): void {
  paragraph.lines.forEach((line, index) => {
    let x = centerX - line.width / 2;
    const baseline = y - index * leading;
    for (const word of line.words) {
      for (const piece of word.pieces) {
        drawLine(page, piece.font, piece.text, x, baseline, paragraph.size, color);
        x += piece.width;
      }
      x += paragraph.spaceWidth;
    }
  });
}

const OPEN = "<b>";
const CLOSE = "</b>";

/**
 * Splits a translated string into regular and bold runs at <b>…</b>.
 * Call it on the translation made with placeholder values (see render.ts), so
 * that markup inside user data is never interpreted.
 */
export function parseRuns(text: string): Run[] {
  const runs: Run[] = [];
  let rest = text;
  let bold = false;
  while (rest.length > 0) {
    const marker = bold ? CLOSE : OPEN;
    const at = rest.indexOf(marker);
    const chunk = at === -1 ? rest : rest.slice(0, at);
    if (chunk) runs.push({ text: chunk, bold });
    if (at === -1) break;
    rest = rest.slice(at + marker.length);
    bold = !bold;
  }
  return runs;
}
