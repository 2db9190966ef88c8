/**
 * A cheap structural check for uploaded signature images: PNG signature, a
 * well-formed IHDR chunk (with a correct CRC) and plausible dimensions. It does
 * not decode the image; pdf-lib's embedPng does that when rendering.
 */

export const SIGNATURE_MAX = { width: 2000, height: 1000 } as const;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Allowed bit depths per PNG colour type (PNG spec, table 11.1). */
const BIT_DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

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
  for (let i = start; i < end; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
}

/** Reads the IHDR of a PNG, or returns null when the bytes are not a sound PNG header. */
export function readPngHeader(bytes: Uint8Array): PngInfo | null {
  // signature (8) + IHDR length/type (8) + IHDR data (13) + CRC (4) + IEND chunk (12)
  if (!(bytes instanceof Uint8Array) || bytes.length < 8 + 8 + 13 + 4 + 12) return null;
  for (let i = 0; i < PNG_SIGNATURE.length; i++) if (bytes[i] !== PNG_SIGNATURE[i]) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8) !== 13) return null;
  if (String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]) !== "IHDR") return null;
  if (view.getUint32(29) !== crc32(bytes, 12, 29)) return null;
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const bitDepth = bytes[24];
  const colorType = bytes[25];
  const [compression, filter, interlace] = [bytes[26], bytes[27], bytes[28]];
  if (!BIT_DEPTHS[colorType]?.includes(bitDepth)) return null;
  if (compression !== 0 || filter !== 0 || interlace > 1) return null;
  return { width, height, bitDepth, colorType };
}

/**
 * True for a PNG whose header is well-formed and whose dimensions are at
 * least 1×1 and at most 2000×1000 pixels.
 */
export function assertPng(bytes: Uint8Array): boolean {
  const info = readPngHeader(bytes);
  if (!info) return false;
  return (
    info.width >= 1 &&
    info.height >= 1 &&
    info.width <= SIGNATURE_MAX.width &&
    info.height <= SIGNATURE_MAX.height
  );
}
