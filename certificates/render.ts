/**
 * The certificate renderer: a pure function from a certificate record to PDF
 * bytes. Deterministic by design — the same input gives the same bytes (fixed
 * metadata and dates derived from issuedOn, a document /ID derived from the
 * serial, fixed font subset tags, no clock, no randomness) — so an issued
 * certificate can be re-rendered and checked against its stored SHA-256
 * instead of keeping the PDF.
 *
 * The bytes depend on the versions of pdf-lib, @pdf-lib/fontkit, qrcode and
 * the DejaVu fonts, on the locale files and on layout.ts; all are pinned.
 */
import { PDFDocument, PDFHexString } from "pdf-lib";
import {
  AUTHOR,
  type CertificateRenderInput,
  type CertificateTexts,
  CREATOR,
  type FrozenTexts,
  type Texts,
  clean,
  columnBlocks,
  drawColumn,
  drawFooter,
  drawFrame,
  drawSignatory,
  embedFonts,
  producer,
  required,
  sha256Hex,
  validate,
} from "./draw";
import { type FontKey, cachingFontkit, hasAllGlyphs } from "./fonts";
import { type Locale, type Translate, formatDate, formatNumber, parseIsoDate, translator, v1Translator } from "./i18n";
import { CONTENT, LAYOUT_VERSION, PAGE, SIGNATURES } from "./layout";
import { drawFromTemplate } from "./template";
import { type Run, parseRuns } from "./text";

export type { Locale } from "./i18n";
export { LOCALES, formatDate } from "./i18n";
export { assertPng } from "./png";
export { AUTHOR, CREATOR, producer, sha256Hex } from "./draw";
export type { CertificateRenderInput, CertificateTexts, FrozenTexts, Signatory } from "./draw";

/**
 * Translates a key whose string marks bold runs with <b>…</b>. Values are
 * interpolated after the markup is parsed, so user data cannot inject it.
 */
function richText(t: Translate, key: string, values: Record<string, string>): Run[] {
  const names = Object.keys(values);
  const placeholders: Record<string, string> = {};
  names.forEach((name, index) => {
    placeholders[name] = `\ue000${index}\ue001`;
  });
  return parseRuns(t(key, placeholders)).map((run) => ({
    bold: run.bold,
    text: run.text.replace(/\ue000(\d+)\ue001/g, (_, index: string) => values[names[Number(index)]]),
  }));
}


/**
 * Fills in every sentence of one language from a catalogue (certificate.json, or a frozen copy of
 * an older layout version's). Values are interpolated after the markup is parsed.
 */
export function composeLanguage(t: Translate, locale: Locale, input: CertificateRenderInput): CertificateTexts {
  const serial = required(input.serial, "serial");
  const name = required(input.traineeName, "traineeName");
  return {
    institute: t("institute"),
    tagline: t("tagline"),
    heading: t("heading"),
    awardedTo: t("awardedTo"),
    completion: richText(t, "completion", {
      course: required(input.courseTitle[locale], `courseTitle.${locale}`),
      edition: required(input.editionName, "editionName"),
      online: formatNumber(locale, input.hours.online, t),
      faceToFace: formatNumber(locale, input.hours.faceToFace, t),
      state: required(input.stateName[locale], `stateName.${locale}`),
    }),
    issuedOn: t("issuedOn", { date: formatDate(locale, input.issuedOn, t) }),
    footer: {
      serial: t("footer.serial"),
      verificationCode: t("footer.verificationCode"),
      verifyAt: t("footer.verifyAt"),
      scan: t("footer.scan"),
      labelSeparator: t("footer.labelSeparator"),
    },
    meta: {
      title: t("meta.title", { serial, name }),
      subject: t("meta.subject", { course: clean(input.courseTitle[locale]), edition: clean(input.editionName) }),
    },
  };
}

/** The texts of a certificate (its language, and English when bilingual) from a catalogue. */
export function composeTexts(input: CertificateRenderInput, catalogue: (locale: Locale) => Translate = translator): FrozenTexts {
  validate(input);
  const bilingual = input.bilingual && input.locale !== "en";
  return {
    primary: composeLanguage(catalogue(input.locale), input.locale, input),
    english: bilingual ? composeLanguage(catalogue("en"), "en", input) : null,
  };
}

