/**
 * The front cache (docs/decisions/009-what-a-page-costs.md, fourth round): a GET document that Remix rendered
 * is sent again, without running Remix at all, to the next request with the same URL, `Cookie` and
 * `Accept-Language` — the only parts of a request that the loaders read (the session, the language) —
 * while nothing in the database has changed since the first request began, and for at most `ttlMs`.
 *
 * Why it is the page those loaders would have produced: a loader is a function of the request (those three
 * headers and the URL), the database and the clock. The key covers the request; the database is unchanged when
 * SQLite's `total_changes()` of the app's connection (every write of this process, committed or rolled back) and
 * `PRAGMA data_version` (commits by any other connection or process) both read as they did when the kept page's
 * request began; the clock moves at most `ttlMs`. Sign-outs, role changes, revoked sessions, new grades… are all
 * writes, so they end every kept page at once. Idle-timeout ends of sessions are time: at most `ttlMs` late.
 *
 * What is kept is decided by app/entry.server.tsx (`keepDocument` in the load context): 200, no route error,
 * no `Set-Cookie`, a document the render cache could key. Headers are stored with it (the CSP with its
 * hashes included); the body is sent gzipped to clients that take gzip.
 *
 * Requests for a key whose document is being rendered, under the same token, wait for that render instead of
 * starting their own (fifth round: after a write, a hundred readers of one page rendered it a hundred times).
 */
import type Database from "better-sqlite3";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { acceptsGzip, ByteLru, type KeptDocument } from "../app/lib/render-cache.server";
import { databaseVersion } from "../db/index.server";

/** How long a kept document may be sent again while the database stays unchanged. */
export const FRONT_CACHE_TTL_MS = 10_000;
export const FRONT_CACHE_BYTES = 32 * 1024 * 1024;

interface Entry extends KeptDocument {
  token: string;
  expires: number;
}

/** Paths that are never documents (served by the static middlewares behind). */
const NOT_A_DOCUMENT = /^\/assets\/|\.[a-z0-9]{1,8}$/i;

export interface FrontCacheOptions {
  /** The app's own connection (db/index.server.ts `getDb().$client`). */
  sqlite: Database.Database;
  ttlMs?: number;
  maxBytes?: number;
  now?: () => number;
}

export function createFrontCache({ sqlite, ttlMs = FRONT_CACHE_TTL_MS, maxBytes = FRONT_CACHE_BYTES, now = Date.now }: FrontCacheOptions) {
  /** Changes with every write of this connection and every commit of any other. */
  const token = () => databaseVersion(sqlite);
  const entries = new ByteLru<Entry>(maxBytes);
  /** Renders under way, by key: who else is waiting for the same document, under the same token. */
  const rendering = new Map<string, { token: string; waiting: ((kept: Entry | null) => void)[] }>();
  let hits = 0;
  let shared = 0;

  function keyOf(req: ExpressRequest): string {
    // what the Remix request's URL is made of (scripts/http.ts), and the two headers the loaders read
    const host = req.get("x-forwarded-host") ?? req.get("host") ?? "";
    return `${req.protocol}://${host}${req.originalUrl}\n${req.get("cookie") ?? ""}\n${req.get("accept-language") ?? ""}`;
  }

  function send(req: ExpressRequest, res: ExpressResponse, kept: Entry) {
    const gzip = acceptsGzip(req.get("accept-encoding") ?? null);
    const body = gzip ? kept.gzip : kept.html;
    for (const [name, value] of kept.headers) res.setHeader(name, value);
    if (gzip) res.setHeader("Content-Encoding", "gzip");
    res.setHeader("Content-Length", body.length);
    res.writeHead(kept.status);
    res.end(body);
  }

  /** Rendered by Remix; entry.server.tsx hands the document back if it may be kept. */
  function render(key: string, current: string, res: ExpressResponse, next: NextFunction, settle?: (kept: Entry | null) => void) {
    res.locals.keepDocument = (doc: KeptDocument) => {
      const entry: Entry = { ...doc, token: current, expires: now() + ttlMs };
      entries.set(key, entry, doc.html.length + doc.gzip.length + key.length + 500);
      settle?.(entry);
    };
    next();
  }

  function middleware(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
    if (req.method !== "GET" || NOT_A_DOCUMENT.test(req.path)) return next();
    const key = keyOf(req);
    const current = token();
    const kept = entries.get(key);
    if (kept && kept.token === current && kept.expires > now()) {
      hits++;
      send(req, res, kept);
      return;
    }
    // The same document is being rendered for the same key, and nothing was written since that render began: wait
    // for it rather than render it again (after a write or at the end of a kept page's 10 s, a hundred readers of
    // one page would otherwise render it a hundred times at once). What that render read is what this request
    // would read now, or newer. If it is not kept (it set a cookie, failed…), each waiter goes on to Remix itself.
    const under = rendering.get(key);
    if (under && under.token === current) {
      under.waiting.push((done) => {
        if (!done) return render(key, current, res, next);
        shared++;
        send(req, res, done);
      });
      return;
    }
    const mine = { token: current, waiting: [] as ((kept: Entry | null) => void)[] };
    rendering.set(key, mine);
    const settle = (done: Entry | null) => {
      if (rendering.get(key) === mine) rendering.delete(key);
      const waiting = mine.waiting.splice(0);
      for (const w of waiting) w(done);
    };
    res.once("close", () => settle(null)); // sent without being kept, failed or aborted: the waiters render
    render(key, current, res, next, settle);
  }

  return {
    middleware,
    get size() {
      return entries.size;
    },
    get hits() {
      return hits;
    },
    /** Requests answered with a document rendered for another request that was under way (same key and token). */
    get shared() {
      return shared;
    },
    /** Empties the cache and its hit count. */
    clear: () => {
      entries.clear();
      hits = 0;
      shared = 0;
    },
  };
}
