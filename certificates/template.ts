/**
 * Layout version 3: the same page as version 2, drawn from a template.
 *
 * Versions 1 and 2 build every certificate from nothing: subset three to six fonts, compress them,
 * lay out and compress the page, compress the object streams (≈ 45 CPU-ms here, most of it in
 * fontkit and pako for work that is the same for every certificate of an edition). Version 3 splits
 * the page in two content streams:
 * - the template: frame, centred column (all but the name), signatures, with their fonts and
 *   images, built and serialised once per distinct set of shared inputs (texts, signatories, the
 *   name's block height, fonts) and kept in a small cache;
 * - the certificate's own stream: the name, the footer (serial, code, URL) and the QR code, drawn
 *   with the template's fonts, compressed with fflate.
 * The PDF is the template's objects as bytes, then that stream and the Info dictionary, then a
 * classic cross-reference table: no object streams, nothing re-serialised.
 *
 * So the fonts a certificate's own text uses must hold every glyph it could need before the template
 * is written: the template's subsets of Sans, Sans Bold and the name's font also carry the
 * characters URLs, serials and names are made of (`REPERTOIRE`); any other character of this
 * certificate's name, serial or URL is part of the template's key (a name in Greek gets a template
 * of its own).
 *
 * Deterministic like versions 1 and 2: the bytes depend on pdf-lib, fontkit, pako (the template's
 * streams), fflate, qrcode and the DejaVu fonts, all pinned, and on the inputs only.
 */
import {
  PDFArray,
  PDFContext,
  PDFDict,
  PDFDocument,
  type PDFFont,
  PDFHexString,
  PDFName,
  type PDFOperator,
  type PDFPageDrawTextOptions,
  type PDFRef,
  PDFString,
  cleanText,
  degrees,
  drawLinesOfText,
  lineSplit,
  rgb,
} from "pdf-lib";
import { zlibSync } from "fflate";
import {
  AUTHOR,
  type Block,
  CREATOR,
  type Texts,
  columnBlocks,
  drawColumn,
  drawFooter,
  drawFrame,
  drawSignatory,
  nameBlock,
  producer,
  required,
  sha256Hex,
  subsetTag,
  validate,
} from "./draw";
import { type FontKey, cachingFontkit, fontBytes, hasAllGlyphs, parsedFont } from "./fonts";
import { parseIsoDate } from "./i18n";
import { qrContent } from "./qr";
import { CONTENT, FOOTER, PAGE, QR, SIGNATURES } from "./layout";
import type { RenderableCertificate } from "./render";
import type { Canvas, Fonts } from "./text";

type RenderableInput = RenderableCertificate;

/**
 * Characters the subsets of a template carry for the certificate's own text, by what that text is:
 * URLs (printable ASCII), serials and codes (capitals, digits, hyphen) and names (Latin letters
 * with the accents of Latin-1, space, hyphen, apostrophes, full stop). Anything else a certificate
 * draws is added to its template (and to the template's key).
 */
const range = (from: number, to: number, skip: readonly number[] = []) => {
  let chars = "";
  for (let c = from; c <= to; c++) if (!skip.includes(c)) chars += String.fromCharCode(c);
  return chars;
};
const REPERTOIRE = {
  url: range(0x20, 0x7e),
  serial: `-${range(0x30, 0x39)}${range(0x41, 0x5a)}`,
  name: ` -'.’${range(0x41, 0x5a)}${range(0x61, 0x7a)}${range(0xc0, 0xff, [0xd7, 0xf7])}`,
} as const;
type Role = keyof typeof REPERTOIRE;

/**
 * Templates kept per process, least recently used dropped first. A bulk issue of one state needs one
 * per language × bilingual or not × name block (a name on one or two lines) × name font, and one more
 * for each name with a character outside the repertoire: 38 in the bench's 1,000 varied certificates.
 * With a cache smaller than that, or one that drops the oldest entry however often it is used, most
 * of the issue's time went into building templates again (128 builds of ≈ 40 ms for those 1,000).
 */
const CACHE_LIMIT = 64;

interface Template {
  /** Header and every object of the template, serialised. */
  prefix: Uint8Array;
  /** Byte offset of each object in `prefix`, by object number (0 for numbers with no object). */
  offsets: number[];
  root: PDFRef;
  /** Reserved for the certificate's own content stream and Info dictionary. */
  contentNumber: number;
  infoNumber: number;
  fonts: Fonts;
  /** The page's resource name of each font the certificate's own text uses. */
  fontNames: Map<PDFFont, PDFName>;
  /** Glyphs in each subset when the template was written: a certificate must not add any. */
  glyphCounts: Map<PDFFont, number>;
  /** Where the name's block sits (its first baseline). */
  nameY: number;
}

