/**
 * The front cache (scripts/front-cache.ts, app/entry.server.tsx `keep`) in the real Express layer over the real
 * Remix handler, by real HTTP, on the demo's data: a kept document is sent again without Remix only for the same
 * URL, cookies and language while the database is unchanged and the entry is young. A write through the app, a
 * write by another connection, another person, another language, a cookie being set, an error page, time
 * passing: each makes Remix answer again, with what is true now.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-front-cache-"));
process.env.DATABASE_URL = path.join(dir, "front-cache.db");

const { getDb } = await import("~db/index.server");
const { sessions, users } = await import("~db/schema");
const { sessionIdOf } = await import("~/auth/sessions.server");
const { createSession } = await import("~/auth/sessions.server");
const { loadRemixApp } = await import("./helpers/remix-app");
const { seedDemoReaders } = await import("./helpers/demo-readers");
const { createFrontCache, FRONT_CACHE_TTL_MS } = await import("../../scripts/front-cache");
const { remixHandler } = await import("../../scripts/http");

const MODULE = "04-action-plans";
const db = getDb();
let who: Awaited<ReturnType<typeof seedDemoReaders>>;
let clock = 0;
let front: ReturnType<typeof createFrontCache>;
let server: http.Server;
let port = 0;
/** Requests that reached Remix, and how long each waits before Remix starts. */
let remixRuns = 0;
let holdRemixMs = 0;

beforeAll(async () => {
  who = await seedDemoReaders(db);
  const { build } = await loadRemixApp();
  front = createFrontCache({ sqlite: db.$client, now: () => Date.now() + clock });
  const app = express();
  app.use(front.middleware);
  const remix = remixHandler({ build, mode: "production" });
  app.all("*", (req, res, next) => {
    remixRuns++;
    // a render that spans turns of the event loop (a first render reading content files, a slow machine)
    if (holdRemixMs > 0) setTimeout(() => remix(req, res, next), holdRemixMs);
    else remix(req, res, next);
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  port = (server.address() as AddressInfo).port;
}, 240_000);

beforeEach(() => {
  front.clear();
  clock = 0;
  holdRemixMs = 0;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  html: string;
}

function send(url: string, init: { cookie?: string; method?: string; language?: string; gzip?: boolean; form?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { "Accept-Language": init.language ?? "es" };
  if (init.cookie) headers.Cookie = init.cookie;
  if (init.gzip) headers["Accept-Encoding"] = "gzip";
  if (init.form !== undefined) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    headers["Content-Length"] = String(Buffer.byteLength(init.form));
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: url, method: init.method ?? "GET", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        const html = res.headers["content-encoding"] === "gzip" ? gunzipSync(body).toString("utf8") : body.toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, html });
      });
    });
    req.on("error", reject);
    req.end(init.form);
  });
}

const modulePath = (enrolment: number) => `/learning/${enrolment}/modules/${MODULE}`;

