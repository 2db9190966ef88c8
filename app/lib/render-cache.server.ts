/**
 * The render cache (docs/decisions/009-what-a-page-costs.md, third round). A document's HTML is a pure
 * function of the build, the URL, the matched routes, the loader data, the action data and the status (the
 * language is in the root loader's data). `entry.server.tsx` keys rendered documents by a hash of exactly
 * those inputs; loaders (sessions, authorization) run on every request and decide the key, so a cached page
 * is only ever the page those very inputs render.
 */
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gzip } from "node:zlib";

/** A rendered document: its bytes, gzipped once, and the hashes of its own inline scripts (CSP). */
export interface CachedPage {
  html: Buffer;
  gzip: Buffer;
  scriptHashes: string[];
}

/** A least-recently-used map bounded by the bytes of what it holds. */
export class ByteLru<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private used = 0;
  constructor(
    readonly maxBytes: number,
    /** Entries larger than this are never kept (one huge board must not empty the cache). */
    readonly maxEntryBytes = Math.floor(maxBytes / 8),
  ) {}

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    // most recently used last
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  /** Keeps `value` (unless it alone is over maxEntryBytes) and drops the least recently used past the bound. */
  set(key: string, value: V, bytes: number): boolean {
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.used -= old.bytes;
    }
    if (bytes > this.maxEntryBytes || bytes > this.maxBytes) return false;
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    for (const [k, e] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(k);
      this.used -= e.bytes;
    }
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }
}

/** Thrown by `canonical` for a value whose rendering it cannot vouch for (promises, class instances…). */
class Uncacheable extends Error {}

/**
 * An exact text form of loader data: JSON's, plus what JSON loses (undefined, NaN, ±Infinity, Dates, bigints),
 * with the objects' own key order kept (a page may render `Object.entries` in that order, so two objects that
 * differ only in key order are different inputs). Anything else — promises (deferred data), Maps, class
 * instances, functions — makes the document uncacheable.
 */
function canonical(value: unknown, out: string[], depth = 0): void {
  if (depth > 64) throw new Uncacheable();
  if (value === null) out.push("null");
  else if (value === undefined) out.push("~u");
  else if (typeof value === "string") out.push(JSON.stringify(value));
  else if (typeof value === "boolean") out.push(value ? "true" : "false");
  else if (typeof value === "number") out.push(Number.isFinite(value) ? (Object.is(value, -0) ? "-0" : String(value)) : `~${value}`);
  else if (typeof value === "bigint") out.push(`~${value}n`);
  else if (Array.isArray(value)) {
    out.push("[");
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(",");
      canonical(value[i], out, depth + 1);
    }
    out.push("]");
  } else if (value instanceof Date) out.push(`~d${value.getTime()}`);
  else if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new Uncacheable();
    out.push("{");
    let first = true;
    for (const k of Object.keys(value)) {
      if (!first) out.push(",");
      first = false;
      out.push(JSON.stringify(k), ":");
      canonical((value as Record<string, unknown>)[k], out, depth + 1);
    }
    out.push("}");
  } else throw new Uncacheable();
}

export interface RenderInputs {
  /** The build's version (its manifest's). */
  build: string;
  /** The request's full URL (origin, path and query). */
  url: string;
  status: number;
  /** Route id, params and pathname of each matched route, in order. */
  matches: { id: string; params: unknown; pathname: string }[];
  loaderData: unknown;
  actionData: unknown;
}

/** The cache key of a document: a SHA-256 of its render inputs; null when they cannot be keyed. */
export function renderKey(inputs: RenderInputs): string | null {
  const out: string[] = [];
  try {
    canonical([inputs.build, inputs.url, inputs.status, inputs.matches, inputs.loaderData, inputs.actionData], out);
  } catch (err) {
    if (err instanceof Uncacheable) return null;
    throw err;
  }
  return createHash("sha256").update(out.join("")).digest("base64url");
}

/**
 * The inline scripts this render produced — those carrying `marker`, a nonce made for this render only, after
 * the loader data was fixed, so no data can forge it — hashed for the Content-Security-Policy, with the marker
 * removed. An inline script without the marker (markup smuggled in through data) gets no hash: the browser
 * refuses it, as it refused a script without the nonce.
 */
export function hashInlineScripts(html: string, marker: string): { html: string; hashes: string[] } {
  const hashes: string[] = [];
  const attr = ` nonce="${marker}"`;
  const out = html.replace(/<script\b([^>]*)>([\s\S]*?)<\/script>/g, (whole, attrs: string, body: string) => {
    if (!attrs.includes(attr) || /\ssrc=/.test(attrs)) return whole;
    const hash = `sha256-${createHash("sha256").update(body, "utf8").digest("base64")}`;
    if (!hashes.includes(hash)) hashes.push(hash);
    return whole;
  });
  // the marker itself is no credential any more (the policy lists hashes): it leaves the document
  return { html: out.split(attr).join(""), hashes };
}

/** A document handed to the front cache (scripts/front-cache.ts): its status, headers (no encoding or length) and bytes. */
export interface KeptDocument {
  status: number;
  headers: [string, string][];
  html: Buffer;
  gzip: Buffer;
}

const gzipOffThread = promisify(gzip);

/**
 * A rendered document to keep, gzipped once. The compression runs on libuv's thread pool, not on the event
 * loop: a fifth of a first render's CPU, which other requests no longer wait behind (seventh round).
 */
export async function cachedPage(html: string, scriptHashes: string[]): Promise<{ page: CachedPage; bytes: number }> {
  const body = Buffer.from(html, "utf8");
  const zipped = await gzipOffThread(body);
  const bytes = body.length + zipped.length + scriptHashes.reduce((n, h) => n + h.length, 0) + 200;
  return { page: { html: body, gzip: zipped, scriptHashes }, bytes };
}

/** Whether an Accept-Encoding header accepts gzip (`gzip`, `x-gzip` or `*`, not with q=0). */
export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  for (const part of header.split(",")) {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    if (coding !== "gzip" && coding !== "x-gzip" && coding !== "*") continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    if (!q || Number(q.slice(2)) > 0) return true;
  }
  return false;
}

export const RENDER_CACHE_BYTES = 32 * 1024 * 1024;

/** The process's cache of rendered documents. */
export const renderCache = new ByteLru<CachedPage>(RENDER_CACHE_BYTES);