const templates = new Map<string, Promise<Template>>();

/** A context to make the Info dictionaries in (they are written out, never registered). */
const scratch = PDFContext.create();

/** Fonts embedded in a document that is never written: for measuring only (widths need no subset). */
let measuringFonts: Promise<Fonts> | undefined;
function measuring(): Promise<Fonts> {
  measuringFonts ??= (async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.registerFontkit(cachingFontkit);
    const fonts: Partial<Record<FontKey, PDFFont>> = {};
    for (const key of ["sans", "sansBold", "sansOblique", "serif", "serifItalic", "serifBoldItalic"] as const) {
      fonts[key] = await doc.embedFont(fontBytes(key), { subset: true });
    }
    return fonts;
  })();
  return measuringFonts;
}

/** Collects operators instead of drawing on a page (the certificate's own content stream). */
class OperatorCanvas implements Canvas {
  content = "";
  constructor(private readonly fontNames: Map<PDFFont, PDFName>) {}

  pushOperators(...operators: PDFOperator[]): void {
    for (const operator of operators) this.content += `${operator.toString()}\n`;
  }

  /** Content-stream text as it is (the QR code's path). */
  raw(content: string): void {
    this.content += content;
  }

  /** What PDFPage.drawText does for one font, size, colour and position (no opacity, no wrapping). */
  drawText(text: string, options: PDFPageDrawTextOptions = {}): void {
    const font = options.font;
    const name = font && this.fontNames.get(font);
    if (!font || !name) throw new Error("certificate template: text drawn with a font the template does not carry");
    const size = options.size ?? 24;
    this.pushOperators(
      ...drawLinesOfText(
        lineSplit(cleanText(text)).map((line) => font.encodeText(line)),
        {
          color: options.color ?? rgb(0, 0, 0),
          font: name,
          size,
          rotate: degrees(0),
          xSkew: degrees(0),
          ySkew: degrees(0),
          x: options.x ?? 0,
          y: options.y ?? 0,
          lineHeight: 24,
        },
      ),
    );
  }
}

/** A canvas for measuring: drawing on it is a mistake. */
const nowhere: Canvas = {
  drawText: () => {
    throw new Error("measuring canvas");
  },
  pushOperators: () => {
    throw new Error("measuring canvas");
  },
};

/** The characters of `text` outside `allowed`, sorted, once each. */
function extraChars(text: string, allowed: string): string {
  const extra = new Set<string>();
  for (const char of text) if (!allowed.includes(char)) extra.add(char);
  return [...extra].sort().join("");
}

interface TemplateKey {
  locale: string;
  texts: Texts;
  institute: unknown;
  stateSignatory: unknown;
  nameFont: FontKey;
  nameBlock: { gap: number; depth: number };
  /** Characters outside REPERTOIRE that this certificate's own text draws, per font. */
  extra: Partial<Record<FontKey, string>>;
}

function signatoryKey(signatory: RenderableInput["institute"]) {
  const png = signatory.signaturePng && signatory.signaturePng.length > 0 ? sha256Hex(signatory.signaturePng) : null;
  return { name: signatory.name, title: signatory.title, institution: signatory.institution, png };
}

/** The fonts the certificate's own text uses: the footer's (labels, values, caption) and the name's. */
function ownFonts(nameFont: FontKey): FontKey[] {
  const keys: FontKey[] = [FOOTER.label.font, FOOTER.value.font, FOOTER.url.font, QR.caption.font, nameFont];
  return keys.filter((key, index) => keys.indexOf(key) === index);
}

/** What each font draws of the certificate's own values. */
function roles(nameFont: FontKey): Array<[FontKey, Role]> {
  return [
    [FOOTER.url.font, "url"],
    [FOOTER.value.font, "serial"],
    [nameFont, "name"],
  ];
}

/** The characters a template's font carries for the certificate's own values. */
function repertoire(font: FontKey, nameFont: FontKey): string {
  return roles(nameFont)
    .filter(([key]) => key === font)
    .map(([, role]) => REPERTOIRE[role])
    .join("");
}

