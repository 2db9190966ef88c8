/**
 * The drawing code shared by the certificate renderers (moved from render.ts unchanged, so the
 * bytes of layout versions 1 and 2 stay as they were): the page's frame, centred column,
 * signatures and footer, and the input types. render.ts draws a whole page per certificate
 * (versions 1 and 2); template.ts draws the parts every certificate of an edition shares once
 * (version 3).
 */
import { createHash } from "node:crypto";
import type { PDFDocument, PDFFont, PDFPage } from "pdf-lib";
import { type FontKey, fontBytes, parsedFont } from "./fonts";
import { type Locale, isLocale } from "./i18n";
import { BILINGUAL, BODY, COLUMN, CONTENT, FOOTER, FRAME, HEADER, PAGE, QR, SIGNATURES } from "./layout";
import { drawEmbeddedPng, embedCachedPng } from "./images";
import { assertPng } from "./png";
import { type DrawnQr, type QrPlacement, drawQr } from "./qr";
import {
  type Canvas,
  type Fonts,
  type LineStyle,
  type Run,
  drawCentered,
  drawLine,
  drawParagraph,
  fitToWidth,
  font,
  layoutParagraph,
  lineWidth,
  toColor,
} from "./text";

export interface Signatory {
  name: string;
  title: string;
  institution: string;
  signaturePng?: Uint8Array | null;
}

export interface CertificateRenderInput {
  /** e.g. "CSEC-2027-UY-0001" */
  serial: string;
  /** Unguessable, e.g. 20 characters of base32. */
  verificationCode: string;
  /** Absolute URL encoded in the QR code. */
  verifyUrl: string;
  locale: Locale;
  /** When true and locale !== "en": each main line in the trainee's language, then in English. */
  bilingual: boolean;
  /** "YYYY-MM-DD" (UTC date). */
  issuedOn: string;
  traineeName: string;
  stateName: Record<Locale, string>;
  courseTitle: Record<Locale, string>;
  /** e.g. "2027" */
  editionName: string;
  hours: { online: number; faceToFace: number };
  /** The institute's representative responsible for the course. */
  institute: Signatory;
  /** The participating state's signatory. */
  stateSignatory: Signatory;
}

export const producer = (version: number) => `Aula certificate renderer v${version} (pdf-lib 1.17.1)`;
export const CREATOR = "Aula — IIN-OAS";
export const AUTHOR = "IIN-OAS";

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Composes accents (NFC), turns control characters into spaces, drops invisible
 * format characters (bidi overrides, zero-width joiners, soft hyphens),
 * collapses whitespace and trims.
 */
