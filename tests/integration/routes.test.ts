/**
 * Every role × every route: the loaders and actions themselves (not the UI) allow or deny.
 * Runs the real route modules against a real SQLite file with real session cookies.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-routes-"));
process.env.DATABASE_URL = path.join(dir, "routes.db");

const { getDb } = await import("~db/index.server");
const { users } = await import("~db/schema");
const { seed } = await import("~db/seed/demo");
const { createSession } = await import("~/auth/lucia.server");

type Loader = (args: LoaderFunctionArgs) => unknown;
type Action = (args: ActionFunctionArgs) => unknown;
const routes: Record<string, { loader?: Loader; action?: Action }> = {
  "/editions": await import("~/routes/editions._index"),
  "/coordination": await import("~/routes/coordination"),
  "/learning": await import("~/routes/learning"),
  "/admin/users": await import("~/routes/admin.users"),
  "/admin/outbox": await import("~/routes/admin.outbox"),
  "/account": await import("~/routes/account"),
};

const cookies: Record<string, string> = {};
beforeAll(async () => {
  const db = getDb();
  await seed(db);
  for (const [who, email] of Object.entries({
    admin: "admin@example.org",
    tutor: "tutor@example.org",
    coordinator: "coord.uy@example.org",
    trainee: "trainee@example.org",
  })) {
    const u = db.select().from(users).where(eq(users.email, email)).get()!;
    cookies[who] = (await createSession(db, u.id)).split(";")[0]!;
  }
});
afterAll(() => {
  getDb().$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function status(fn: () => unknown): Promise<number> {
  try {
    const r = await fn();
    if (r instanceof Response) return r.status;
    return 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

function args(url: string, who: string, method = "GET", body?: FormData) {
  const headers = new Headers();
  if (cookies[who]) headers.set("Cookie", cookies[who]);
  const request = new Request(`http://localhost${url}`, { method, headers, body });
  return { request, params: {}, context: { ip: "127.0.0.1" } };
}

// expected status of GET per role: 200 allowed, 403 forbidden, 302 sent to sign-in
const matrix: Record<string, Record<string, number>> = {
  "/editions": { admin: 200, tutor: 200, coordinator: 403, trainee: 403, anonymous: 302 },
  "/coordination": { admin: 403, tutor: 403, coordinator: 200, trainee: 403, anonymous: 302 },
  "/learning": { admin: 403, tutor: 403, coordinator: 403, trainee: 200, anonymous: 302 },
  "/admin/users": { admin: 200, tutor: 403, coordinator: 403, trainee: 403, anonymous: 302 },
  "/admin/outbox": { admin: 200, tutor: 403, coordinator: 403, trainee: 403, anonymous: 302 },
  "/account": { admin: 200, tutor: 200, coordinator: 200, trainee: 200, anonymous: 302 },
};

describe("loaders: every role × every route", () => {
  for (const [url, expected] of Object.entries(matrix)) {
    for (const [who, code] of Object.entries(expected)) {
      it(`GET ${url} as ${who} → ${code}`, async () => {
        const mod = routes[url]!;
        expect(await status(() => mod.loader!(args(url, who) as LoaderFunctionArgs))).toBe(code);
      });
    }
  }
});

describe("actions are checked on the server too", () => {
  for (const who of ["tutor", "coordinator", "trainee", "anonymous"]) {
    it(`POST /admin/users (invite) as ${who} is refused and writes nothing`, async () => {
      const before = getDb().select().from(users).all().length;
      const form = new FormData();
      form.set("name", "Intruder");
      form.set("email", `intruder-${who}@example.org`);
      form.set("role", "admin");
      form.set("locale", "en");
      const code = await status(() => routes["/admin/users"]!.action!(args("/admin/users", who, "POST", form) as ActionFunctionArgs));
      expect([302, 403]).toContain(code);
      expect(getDb().select().from(users).all().length).toBe(before);
    });
  }

  it("POST /admin/users as admin with bad input returns field errors and writes nothing", async () => {
    const before = getDb().select().from(users).all().length;
    const form = new FormData();
    form.set("name", "");
    form.set("email", "not-an-email");
    form.set("role", "superuser");
    form.set("locale", "xx");
    const result = (await routes["/admin/users"]!.action!(args("/admin/users", "admin", "POST", form) as ActionFunctionArgs)) as {
      data: { errors: Record<string, { key: string }> };
      init: { status: number };
    };
    expect(result.init.status).toBe(400);
    expect(result.data.errors).toMatchObject({
      name: { key: "errors.required" },
      email: { key: "errors.email" },
      role: { key: "errors.choice" },
      locale: { key: "errors.choice" },
    });
    expect(getDb().select().from(users).all().length).toBe(before);
  });
});