describe("the front cache", () => {
  it("answers a repeat view without Remix, with the same bytes and headers, gzipped when asked", async () => {
    const first = await send("/learning", { cookie: who.trainee.cookie });
    expect(first.status).toBe(200);
    expect(front.size).toBe(1);
    expect(front.hits).toBe(0);
    const again = await send("/learning", { cookie: who.trainee.cookie });
    expect(front.hits).toBe(1);
    expect(again.html).toBe(first.html);
    expect(again.headers["content-security-policy"]).toBe(first.headers["content-security-policy"]);
    expect(again.headers["content-type"]).toBe(first.headers["content-type"]);
    const zipped = await send("/learning", { cookie: who.trainee.cookie, gzip: true });
    expect(front.hits).toBe(2);
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(Number(zipped.headers["content-length"])).toBe(zipped.body.length);
    expect(zipped.html).toBe(first.html);
  });

  it("never answers another person, another language, or nobody with a kept page", async () => {
    const url = modulePath(who.trainee.enrolment);
    const own = await send(url, { cookie: who.trainee.cookie });
    expect(own.status).toBe(200);
    expect(own.html).toContain(who.trainee.name);
    const stranger = await send(url, { cookie: who.other.cookie });
    expect([403, 404]).toContain(stranger.status);
    expect(stranger.html).not.toContain(who.trainee.name);
    const anonymous = await send(url);
    expect(anonymous.status).toBe(302);
    const english = await send(url, { cookie: who.trainee.cookie, language: "en" });
    expect(english.status).toBe(200);
    expect(english.html).toMatch(/<html lang="en"/); // the language was Remix's to choose, not the cache's
    expect(own.html).toMatch(/<html lang="es"/);
    expect(front.hits).toBe(0);
    expect(front.size).toBe(2); // her page in two keys; the 403/404 and the redirect were never kept
  });

  it("renders again after a write through the app, and keeps the new page", async () => {
    const url = modulePath(who.trainee.enrolment);
    const before = await send(url, { cookie: who.trainee.cookie });
    const done = await send(url, { cookie: who.trainee.cookie, method: "POST", form: "" });
    expect(done.status).toBe(200);
    const after = await send(url, { cookie: who.trainee.cookie });
    expect(front.hits).toBe(0);
    expect(after.html).not.toBe(before.html);
    expect((await send(url, { cookie: who.trainee.cookie })).html).toBe(after.html);
    expect(front.hits).toBe(1);
  });

  it("renders again after a commit by another connection (another process, a script)", async () => {
    const url = "/learning";
    const before = await send(url, { cookie: who.other.cookie });
    expect(before.html).toContain(who.other.name);
    const elsewhere = new Database(process.env.DATABASE_URL!);
    try {
      elsewhere.prepare("UPDATE users SET name = ? WHERE id = ?").run("Joaquina Pereira Sosa", who.other.id);
    } finally {
      elsewhere.close();
    }
    const after = await send(url, { cookie: who.other.cookie });
    expect(front.hits).toBe(0);
    expect(after.html).toContain("Joaquina Pereira Sosa");
    db.update(users).set({ name: who.other.name }).where(eq(users.id, who.other.id)).run();
  });

  it("renders again once the kept page is older than its time to live, and after a sign-out", async () => {
    await send("/learning", { cookie: who.trainee.cookie });
    clock = FRONT_CACHE_TTL_MS / 2;
    await send("/learning", { cookie: who.trainee.cookie });
    expect(front.hits).toBe(1);
    clock = FRONT_CACHE_TTL_MS * 2;
    await send("/learning", { cookie: who.trainee.cookie });
    expect(front.hits).toBe(1); // rendered again (and kept anew)
    const session = await createSession(db, who.trainee.id);
    const cookie = session.split(";")[0]!;
    expect((await send("/learning", { cookie })).status).toBe(200);
    expect((await send("/learning", { cookie })).status).toBe(200);
    expect(front.hits).toBe(2);
    expect((await send("/sign-out", { cookie, method: "POST", form: "" })).status).toBe(302);
    const afterSignOut = await send("/learning", { cookie });
    expect(afterSignOut.status).toBe(302);
    expect(front.hits).toBe(2);
  });

  it("a public verification and a session's last-seen touch leave kept pages kept; a verification page is never kept", async () => {
    // before the fifth round both were counted writes: every /verify request and every session's touch (once a
    // minute per reader) ended every kept page of everyone
    const first = await send("/learning", { cookie: who.trainee.cookie });
    expect(first.status).toBe(200);
    expect((await send("/verify", { language: "es" })).status).toBe(200); // counts against the address's limit
    expect((await send("/verify/NOSUCHCODE0000000")).status).toBe(404);
    expect((await send("/learning", { cookie: who.trainee.cookie })).html).toBe(first.html);
    expect(front.hits).toBe(1);
    // the verification page read the client's address (its limit): never kept, each request counts
    await send("/verify");
    await send("/verify");
    expect(front.hits).toBe(1);
    expect(front.size).toBe(1);
    // the other reader's session was last seen two minutes ago: her next page touches it (a write no page shows)
    const token = who.other.cookie.split("=")[1]!;
    db.update(sessions).set({ lastSeenAt: Date.now() - 120_000 }).where(eq(sessions.id, sessionIdOf(token))).run();
    const touched = await send("/learning", { cookie: who.other.cookie });
    expect(touched.status).toBe(200);
    expect(db.select().from(sessions).where(eq(sessions.id, sessionIdOf(token))).get()!.lastSeenAt).toBeGreaterThan(Date.now() - 60_000);
    expect((await send("/learning", { cookie: who.other.cookie })).html).toBe(touched.html);
    expect(front.hits).toBe(2); // her page, rendered while it touched the session, was kept and sent again
  });

  it("renders a page once for readers who ask for it at the same time, unless it may not be kept", async () => {
    await send(modulePath(who.trainee.enrolment), { cookie: who.trainee.cookie }); // her first view of the module writes
    front.clear();
    holdRemixMs = 150;
    remixRuns = 0;
    const url = modulePath(who.trainee.enrolment);
    const together = await Promise.all(Array.from({ length: 8 }, (_, i) => send(url, { cookie: who.trainee.cookie, gzip: i % 2 === 0 })));
    expect(together.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(new Set(together.map((a) => a.html)).size).toBe(1);
    expect(together.filter((a) => a.headers["content-encoding"] === "gzip")).toHaveLength(4); // each its own encoding
    expect(remixRuns).toBe(1);
    expect(front.shared).toBe(7);
    // someone else at the same moment is never answered with her page
    remixRuns = 0;
    const mixed = await Promise.all([
      send("/learning", { cookie: who.trainee.cookie }),
      send("/learning", { cookie: who.other.cookie }),
      send("/learning", { cookie: who.trainee.cookie }),
    ]);
    expect(mixed[1]!.html).toContain(who.other.name);
    expect(mixed[1]!.html).not.toBe(mixed[0]!.html);
    expect(mixed[2]!.html).toBe(mixed[0]!.html);
    expect(remixRuns).toBe(2);
    // a page that sets a cookie is never kept: each waiter goes on to Remix and gets its own answer and cookie
    remixRuns = 0;
    const cleared = await Promise.all(Array.from({ length: 4 }, () => send("/sign-in", { cookie: "aula_session=not-a-session" })));
    expect(cleared.map((a) => String(a.headers["set-cookie"]).includes("aula_session=;"))).toEqual([true, true, true, true]);
    expect(remixRuns).toBe(4);
    expect(front.shared).toBe(8);
  });

  it("keeps nothing that sets a cookie, and never answers a POST", async () => {
    const cleared = await send("/sign-in", { cookie: "aula_session=not-a-session" });
    expect(cleared.status).toBe(200);
    expect(String(cleared.headers["set-cookie"])).toMatch(/aula_session=;|aula_session=""|Max-Age=0/);
    expect(front.size).toBe(0);
    await send("/sign-in");
    await send("/sign-in");
    expect(front.hits).toBe(1);
    const kept = await send("/sign-in");
    expect(front.hits).toBe(2);
    const post = await send("/sign-in", { method: "POST", form: "email=nobody%40example.org&password=wrong-password" });
    expect(front.hits).toBe(2);
    expect(post.html).not.toBe(kept.html); // Remix answered: the form with its error
  });
});