async function buildTemplate(input: RenderableInput, key: TemplateKey, keyText: string): Promise<Template> {
  const { texts, nameFont } = key;
  const bilingual = texts.en !== null;
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(cachingFontkit);
  reuseCompressedStreams(doc.context);

  const keys: FontKey[] = ["sans", "sansBold", "sansOblique", "serif"];
  if (bilingual) keys.push("serifItalic");
  if (!keys.includes(nameFont)) keys.push(nameFont);
  const fonts: Partial<Record<FontKey, PDFFont>> = {};
  for (const fontKey of keys) {
    fonts[fontKey] = await doc.embedFont(fontBytes(fontKey), {
      subset: true,
      customName: `${subsetTag(`v3:${fontKey}:${keyText}`)}+${parsedFont(fontKey).postscriptName ?? fontKey}`,
    });
  }

  const page = doc.addPage([PAGE.width, PAGE.height]);
  drawFrame(page);
  let nameY = Number.NaN;
  const nameHere = (): Block => ({
    ...key.nameBlock,
    draw: (y) => {
      nameY = y;
    },
  });
  drawColumn(columnBlocks(page, fonts, input, texts, nameFont, nameHere), bilingual);
  await drawSignatory(doc, page, fonts, input.institute, CONTENT.centerX - SIGNATURES.offsetX, "institute");
  await drawSignatory(doc, page, fonts, input.stateSignatory, CONTENT.centerX + SIGNATURES.offsetX, "stateSignatory");

  // Every glyph the certificate's own text can use goes into the subsets now, in a fixed order.
  const { t, en } = texts;
  const footerText = [
    ...(["serial", "verificationCode", "verifyAt"] as const).map((k) => (en ? `${t.footer[k]} / ${en.footer[k]}` : t.footer[k])),
    t.footer.labelSeparator,
    en ? `${t.footer.scan} / ${en.footer.scan}` : t.footer.scan,
  ].join("");
  const fontNames = new Map<PDFFont, PDFName>();
  for (const fontKey of ownFonts(nameFont)) {
    const pdfFont = fonts[fontKey]!;
    if (fontNames.has(pdfFont)) continue;
    pdfFont.encodeText(footerText + repertoire(fontKey, nameFont) + (key.extra[fontKey] ?? ""));
    fontNames.set(pdfFont, page.node.newFontDictionary(pdfFont.name, pdfFont.ref));
  }

  const context = doc.context;
  const contentRef = context.nextRef();
  const infoRef = context.nextRef();
  const contents = page.node.Contents();
  if (!(contents instanceof PDFArray)) throw new Error("certificate template: the page has no content array");
  contents.push(contentRef);
  doc.setLanguage(input.locale);
  // Each font's subset is encoded and compressed (pako, in JavaScript: ≈ 100 ms a font here) in its own turn of
  // the event loop, in the order `flush` would embed them, so a template built during a bulk issue never keeps
  // other requests waiting for all of them at once (docs/decisions/009, fourth round). `flush` then finds them
  // embedded: the bytes are the same (the golden tests).
  for (const [fontKey, pdfFont] of Object.entries(fonts) as Array<[FontKey, PDFFont]>) {
    reuseFontProgram(fontKey, pdfFont);
    await pdfFont.embed();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await doc.flush();

  const glyphCounts = new Map<PDFFont, number>();
  for (const pdfFont of fontNames.keys()) glyphCounts.set(pdfFont, subsetSize(pdfFont));

  const objects = context.enumerateIndirectObjects();
  // as PDFWriter does: the header, then a blank line
  const chunks: Uint8Array[] = [bytesOf(context.header), latin1("\n\n")];
  let length = chunks[0].length + chunks[1].length;
  const offsets: number[] = [];
  for (const [ref, object] of objects) {
    if (ref.generationNumber !== 0) throw new Error("certificate template: unexpected object generation");
    offsets[ref.objectNumber] = length;
    const head = latin1(`${ref.objectNumber} 0 obj\n`);
    const body = bytesOf(object);
    const tail = latin1("\nendobj\n\n");
    chunks.push(head, body, tail);
    length += head.length + body.length + tail.length;
  }
  return {
    prefix: concat(chunks, length),
    offsets,
    root: context.trailerInfo.Root as PDFRef,
    contentNumber: contentRef.objectNumber,
    infoNumber: infoRef.objectNumber,
    fonts,
    fontNames,
    glyphCounts,
    nameY,
  };
}

/**
 * Compressed font programs (the FontFile2 streams) by font and subset: the glyph ids in the order the
 * subset took them, which is all that stream's bytes depend on. Templates of one edition differ in a
 * few words (a language, a name on two lines, one more letter), and many of their subsets come out
 * the same; encoding a subset (fontkit) and compressing it (pako) is most of a template's cost.
 */
const fontPrograms = new Map<string, Uint8Array>();
const FONT_PROGRAM_LIMIT = 128;
/** How often a font program was compressed or taken from `fontPrograms` (read by a test). */
export const fontProgramCounts = { compressed: 0, reused: 0 };

interface SubsetEmbedder {
  subset?: { glyphs?: number[] };
  isCFF(): boolean;
  serializeFont(): Promise<Uint8Array>;
  embedFontStream(context: PDFContext): Promise<PDFRef>;
}

/**
 * Makes `pdfFont` take its font program from `fontPrograms` when the same subset was compressed
 * before: the stream is the one pdf-lib's own `embedFontStream` writes (same dictionary, same
 * bytes; the golden tests hold them equal), without encoding and compressing it again.
 */
function reuseFontProgram(fontKey: FontKey, pdfFont: PDFFont): void {
  const embedder = (pdfFont as unknown as { embedder?: SubsetEmbedder }).embedder;
  const glyphs = embedder?.subset?.glyphs;
  if (!embedder || !Array.isArray(glyphs)) throw new Error("unsupported pdf-lib version: no font subset");
  embedder.embedFontStream = async (context) => {
    // taken before encoding: fontkit adds the components of composite glyphs to `glyphs` as it encodes
    const key = `${fontKey}:${glyphs.join(",")}`;
    const dict = { Subtype: embedder.isCFF() ? "CIDFontType0C" : undefined };
    let program = recentlyUsed(fontPrograms, key);
    if (program) {
      fontProgramCounts.reused++;
    } else {
      fontProgramCounts.compressed++;
      // pdf-lib's own flateStream, not the template's (which would keep these bytes a second time)
      const stream = PDFContext.prototype.flateStream.call(context, await embedder.serializeFont(), dict);
      program = stream.getContents();
      keep(fontPrograms, key, program, FONT_PROGRAM_LIMIT);
    }
    return context.register(context.stream(program, { ...dict, Filter: "FlateDecode" }));
  };
}

/** The entry of `key`, moved to the end of the Map's order (where it is dropped last): the caches here drop the least recently used. */
function recentlyUsed<V>(cache: Map<string, V>, key: string): V | undefined {
  const value = cache.get(key);
  if (value !== undefined) {
    cache.delete(key);
    cache.set(key, value);
  }
  return value;
}

/** Keeps `value`, dropping the least recently used entry when the cache holds `limit`. */
function keep<V>(cache: Map<string, V>, key: string, value: V, limit: number): void {
  if (cache.size >= limit) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, value);
}

