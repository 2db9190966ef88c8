/**
 * What the demo needs to look lived-in yet come out the same on every run: a seeded pseudo-random
 * generator (mulberry32) and a drawn signature image (pngjs), both fictitious and deterministic.
 */
import { PNG } from "pngjs";

/** A small seeded PRNG: the same seed gives the same sequence, on every machine. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** An integer in [min, max]. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    /** True with probability p. */
    chance: (p: number) => next() < p,
  };
}

/** A number from a text, to seed a signature from a person's name. */
function hashText(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return h >>> 0;
}

/**
 * A handwritten-looking signature of a fictitious person: a few loops and a flourish in dark ink on a
 * transparent background, drawn from a seed made of their name. 360 × 110, RGBA, like an upload.
 */
export function drawnSignature(name: string, { width = 360, height = 110 } = {}): Buffer {
  const png = new PNG({ width, height });
  png.data.fill(0); // transparent
  const rnd = seededRandom(hashText(name));
  const ink = [22, 35, 92]; // dark blue
  const stamp = (x: number, y: number, r: number) => {
    for (let dy = -Math.ceil(r); dy <= Math.ceil(r); dy++) {
      for (let dx = -Math.ceil(r); dx <= Math.ceil(r); dx++) {
        const d = Math.hypot(dx, dy);
        if (d > r + 0.5) continue;
        const px = Math.round(x + dx);
        const py = Math.round(y + dy);
        if (px < 0 || py < 0 || px >= width || py >= height) continue;
        const i = (py * width + px) * 4;
        const alpha = Math.round(255 * Math.min(1, r + 0.5 - d));
        if (alpha <= png.data[i + 3]!) continue;
        png.data[i] = ink[0]!;
        png.data[i + 1] = ink[1]!;
        png.data[i + 2] = ink[2]!;
        png.data[i + 3] = alpha;
      }
    }
  };
  // the name's letters as a run of cursive loops moving right (each its own height), then a flourish
  const loops = 6 + rnd.int(0, 4);
  const heights = Array.from({ length: loops + 1 }, () => 0.5 + rnd.next() * 0.7);
  const left = 22;
  const right = width - 30;
  const mid = height * 0.5;
  const amp = height * 0.22;
  const steps = 900;
  for (let s = 0; s <= steps; s++) {
    const t = s / steps;
    const theta = t * Math.PI * 2 * loops;
    const h = heights[Math.floor(t * loops)]!;
    const x = left + (right - left) * t - 16 * Math.sin(theta);
    const y = mid - amp * h * Math.cos(theta) + 6 * Math.sin(t * Math.PI * 2);
    stamp(x, y, 1.3 + 0.5 * Math.abs(Math.sin(theta / 2)));
  }
  const fy = height * 0.8;
  for (let s = 0; s <= 300; s++) {
    const t = s / 300;
    const x = left + 10 + (right - left - 20) * t;
    const y = fy - Math.sin(t * Math.PI) * 10 + t * 4;
    stamp(x, y, 1.2 + (1 - t));
  }
  return PNG.sync.write(png, { deflateLevel: 6, filterType: 4 });
}
