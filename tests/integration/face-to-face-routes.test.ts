/**
 * The face-to-face routes refuse on the server, not only in the UI: the real loaders and actions,
 * a real SQLite file, real session cookies. A Uruguayan coordinator cannot reach Chile's stage, nor
 * smuggle a Chilean trainee into Uruguay's forms; only a tutor reopens.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-f2f-routes-"));
process.env.DATABASE_URL = path.join(dir, "f2f.db");

const { getDb } = await import("~db/index.server");
const { attendance, emailOutbox, faceToFaceAssessments, participations, users } = await import("~db/schema");
const f = await import("../factories");
const { createSession } = await import("~/auth/lucia.server");
const { planSession, recordAttendance, recordAssessments } = await import("~/domain/face-to-face.server");

type Mod = { loader?: (a: LoaderFunctionArgs) => unknown; action?: (a: ActionFunctionArgs) => unknown };
const hub: Mod = await import("~/routes/coordination_.$participationId_.face-to-face");
const sheet: Mod = await import("~/routes/coordination_.$participationId_.face-to-face_.sessions.$sessionId");
const assess: Mod = await import("~/routes/coordination_.$participationId_.face-to-face_.assess");
const signOff: Mod = await import("~/routes/coordination_.$participationId_.face-to-face_.sign-off");
const board: Mod = await import("~/routes/editions.$editionId_.face-to-face");
const trainee: Mod = await import("~/routes/learning_.$enrolmentId_.face-to-face");
const template: Mod = await import("~/routes/coordination_.$participationId_.face-to-face_.assessments[.]csv");

const PASSWORD = "a long test password";
const cookies: Record<string, string> = {};
const ids = {} as {
  edition: number;
  uy: number;
  cl: number;
  uySession: number;
  clSession: number;
  ana: number;
  bruno: number;
  camila: number;
};

beforeAll(async () => {
  const db = getDb();
  f.ensureStates(db);
  const course = f.makeCourse(db);
  const edition = f.makeEdition(db, { courseId: course.id, status: "face-to-face" });
  const uy = f.makeParticipation(db, { editionId: edition.id, stateCode: "UY", quota: 5, venue: "Montevideo" });
  const cl = f.makeParticipation(db, { editionId: edition.id, stateCode: "CL", quota: 5, venue: "Santiago" });
  const person = (email: string, name: string, role: "tutor" | "coordinator" | "trainee") =>
    f.makeUser(db, { email, name, role, password: PASSWORD, locale: "en" });
  const tutor = await person("tutor@example.org", "Tomás Tutor", "tutor");
  const coordUy = await person("coord.uy@example.org", "Valeria Sosa", "coordinator");
  const coordCl = await person("coord.cl@example.org", "Andrés Muñoz", "coordinator");
  f.appointCoordinatorRow(db, uy.id, coordUy.id);
  f.appointCoordinatorRow(db, cl.id, coordCl.id);
  const enrol = async (email: string, name: string, p: number) => {
    const u = await person(email, name, "trainee");
    return f.makeEnrolment(db, { editionId: edition.id, participationId: p, userId: u.id });
  };
  const ana = await enrol("ana@example.org", "Ana Pérez", uy.id);
  const bruno = await enrol("bruno@example.org", "Bruno Silva", uy.id);
  const camila = await enrol("camila@example.org", "Camila Rojas", cl.id);
  const input = { date: "2027-05-04", startTime: "09:00", endTime: "13:00", venue: "Sala", hours: 4 };
  Object.assign(ids, {
    edition: edition.id,
    uy: uy.id,
    cl: cl.id,
    uySession: planSession({ db, actor: coordUy, participationId: uy.id, input }).sessionId,
    clSession: planSession({ db, actor: coordCl, participationId: cl.id, input }).sessionId,
    ana: ana.id,
    bruno: bruno.id,
    camila: camila.id,
  });
  for (const [who, id] of Object.entries({ tutor: tutor.id, coordUy: coordUy.id, coordCl: coordCl.id, ana: ana.userId, camila: camila.userId })) {
    cookies[who] = (await createSession(db, id)).split(";")[0]!;
  }
});
afterAll(() => {
  getDb().$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function args(url: string, who: string, params: Record<string, string | number>, body?: FormData) {
  const headers = new Headers();
  if (cookies[who]) headers.set("Cookie", cookies[who]);
  const request = new Request(`http://localhost${url}`, { method: body ? "POST" : "GET", headers, body });
  return { request, params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])), context: { ip: "127.0.0.1" } };
}

async function call(fn: () => unknown): Promise<{ status: number; body: unknown }> {
  try {
    const r = await fn();
    if (r instanceof Response) return { status: r.status, body: r };
    const d = r as { type?: string; data?: unknown; init?: { status?: number } };
    if (d && d.type === "DataWithResponseInit") return { status: d.init?.status ?? 200, body: d.data };
    return { status: 200, body: r };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: thrown };
    throw thrown;
  }
}

const form = (entries: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) fd.set(k, v);
  return fd;
};

describe("a coordinator reaches only their own state's face-to-face pages", () => {
  it("GET: own hub 200; another state's hub, session, assessment and sign-off 404; trainees 404", async () => {
    expect((await call(() => hub.loader!(args("/", "coordUy", { participationId: ids.uy }) as LoaderFunctionArgs))).status).toBe(200);
    for (const [mod, params] of [
      [hub, { participationId: ids.cl }],
      [sheet, { participationId: ids.cl, sessionId: ids.clSession }],
      [assess, { participationId: ids.cl }],
      [signOff, { participationId: ids.cl }],
      [template, { participationId: ids.cl }],
    ] as const) {
      expect((await call(() => mod.loader!(args("/", "coordUy", params) as LoaderFunctionArgs))).status).toBe(404);
    }
    // Chile's session through Uruguay's participation id is not found either
    expect(
      (await call(() => sheet.loader!(args("/", "coordUy", { participationId: ids.uy, sessionId: ids.clSession }) as LoaderFunctionArgs))).status,
    ).toBe(404);
    expect((await call(() => hub.loader!(args("/", "ana", { participationId: ids.uy }) as LoaderFunctionArgs))).status).toBe(404);
    expect((await call(() => hub.loader!(args("/", "anonymous", { participationId: ids.uy }) as LoaderFunctionArgs))).status).toBe(302);
    // a tutor reads the hub, but does not record
    expect((await call(() => hub.loader!(args("/", "tutor", { participationId: ids.uy }) as LoaderFunctionArgs))).status).toBe(200);
    expect((await call(() => assess.loader!(args("/", "tutor", { participationId: ids.uy }) as LoaderFunctionArgs))).status).toBe(404);
  });

  it("POST attendance for Chile's participation is 404 and writes nothing", async () => {
    const r = await call(() =>
      sheet.action!(
        args("/", "coordUy", { participationId: ids.cl, sessionId: ids.clSession }, form({ [`mark-${ids.camila}`]: "present" })) as ActionFunctionArgs,
      ),
    );
    expect(r.status).toBe(404);
    expect(getDb().select().from(attendance).all()).toHaveLength(0);
  });

  it("POST a Chilean trainee's mark through Uruguay's session is refused and writes nothing (not even Uruguay's marks)", async () => {
    const r = await call(() =>
      sheet.action!(
        args(
          "/",
          "coordUy",
          { participationId: ids.uy, sessionId: ids.uySession },
          form({ [`mark-${ids.ana}`]: "present", [`mark-${ids.camila}`]: "present" }),
        ) as ActionFunctionArgs,
      ),
    );
    expect(r.status).toBe(400);
    expect((r.body as { errors: Record<string, { key: string }> }).errors[`mark-${ids.camila}`]?.key).toBe("faceToFace:errors.notEnrolled");
    expect(getDb().select().from(attendance).all()).toHaveLength(0);
  });

  it("POST with rest=present (the button pressed before the scripts ran) marks everyone the form leaves unmarked present", async () => {
    const r = await call(() =>
      sheet.action!(
        args("/", "coordUy", { participationId: ids.uy, sessionId: ids.uySession }, form({ [`mark-${ids.ana}`]: "late", rest: "present" })) as ActionFunctionArgs,
      ),
    );
    expect(r.status).toBe(302);
    const marks = getDb().select({ enrolmentId: attendance.enrolmentId, status: attendance.status }).from(attendance).all();
    expect(marks.sort((a, b) => a.enrolmentId - b.enrolmentId)).toEqual(
      [
        { enrolmentId: ids.ana, status: "late" },
        { enrolmentId: ids.bruno, status: "present" },
      ].sort((a, b) => a.enrolmentId - b.enrolmentId),
    );
    getDb().delete(attendance).run(); // the tests below start from an empty sheet
  });

  it("POST an assessment of a Chilean trainee (through either participation) is refused", async () => {
    const viaCl = await call(() =>
      assess.action!(
        args("/", "coordUy", { participationId: ids.cl }, form({ [`score-${ids.camila}`]: "10", [`result-${ids.camila}`]: "not-passed" })) as ActionFunctionArgs,
      ),
    );
    expect(viaCl.status).toBe(404);
    const viaUy = await call(() =>
      assess.action!(
        args("/", "coordUy", { participationId: ids.uy }, form({ [`score-${ids.camila}`]: "10", [`result-${ids.camila}`]: "not-passed" })) as ActionFunctionArgs,
      ),
    );
    expect(viaUy.status).toBe(400);
    expect((viaUy.body as { errors: Record<string, { key: string }> }).errors[`score-${ids.camila}`]?.key).toBe("faceToFace:errors.notEnrolled");
    expect(getDb().select().from(faceToFaceAssessments).all()).toHaveLength(0);
  });

  it("POST sign-off for another state is 404; a tutor cannot plan sessions", async () => {
    expect((await call(() => signOff.action!(args("/", "coordUy", { participationId: ids.cl }, form({ confirm: "yes" })) as ActionFunctionArgs))).status).toBe(404);
    const plan = form({ intent: "plan", date: "2027-05-06", startTime: "09:00", endTime: "10:00", venue: "x", hours: "1" });
    expect((await call(() => hub.action!(args("/", "tutor", { participationId: ids.uy }, plan) as ActionFunctionArgs))).status).toBe(404);
  });
});

describe("CSV import through the route", () => {
  const upload = (csv: string) => {
    const fd = new FormData();
    fd.set("intent", "import");
    fd.set("file", new File([csv], "assessments.csv", { type: "text/csv" }));
    return fd;
  };

  it("refuses the whole file with per-row errors, then imports a good one (semicolons, BOM, Spanish words)", async () => {
    const bad = await call(() =>
      assess.action!(
        args(
          "/",
          "coordUy",
          { participationId: ids.uy },
          upload("email,name,score,result,comment\nana@example.org,Ana,50,no aprobado,\ncamila@example.org,Camila,80,passed,\nbruno@example.org,Bruno,abc,maybe,\n"),
        ) as ActionFunctionArgs,
      ),
    );
    expect(bad.status).toBe(200);
    const errors = (bad.body as { csvErrors: { row: number; column: string | null; error: { key: string } }[] }).csvErrors;
    expect(errors.map((e) => [e.row, e.column, e.error.key])).toEqual([
      [4, "score", "faceToFace:errors.scoreWhole"],
      [4, "result", "faceToFace:import.badResult"],
    ]);
    const unknown = await call(() =>
      assess.action!(
        args("/", "coordUy", { participationId: ids.uy }, upload("email,score,result,comment\nana@example.org,50,not-passed,\ncamila@example.org,80,not-passed,\n")) as ActionFunctionArgs,
      ),
    );
    expect((unknown.body as { csvErrors: { row: number; error: { key: string } }[] }).csvErrors).toEqual([
      { row: 3, column: "email", error: { key: "faceToFace:import.unknownTrainee", values: { email: "camila@example.org" } } },
    ]);
    expect(getDb().select().from(faceToFaceAssessments).all()).toHaveLength(0);

    const good = await call(() =>
      assess.action!(
        args("/", "coordUy", { participationId: ids.uy }, upload("\uFEFFemail;name;score;result;comment\nana@example.org;Ana;45;No aprobado;Faltó al taller final\n")) as ActionFunctionArgs,
      ),
    );
    expect(good.status).toBe(302);
    expect(getDb().select().from(faceToFaceAssessments).all()).toMatchObject([{ score: 45, result: "not-passed", comment: "Faltó al taller final" }]);
  });

  it("serves a template with the state's enrolled trainees only", async () => {
    const r = await call(() => template.loader!(args("/", "coordUy", { participationId: ids.uy }) as LoaderFunctionArgs));
    const text = await (r.body as Response).text();
    expect(text).toContain("email,name,score,result,comment");
    expect(text).toContain("ana@example.org");
    expect(text).not.toContain("camila@example.org");
  });
});

describe("sign-off and reopening through the routes", () => {
  it("needs the confirmation, refuses with the unassessed named, then signs off; only a tutor reopens", async () => {
    const db = getDb();
    const noConfirm = await call(() => signOff.action!(args("/", "coordUy", { participationId: ids.uy }, form({})) as ActionFunctionArgs));
    expect(noConfirm.status).toBe(400);
    expect((noConfirm.body as { errors: Record<string, { key: string }> }).errors.confirm?.key).toBe("faceToFace:errors.confirmRequired");

    const actor = db.select().from(users).where(eq(users.email, "coord.uy@example.org")).get()!;
    recordAttendance({ db, actor, participationId: ids.uy, sessionId: ids.uySession, marks: [{ enrolmentId: ids.ana, status: "present" }, { enrolmentId: ids.bruno, status: "present" }] });
    const saved = await call(() =>
      assess.action!(
        args("/", "coordUy", { participationId: ids.uy }, form({ [`score-${ids.ana}`]: "88", [`result-${ids.ana}`]: "passed", [`comment-${ids.ana}`]: "Muy bien." })) as ActionFunctionArgs,
      ),
    );
    expect(saved.status).toBe(302);

    const refused = await call(() => signOff.action!(args("/", "coordUy", { participationId: ids.uy }, form({ confirm: "yes" })) as ActionFunctionArgs));
    expect(refused.status).toBe(400);
    expect((refused.body as { errors: Record<string, { key: string; values: unknown }> }).errors.form).toEqual({
      key: "faceToFace:errors.unassessed",
      values: { count: 1, names: "Bruno Silva" },
    });

    recordAssessments({ db, actor, participationId: ids.uy, assessments: [{ enrolmentId: ids.bruno, score: 30, result: "not-passed", comment: null }] });
    expect((await call(() => signOff.action!(args("/", "coordUy", { participationId: ids.uy }, form({ confirm: "yes" })) as ActionFunctionArgs))).status).toBe(302);

    // locked: the attendance route refuses now
    const late = await call(() =>
      sheet.action!(args("/", "coordUy", { participationId: ids.uy, sessionId: ids.uySession }, form({ [`mark-${ids.ana}`]: "absent" })) as ActionFunctionArgs),
    );
    expect(late.status).toBe(400);
    expect((late.body as { errors: Record<string, { key: string }> }).errors.form?.key).toBe("faceToFace:errors.locked");

    // the trainee sees the result now; another trainee cannot open Ana's page
    const seen = await call(() => trainee.loader!(args("/", "ana", { enrolmentId: ids.ana }) as LoaderFunctionArgs));
    expect(seen.status).toBe(200);
    expect((seen.body as { view: { assessment: unknown } }).view.assessment).toEqual({ score: 88, result: "passed", comment: "Muy bien." });
    expect((await call(() => trainee.loader!(args("/", "camila", { enrolmentId: ids.ana }) as LoaderFunctionArgs))).status).toBe(404);

    // reopen: coordinators are refused (the board is the tutors'), a short reason is refused, a tutor reopens
    const reason = form({ participationId: String(ids.uy), reason: "Bruno presentó un justificativo médico." });
    expect((await call(() => board.action!(args("/", "coordUy", { editionId: ids.edition }, reason) as ActionFunctionArgs))).status).toBe(403);
    expect(db.select().from(participations).where(eq(participations.id, ids.uy)).get()?.signedOffAt).not.toBeNull();
    const short = await call(() =>
      board.action!(args("/", "tutor", { editionId: ids.edition }, form({ participationId: String(ids.uy), reason: "corto" })) as ActionFunctionArgs),
    );
    expect(short.status).toBe(400);
    expect((short.body as { errors: Record<string, { key: string }> }).errors.reason?.key).toBe("errors.tooShort");
    const ok = await call(() => board.action!(args("/", "tutor", { editionId: ids.edition }, reason) as ActionFunctionArgs));
    expect(ok.status).toBe(302);
    expect(db.select().from(participations).where(eq(participations.id, ids.uy)).get()?.signedOffAt).toBeNull();
    expect(db.select().from(emailOutbox).where(eq(emailOutbox.to, "coord.uy@example.org")).all().at(-1)?.text).toContain("justificativo médico");
    expect((await call(() => board.loader!(args("/", "tutor", { editionId: ids.edition }) as LoaderFunctionArgs))).status).toBe(200);
    expect((await call(() => board.loader!(args("/", "coordUy", { editionId: ids.edition }) as LoaderFunctionArgs))).status).toBe(403);
  });
});
