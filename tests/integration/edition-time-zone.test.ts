/**
 * Each edition has a time zone (issue 10, point 10): its deadlines end at 23:59 there, every time shown
 * names the zone, and the tutor sets it on the edition form (a select of IANA zones, checked with Intl).
 * Through the real Remix handler, with a real SQLite file.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-tz-"));
process.env.DATABASE_URL = path.join(dir, "tz.db");

const { getDb } = await import("~db/index.server");
const { editions } = await import("~db/schema");
const { createSession } = await import("~/auth/sessions.server");
const { ensureStates, makeCourse, makeEdition, makeEnrolment, makeParticipation, makeUser } = await import("~db/seed/factories");
const { findStudyEnrolment } = await import("~/domain/online-access.server");
const { submitAssignment } = await import("~/domain/assignments.server");
const { loadRemixApp } = await import("./helpers/remix-app");

const db = getDb();
let app: Awaited<ReturnType<typeof loadRemixApp>>;
let editionId = 0;
let enrolmentId = 0;
let tutorCookie = "";
let traineeCookie = "";

beforeAll(async () => {
  ensureStates(db);
  const course = makeCourse(db);
  const tutor = await makeUser(db, { email: "tutora.tz@example.org", name: "Tutora Horaria (ficticia)", role: "tutor", locale: "es", password: "tz-test-password-1" });
  const trainee = await makeUser(db, { email: "ana.tz@example.org", name: "Ana Horaria (ficticia)", role: "trainee", locale: "es", stateCode: "UY", password: "tz-test-password-1" });
  const edition = makeEdition(db, { courseId: course.id, status: "online", createdBy: tutor.id });
  editionId = edition.id;
  // no screen moves an edition's dates into the past: the online stage runs March–May 2027, due on 20 May
  db.update(editions)
    .set({ nominationOpensOn: "2027-01-01", nominationClosesOn: "2027-02-01", onlineStartsOn: "2027-03-01", onlineEndsOn: "2027-05-31", assignmentDueOn: "2027-05-20" })
    .where(eq(editions.id, edition.id))
    .run();
  const p = makeParticipation(db, { editionId: edition.id, stateCode: "UY", quota: 5 });
  enrolmentId = makeEnrolment(db, { editionId: edition.id, participationId: p.id, userId: trainee.id }).id;
  submitAssignment({
    db,
    actorId: trainee.id,
    enrolment: findStudyEnrolment(db, enrolmentId)!,
    body: "Mi trabajo (texto ficticio).",
    file: null,
    now: new Date("2027-03-10T10:36:00Z"),
  });
  tutorCookie = (await createSession(db, tutor.id)).split(";")[0]!;
  traineeCookie = (await createSession(db, trainee.id)).split(";")[0]!;
  app = await loadRemixApp();
}, 60_000);

afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function send(url: string, init: { method?: string; body?: FormData; cookie?: string } = {}) {
  const headers = new Headers({ Host: "localhost", Origin: "http://localhost", "Sec-Fetch-Site": "same-origin" });
  if (init.cookie) headers.set("Cookie", init.cookie);
  return app.handle(new Request(`http://localhost${url}`, { method: init.method ?? "GET", headers, body: init.body }));
}

/** The page as a person reads it (the loader's data, with its UTC instants, is left out). */
const visible = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, "");

describe("an edition's time zone", () => {
  it("is America/Montevideo unless the tutor chooses another", () => {
    expect(db.select().from(editions).where(eq(editions.id, editionId)).get()!.timeZone).toBe("America/Montevideo");
  });

  it("shows a submission at 10:36 UTC as 07:36 Montevideo time, and the deadline as 23:59 there", async () => {
    const res = await send(`/learning/${enrolmentId}/assignment`, { cookie: traineeCookie });
    expect(res.status).toBe(200);
    const html = visible(await res.text());
    expect(html).toMatch(/10 mar 2027, 07:36 hora de Uruguay/);
    expect(html).not.toContain("10:36");
    expect(html).toMatch(/20 may 2027, 23:59 hora de Uruguay/);
  });

  it("follows the edition's zone when the tutor changes it on the edition form", async () => {
    const page = await (await send(`/editions/${editionId}/edit`, { cookie: tutorCookie })).text();
    expect(page).toContain('name="timeZone"');
    expect(page).toMatch(/<option value="America\/Montevideo" selected="">Montevideo \(America\/Montevideo\)<\/option>/);
    const form = new FormData();
    const e = db.select().from(editions).where(eq(editions.id, editionId)).get()!;
    for (const k of [
      "name",
      "nominationOpensOn",
      "nominationClosesOn",
      "onlineStartsOn",
      "onlineEndsOn",
      "assignmentDueOn",
      "faceToFaceStartsOn",
      "faceToFaceEndsOn",
      "quizPassMark",
      "quizAttemptsAllowed",
      "quizFeedback",
      "faceToFaceScaleMax",
      "faceToFacePassScore",
      "attendanceRequiredPercent",
      "onlineHours",
    ] as const) {
      form.set(k, String(e[k]));
    }
    form.set("assignmentRequired", "on");
    form.set("timeZone", "Mars/Olympus_Mons");
    const refused = await send(`/editions/${editionId}/edit`, { method: "POST", body: form, cookie: tutorCookie });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Elija un huso horario de la lista.");
    expect(db.select().from(editions).where(eq(editions.id, editionId)).get()!.timeZone).toBe("America/Montevideo");

    form.set("timeZone", "America/Mexico_City");
    const saved = await send(`/editions/${editionId}/edit`, { method: "POST", body: form, cookie: tutorCookie });
    expect(saved.status).toBe(302);
    expect(db.select().from(editions).where(eq(editions.id, editionId)).get()!.timeZone).toBe("America/Mexico_City");
    const html = visible(await (await send(`/learning/${enrolmentId}/assignment`, { cookie: traineeCookie })).text());
    expect(html).toMatch(/10 mar 2027, 04:36 hora de Ciudad de México/);
  });
});
