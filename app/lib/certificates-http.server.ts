/**
 * HTTP helpers of the certificate routes: the request limit of the public verification pages, and
 * reading one uploaded file with a size limit.
 */
import { getDb } from "~db/index.server";
import { clearLimits, formLimits, hitLimit } from "~/auth/rate-limit.server";

/**
 * The public verification pages: 30 requests a minute per client address, counted in the database
 * (app/auth/rate-limit.server.ts) so that the limit holds across processes and restarts.
 */
export const verifyLimiter = {
  take(key: string, now = Date.now()): { ok: true } | { ok: false; retryAfter: number } {
    const r = hitLimit(getDb(), formLimits().verify.address, key, now);
    return r.ok ? r : { ok: false, retryAfter: r.retryAfterSeconds };
  },
  /** Forgets every address's count (tests). */
  reset(): void {
    clearLimits(getDb(), [formLimits().verify.address.name]);
  },
};

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
 * Reads a multipart form with one file field. Refuses before reading when the declared body is
 * larger than the limit (plus room for the other fields), and again on the file's real size.
 */
export async function readUpload(request: Request, field: string, maxBytes: number, optional = false): Promise<UploadResult> {
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > maxBytes + 64 * 1024) return { ok: false, reason: "tooLarge", fields: null };
  const form = await request.formData();
  const file = form.get(field);
  if (!file || typeof file === "string" || file.size === 0) {
    return optional ? { ok: true, bytes: new Uint8Array(0), fields: form } : { ok: false, reason: "missing", fields: form };
  }
  if (file.size > maxBytes) return { ok: false, reason: "tooLarge", fields: form };
  return { ok: true, bytes: new Uint8Array(await file.arrayBuffer()), fields: form };
}
