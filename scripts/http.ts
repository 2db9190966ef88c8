/**
 * The Express layer's defences, in front of Remix (used by scripts/start.ts):
 * - `refuseCrossOrigin`: a POST/PUT/PATCH/DELETE from another origin is refused with 403 before
 *   anything is read or written — document, `.data` (single fetch) and legacy `?_data=` requests
 *   alike. Same-site is not enough: a sibling app on another port or subdomain is same-site.
 * - `remixHandler`: @remix-run/express's handler with a global cap on every request body (12 MB for
 *   multipart uploads, 1 MB for anything else), enforced while streaming; and what is left of a body
 *   answered early is read and dropped, within bounds.
 * - `refuseLegacyData`: legacy `?_data=` requests answered 400.
 * - `dropMalformedCookies`: a cookie that cannot be decoded is ignored, not a 500 on every page.
 * Routes read bodies through app/lib/upload.server.ts, whose per-field limits are tighter.
 */
import { Transform, type TransformCallback } from "node:stream";
import {
  type AppLoadContext,
  createReadableStreamFromReadable,
  createRequestHandler,
  type ServerBuild,
  writeReadableStreamToWritable,
} from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { answerBusyDatabase } from "../app/lib/busy.server";
import { DEFAULT_LOCALE, LOCALE_COOKIE, isLocale, type Locale } from "../app/i18n/config";
import { fixedT, fromAcceptLanguage, readCookie } from "../app/i18n/i18n.server";

/** The largest body of any upload (the assignment's 10 MB file plus its form), and of anything else. */
export const BODY_CAP = { multipart: 12 * 1024 * 1024, other: 1024 * 1024 } as const;

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function localeOf(req: ExpressRequest): Locale {
  const cookie = readCookie(req.get("cookie") ?? null, LOCALE_COOKIE);
  if (isLocale(cookie)) return cookie;
  return fromAcceptLanguage(req.get("accept-language") ?? null) ?? DEFAULT_LOCALE;
}

/**
 * Legacy Remix data requests (`?_data=`): this app uses single fetch (`.data`), so its pages never
 * make them; they are answered 400 before Remix, which would otherwise log a stack trace for each.
 */
export function refuseLegacyData(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  if (new URL(req.originalUrl, "http://x").searchParams.has("_data")) {
    refuse(req, res, 400, "errors.body.legacyData");
    return;
  }
  next();
}

/**
 * Cookies whose value is not valid percent-encoding (e.g. `aula_lng=%E0%A4%A`) are dropped before
 * Remix sees them: cookie parsers throw on them, which would break every page for that browser.
 */
export function dropMalformedCookies(req: ExpressRequest, _res: ExpressResponse, next: NextFunction) {
  const header = req.headers.cookie;
  if (header) {
    const kept = header.split(";").filter((pair) => {
      try {
        decodeURIComponent(pair);
        return true;
      } catch {
        return false;
      }
    });
    if (kept.length === 0) delete req.headers.cookie;
    else req.headers.cookie = kept.join(";");
  }
  next();
}

/** A short answer in the reader's language, given before Remix (and before the body is read). */
function refuse(req: ExpressRequest, res: ExpressResponse, status: 400 | 403 | 413, key: string, values?: Record<string, number>) {
  const t = fixedT(localeOf(req));
  res.status(status);
  res.setHeader("Cache-Control", "no-store");
  res.type("text/plain; charset=utf-8").send(`${t(key, values)}\n`);
  discardRestOf(req, res);
}

/** After an answer given before the body was read in full: what still arrives is read and dropped. */
const DISCARD = { bytes: 16 * 1024 * 1024, ms: 10_000 } as const;

/**
 * Once the answer is sent, the rest of an unread body is read and thrown away (never kept), so that
 * the client, still sending, receives the answer instead of a reset connection; past DISCARD (bytes
 * or time) the connection is closed.
 */
function discardRestOf(req: ExpressRequest, res: ExpressResponse) {
  res.once("finish", () => {
    if (req.complete) return;
    req.unpipe();
    let dropped = 0;
    const close = () => req.socket.destroy();
    const timer = setTimeout(close, DISCARD.ms);
    req.on("data", (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > DISCARD.bytes) {
        clearTimeout(timer);
        close();
      }
    });
    req.once("end", () => clearTimeout(timer));
    req.once("close", () => clearTimeout(timer));
    req.resume();
  });
}

const originOf = (value: string): string | null => {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
};

/**
 * Whether an unsafe request comes from this site. Browsers send `Sec-Fetch-Site` (all current ones)
 * and `Origin` (on every POST); a request with neither is not from a browser page, and is allowed.
 */