/** What a renderer draws: the row's own fields, the signatories and the frozen texts. */
export type RenderableCertificate = Pick<
  CertificateRenderInput,
  "serial" | "verificationCode" | "verifyUrl" | "locale" | "issuedOn" | "traineeName" | "institute" | "stateSignatory"
> & { texts: FrozenTexts };

/** The page (layout code shared by the versions below; their golden hashes keep it from drifting). */
async function drawCertificate(input: RenderableCertificate, version: number): Promise<Uint8Array> {
  validate(input);
  const texts: Texts = { t: input.texts.primary, en: input.texts.english };
  const bilingual = texts.en !== null;
  const { year, month, day } = parseIsoDate(input.issuedOn);
  const issued = new Date(Date.UTC(year, month - 1, day));
  const serial = required(input.serial, "serial");
  const name = required(input.traineeName, "traineeName");

  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(cachingFontkit);

  // The name is set in DejaVu Serif Bold Italic unless it has characters only Sans covers.
  const nameFont: FontKey = hasAllGlyphs("serifBoldItalic", name) ? "serifBoldItalic" : "sansBold";
  const keys: FontKey[] = ["sans", "sansBold", "sansOblique", "serif"];
  if (bilingual) keys.push("serifItalic");
  if (!keys.includes(nameFont)) keys.push(nameFont);
  const fonts = await embedFonts(doc, keys, serial);

  const page = doc.addPage([PAGE.width, PAGE.height]);
  drawFrame(page);
  drawColumn(columnBlocks(page, fonts, input, texts, nameFont), bilingual);
  await drawSignatory(doc, page, fonts, input.institute, CONTENT.centerX - SIGNATURES.offsetX, "institute");
  await drawSignatory(doc, page, fonts, input.stateSignatory, CONTENT.centerX + SIGNATURES.offsetX, "stateSignatory");
  drawFooter(page, fonts, input, texts);

  doc.setTitle(texts.t.meta.title);
  doc.setSubject(texts.t.meta.subject);
  doc.setAuthor(AUTHOR);
  doc.setKeywords([serial]);
  doc.setProducer(producer(version));
  doc.setCreator(CREATOR);
  doc.setLanguage(input.locale);
  doc.setCreationDate(issued);
  doc.setModificationDate(issued);

  // pdf-lib writes no /ID; give the file a stable one derived from the serial.
  const id = PDFHexString.of(sha256Hex(new TextEncoder().encode(`aula-certificate:${serial}`)).slice(0, 32));
  doc.context.trailerInfo.ID = doc.context.obj([id, id]);

  return doc.save({ useObjectStreams: true, addDefaultPage: false, objectsPerTick: Number.POSITIVE_INFINITY });
}

/**
 * One renderer per layout version; a certificate is always drawn by the version it was issued
 * with. Version 1 read its sentences at render time, from certificate.json as it stood then (kept
 * in certificates/texts/v1/); from version 2 on the sentences are frozen in the certificate row.
 * A new layout or wording gets a new version; old versions stay here, unchanged (see ADR 005).
 */
export const renderers: Record<number, (c: RenderableCertificate) => Promise<Uint8Array>> = {
  1: (c) => drawCertificate(c, 1),
  2: (c) => drawCertificate(c, 2),
  3: (c) => drawFromTemplate(c, 3),
};

/** The texts an issued certificate of `layoutVersion` carries: v1's are recomposed from its frozen catalogue. */
export function textsForVersion(layoutVersion: number, input: CertificateRenderInput, frozen: FrozenTexts | null | undefined): FrozenTexts {
  if (frozen) return frozen;
  if (layoutVersion === 1) return composeTexts(input, v1Translator);
  throw new Error(`certificate ${input.serial}: layout version ${layoutVersion} needs its frozen texts`);
}

/** Renders a certificate with the current layout version and texts (what a new issue prints). */
export async function renderCertificate(input: CertificateRenderInput): Promise<Uint8Array> {
  return renderers[LAYOUT_VERSION]!({ ...input, texts: composeTexts(input) });
}
