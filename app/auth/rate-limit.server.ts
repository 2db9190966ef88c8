/**
 * Request limits whose counters live in the database (table `rate_limits`), so that they hold across
 * processes and restarts (docs/decisions/007-throttles-in-the-database.md).
 *
 * A fixed window per key: one atomic upsert counts the request and returns the count, so parallel
 * requests cannot slip past the limit. Keys are a limit's name plus the SHA-256 of the subject (an
 * address, an email, a link token): the table holds no addresses, emails or tokens in clear.
 *
 * The counters' writes are `uncountedWrite`s: no page shows them, so a public verification does not end every
 * page the front cache keeps. A page that reads the client's address is never kept (scripts/http.ts).
 */
import { createHash } from "node:crypto";
import { lt, sql } from "drizzle-orm";
import { type Db, uncountedWrite } from "~db/index.server";
import { rateLimits } from "~db/schema";
import { env } from "~/env.server";
import { formFailure } from "~/lib/forms.server";

export interface Limit {
  /** Names the counter, e.g. "sign-in:address". */
  name: string;
  max: number;
  windowMs: number;
}

export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

const keyOf = (name: string, subject: string) =>
  `${name}:${createHash("sha256").update(subject.trim().toLowerCase()).digest("hex").slice(0, 40)}`;

let hitsSinceSweep = 0;

/** Counts one request of `subject` against `limit`; refuses when the window's count is over the maximum. */
export function hitLimit(db: Db, limit: Limit, subject: string, now = Date.now()): LimitResult {
  const key = keyOf(limit.name, subject);
  // no page shows these counters: their writes do not end the pages the front cache keeps (db/index.server.ts)
  const row = uncountedWrite(db.$client, () =>
    db
      .insert(rateLimits)
      .values({ key, count: 1, resetAt: now + limit.windowMs })
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: {
          count: sql`case when ${rateLimits.resetAt} <= ${now} then 1 else ${rateLimits.count} + 1 end`,
          resetAt: sql`case when ${rateLimits.resetAt} <= ${now} then ${now + limit.windowMs} else ${rateLimits.resetAt} end`,
        },
      })
      .returning({ count: rateLimits.count, resetAt: rateLimits.resetAt })
      .get(),
  );
  if (++hitsSinceSweep >= 500) {
    hitsSinceSweep = 0;
    uncountedWrite(db.$client, () => db.delete(rateLimits).where(lt(rateLimits.resetAt, now)).run());
  }
  if (row.count <= limit.max) return { ok: true };
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((row.resetAt - now) / 1000)) };
}

/** Counts the request against every limit given (all of them, even when one already refuses). */
export function hitLimits(db: Db, checks: { limit: Limit; subject: string }[], now = Date.now()): LimitResult {
  let retryAfterSeconds = 0;
  for (const { limit, subject } of checks) {
    const r = hitLimit(db, limit, subject, now);
    if (!r.ok) retryAfterSeconds = Math.max(retryAfterSeconds, r.retryAfterSeconds);
  }
  return retryAfterSeconds > 0 ? { ok: false, retryAfterSeconds } : { ok: true };
}

/** Forgets the counters of the given limit names (tests; an operator unblocking after an incident). */
export function clearLimits(db: Db, names: string[]): void {
  for (const name of names) db.delete(rateLimits).where(sql`${rateLimits.key} like ${`${name}:%`}`).run();
}

/** The limits of the unauthenticated forms, from the configuration (README "Configuration"). */
export function formLimits() {
  const e = env();
  const windowMs = e.RATE_LIMIT_WINDOW_MINUTES * 60_000;
  const perAddress = (name: string): Limit => ({ name: `${name}:address`, max: e.RATE_LIMIT_PER_ADDRESS, windowMs });
  return {
    signIn: {
      address: perAddress("sign-in"),
      account: { name: "sign-in:account", max: e.RATE_LIMIT_PER_ACCOUNT, windowMs },
    },
    forgotPassword: {
      address: perAddress("forgot-password"),
      /** Emails sent per account: further requests answer the same and send nothing. */
      account: { name: "forgot-password:account", max: e.RESET_EMAILS_PER_ACCOUNT, windowMs },
    },
    /** /invitation/* and /reset-password/*: per address, and per link. */
    link: {
      address: perAddress("link"),
      token: { name: "link:token", max: 10, windowMs },
    },
    /** The public verification pages (GET and POST): 30 a minute per address. */
    verify: { address: { name: "verify:address", max: 30, windowMs: 60_000 } },
  } satisfies Record<string, Record<string, Limit>>;
}

/**
 * The 429 answer of a limited form: a translated message for the whole form (`key`, with the wait in
 * minutes) and a Retry-After header.
 */
export function limitedFailure(key: string, retryAfterSeconds: number, values: Record<string, string> = {}) {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return formFailure({ form: { key, values: { minutes } } }, values, 429, {
    headers: { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  });
}
