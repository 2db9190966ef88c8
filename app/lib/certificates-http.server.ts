import { bodyRefusal, fileBytes, tryReadForm } from "./upload.server";

/**
 * HTTP helpers of the certificate routes: a token bucket per client address for the public
 * verification pages, and reading one uploaded file with a size limit.
 */

export interface TokenBucket {
  /** Takes one token for `key`; when none is left says how many seconds until the next one. */
  take(key: string, now?: number): { ok: true } | { ok: false; retryAfter: number };
  reset(): void;
}

/** `capacity` requests at once, refilled at `perMinute` a minute. In memory: one process, forgotten on restart. */
export function tokenBucket({ capacity, perMinute, maxKeys = 10_000 }: { capacity: number; perMinute: number; maxKeys?: number }): TokenBucket {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const rate = perMinute / 60_000; // tokens per ms
  return {
    take(key, now = Date.now()) {
      let b = buckets.get(key);
      if (b) {
        b.tokens = Math.min(capacity, b.tokens + (now - b.at) * rate);
        b.at = now;
      } else {
        if (buckets.size >= maxKeys) {
          // forget the addresses whose bucket has refilled: they lose nothing
          for (const [k, v] of buckets) if (v.tokens + (now - v.at) * rate >= capacity) buckets.delete(k);
          if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value as string);
        }
        b = { tokens: capacity, at: now };
        buckets.set(key, b);
      }
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfter: Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000)) };
    },
    reset() {
      buckets.clear();
    },
  };
}

/** The public verification pages: 30 requests a minute per client address. */
export const verifyLimiter = tokenBucket({ capacity: 30, perMinute: 30 });

/** Throws a 429 (the route's error boundary shows a translated page) when the address is over its budget. */
export function limitVerification(context: { ip?: string } | undefined): void {
  const result = verifyLimiter.take(context?.ip ?? "unknown");
  if (!result.ok) {
    throw new Response("Too many requests", { status: 429, headers: { "Retry-After": String(result.retryAfter) } });
  }
}

export type UploadResult =
  | { ok: true; bytes: Uint8Array; fields: FormData }
  | { ok: false; reason: "tooLarge" | "missing"; fields: FormData | null };

/**
 * Reads a multipart form with one file field through the one body reader (app/lib/upload.server.ts):
 * streamed, and stopped as soon as the file is over `maxBytes`. A body that is not a readable form
 * (or a text field over its limit) is thrown as a 400/413 response.
 */
export async function readUpload(request: Request, field: string, maxBytes: number, optional = false): Promise<UploadResult> {
  const read = await tryReadForm(request, { files: { [field]: maxBytes }, maxFieldBytes: 16 * 1024 });
  if (!read.ok) {
    if (read.field === field) return { ok: false, reason: "tooLarge", fields: null };
    throw bodyRefusal(read);
  }
  const form = read.form;
  const bytes = await fileBytes(form, field);
  if (!bytes) return optional ? { ok: true, bytes: new Uint8Array(0), fields: form } : { ok: false, reason: "missing", fields: form };
  return { ok: true, bytes, fields: form };
}
