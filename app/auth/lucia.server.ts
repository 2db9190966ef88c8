/**
 * The only module that knows about lucia (v3, deprecated upstream in March 2025; pinned on purpose,
 * see docs/decisions/001-sessions-with-lucia-v3.md). Replacing lucia means rewriting this file only.
 */
import { DrizzleSQLiteAdapter } from "@lucia-auth/adapter-drizzle";
import { Lucia, TimeSpan } from "lucia";
import type { Db } from "~db/index.server";
import { sessions, users } from "~db/schema";
import { cookieSecure } from "~/env.server";

export const SESSION_COOKIE = "aula_session";

function createLucia(db: Db) {
  return new Lucia(new DrizzleSQLiteAdapter(db, sessions, users), {
    sessionExpiresIn: new TimeSpan(14, "d"), // renewed when less than half remains
    sessionCookie: {
      name: SESSION_COOKIE,
      expires: true,
      attributes: { secure: cookieSecure(), sameSite: "lax", path: "/" },
    },
    getUserAttributes: (row) => ({ status: row.status }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    UserId: number;
    DatabaseUserAttributes: { status: string };
  }
}

const instances = new WeakMap<Db, ReturnType<typeof createLucia>>();

function lucia(db: Db) {
  let l = instances.get(db);
  if (!l) {
    l = createLucia(db);
    instances.set(db, l);
  }
  return l;
}

export interface SessionCheck {
  userId: number | null;
  /** A Set-Cookie header value to send back (renewed or blank cookie), if any. */
  setCookie: string | null;
}

export async function createSession(db: Db, userId: number): Promise<string> {
  const l = lucia(db);
  const session = await l.createSession(userId, {});
  return l.createSessionCookie(session.id).serialize();
}

export async function validateSessionCookie(db: Db, cookieHeader: string | null): Promise<SessionCheck> {
  const l = lucia(db);
  const id = l.readSessionCookie(cookieHeader ?? "");
  if (!id) return { userId: null, setCookie: null };
  const { session, user } = await l.validateSession(id);
  if (!session || !user || user.status !== "active") {
    return { userId: null, setCookie: l.createBlankSessionCookie().serialize() };
  }
  return {
    userId: user.id,
    setCookie: session.fresh ? l.createSessionCookie(session.id).serialize() : null,
  };
}

export async function invalidateSession(db: Db, cookieHeader: string | null): Promise<string> {
  const l = lucia(db);
  const id = l.readSessionCookie(cookieHeader ?? "");
  if (id) await l.invalidateSession(id);
  return l.createBlankSessionCookie().serialize();
}

export async function invalidateAllSessions(db: Db, userId: number): Promise<void> {
  await lucia(db).invalidateUserSessions(userId);
}