/** Compressed streams by the SHA-256 of their contents (a template's CMaps, mostly): see below. */
const compressed = new Map<string, Uint8Array>();
const COMPRESSED_LIMIT = 256;

/**
 * Makes a template's `context.flateStream` (pdf-lib compresses each font's ToUnicode CMap with it)
 * take the compressed bytes of the same contents from `compressed`: compressing is a pure function of
 * the contents, so the stream is the one pdf-lib would write (the golden tests hold them equal).
 */
function reuseCompressedStreams(context: PDFContext): void {
  const flateStream = context.flateStream.bind(context);
  context.flateStream = (contents, dict = {}) => {
    const bytes = typeof contents === "string" ? latin1(contents) : contents;
    const key = sha256Hex(bytes);
    let deflated = recentlyUsed(compressed, key);
    if (!deflated) {
      deflated = flateStream(bytes, dict).getContents();
      keep(compressed, key, deflated, COMPRESSED_LIMIT);
    }
    return context.stream(deflated, { ...dict, Filter: "FlateDecode" });
  };
}

/** Glyphs in a font's subset so far (pdf-lib keeps its embedder private). */
function subsetSize(pdfFont: PDFFont): number {
  const embedder = (pdfFont as unknown as { embedder?: { subset?: { glyphs?: unknown[] } } }).embedder;
  const glyphs = embedder?.subset?.glyphs;
  if (!Array.isArray(glyphs)) throw new Error("unsupported pdf-lib version: no font subset");
  return glyphs.length;
}

function bytesOf(object: { sizeInBytes(): number; copyBytesInto(buffer: Uint8Array, offset: number): number }): Uint8Array {
  const bytes = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(bytes, 0);
  return bytes;
}

