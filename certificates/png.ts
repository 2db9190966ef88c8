/**
 * Signature images, made safe at upload. A PNG is checked in three steps, each cheaper than the next:
 * 1. the byte size and the IHDR (signature, CRC, bit depth, dimensions) — a 50,000 × 50,000 image is
 *    refused here, before any pixel memory is allocated;
 * 2. the IDAT stream inflated with a ceiling on its output (the size the header's dimensions imply),
 *    so a zlib bomb or data that is not zlib at all is refused in milliseconds;
 * 3. a full decode with a maintained decoder (pngjs), then a re-encode to canonical 8-bit RGBA bytes
 *    without ancillary chunks. Only those canonical bytes are stored.
 * Rendering checks again (cached per distinct image), so an image stored before these checks can
 * only fail fast, never hang pdf-lib's decoder.
 */
import { createHash } from "node:crypto";
import { inflateSync } from "node:zlib";
import { PNG } from "pngjs";

export const SIGNATURE_MAX = { width: 2000, height: 1000, bytes: 500 * 1024 } as const;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Allowed bit depths per PNG colour type (PNG spec, table 11.1). */
const BIT_DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};
/** Samples per pixel per colour type. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

let crcTable: Uint32Array | undefined;

function crc32(bytes: Uint8Array, start: number, end: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
}

/** Reads the IHDR of a PNG, or returns null when the bytes are not a sound PNG header. */
export function readPngHeader(bytes: Uint8Array): PngInfo | null {
  // signature (8) + IHDR length/type (8) + IHDR data (13) + CRC (4) + IEND chunk (12)
  if (!(bytes instanceof Uint8Array) || bytes.length < 8 + 8 + 13 + 4 + 12) return null;
  for (let i = 0; i < PNG_SIGNATURE.length; i++) if (bytes[i] !== PNG_SIGNATURE[i]) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8) !== 13) return null;
  if (String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!) !== "IHDR") return null;
  if (view.getUint32(29) !== crc32(bytes, 12, 29)) return null;
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const bitDepth = bytes[24]!;
  const colorType = bytes[25]!;
  const [compression, filter, interlace] = [bytes[26]!, bytes[27]!, bytes[28]!];
  if (!BIT_DEPTHS[colorType]?.includes(bitDepth)) return null;
  if (compression !== 0 || filter !== 0 || interlace > 1) return null;
  return { width, height, bitDepth, colorType, interlace };
}

export type PngRefusal = "notPng" | "tooLarge" | "dimensions" | "corrupt";
export type PngCheck = { ok: true; png: Uint8Array; width: number; height: number } | { ok: false; reason: PngRefusal };

export interface PngLimits {
  maxBytes: number;
  maxWidth: number;
  maxHeight: number;
}

const SIGNATURE_LIMITS: PngLimits = { maxBytes: SIGNATURE_MAX.bytes, maxWidth: SIGNATURE_MAX.width, maxHeight: SIGNATURE_MAX.height };

/** The concatenated IDAT data, or null when the chunk structure (lengths, CRCs, IEND) is broken. */
function idatOf(bytes: Uint8Array): Uint8Array | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [];
  let p = 8;
  while (p + 12 <= bytes.length) {
    const length = view.getUint32(p);
    const end = p + 8 + length;
    if (end + 4 > bytes.length) return null;
    if (view.getUint32(end) !== crc32(bytes, p + 4, end)) return null;
    const type = String.fromCharCode(bytes[p + 4]!, bytes[p + 5]!, bytes[p + 6]!, bytes[p + 7]!);
    if (type === "IDAT") parts.push(bytes.subarray(p + 8, end));
    if (type === "IEND") return parts.length > 0 ? Buffer.concat(parts) : null;
    p = end + 4;
  }
  return null;
}

/**
 * Decodes a PNG within `limits` and re-encodes it to canonical bytes (8-bit RGBA, no ancillary
 * chunks). Never throws; refuses with a reason a person can be told.
 */
export function canonicalPng(bytes: Uint8Array, limits: PngLimits = SIGNATURE_LIMITS): PngCheck {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) return { ok: false, reason: "notPng" };
  if (bytes.length > limits.maxBytes) return { ok: false, reason: "tooLarge" };
  const info = readPngHeader(bytes);
  if (!info) return { ok: false, reason: "notPng" };
  if (info.width < 1 || info.height < 1 || info.width > limits.maxWidth || info.height > limits.maxHeight) {
    return { ok: false, reason: "dimensions" };
  }
  const idat = idatOf(bytes);
  if (!idat) return { ok: false, reason: "corrupt" };
  // What the header's dimensions allow, with room for interlacing's extra filter bytes.
  const rowBytes = Math.ceil((info.width * info.bitDepth * (CHANNELS[info.colorType] ?? 4)) / 8);
  const ceiling = info.height * rowBytes + 4 * info.height + 64;
  try {
    const raw = inflateSync(idat, { maxOutputLength: ceiling });
    if (raw.length === 0) return { ok: false, reason: "corrupt" };
    const decoded = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (decoded.width !== info.width || decoded.height !== info.height) return { ok: false, reason: "corrupt" };
    const png = PNG.sync.write(decoded, { colorType: 6, inputColorType: 6, bitDepth: 8, inputHasAlpha: true });
    return { ok: true, png: new Uint8Array(png), width: decoded.width, height: decoded.height };
  } catch {
    return { ok: false, reason: "corrupt" };
  }
}

const verdicts = new Map<string, boolean>();

/**
 * True for a PNG that decodes fully and whose dimensions are at least 1×1 and at most
 * 2000×1000 pixels. Remembered per distinct image (rendering asks once per certificate).
 */
export function assertPng(bytes: Uint8Array): boolean {
  if (!(bytes instanceof Uint8Array)) return false;
  const key = createHash("sha256").update(bytes).digest("hex");
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  const ok = canonicalPng(bytes).ok;
  if (verdicts.size >= 256) verdicts.delete(verdicts.keys().next().value as string);
  verdicts.set(key, ok);
  return ok;
}
