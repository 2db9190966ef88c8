/**
 * Ids taken from the form, and bad input, in the nomination and people actions: refused, nothing
 * written. (Who may open which route is the role × route table, role-route-table.test.ts.)
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
const schemaRef = await import("~db/schema");
const { users } = schemaRef;
const { seed } = await import("~db/seed/demo");
const { createSession } = await import("~/auth/sessions.server");

type Loader = (args: LoaderFunctionArgs) => unknown;
type Action = (args: ActionFunctionArgs) => unknown;
const routes: Record<string, { loader?: Loader; action?: Action }> = {
  "/editions": await import("~/routes/editions._index"),
  "/coordination": await import("~/routes/coordination._index"),
  "/learning": await import("~/routes/learning._index"),
  "/admin/users": await import("~/routes/admin.users"),
  "/admin/outbox": await import("~/routes/admin.outbox"),
  "/account": await import("~/routes/account._index"),
  "/editions/new": await import("~/routes/editions.new"),
  "/editions/:editionId": await import("~/routes/editions.$editionId._index"),
  "/editions/:editionId/edit": await import("~/routes/editions.$editionId.edit"),
  "/editions/:editionId/participations/:participationId": await import("~/routes/editions.$editionId.participations.$participationId"),
  "/coordination/:participationId": await import("~/routes/coordination.$participationId._index"),
  "/coordination/:participationId/template.csv": await import("~/routes/coordination.$participationId.template[.]csv"),
  "/coordination/:participationId/roster.csv": await import("~/routes/coordination.$participationId.roster[.]csv"),
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
    const init = (r as { init?: { status?: number } } | null)?.init;
    return init?.status ?? 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

function args(url: string, who: string, method = "GET", body?: FormData, routeParams: Record<string, string> = {}) {
  const headers = new Headers();
  if (cookies[who]) headers.set("Cookie", cookies[who]);
  const request = new Request(`http://localhost${url}`, { method, headers, body });
  return { request, params: routeParams, context: { ip: "127.0.0.1" } };
}

describe("a coordinator cannot change another state's participation", () => {
  const nominate = (n: string) => {
    const form = new FormData();
    form.set("intent", "nominate");
    form.set("name", `Intrusa ${n}`);
    form.set("email", `intrusa-${n}@example.org`);
    form.set("institution", "X");
    form.set("position", "Y");
    form.set("locale", "es");
    return form;
  };
  const { enrolments } = schemaRef;
  it("POST a nomination to Chile's participation as Uruguay's coordinator → 404, nothing written", async () => {
    const before = getDb().select().from(enrolments).all().length;
    const code = await status(() =>
      routes["/coordination/:participationId"]!.action!(args("/coordination/2", "coordinator", "POST", nominate("cl"), { participationId: "2" }) as ActionFunctionArgs),
    );
    expect(code).toBe(404);
    expect(getDb().select().from(enrolments).all().length).toBe(before);
  });
  it("POST a withdrawal of a Chilean trainee through Uruguay's participation → refused, nothing changed", async () => {
    const chilean = getDb().select().from(enrolments).where(eq(enrolments.participationId, 2)).get()!;
    const form = new FormData();
    form.set("intent", "withdraw");
    form.set("enrolmentId", String(chilean.id));
    const result = await routes["/coordination/:participationId"]!.action!(
      args("/coordination/1", "coordinator", "POST", form, { participationId: "1" }) as ActionFunctionArgs,
    );
    expect((result as { init: { status: number } }).init.status).toBe(400);
    expect(getDb().select().from(enrolments).where(eq(enrolments.id, chilean.id)).get()!.status).toBe("enrolled");
  });
  it("POST a quota change as a coordinator → 403", async () => {
    const form = new FormData();
    form.set("intent", "update");
    form.set("quota", "99");
    const code = await status(() =>
      routes["/editions/:editionId/participations/:participationId"]!.action!(
        args("/editions/1/participations/1", "coordinator", "POST", form, { editionId: "1", participationId: "1" }) as ActionFunctionArgs,
      ),
    );
    expect(code).toBe(403);
  });
  it("POST a nomination to their own state works", async () => {
    const code = await status(() =>
      routes["/coordination/:participationId"]!.action!(args("/coordination/1", "coordinator", "POST", nominate("uy"), { participationId: "1" }) as ActionFunctionArgs),
    );
    expect(code).toBe(302);
  });
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
