/**
 * The unauthenticated forms through their real route modules, on a real SQLite file: request limits
 * that the database keeps, answers that do not tell whether an email has an account, and sessions
 * as the sign-in and account pages handle them.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-auth-routes-"));
process.env.DATABASE_URL = path.join(dir, "auth.db");

const { getDb } = await import("~db/index.server");
const { emailOutbox, sessions, signInAttempts, users } = await import("~db/schema");
const { makeUser } = await import("../factories");
const { createSession, validateSessionCookie } = await import("~/auth/sessions.server");
const { issueToken } = await import("~/domain/accounts.server");
const signInRoute = await import("~/routes/sign-in");
const forgotRoute = await import("~/routes/forgot-password");
const resetRoute = await import("~/routes/reset-password.$token");
const accountRoute = await import("~/routes/account._index");
const verifyRoute = await import("~/routes/verify._index");

beforeAll(async () => {
  await makeUser(getDb(), { email: "ana@example.org", name: "Ana", role: "coordinator", password: "ana's long password" });
});
afterAll(() => {
  getDb().$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function form(values: Record<string, string>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
}
function args(url: string, { method = "GET", body, cookie, ip = "192.0.2.1", params = {} }: {
  method?: string;
  body?: FormData;
  cookie?: string;
  ip?: string;
  params?: Record<string, string>;
} = {}) {
  const headers = new Headers();
  if (cookie) headers.set("Cookie", cookie);
  return { request: new Request(`http://localhost${url}`, { method, headers, body }), params, context: { ip } };
}
/** Status, data and headers of what a loader or action returned or threw. */
async function call(fn: () => unknown): Promise<{ status: number; value: unknown; headers: Headers }> {
  try {
    const r = await fn();
    if (r instanceof Response) return { status: r.status, value: r, headers: r.headers };
    const d = r as { type?: string; data?: unknown; init?: { status?: number; headers?: HeadersInit } } | null;
    if (d?.type === "DataWithResponseInit") return { status: d.init?.status ?? 200, value: d.data, headers: new Headers(d.init?.headers) };
    return { status: 200, value: r, headers: new Headers() };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, value: thrown, headers: thrown.headers };
    throw thrown;
  }
}
const post = (route: { action: (a: ActionFunctionArgs) => unknown }, url: string, values: Record<string, string>, opts = {}) =>
  call(() => route.action({ ...args(url, { method: "POST", body: form(values), ...opts }) } as ActionFunctionArgs));
const cookieValue = (setCookie: string | null) => setCookie!.split(";")[0]!;

describe("/forgot-password", () => {
  it("100 posts for one email send at most the limit's emails, with the same answer as for an unknown email", async () => {
    const answers = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const r = await post(forgotRoute, "/forgot-password", { email: "ana@example.org" }, { ip: `198.51.100.${i}` });
      answers.add(`${r.status} ${JSON.stringify(r.value)}`);
    }
    for (let i = 0; i < 5; i++) {
      const r = await post(forgotRoute, "/forgot-password", { email: "ghost@example.org" }, { ip: `198.51.101.${i}` });
      answers.add(`${r.status} ${JSON.stringify(r.value)}`);
    }
    expect([...answers]).toEqual(['200 {"ok":true,"sent":true}']);
    const sent = getDb().select().from(emailOutbox).where(eq(emailOutbox.to, "ana@example.org")).all();
    expect(sent).toHaveLength(3); // RESET_EMAILS_PER_ACCOUNT
    expect(getDb().select().from(emailOutbox).where(eq(emailOutbox.to, "ghost@example.org")).all()).toHaveLength(0);
  });

  it("one address is refused past its limit, with a translated message", async () => {
    const statuses: number[] = [];
    let last: unknown;
    for (let i = 0; i < 102; i++) {
      const r = await post(forgotRoute, "/forgot-password", { email: `person${i}@example.org` }, { ip: "203.0.113.50" });
      statuses.push(r.status);
      last = r.value;
    }
    expect(statuses.slice(0, 100).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(100)).toEqual([429, 429]);
    const refused = await post(forgotRoute, "/forgot-password", { email: "one.more@example.org" }, { ip: "203.0.113.50" });
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(last).toMatchObject({ ok: false, errors: { form: { key: "auth.tooManyRequests" } } });
  });
});

