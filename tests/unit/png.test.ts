/**
 * Signature images (certificates/png.ts): decoded in full and re-encoded at upload, refused fast
 * when the header declares an enormous image or the image data is broken.
 */
import { crc32, deflateSync } from "node:zlib";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { canonicalPng, SIGNATURE_MAX } from "../../certificates/png";
import { cpuMark, cpuMsSince } from "../cpu-time";

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), Buffer.from(data)]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG built by hand: IHDR of the given size (8-bit RGBA), then the given IDAT data (if any). */
function handmade(width: number, height: number, idat?: Uint8Array): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", ihdr),
      ...(idat ? [chunk("IDAT", idat)] : []),
      chunk("IEND", new Uint8Array(0)),
    ]),
  );
}

function realPng(width: number, height: number, opts: { colorType?: 2 | 6; text?: string } = {}): Uint8Array {
  const png = new PNG({ width, height, colorType: opts.colorType ?? 6 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([i % 251, 40, 90, 255], i);
  const bytes = PNG.sync.write(png, { colorType: opts.colorType ?? 6 });
  if (!opts.text) return new Uint8Array(bytes);
  // an ancillary tEXt chunk before IEND: metadata that must not survive
  const iend = bytes.length - 12;
  return new Uint8Array(Buffer.concat([bytes.subarray(0, iend), chunk("tEXt", Buffer.from(`Comment\0${opts.text}`)), bytes.subarray(iend)]));
}

describe("canonicalPng", () => {
  it("re-encodes a real PNG to canonical RGBA bytes without its metadata, pixels unchanged", () => {
    const original = realPng(120, 40, { colorType: 2, text: "made with a tracking editor" });
    const checked = canonicalPng(original);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(Buffer.from(checked.png).includes(Buffer.from("tracking"))).toBe(false);
    const a = PNG.sync.read(Buffer.from(original));
    const b = PNG.sync.read(Buffer.from(checked.png));
    expect([b.width, b.height]).toEqual([120, 40]);
    expect(Buffer.compare(a.data, b.data)).toBe(0);
    // canonical: the same image gives the same bytes, and canonical bytes are a fixed point
    expect(canonicalPng(checked.png)).toEqual(checked);
  });

  it("refuses a header-only PNG and one whose IDAT is not zlib data", () => {
    expect(canonicalPng(handmade(100, 50))).toEqual({ ok: false, reason: "corrupt" });
    const started = cpuMark(); // CPU time: the bound holds on a busy machine
    const notZlib = new Uint8Array(8192).map((_, i) => (i * 131 + 17) % 256);
    expect(canonicalPng(handmade(360, 110, notZlib))).toEqual({ ok: false, reason: "corrupt" });
    // zlib, but not the image's data (too short for 360 × 110)
    expect(canonicalPng(handmade(360, 110, deflateSync(Buffer.from("short"))))).toEqual({ ok: false, reason: "corrupt" });
    expect(cpuMsSince(started)).toBeLessThan(1000);
  });

  it("refuses 50,000 × 50,000 declared pixels from the header, without allocating them", () => {
    // 10 GB of RGBA if decoded; the IDAT is a small valid deflate stream of zeros
    const huge = handmade(50_000, 50_000, deflateSync(Buffer.alloc(1024 * 1024)));
    const before = process.memoryUsage().rss;
    const started = cpuMark(); // CPU time: the bound holds on a busy machine
    expect(canonicalPng(huge)).toEqual({ ok: false, reason: "dimensions" });
    expect(cpuMsSince(started)).toBeLessThan(200);
    expect(process.memoryUsage().rss - before).toBeLessThan(20 * 1024 * 1024);
  });

  it("refuses an IDAT that inflates to more than the declared size (zlib bomb)", () => {
    const bomb = handmade(SIGNATURE_MAX.width, SIGNATURE_MAX.height, deflateSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 }));
    expect(bomb.length).toBeLessThan(SIGNATURE_MAX.bytes);
    expect(canonicalPng(bomb)).toEqual({ ok: false, reason: "corrupt" });
  });

  it("refuses over the byte limit, JPEGs and text", () => {
    expect(canonicalPng(realPng(10, 10), { maxBytes: 20, maxWidth: 100, maxHeight: 100 })).toEqual({ ok: false, reason: "tooLarge" });
    expect(canonicalPng(new TextEncoder().encode("GIF89a not a png at all, not at all"))).toEqual({ ok: false, reason: "notPng" });
    expect(canonicalPng(realPng(2001, 10))).toEqual({ ok: false, reason: "dimensions" });
  });
});
