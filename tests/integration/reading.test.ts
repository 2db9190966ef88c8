/**
 * Reading features through the routes (real session cookies, real SQLite file): the last section read
 * is recorded per trainee and module (by the tracker's post, or by a contents link without
 * JavaScript) and offered again on the module and course pages; quiz explanations follow the
 * feedback policy; the writers' preview is for tutors only.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-reading-"));
process.env.DATABASE_URL = path.join(dir, "reading.db");

const { getDb } = await import("~db/index.server");
const { editions, enrolments, moduleProgress, users } = await import("~db/schema");
const { seed } = await import("~db/seed/demo");
const { createSession } = await import("~/auth/sessions.server");

type Loader = (args: LoaderFunctionArgs) => unknown;
type Action = (args: ActionFunctionArgs) => unknown;
type RouteModule = { loader?: Loader; action?: Action };
const course = (await import("~/routes/learning_.$enrolmentId._index")) as RouteModule;
const moduleRoute = (await import("~/routes/learning_.$enrolmentId.modules.$slug._index")) as RouteModule;
const quizRoute = (await import("~/routes/learning_.$enrolmentId.modules.$slug.quiz")) as RouteModule;
const preview = (await import("~/routes/editions.$editionId.content_.$locale.$slug")) as RouteModule;
const coverage = (await import("~/routes/editions.$editionId.content")) as RouteModule;

const MODULE = "04-action-plans";
const cookies: Record<string, string> = {};
let own = 0;
let other = 0;
let editionId = 0;

beforeAll(async () => {
  const db = getDb();
  await seed(db);
  db.update(editions).set({ status: "online", onlineStartsOn: "2000-01-01", onlineEndsOn: "2999-12-31", quizAttemptsAllowed: 2 }).run();
  for (const [who, email] of Object.entries({
    tutor: "tutor@example.org",
    coordinator: "coord.uy@example.org",
    trainee: "trainee@example.org",
    otherTrainee: "joaquin.pereira@example.org",
  })) {
    const u = db.select().from(users).where(eq(users.email, email)).get()!;
    cookies[who] = (await createSession(db, u.id)).split(";")[0]!;
    const e = db.select().from(enrolments).where(eq(enrolments.userId, u.id)).get();
    if (who === "trainee") own = e!.id;
    if (who === "otherTrainee") {
      other = e!.id;
      editionId = e!.editionId;
    }
  }
  db.update(enrolments).set({ status: "enrolled" }).where(eq(enrolments.id, own)).run();
  db.update(enrolments).set({ status: "enrolled" }).where(eq(enrolments.id, other)).run();
});
afterAll(() => {
  getDb().$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function args(url: string, who: string, params: Record<string, string>, method = "GET", body?: FormData) {
  const headers = new Headers();
  if (cookies[who]) headers.set("Cookie", cookies[who]);
  if (who === "trainee" || who === "otherTrainee") headers.set("Accept-Language", "es");
  const request = new Request(`http://localhost${url}`, { method, headers, body });
  return { request, params, context: { ip: "127.0.0.1" } } as unknown as LoaderFunctionArgs & ActionFunctionArgs;
}

async function run(fn: () => unknown): Promise<{ status: number; value: unknown }> {
  try {
    const value = await fn();
    if (value instanceof Response) return { status: value.status, value };
    const init = (value as { init?: { status?: number } } | null)?.init;
    return { status: init?.status ?? 200, value };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, value: thrown };
    throw thrown;
  }
}

type ModuleData = {
  page: { module: { headings: { id: string; text: string; depth: number }[]; html: string } | null };
  position: { id: string; text: string } | null;
  print: boolean;
};
const openModule = async (who: string, enrolmentId: number, query = "") =>
  (await run(() => moduleRoute.loader!(args(`/learning/${enrolmentId}/modules/${MODULE}${query}`, who, { enrolmentId: String(enrolmentId), slug: MODULE }))))
    .value as ModuleData;
function positionForm(section: string): FormData {
  const form = new FormData();
  form.set("intent", "position");
  form.set("section", section);
  return form;
}
const stored = (enrolmentId: number) =>
  getDb()
    .select({ id: moduleProgress.lastSectionId })
    .from(moduleProgress)
    .where(and(eq(moduleProgress.enrolmentId, enrolmentId), eq(moduleProgress.moduleSlug, MODULE)))
    .get()?.id ?? null;

describe("continue where you left off", () => {
  it("the module page has anchored headings for its contents, and no position yet", async () => {
    const data = await openModule("trainee", own);
    const headings = data.page.module!.headings;
    expect(headings.length).toBeGreaterThanOrEqual(6);
    for (const h of headings) expect(data.page.module!.html).toContain(`id="${h.id}"`);
    expect(data.position).toBeNull();
    expect(data.print).toBe(false);
  });

  it("the tracker's post records the section; the module and course pages offer it back", async () => {
    const { page } = await openModule("trainee", own);
    const section = page.module!.headings[5];
    const res = await run(() =>
      moduleRoute.action!(args("/x", "trainee", { enrolmentId: String(own), slug: MODULE }, "POST", positionForm(section.id))),
    );
    expect(res).toMatchObject({ status: 200, value: { ok: true, position: section.id } });
    expect(stored(own)).toBe(section.id);
    expect((await openModule("trainee", own)).position).toEqual({ id: section.id, text: section.text });
    const overview = (await run(() => course.loader!(args("/x", "trainee", { enrolmentId: String(own) })))).value as {
      positions: Record<string, { id: string; text: string }>;
    };
    expect(overview.positions[MODULE]).toEqual({ id: section.id, text: section.text });
  });

  it("refuses a section that is not a heading of this module, and changes nothing", async () => {
    const before = stored(own);
    for (const bad of ["no-such-section", "../../etc", "x".repeat(200), ""]) {
      const res = await run(() =>
        moduleRoute.action!(args("/x", "trainee", { enrolmentId: String(own), slug: MODULE }, "POST", positionForm(bad))),
      );
      expect(res.status, bad).toBe(409);
      expect(res.value).toMatchObject({ data: { ok: false, errors: { form: { key: "course:reading.errors.unknownSection" } } } });
    }
    expect(stored(own)).toBe(before);
  });

  it("without JavaScript, following a contents link (?section=) records the section", async () => {
    const { page } = await openModule("trainee", own);
    const section = page.module!.headings[2];
    const data = await openModule("trainee", own, `?section=${section.id}`);
    expect(stored(own)).toBe(section.id);
    expect(data.position?.id).toBe(section.id);
    // an unknown section in the URL is ignored
    await openModule("trainee", own, "?section=nowhere");
    expect(stored(own)).toBe(section.id);
  });

  it("another trainee's enrolment answers 404 and writes nothing", async () => {
    const { page } = await openModule("trainee", own);
    const res = await run(() =>
      moduleRoute.action!(args("/x", "trainee", { enrolmentId: String(other), slug: MODULE }, "POST", positionForm(page.module!.headings[1].id))),
    );
    expect(res.status).toBe(404);
    expect(stored(other)).toBeNull();
  });

  it("?print=1 is the print view of the same module", async () => {
    const data = await openModule("trainee", own, "?print=1");
    expect(data.print).toBe(true);
    expect(data.page.module?.html).toContain("<h2");
  });
});

describe("quiz explanations follow the feedback policy", () => {
  const key = JSON.parse(fs.readFileSync(path.resolve(`content/csec/es/${MODULE}.quiz.json`), "utf8")) as {
    questions: { id: string; answer: string; explanation: string; options: { id: string }[] }[];
  };
  const submit = (rightOnes: number) => {
    const form = new FormData();
    key.questions.forEach((q, i) => {
      const wrong = q.options.find((o) => o.id !== q.answer)!.id;
      form.set(`q:${q.id}`, i < rightOnes ? q.answer : wrong);
    });
    return run(() => quizRoute.action!(args("/x", "trainee", { enrolmentId: String(own), slug: MODULE }, "POST", form)));
  };
  type Feedback = { feedback: { questions: { id: string; correct: boolean; explanation: string | null }[] } };

  it("with attempts left: no per-question results, so no explanations (the edition's feedback policy)", async () => {
    const { status, value } = await submit(3);
    expect(status).toBe(200);
    expect((value as Feedback).feedback.questions).toEqual([]);
  });

  it("after the last attempt: every explanation", async () => {
    const { value } = await submit(1);
    const questions = (value as Feedback).feedback.questions;
    expect(questions.map((q) => q.explanation)).toEqual(key.questions.map((q) => q.explanation));
  });
});

describe("the writers' preview", () => {
  const p = (locale: string, slug = MODULE) => ({ editionId: String(editionId), locale, slug });
  type Preview = {
    preview: {
      status: string;
      findings: string[];
      html: string;
      quiz: { questions: { answer: string; explanation?: string }[] } | null;
      available: string[];
    };
  };

  it("tutors see any module in any language with its answer key, explanations and findings", async () => {
    const en = (await run(() => preview.loader!(args("/x", "tutor", p("en"))))) as { status: number; value: Preview };
    expect(en.status).toBe(200);
    expect(en.value.preview).toMatchObject({ status: "complete", findings: [] });
    expect(en.value.preview.quiz?.questions[0]).toMatchObject({ answer: expect.any(String), explanation: expect.any(String) });
    expect(en.value.preview.available.sort()).toEqual(["en", "es", "fr", "pt"]);
    // module cross-references stay inside the preview
    expect(en.value.preview.html).not.toContain('href="/course/modules/');
    const fr = (await run(() => preview.loader!(args("/x", "tutor", p("fr"))))) as { status: number; value: Preview };
    expect(fr.status).toBe(200);
    // whatever the state of the French text, the preview shows exactly what content:check says about it
    expect(fr.value.preview.status === "complete").toBe(fr.value.preview.findings.length === 0);
  });

  it("unknown languages or modules answer 404; trainees and coordinators are refused", async () => {
    expect((await run(() => preview.loader!(args("/x", "tutor", p("de"))))).status).toBe(404);
    expect((await run(() => preview.loader!(args("/x", "tutor", p("es", "09-nowhere"))))).status).toBe(404);
    expect((await run(() => preview.loader!(args("/x", "tutor", p("es", "../../etc"))))).status).toBe(404);
    expect((await run(() => preview.loader!(args("/x", "trainee", p("es"))))).status).toBe(403);
    expect((await run(() => preview.loader!(args("/x", "coordinator", p("es"))))).status).toBe(403);
    expect((await run(() => preview.loader!(args("/x", "anonymous", p("es"))))).status).toBe(302);
  });

  it("the coverage page carries one of the four statuses per module and language", async () => {
    const { value } = (await run(() => coverage.loader!(args("/x", "tutor", { editionId: String(editionId) })))) as {
      value: { coverage: { locales: Record<string, string> }[] };
    };
    expect(value.coverage).toHaveLength(6);
    for (const row of value.coverage) {
      expect(row.locales.es).toBe("complete");
      expect(row.locales.en).toBe("complete");
      for (const l of ["pt", "fr"]) expect(["complete", "stale", "summary", "missing"]).toContain(row.locales[l]);
    }
  });
});