function latin1(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

async function templateFor(input: RenderableInput, texts: Texts, name: string): Promise<Template> {
  // The name is set in DejaVu Serif Bold Italic unless it has characters only Sans covers.
  const nameFont: FontKey = hasAllGlyphs("serifBoldItalic", name) ? "serifBoldItalic" : "sansBold";
  const measured = nameBlock(nowhere, await measuring(), name, nameFont);
  const values: Record<Role, string> = {
    url: required(input.verifyUrl, "verifyUrl"),
    serial: required(input.serial, "serial") + required(input.verificationCode, "verificationCode"),
    name,
  };
  const extra: Partial<Record<FontKey, string>> = {};
  for (const [font, role] of roles(nameFont)) {
    const chars = extraChars(values[role], repertoire(font, nameFont));
    if (chars) extra[font] = extraChars((extra[font] ?? "") + chars, "");
  }
  const key: TemplateKey = {
    locale: input.locale,
    texts: { t: { ...texts.t, meta: { title: "", subject: "" } }, en: texts.en && { ...texts.en, meta: { title: "", subject: "" } } },
    institute: signatoryKey(input.institute),
    stateSignatory: signatoryKey(input.stateSignatory),
    nameFont,
    nameBlock: { gap: measured.gap, depth: measured.depth },
    extra,
  };
  const keyText = JSON.stringify(key);
  let template = recentlyUsed(templates, keyText);
  if (!template) {
    template = buildTemplate(input, key, keyText);
    keep(templates, keyText, template, CACHE_LIMIT);
    template.catch(() => templates.delete(keyText));
  }
  return template;
}

/** Draws a certificate from its edition's template: layout version 3 (see the top of this file). */
export async function drawFromTemplate(input: RenderableCertificate, version: number): Promise<Uint8Array> {
  validate(input);
  const texts: Texts = { t: input.texts.primary, en: input.texts.english };
  const { year, month, day } = parseIsoDate(input.issuedOn);
  const issued = new Date(Date.UTC(year, month - 1, day));
  const serial = required(input.serial, "serial");
  const name = required(input.traineeName, "traineeName");
  const template = await templateFor(input, texts, name);

  const canvas = new OperatorCanvas(template.fontNames);
  const nameFont: FontKey = hasAllGlyphs("serifBoldItalic", name) ? "serifBoldItalic" : "sansBold";
  nameBlock(canvas, template.fonts, name, nameFont).draw(template.nameY);
  drawFooter(canvas, template.fonts, input, texts, (_page, text, placement) => {
    const { content, drawn } = qrContent(text, placement);
    canvas.raw(content);
    return drawn;
  });
  for (const [pdfFont, count] of template.glyphCounts) {
    if (subsetSize(pdfFont) !== count) throw new Error(`certificate ${serial}: a glyph outside its template's fonts`);
  }

  const stream = zlibSync(latin1(canvas.content));

  const info = PDFDict.withContext(scratch);
  info.set(PDFName.of("Title"), PDFHexString.fromText(texts.t.meta.title));
  info.set(PDFName.of("Subject"), PDFHexString.fromText(texts.t.meta.subject));
  info.set(PDFName.of("Author"), PDFHexString.fromText(AUTHOR));
  info.set(PDFName.of("Keywords"), PDFHexString.fromText(serial));
  info.set(PDFName.of("Producer"), PDFHexString.fromText(producer(version)));
  info.set(PDFName.of("Creator"), PDFHexString.fromText(CREATOR));
  info.set(PDFName.of("CreationDate"), PDFString.fromDate(issued));
  info.set(PDFName.of("ModDate"), PDFString.fromDate(issued));
  const id = PDFHexString.of(sha256Hex(new TextEncoder().encode(`aula-certificate:${serial}`)).slice(0, 32)).toString();

  const start = template.prefix.length;
  const contentHead = latin1(`${template.contentNumber} 0 obj\n<<\n/Length ${stream.length}\n/Filter /FlateDecode\n>>\nstream\n`);
  const contentTail = latin1("\nendstream\nendobj\n\n");
  const infoObject = latin1(`${template.infoNumber} 0 obj\n${info.toString()}\nendobj\n\n`);
  const offsets = template.offsets.slice();
  offsets[template.contentNumber] = start;
  offsets[template.infoNumber] = start + contentHead.length + stream.length + contentTail.length;
  const xrefAt = offsets[template.infoNumber] + infoObject.length;
  let xref = `xref\n0 ${offsets.length}\n0000000000 65535 f \n`;
  for (let n = 1; n < offsets.length; n++) {
    xref += offsets[n] === undefined ? "0000000000 65535 f \n" : `${String(offsets[n]).padStart(10, "0")} 00000 n \n`;
  }
  xref += `trailer\n<<\n/Size ${offsets.length}\n/Root ${template.root.toString()}\n/Info ${template.infoNumber} 0 R\n/ID [${id} ${id}]\n>>\nstartxref\n${xrefAt}\n%%EOF`;
  const tail = latin1(xref);
  return concat(
    [template.prefix, contentHead, stream, contentTail, infoObject, tail],
    start + contentHead.length + stream.length + contentTail.length + infoObject.length + tail.length,
  );
}

