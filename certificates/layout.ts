/**
 * Every position, size and colour of the certificate lives here.
 *
 * Units are PDF points (1/72 inch); the origin is the bottom-left corner of
 * the page, as in PDF. Changing any value changes the rendered bytes, hence
 * the SHA-256 stored with issued certificates: bump LAYOUT_VERSION when you
 * do, so old records can be told apart from new ones.
 */

export const LAYOUT_VERSION = 3;

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

const hex = (value: string): Rgb => ({
  r: Number.parseInt(value.slice(1, 3), 16) / 255,
  g: Number.parseInt(value.slice(3, 5), 16) / 255,
  b: Number.parseInt(value.slice(5, 7), 16) / 255,
});

/** A4 landscape. */
export const PAGE = { width: 841.89, height: 595.28 } as const;

export const COLORS = {
  navy: hex("#1b3358"),
  gold: hex("#a8844a"),
  ink: hex("#1f2328"),
  muted: hex("#59616b"),
  /** The English line under each main line in bilingual mode. */
  secondary: hex("#7a818a"),
  rule: hex("#9aa1a9"),
  qr: hex("#111111"),
} as const;

/** The double frame: a navy line outside, a thin gold line inside. */
export const FRAME = {
  outer: { inset: 22, width: 1.8, color: COLORS.navy },
  inner: { inset: 29, width: 0.6, color: COLORS.gold },
  /** Small gold squares set in the inner frame's corners. */
  cornerSize: 5,
} as const;

/** The horizontal band available to centred text. */
export const CONTENT = {
  centerX: PAGE.width / 2,
  maxWidth: 640,
} as const;

/**
 * The centred column is laid out top-down from `top`; each `gap` is the
 * distance from the previous baseline to the next one. `secondary` applies to
 * the English line printed under a main line in bilingual mode.
 */
export const HEADER = {
  top: PAGE.height - 74,
  institute: { size: 11, tracking: 1.6, font: "sansBold", color: COLORS.navy },
  instituteSecondary: { size: 8, gap: 12, font: "sansOblique", color: COLORS.secondary },
  tagline: { size: 8, tracking: 0.4, gap: 15, font: "sans", color: COLORS.muted },
  /** A short gold rule with a diamond in its middle, under the header. */
  ornament: { gap: 20, halfWidth: 70, diamond: 3.2, width: 0.7, color: COLORS.gold },
} as const;

export const BODY = {
  heading: { size: 38, tracking: 7, gap: 62, font: "serif", color: COLORS.navy },
  headingSecondary: { size: 13, tracking: 3, gap: 19, font: "serifItalic", color: COLORS.secondary },
  awardedTo: { size: 12, gap: 34, font: "sansOblique", color: COLORS.muted },
  awardedToSecondary: { size: 9, gap: 13, font: "sansOblique", color: COLORS.secondary },
  /**
   * The trainee's name: one line, shrunk to fit down to `wrapBelow`; longer
   * names go on two balanced lines (down to `minSize`).
   */
  name: {
    size: 32,
    wrapBelow: 21,
    twoLineSize: 24,
    minSize: 12,
    leading: 1.18,
    maxWidth: 600,
    gap: 44,
    font: "serifBoldItalic",
    fallbackFont: "sansBold",
    color: COLORS.ink,
  },
  nameRule: { gap: 13, halfWidth: 190, width: 0.6, color: COLORS.gold },
  paragraph: { size: 11.5, minSize: 8.5, maxLines: 3, leading: 1.45, maxWidth: 600, gap: 27, font: "sans", boldFont: "sansBold", color: COLORS.ink },
  paragraphSecondary: { size: 8.5, minSize: 7, maxLines: 3, leading: 1.35, maxWidth: 600, gap: 17, font: "sansOblique", boldFont: "sansOblique", color: COLORS.secondary },
  date: { size: 10.5, gap: 26, font: "sans", color: COLORS.ink },
  dateSecondary: { size: 8.5, gap: 12, font: "sansOblique", color: COLORS.secondary },
} as const;

/** Bilingual mode has twice the lines: start higher and use a smaller heading. */
export const BILINGUAL = {
  top: PAGE.height - 68,
  heading: { size: 31, tracking: 6 },
} as const;

/**
 * The column ends `bottomMargin` above the signature images. When it would
 * not fit, its gaps shrink (to `minScale` at most); when there is room left,
 * they grow (to `maxScale` at most) so the page does not look top-heavy.
 */
export const COLUMN = {
  bottomMargin: 22,
  minScale: 0.5,
  maxScale: 1.12,
} as const;

/** Two signature blocks side by side, symmetric around the page centre. */
export const SIGNATURES = {
  lineY: 158,
  /** Horizontal distance from the page centre to each block's centre. */
  offsetX: 168,
  lineHalfWidth: 110,
  lineWidth: 0.6,
  lineColor: COLORS.rule,
  /** The signature image sits in this box, bottom-centred just above the line. */
  image: { maxWidth: 180, maxHeight: 50, gapAboveLine: 3 },
  name: { size: 10, minSize: 7, gap: 14, font: "sansBold", color: COLORS.ink },
  title: { size: 8.5, minSize: 6.5, gap: 11.5, maxLines: 2, font: "sans", color: COLORS.muted },
  institution: { size: 8.5, minSize: 6.5, gap: 11.5, maxLines: 2, font: "sansOblique", color: COLORS.muted },
  maxTextWidth: 230,
} as const;

/** Serial, code and URL at the bottom left; the QR code at the bottom right. */
export const FOOTER = {
  x: 52,
  baseline: 70,
  lineGap: 10,
  label: { size: 7, font: "sans", color: COLORS.muted },
  value: { size: 7, font: "sansBold", color: COLORS.ink },
  url: { size: 6.5, font: "sans", color: COLORS.muted },
  maxWidth: 250,
} as const;

export const QR = {
  /** Target side of the symbol (without quiet zone); the module size is rounded. */
  size: 66,
  right: PAGE.width - 52,
  bottom: 52,
  errorCorrectionLevel: "M",
  color: COLORS.qr,
  /** "Scan to verify", centred under the symbol; `gap` is from the symbol's bottom to the baseline. */
  caption: { size: 5.5, gap: 8.5, maxWidth: 110, font: "sans", color: COLORS.muted },
} as const;
