/**
 * A write that finds the database locked past the busy timeout: the person gets a translated "busy"
 * page (503, Retry-After), not a generic 500, and nothing of what they sent is saved. The lock is real:
 * a second connection to the same SQLite file holds the write lock (BEGIN IMMEDIATE) while the form is
 * posted through the app's real request handler; then it lets go and the same post goes through.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-busy-"));
const file = path.join(dir, "busy.db");
process.env.DATABASE_URL = file;

const { getDb } = await import("~db/index.server");
const { users, enrolments, participations } = await import("~db/schema");
const { seed } = await import("~db/seed/demo");
const { createSession } = await import("~/auth/sessions.server");
const { loadRemixApp } = await import("./helpers/remix-app");
let app: Awaited<ReturnType<typeof loadRemixApp>>;

let cookie = "";
let participationId = 0;
beforeAll(async () => {
  const db = getDb();
  await seed(db);
  const coord = db.select().from(users).where(eq(users.email, "coord.uy@example.org")).get()!;
  cookie = (await createSession(db, coord.id)).split(";")[0]!;
  participationId = db.select().from(participations).where(eq(participations.stateCode, "UY")).get()!.id;
  app = await loadRemixApp();
  // the app's own connection gives up after 300 ms instead of 5 s: the same code path, a shorter test
  db.$client.pragma("busy_timeout = 300");
}, 120_000);
afterAll(() => {
  getDb().$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const nominee = (email: string) =>
  new URLSearchParams({ intent: "nominate", name: "Inés Ocupada (ficticia)", email, institution: "INAU", position: "Técnica", locale: "es" });
const post = (location: string, body: URLSearchParams, language: string) =>
  app.handle(
    new Request(`http://localhost${location}`, {
      method: "POST",
      headers: { Host: "localhost", Cookie: cookie, "Accept-Language": language, "Content-Type": "application/x-www-form-urlencoded" },
      body,
    }),
  );
const rows = () => ({
  enrolments: getDb().select().from(enrolments).all().length,
  users: getDb().select().from(users).all().length,
});

/** Runs `fn` while a second connection holds the database's write lock. */
async function whileLocked<T>(fn: () => Promise<T>): Promise<T> {
  const other = new Database(file);
  other.exec("BEGIN IMMEDIATE");
  try {
    return await fn();
  } finally {
    other.exec("ROLLBACK");
    other.close();
  }
}

describe("a locked database", () => {
  const texts = {
    "es-UY": "El sistema está ocupado; por favor, vuelva a intentarlo en un momento.",
    "pt-BR": "O sistema está ocupado; por favor, tente novamente em instantes.",
    "fr-FR": "Le système est occupé, veuillez réessayer dans un instant.",
    "en-US": "The system is busy, please try again in a moment.",
  } as const;

  for (const [language, text] of Object.entries(texts)) {
    it(`answers a form posted meanwhile with 503, Retry-After and the busy page (${language}); nothing is saved`, async () => {
      const before = rows();
      const res = await whileLocked(() => post(`/coordination/${participationId}`, nominee(`ines.busy.${language}@example.org`), language));
      expect(res.status).toBe(503);
      expect(res.headers.get("Retry-After")).toBe("5");
      const html = await res.text();
      expect(html).toContain(text);
      expect(html).not.toContain("Something went wrong");
      expect(rows()).toEqual(before);
      expect(getDb().select().from(users).where(eq(users.email, `ines.busy.${language}@example.org`)).get()).toBeUndefined();
    });
  }

  it("answers a single-fetch post (.data, as the browser with JavaScript sends it) with 503 and Retry-After too", async () => {
    const before = rows();
    const res = await whileLocked(() => post(`/coordination/${participationId}.data`, nominee("ines.busy.data@example.org"), "es-UY"));
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("5");
    expect(rows()).toEqual(before);
  });

  it("once the lock is gone, the same post goes through (the form was valid: the 503 was the lock's)", async () => {
    const before = rows();
    const res = await post(`/coordination/${participationId}`, nominee("ines.busy.es-UY@example.org"), "es-UY");
    expect(res.status).toBeLessThan(400);
    expect(rows().enrolments).toBe(before.enrolments + 1);
  });
});
