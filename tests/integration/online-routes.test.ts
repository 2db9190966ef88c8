/**
 * The online-stage routes themselves (loaders and actions with real session cookies on a real SQLite
 * file): a trainee reaches only their own enrolment (404 for anyone else's, files included), the quiz
 * loader never carries the answers, tutors reach the board, others do not.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-online-routes-"));
process.env.DATABASE_URL = path.join(dir, "routes.db");

const { getDb } = await import("~db/index.server");
const { editions, enrolments, users, assignmentSubmissions, quizAttempts } = await import("~db/schema");
const { seed } = await import("~db/seed/demo");
const { createSession } = await import("~/auth/sessions.server");

type Loader = (args: LoaderFunctionArgs) => unknown;
type Action = (args: ActionFunctionArgs) => unknown;
type RouteModule = { loader?: Loader; action?: Action };
const course = (await import("~/routes/learning_.$enrolmentId._index")) as RouteModule;
const moduleRoute = (await import("~/routes/learning_.$enrolmentId.modules.$slug._index")) as RouteModule;
const quizRoute = (await import("~/routes/learning_.$enrolmentId.modules.$slug.quiz")) as RouteModule;
const assignment = (await import("~/routes/learning_.$enrolmentId.assignment._index")) as RouteModule;
const assignmentFile = (await import("~/routes/learning_.$enrolmentId.assignment.file")) as RouteModule;
const forum = (await import("~/routes/learning_.$enrolmentId.forum.$slug")) as RouteModule;
const csv = (await import("~/routes/editions.$editionId.online.csv")) as RouteModule;
const grade = (await import("~/routes/editions.$editionId.online.assignments.$enrolmentId._index")) as RouteModule;

const MODULE = "01-concepts";
const cookies: Record<string, string> = {};
let own = 0; // the demo trainee's enrolment
let other = 0; // another trainee's enrolment in the same edition
let editionId = 0;

beforeAll(async () => {
  const db = getDb();
  await seed(db);
  const today = new Date().toISOString().slice(0, 10);
  db.update(editions).set({ status: "online", onlineStartsOn: "2000-01-01", onlineEndsOn: "2999-12-31", assignmentDueOn: null }).run();
  for (const [who, email] of Object.entries({
    admin: "admin@example.org",
    tutor: "tutor@example.org",
    coordinator: "coord.uy@example.org",
    trainee: "trainee@example.org",
    otherTrainee: "joaquin.pereira@example.org",
  })) {
    const u = db.select().from(users).where(eq(users.email, email)).get()!;
    cookies[who] = (await createSession(db, u.id)).split(";")[0]!;
    if (who === "trainee") own = db.select().from(enrolments).where(eq(enrolments.userId, u.id)).get()!.id;
    if (who === "otherTrainee") {
      const e = db.select().from(enrolments).where(eq(enrolments.userId, u.id)).get()!;
      other = e.id;
      editionId = e.editionId;
      db.update(enrolments).set({ status: "enrolled" }).where(eq(enrolments.id, e.id)).run();
    }
  }
  db.update(enrolments).set({ status: "enrolled" }).where(eq(enrolments.id, own)).run();
  // the other trainee's work, which nobody else should see
  db.insert(assignmentSubmissions)
    .values({
      enrolmentId: other,
      body: "Secreto de Joaquín",
      fileName: "joaquin.pdf",
      fileType: "pdf",
      fileSize: 9,
      fileData: Buffer.from("%PDF-1.4\n"),
      submittedAt: `${today}T10:00:00Z`,
    })
    .run();
});
afterAll(() => {
  getDb().$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function args(url: string, who: string, params: Record<string, string>, method = "GET", body?: FormData) {
  const headers = new Headers();
  if (cookies[who]) headers.set("Cookie", cookies[who]);
  const request = new Request(`http://localhost${url}`, { method, headers, body });
  return { request, params, context: { ip: "127.0.0.1" } } as unknown as LoaderFunctionArgs;
}

async function run(fn: () => unknown): Promise<{ status: number; value: unknown }> {
  try {
    const value = await fn();
    return { status: value instanceof Response ? value.status : 200, value };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, value: thrown };
    throw thrown;
  }
}

describe("a trainee reaches only their own enrolment", () => {
  const pages: [string, RouteModule, Record<string, string>][] = [
    ["course", course, {}],
    ["module", moduleRoute, { slug: MODULE }],
    ["quiz", quizRoute, { slug: MODULE }],
    ["assignment", assignment, {}],
    ["assignment file", assignmentFile, {}],
    ["forum", forum, { slug: MODULE }],
  ];
  for (const [name, mod, extra] of pages) {
    it(`${name}: own → 200, another trainee's → 404, tutor → 404, anonymous → sign-in`, async () => {
      const p = (id: number) => ({ enrolmentId: String(id), ...extra });
      const ownFile = name === "assignment file";
      expect((await run(() => mod.loader!(args("/x", "trainee", p(own))))).status).toBe(ownFile ? 404 : 200); // no file of their own yet
      expect((await run(() => mod.loader!(args("/x", "trainee", p(other))))).status).toBe(404);
      expect((await run(() => mod.loader!(args("/x", "trainee", p(999_999))))).status).toBe(404);
      expect((await run(() => mod.loader!(args("/x", "trainee", { ...p(own), enrolmentId: "1e3" })))).status).toBe(404);
      expect((await run(() => mod.loader!(args("/x", "tutor", p(other))))).status).toBe(404);
      expect((await run(() => mod.loader!(args("/x", "coordinator", p(other))))).status).toBe(404);
      expect((await run(() => mod.loader!(args("/x", "anonymous", p(own))))).status).toBe(302);
    });
  }

  it("the other trainee's text and file never reach this trainee", async () => {
    const res = await run(() => assignment.loader!(args("/x", "trainee", { enrolmentId: String(other) })));
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.value)).not.toContain("Secreto");
    const file = await run(() => assignmentFile.loader!(args("/x", "trainee", { enrolmentId: String(other) })));
    expect(file.status).toBe(404);
  });

  it("actions are refused too, and write nothing", async () => {
    const form = new FormData();
    for (let i = 1; i <= 10; i++) form.set(`q:q${i}`, "a");
    const quiz = await run(() =>
      quizRoute.action!(args("/x", "trainee", { enrolmentId: String(other), slug: MODULE }, "POST", form) as ActionFunctionArgs),
    );
    expect(quiz.status).toBe(404);
    expect(getDb().select().from(quizAttempts).where(eq(quizAttempts.enrolmentId, other)).all()).toHaveLength(0);
    const body = new FormData();
    body.set("body", "overwrite");
    const sub = await run(() => assignment.action!(args("/x", "trainee", { enrolmentId: String(other) }, "POST", body) as ActionFunctionArgs));
    expect(sub.status).toBe(404);
    expect(getDb().select().from(assignmentSubmissions).where(eq(assignmentSubmissions.enrolmentId, other)).get()?.body).toBe(
      "Secreto de Joaquín",
    );
  });
});

describe("the quiz loader never carries the answers", () => {
  it("has questions and options, but no answer key and no feedback", async () => {
    const { value } = await run(() => quizRoute.loader!(args("/x", "trainee", { enrolmentId: String(own), slug: MODULE })));
    const json = JSON.stringify(value);
    const key = JSON.parse(fs.readFileSync(path.resolve(`content/csec/es/${MODULE}.quiz.json`), "utf8")) as {
      questions: { options: { feedback: string }[] }[];
    };
    expect(json).toContain('"questions"');
    expect(json).not.toContain('"answer"');
    expect(json).not.toContain('"feedback"');
    for (const q of key.questions) for (const o of q.options) expect(json).not.toContain(o.feedback.slice(0, 30));
  });

  it("a tampered submission through the action is graded as wrong, not an error", async () => {
    const form = new FormData();
    form.set("q:q1", "<script>");
    form.set("q:does-not-exist", "a");
    form.set(`q:${"x".repeat(500)}`, "a");
    const { status, value } = await run(() =>
      quizRoute.action!(args("/x", "trainee", { enrolmentId: String(own), slug: MODULE }, "POST", form) as ActionFunctionArgs),
    );
    expect(status).toBe(200);
    expect(value).toMatchObject({ ok: true, feedback: { score: 0, attemptNo: 1 } });
  });
});

describe("tutors' pages", () => {
  it("the CSV neutralises formulas and has the filtered rows", async () => {
    getDb().update(users).set({ name: "=HYPERLINK(\"http://evil\")" }).where(eq(users.email, "joaquin.pereira@example.org")).run();
    const res = (await csv.loader!(args("/x?state=UY", "tutor", { editionId: String(editionId) }))) as Response;
    const text = await res.text();
    expect(res.headers.get("Content-Disposition")).toContain(".csv");
    expect(text).toContain("'=HYPERLINK");
    expect(text).not.toContain("Camila"); // a Chilean trainee, filtered out
  });

  it("a trainee cannot grade, even by posting directly", async () => {
    const form = new FormData();
    form.set("score", "100");
    form.set("passed", "yes");
    form.set("feedback", "self-graded");
    const res = await run(() =>
      grade.action!(args("/x", "trainee", { editionId: String(editionId), enrolmentId: String(other) }, "POST", form) as ActionFunctionArgs),
    );
    expect(res.status).toBe(403);
    expect(getDb().select().from(assignmentSubmissions).where(eq(assignmentSubmissions.enrolmentId, other)).get()?.gradedAt).toBeNull();
  });
});