describe("/sign-in", () => {
  it("signing in ends the session this browser had, and starts a new one", async () => {
    const ana = getDb().select().from(users).where(eq(users.email, "ana@example.org")).get()!;
    const old = cookieValue(await createSession(getDb(), ana.id));
    const r = await post(signInRoute, "/sign-in", { email: "ana@example.org", password: "ana's long password" }, { cookie: old });
    expect(r.status).toBe(302);
    const fresh = cookieValue(r.headers.get("Set-Cookie"));
    expect(fresh).not.toBe(old);
    expect((await validateSessionCookie(getDb(), old)).userId).toBeNull();
    expect((await validateSessionCookie(getDb(), fresh)).userId).toBe(ana.id);
  });

  it("one account is limited across addresses, before any password check", async () => {
    await makeUser(getDb(), { email: "many@example.org", name: "Many", role: "trainee", password: "many's long password" });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await post(signInRoute, "/sign-in", { email: "many@example.org", password: `guess ${i}` }, { ip: `10.20.0.${i}` })).status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
    const r = await post(signInRoute, "/sign-in", { email: "many@example.org", password: "many's long password" }, { ip: "10.20.1.1" });
    expect(r.status).toBe(429);
    expect(r.value).toMatchObject({ errors: { form: { key: "auth.throttled" } } });
    expect(getDb().select().from(signInAttempts).where(eq(signInAttempts.email, "many@example.org")).all()).toHaveLength(30);
  });
});

describe("/reset-password", () => {
  it("an older link reads as expired once a newer one was used", async () => {
    const db = getDb();
    const u = await makeUser(db, { email: "reset@example.org", name: "Reset", role: "trainee", password: "reset's old password" });
    const older = issueToken(db, u.id, "password-reset", null);
    const newer = issueToken(db, u.id, "password-reset", null);
    const url = (t: string) => `/reset-password/${t}`;
    const done = await post(resetRoute, url(newer), { password: "reset's new password", confirm: "reset's new password" }, { params: { token: newer } });
    expect(done.status).toBe(302);
    const again = await call(() => resetRoute.loader(args(url(older), { params: { token: older } }) as LoaderFunctionArgs));
    expect(again.value).toEqual({ ok: false, reason: "expired" });
    const tried = await post(resetRoute, url(older), { password: "a third long password", confirm: "a third long password" }, { params: { token: older } });
    expect(tried.status).toBe(400);
    const reused = await post(resetRoute, url(newer), { password: "another long password", confirm: "another long password" }, { params: { token: newer } });
    expect(reused.value).toMatchObject({ errors: { form: { key: "auth.link.used" } } });
  });
});

describe("/account: changing the password", () => {
  it("keeps this browser signed in without JavaScript (a plain document POST) and ends the other sessions", async () => {
    const db = getDb();
    const u = await makeUser(db, { email: "nojs@example.org", name: "No JS", role: "tutor", password: "the current password" });
    const here = cookieValue(await createSession(db, u.id));
    const elsewhere = cookieValue(await createSession(db, u.id));
    const r = await post(
      accountRoute,
      "/account",
      { intent: "password", currentPassword: "the current password", newPassword: "the next long password", confirm: "the next long password" },
      { cookie: here },
    );
    expect(r.status).toBe(200);
    expect(r.value).toMatchObject({ done: true });
    expect(r.headers.get("Set-Cookie")).toBeNull();
    // the page that follows the POST loads with the same cookie
    expect((await call(() => accountRoute.loader(args("/account", { cookie: here }) as LoaderFunctionArgs))).status).toBe(200);
    expect((await validateSessionCookie(db, elsewhere)).userId).toBeNull();
    expect(db.select().from(sessions).where(eq(sessions.userId, u.id)).all()).toHaveLength(1);

    const same = await post(
      accountRoute,
      "/account",
      { intent: "password", currentPassword: "the next long password", newPassword: "the next long password", confirm: "the next long password" },
      { cookie: here },
    );
    expect(same.status).toBe(400);
    expect(same.value).toMatchObject({ errors: { newPassword: { key: "auth.password.sameAsCurrent" } } });
  });
});

describe("/verify", () => {
  it("the limit is kept in the database: it holds after a restart", async () => {
    const statuses: number[] = [];
    const get = async () =>
      (await call(() => verifyRoute.loader(args("/verify", { ip: "203.0.113.77" }) as LoaderFunctionArgs))).status;
    for (let i = 0; i < 30; i++) statuses.push(await get());
    expect(statuses.every((s) => s === 200)).toBe(true);
    // a restart: the process-wide connection is closed and opened again
    getDb().$client.close();
    (globalThis as { __aulaDb?: unknown }).__aulaDb = undefined;
    expect(await get()).toBe(429);
  });
});
