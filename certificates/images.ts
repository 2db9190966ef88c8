/**
 * Signature images. The same few signatures appear on many certificates, and
 * embedPng decodes the PNG, splits off its alpha channel and deflates both on
 * every call (several ms). Here that work is done once per distinct PNG: the
 * compressed image and soft-mask streams pdf-lib produced are kept and copied
 * into each new document. The PDF objects are the ones embedPng would write.
 */
import { createHash } from "node:crypto";
import {
  type PDFDict,
  PDFDocument,
  PDFName,
  type PDFPage,
  PDFRawStream,
  type PDFRef,
  degrees,
  drawImage,
} from "pdf-lib";

interface PreparedStream {
  dict: PDFDict;
  contents: Uint8Array;
}

interface PreparedPng {
  width: number;
  height: number;
  image: PreparedStream;
  softMask: PreparedStream | null;
}

const CACHE_LIMIT = 64;
const prepared = new Map<string, Promise<PreparedPng>>();

function rawStream(doc: PDFDocument, ref: PDFRef | undefined): PreparedStream {
  const stream = ref ? doc.context.lookup(ref) : undefined;
  if (!(stream instanceof PDFRawStream)) throw new Error("embedPng did not produce a raw image stream");
  return { dict: stream.dict, contents: stream.getContents() };
}

async function preparePng(bytes: Uint8Array): Promise<PreparedPng> {
  const scratch = await PDFDocument.create({ updateMetadata: false });
  const image = await scratch.embedPng(bytes);
  await image.embed();
  const main = rawStream(scratch, image.ref);
  const softMaskRef = main.dict.get(PDFName.of("SMask"));
  return {
    width: image.width,
    height: image.height,
    image: main,
    softMask: softMaskRef ? rawStream(scratch, softMaskRef as PDFRef) : null,
  };
}

function copyStream(doc: PDFDocument, source: PreparedStream): PDFRawStream {
  return PDFRawStream.of(source.dict.clone(doc.context), source.contents);
}

export interface EmbeddedPng {
  ref: PDFRef;
  width: number;
  height: number;
}

/** Embeds a PNG into `doc`, reusing the decoded and compressed data of earlier calls. */
export async function embedCachedPng(doc: PDFDocument, bytes: Uint8Array): Promise<EmbeddedPng> {
  const key = createHash("sha256").update(bytes).digest("hex");
  let entry = prepared.get(key);
  if (!entry) {
    if (prepared.size >= CACHE_LIMIT) {
      const oldest = prepared.keys().next().value;
      if (oldest !== undefined) prepared.delete(oldest);
    }
    entry = preparePng(bytes);
    prepared.set(key, entry);
    entry.catch(() => prepared.delete(key));
  }
  const png = await entry;
  const stream = copyStream(doc, png.image);
  if (png.softMask) stream.dict.set(PDFName.of("SMask"), doc.context.register(copyStream(doc, png.softMask)));
  return { ref: doc.context.register(stream), width: png.width, height: png.height };
}

/** Draws an embedded PNG, as PDFPage.drawImage does for a PDFImage. */
export function drawEmbeddedPng(
  page: PDFPage,
  png: EmbeddedPng,
  box: { x: number; y: number; width: number; height: number },
): void {
  const name = page.node.newXObject("Image", png.ref);
  page.pushOperators(
    ...drawImage(name, { ...box, rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) }),
  );
}