export function isSameOrigin(headers: { secFetchSite?: string; origin?: string; referer?: string }, allowed: readonly string[]): boolean {
  const site = headers.secFetchSite?.toLowerCase();
  if (site && site !== "same-origin" && site !== "none") return false;
  if (headers.origin !== undefined) {
    const origin = originOf(headers.origin);
    return origin !== null && allowed.includes(origin);
  }
  if (headers.referer) {
    const origin = originOf(headers.referer);
    return origin !== null && allowed.includes(origin);
  }
  return true;
}

export function refuseCrossOrigin(publicUrl: string) {
  const publicOrigin = new URL(publicUrl).origin;
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    if (!UNSAFE_METHODS.has(req.method)) return next();
    const allowed = [publicOrigin, `${req.protocol}://${req.get("host")}`];
    const ok = isSameOrigin(
      { secFetchSite: req.get("sec-fetch-site"), origin: req.get("origin"), referer: req.get("referer") },
      allowed,
    );
    if (ok) return next();
    refuse(req, res, 403, "errors.crossOrigin");
  };
}

/** Counts the bytes that pass and fails the stream (without touching the socket) once over `max`. */
class BodyCap extends Transform {
  exceeded = false;
  private seen = 0;
  constructor(private readonly max: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.seen += chunk.length;
    if (this.seen > this.max) {
      this.exceeded = true;
      done(new Error("request body over the server's limit"));
      return;
    }
    done(null, chunk);
  }
}

function capFor(req: ExpressRequest): number {
  return req.is("multipart/form-data") ? BODY_CAP.multipart : BODY_CAP.other;
}

// The two helpers below are @remix-run/express's own (it does not export them).
function remixHeaders(requestHeaders: ExpressRequest["headers"]): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(requestHeaders)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  return headers;
}

async function sendRemixResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (response.headers.get("Content-Type")?.match(/text\/event-stream/i)) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

function remixRequest(req: ExpressRequest, res: ExpressResponse, cap: BodyCap | null): Request {
  // as @remix-run/express does: req.hostname honours "trust proxy" but drops the port
  const portOf = (h: string | undefined) => Number.parseInt(h?.split(":")[1] ?? "", 10);
  const forwardedPort = portOf(req.get("X-Forwarded-Host"));
  const hostPort = portOf(req.get("host"));
  const port = Number.isSafeInteger(forwardedPort) ? forwardedPort : Number.isSafeInteger(hostPort) ? hostPort : "";
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  let controller: AbortController | null = new AbortController();
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: remixHeaders(req.headers), signal: controller.signal };
  if (cap) {
    req.pipe(cap);
    init.body = createReadableStreamFromReadable(cap);
    init.duplex = "half";
  }
  res.on("finish", () => {
    controller = null;
  });
  res.on("close", () => controller?.abort());
  return new Request(url.href, init);
}


/** @remix-run/express's request handler, with the body cap. */
export function remixHandler({ build, mode }: { build: ServerBuild; mode?: string }) {
  // a locked database answers 503 with Retry-After, translated, instead of a generic 500
  const handleRequest = createRequestHandler(answerBusyDatabase(build), mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const max = capFor(req);
      const declared = Number(req.get("content-length") ?? "0");
      if (hasBody && declared > max) {
        refuse(req, res, 413, "errors.body.tooLargeMb", { mb: Math.round(max / 1048576) });
        return;
      }
      const cap = hasBody ? new BodyCap(max) : null;
      cap?.on("error", () => {}); // reported to the route through its stream; never an uncaught error
      const ip = req.ip ?? "unknown";
      const context: AppLoadContext = {
        // a page that read the client's address (a rate limit) is never kept by the front cache, whose key does
        // not hold the address (docs/decisions/009-what-a-page-costs.md, fifth round)
        get ip() {
          this.keepDocument = undefined;
          return ip;
        },
        keepDocument: res.locals.keepDocument,
        // a document (not a `.data` request of a navigation in the browser) carries some HTML once, in its markup
        documentText: req.path.endsWith(".data") ? undefined : new Map(),
      };
      const response = await handleRequest(remixRequest(req, res, cap), context);
      if (cap?.exceeded && response.status !== 413) {
        // the route read past the cap without handling it: answer for it
        req.unpipe(cap);
        refuse(req, res, 413, "errors.body.tooLargeMb", { mb: Math.round(max / 1048576) });
        return;
      }
      if (hasBody) discardRestOf(req, res); // a route that answered before reading it all
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}