export function clean(value: string): string {
  return value
    .normalize("NFC")
    .replace(/\p{Cc}/gu, " ")
    .replace(/\p{Cf}/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

export function required(value: string, field: string): string {
  const cleaned = clean(value ?? "");
  if (!cleaned) throw new Error(`certificate field "${field}" is empty`);
  return cleaned;
}

/** A fixed six-letter subset tag ("ABCDEF+DejaVuSans") per font and serial, as PDF expects for subsets. */
export function subsetTag(seed: string): string {
  const digest = createHash("sha256").update(seed).digest();
  let tag = "";
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + (digest[i] % 26));
  return tag;
}

export async function embedFonts(doc: PDFDocument, keys: readonly FontKey[], serial: string): Promise<Fonts> {
  const fonts: Partial<Record<FontKey, PDFFont>> = {};
  for (const key of keys) {
    const postscriptName = parsedFont(key).postscriptName ?? key;
    fonts[key] = await doc.embedFont(fontBytes(key), {
      subset: true,
      customName: `${subsetTag(`${key}:${serial}`)}+${postscriptName}`,
    });
  }
  return fonts;
}

/** A vertical block of the centred column: its baseline sits `gap` below the previous one. */
export interface Block {
  gap: number;
  /** Extra depth below the block's first baseline (further lines of a paragraph). */
  depth: number;
  draw(y: number): void;
}

/** Every sentence one language contributes to a certificate, values already filled in. */
export interface CertificateTexts {
  institute: string;
  tagline: string;
  heading: string;
  awardedTo: string;
  /** The completion sentence as regular and bold runs. */
  completion: Run[];
  issuedOn: string;
  footer: { serial: string; verificationCode: string; verifyAt: string; scan: string; labelSeparator: string };
  meta: { title: string; subject: string };
}

/** The texts of a certificate: its language and, when bilingual, English under it. Frozen in the row at issue. */
export interface FrozenTexts {
  primary: CertificateTexts;
  english: CertificateTexts | null;
}

export interface Texts {
  t: CertificateTexts;
  /** English texts for the secondary lines, or null when not bilingual. */
  en: CertificateTexts | null;
}

export function drawFrame(page: PDFPage): void {
  for (const line of [FRAME.outer, FRAME.inner]) {
    page.drawRectangle({
      x: line.inset,
      y: line.inset,
      width: PAGE.width - 2 * line.inset,
      height: PAGE.height - 2 * line.inset,
      borderColor: toColor(line.color),
      borderWidth: line.width,
    });
  }
  const c = FRAME.cornerSize;
  const inset = FRAME.inner.inset;
  for (const [x, y] of [
    [inset, inset],
    [PAGE.width - inset, inset],
    [inset, PAGE.height - inset],
    [PAGE.width - inset, PAGE.height - inset],
  ]) {
    page.drawRectangle({ x: x - c / 2, y: y - c / 2, width: c, height: c, color: toColor(FRAME.inner.color) });
  }
}

export function drawOrnament(page: PDFPage, y: number): void {
  const { halfWidth, diamond, width, color } = HEADER.ornament;
  const cx = CONTENT.centerX;
  const stroke = toColor(color);
  page.drawLine({ start: { x: cx - halfWidth, y }, end: { x: cx - diamond * 2.2, y }, thickness: width, color: stroke });
  page.drawLine({ start: { x: cx + diamond * 2.2, y }, end: { x: cx + halfWidth, y }, thickness: width, color: stroke });
  page.drawSvgPath(`M 0 ${-diamond} L ${diamond} 0 L 0 ${diamond} L ${-diamond} 0 Z`, {
    x: cx,
    y,
    color: stroke,
  });
}

export function lineBlock(page: PDFPage, fonts: Fonts, text: string, style: LineStyle & { gap: number }): Block {
  return {
    gap: style.gap,
    depth: 0,
    draw: (y) => drawCentered(page, fonts, text, style, CONTENT.centerX, y, CONTENT.maxWidth),
  };
}

export function paragraphBlock(
  page: PDFPage,
  fonts: Fonts,
  runs: Run[],
  style: (typeof BODY)["paragraph"] | (typeof BODY)["paragraphSecondary"],
): Block {
  const paragraph = layoutParagraph(runs, fonts, style);
  const leading = paragraph.size * style.leading;
  return {
    gap: style.gap,
    depth: (paragraph.lines.length - 1) * leading,
    draw: (y) => drawParagraph(page, paragraph, CONTENT.centerX, y, leading, style.color),
  };
}

/** The trainee's name: one line when it fits at a dignified size, else two balanced lines. */
export function nameBlock(page: Canvas, fonts: Fonts, name: string, nameFont: FontKey): Block {
  const style = BODY.name;
  const pdfFont = font(fonts, nameFont);
  const single = fitToWidth(pdfFont, name, style.size, style.maxWidth);
  if (single.size >= style.wrapBelow || !name.includes(" ")) {
    return {
      gap: style.gap,
      depth: 0,
      draw: (y) => drawLine(page, pdfFont, name, CONTENT.centerX - single.width / 2, y, single.size, style.color),
    };
  }
  const paragraph = layoutParagraph([{ text: name, bold: false }], fonts, {
    font: nameFont,
    boldFont: nameFont,
    size: style.twoLineSize,
    minSize: style.minSize,
    maxLines: 2,
    maxWidth: style.maxWidth,
  });
  const leading = paragraph.size * style.leading;
  return {
    // Two lines are one leading taller than one: start half a leading higher
    // so the name stays centred where a one-line name would be.
    gap: style.gap - leading / 2,
    depth: leading,
    draw: (y) => drawParagraph(page, paragraph, CONTENT.centerX, y, leading, style.color),
  };
}

/** The centred column from the institute's name down to the issue date. */
export function columnBlocks(
  page: PDFPage,
  fonts: Fonts,
  input: Pick<CertificateRenderInput, "traineeName">,
  texts: Texts,
  nameFont: FontKey,
  makeNameBlock: typeof nameBlock = nameBlock,
): Block[] {
  const { t, en } = texts;
  const blocks: Block[] = [];
  const secondary = (text: string, style: LineStyle & { gap: number }) => {
    if (en) blocks.push(lineBlock(page, fonts, text, style));
  };
  const enT = en ?? t;

  blocks.push(lineBlock(page, fonts, t.institute.toUpperCase(), { ...HEADER.institute, gap: 0 }));
  secondary(enT.institute, HEADER.instituteSecondary);
  if (!en) blocks.push(lineBlock(page, fonts, t.tagline, HEADER.tagline));
  blocks.push({ gap: HEADER.ornament.gap, depth: 0, draw: (y) => drawOrnament(page, y) });

  const heading = en ? { ...BODY.heading, ...BILINGUAL.heading } : BODY.heading;
  blocks.push(lineBlock(page, fonts, t.heading.toUpperCase(), heading));
  secondary(enT.heading.toUpperCase(), BODY.headingSecondary);

  blocks.push(lineBlock(page, fonts, t.awardedTo, BODY.awardedTo));
  secondary(enT.awardedTo, BODY.awardedToSecondary);

  blocks.push(makeNameBlock(page, fonts, required(input.traineeName, "traineeName"), nameFont));
  blocks.push({
    gap: BODY.nameRule.gap,
    depth: 0,
    draw: (y) => {
      const { halfWidth, width, color } = BODY.nameRule;
      page.drawLine({
        start: { x: CONTENT.centerX - halfWidth, y },
        end: { x: CONTENT.centerX + halfWidth, y },
        thickness: width,
        color: toColor(color),
      });
    },
  });

  blocks.push(paragraphBlock(page, fonts, t.completion, BODY.paragraph));
  if (en) blocks.push(paragraphBlock(page, fonts, en.completion, BODY.paragraphSecondary));

  blocks.push(lineBlock(page, fonts, t.issuedOn, BODY.date));
  secondary(enT.issuedOn, BODY.dateSecondary);
  return blocks;
}

/**
 * Lays the column out from the top down to just above the signature images:
 * the gaps between blocks shrink when the column would not fit (long texts,
 * bilingual mode) and grow a little when it is short (see COLUMN).
 */
export function drawColumn(blocks: Block[], bilingual: boolean): void {
  const top = bilingual ? BILINGUAL.top : HEADER.top;
  const bottom = SIGNATURES.lineY + SIGNATURES.image.gapAboveLine + SIGNATURES.image.maxHeight + COLUMN.bottomMargin;
  const gaps = blocks.reduce((sum, block) => sum + block.gap, 0);
  const depth = blocks.reduce((sum, block) => sum + block.depth, 0);
  // The first block sits at `top` whatever the scale; only the gaps after it stretch or shrink.
  const scalable = gaps - blocks[0].gap;
  const wanted = (top - bottom - depth) / scalable;
  const scale = Math.min(COLUMN.maxScale, Math.max(COLUMN.minScale, wanted));
  let y = top;
  for (const block of blocks) {
    y -= block === blocks[0] ? 0 : block.gap * scale;
    block.draw(Math.round(y * 100) / 100);
    y -= block.depth;
  }
}

export async function drawSignatory(
  doc: PDFDocument,
  page: PDFPage,
  fonts: Fonts,
  signatory: Signatory,
  centerX: number,
  field: string,
): Promise<void> {
  const { lineY, lineHalfWidth, image } = SIGNATURES;
  if (signatory.signaturePng && signatory.signaturePng.length > 0) {
    if (!assertPng(signatory.signaturePng)) throw new Error(`${field}.signaturePng is not an acceptable PNG`);
    const png = await embedCachedPng(doc, signatory.signaturePng);
    const scale = Math.min(image.maxWidth / png.width, image.maxHeight / png.height);
    const width = Math.round(png.width * scale * 100) / 100;
    const height = Math.round(png.height * scale * 100) / 100;
    drawEmbeddedPng(page, png, { x: centerX - width / 2, y: lineY + image.gapAboveLine, width, height });
  }
  page.drawLine({
    start: { x: centerX - lineHalfWidth, y: lineY },
    end: { x: centerX + lineHalfWidth, y: lineY },
    thickness: SIGNATURES.lineWidth,
    color: toColor(SIGNATURES.lineColor),
  });

  let y = lineY - SIGNATURES.name.gap;
  drawCentered(page, fonts, required(signatory.name, `${field}.name`), SIGNATURES.name, centerX, y, SIGNATURES.maxTextWidth);
  for (const [text, style] of [
    [clean(signatory.title ?? ""), SIGNATURES.title],
    [clean(signatory.institution ?? ""), SIGNATURES.institution],
  ] as const) {
    if (!text) continue;
    const paragraph = layoutParagraph([{ text, bold: false }], fonts, {
      ...style,
      boldFont: style.font,
      maxWidth: SIGNATURES.maxTextWidth,
    });
    const leading = paragraph.size * 1.25;
    y -= style.gap;
    drawParagraph(page, paragraph, centerX, y, leading, style.color);
    y -= (paragraph.lines.length - 1) * leading;
  }
}

export function drawFooter(
  page: Canvas,
  fonts: Fonts,
  input: Pick<CertificateRenderInput, "serial" | "verificationCode" | "verifyUrl">,
  texts: Texts,
  qrCode: (page: Canvas, text: string, placement: QrPlacement) => DrawnQr = drawQr,
): void {
  const { t, en } = texts;
  const separator = t.footer.labelSeparator;
  const label = (key: "serial" | "verificationCode" | "verifyAt") => (en ? `${t.footer[key]} / ${en.footer[key]}` : t.footer[key]);
  const rows: Array<{ label: string; value: string; valueStyle: LineStyle }> = [
    { label: label("serial"), value: required(input.serial, "serial"), valueStyle: FOOTER.value },
    {
      label: label("verificationCode"),
      value: required(input.verificationCode, "verificationCode"),
      valueStyle: FOOTER.value,
    },
    { label: label("verifyAt"), value: required(input.verifyUrl, "verifyUrl"), valueStyle: FOOTER.url },
  ];
  let y = FOOTER.baseline;
  for (const row of rows) {
    const labelText = `${row.label}${separator}`;
    const labelFont = font(fonts, FOOTER.label.font);
    const valueFont = font(fonts, row.valueStyle.font);
    const total =
      lineWidth(labelFont, labelText, FOOTER.label.size) + lineWidth(valueFont, row.value, row.valueStyle.size);
    const scale = Math.min(1, FOOTER.maxWidth / total);
    const labelSize = Math.floor(FOOTER.label.size * scale * 100) / 100;
    const valueSize = Math.floor(row.valueStyle.size * scale * 100) / 100;
    drawLine(page, labelFont, labelText, FOOTER.x, y, labelSize, FOOTER.label.color);
    const x = FOOTER.x + lineWidth(labelFont, labelText, labelSize);
    drawLine(page, valueFont, row.value, x, y, valueSize, row.valueStyle.color);
    y -= FOOTER.lineGap;
  }

  const qr = qrCode(page, input.verifyUrl, {
    right: QR.right,
    bottom: QR.bottom,
    size: QR.size,
    color: QR.color,
    errorCorrectionLevel: QR.errorCorrectionLevel,
  });
  const caption = en ? `${t.footer.scan} / ${en.footer.scan}` : t.footer.scan;
  drawCentered(page, fonts, caption, QR.caption, qr.x + qr.side / 2, qr.y - QR.caption.gap, QR.caption.maxWidth);
}

export function validate(input: Pick<CertificateRenderInput, "locale" | "verifyUrl">): void {
  if (!isLocale(input.locale)) throw new Error(`unsupported locale "${String(input.locale)}"`);
  let url: URL;
  try {
    url = new URL(input.verifyUrl);
  } catch {
    throw new Error(`verifyUrl must be an absolute URL, got "${input.verifyUrl}"`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("verifyUrl must be http(s)");
}
