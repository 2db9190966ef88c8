/**
 * Sessions, written after the Lucia guide (https://lucia-auth.com/sessions/basic) instead of the
 * deprecated lucia v3 library (docs/decisions/001-sessions.md):
 * - the cookie carries a random 256-bit token; the `sessions` row is keyed by its SHA-256, so the
 *   table never holds a usable cookie;
 * - an absolute lifetime (SESSION_MAX_HOURS, 12 h) and an idle timeout that depends on the role
 *   (SESSION_IDLE_MINUTES for staff and coordinators, SESSION_IDLE_MINUTES_TRAINEE for trainees);
 * - signing in ends the session the browser had; a password change ends the other sessions.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, lt, ne, sql } from "drizzle-orm";
import { type Db, preparedOnce, type Tx, uncountedWrite } from "~db/index.server";
import { type Role, sessions, users } from "~db/schema";
import { cookieSecure, env } from "~/env.server";

export const SESSION_COOKIE = "aula_session";

/** Last-seen is written at most this often, so that reading pages does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

export interface SessionCheck {
  userId: number | null;
  /** A Set-Cookie header value to send back (a blank cookie when the session ended), if any. */
  setCookie: string | null;
}

/** The id a token is stored under: SHA-256, hex. */
export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The session token of a Cookie header, if any. */
export function readSessionToken(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
  }
  return null;
}

/** The stored id of the session a Cookie header names (not checked for validity). */
export function currentSessionId(cookieHeader: string | null | undefined): string | null {
  const token = readSessionToken(cookieHeader);
  return token ? sessionIdOf(token) : null;
}

function serialize(value: string, maxAgeSeconds: number): string {
  const parts = [`${SESSION_COOKIE}=${value}`, "Path=/", `Max-Age=${maxAgeSeconds}`, "HttpOnly", "SameSite=Lax"];
  if (maxAgeSeconds > 0) parts.push(`Expires=${new Date(Date.now() + maxAgeSeconds * 1000).toUTCString()}`);
  else parts.push("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
  if (cookieSecure()) parts.push("Secure");
  return parts.join("; ");
}

export function blankSessionCookie(): string {
  return serialize("", 0);
}

/** Idle timeout for a role, in milliseconds. */
export function idleTimeoutMs(role: Role): number {
  const e = env();
  return (role === "trainee" ? e.SESSION_IDLE_MINUTES_TRAINEE : e.SESSION_IDLE_MINUTES) * 60_000;
}

/**
 * Starts a session for a user and returns its Set-Cookie value. When the request carried a session
 * cookie (`previousCookieHeader`), that session ends: one browser, one session.
 */
export async function createSession(
  db: Db | Tx,
  userId: number,
  previousCookieHeader?: string | null,
  now = new Date(),
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const at = now.getTime();
  const lifetimeMs = env().SESSION_MAX_HOURS * 3_600_000;
  const previous = currentSessionId(previousCookieHeader);
  db.transaction((tx) => {
    if (previous) tx.delete(sessions).where(eq(sessions.id, previous)).run();
    // housekeeping: sessions that ended by their absolute lifetime
    tx.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, at))).run();
    tx.insert(sessions)
      .values({ id: sessionIdOf(token), userId, createdAt: at, lastSeenAt: at, expiresAt: at + lifetimeMs })
      .run();
  });
  return serialize(token, Math.floor(lifetimeMs / 1000));
}

/** Which user a Cookie header belongs to, if its session is live; ends sessions past their limits. */
export async function validateSessionCookie(
  db: Db,
  cookieHeader: string | null,
  now = new Date(),
): Promise<SessionCheck> {
  const token = readSessionToken(cookieHeader);
  if (!token) {
    // a malformed or foreign value under our name gets cleared
    return { userId: null, setCookie: cookieHeader?.includes(`${SESSION_COOKIE}=`) ? blankSessionCookie() : null };
  }
  const id = sessionIdOf(token);
  const row = preparedOnce(db, "session-with-user", (d) =>
    d
      .select({ session: sessions, role: users.role, status: users.status })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
  if (!row) return { userId: null, setCookie: blankSessionCookie() };
  const at = now.getTime();
  const { session } = row;
  const idle = at - session.lastSeenAt >= idleTimeoutMs(row.role);
  if (row.status !== "active" || at >= session.expiresAt || idle) {
    db.delete(sessions).where(eq(sessions.id, id)).run();
    return { userId: null, setCookie: blankSessionCookie() };
  }
  if (at - session.lastSeenAt >= TOUCH_EVERY_MS) {
    // only the idle check reads last-seen (time, which the front cache already bounds): the touch does not end
    // every kept page (db/index.server.ts `uncountedWrite`; docs/decisions/009, fifth round)
    uncountedWrite(db.$client, () => db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id)).run());
  }
  return { userId: session.userId, setCookie: null };
}

/** Signs this browser out. Returns the blank cookie to send. */
export async function invalidateSession(db: Db, cookieHeader: string | null): Promise<string> {
  const id = currentSessionId(cookieHeader);
  if (id) db.delete(sessions).where(eq(sessions.id, id)).run();
  return blankSessionCookie();
}

/** Ends every session of a user (a password reset, an account disabled). */
export async function invalidateAllSessions(db: Db | Tx, userId: number): Promise<void> {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

/** Ends every session of a user except the one this browser holds (a password change). */
export function invalidateOtherSessions(db: Db | Tx, userId: number, keepSessionId: string | null): void {
  db.delete(sessions)
    .where(keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId))
    .run();
}

/** Deletes sessions past their absolute lifetime (any user); for housekeeping. */
export function deleteEndedSessions(db: Db, now = new Date()): number {
  return db.delete(sessions).where(lt(sessions.expiresAt, now.getTime())).run().changes;
}
