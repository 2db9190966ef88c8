/**
 * The edition report's numbers, computed again here from the raw rows (no SQL aggregates: plain
 * JavaScript over every row), on a world built through the factories and the domain: two states,
 * certificates issued by both parties' approvals and a bulk issue, one revoked, people waiting and
 * withdrawn, quiz attempts, attendance marks, and an earlier edition for the trend. Then the XLSX,
 * read back with exceljs, holds the same cells as the CSV; and the audit trail finds the revocation in
 * Spanish, by person and by date, and keeps it from another state's coordinator.
 */
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "~db/schema";
import { loadActor } from "~/domain/accounts.server";
import { auditPerson, listAuditEntries } from "~/domain/audit.server";
import { bulkIssue, revokeCertificate } from "~/domain/certificates.server";
import { editionReport } from "~/domain/reports.server";
import { listModules } from "~/content.server";
import { fixedT } from "~/i18n/i18n.server";
import { describeAuditEntry } from "~/lib/audit-words.server";
import { reportTables } from "~/lib/report-view.server";
import { tableCsv, xlsxBuffer } from "~/lib/tables.server";
import { approveByBothParties, certificateWorld } from "./fixtures/certificate-world";
import { makeEdition, makeEnrolment, makeParticipation, makeUser, testDb } from "../factories";

const { db, cleanup } = testDb();
let world: Awaited<ReturnType<typeof certificateWorld>>;
let revokedUserId = 0;
let revokedEnrolmentId = 0;
let earlierEditionId = 0;

beforeAll(async () => {
  world = await certificateWorld(db, { states: ["UY", "CL"], traineesPerState: 3, password: "report-test-password-1" });
  const [uy, cl] = world.states;
  const actor = (id: number) => loadActor(db, id)!.actor;
  approveByBothParties(db, world);
  await bulkIssue({ db, actor: world.tutor, editionId: world.edition.id, notify: false });
  const revoked = uy!.trainees[1]!;
  revokedUserId = revoked.user.id;
  revokedEnrolmentId = revoked.enrolment.id;
  const cert = db.select().from(schema.certificates).where(eq(schema.certificates.enrolmentId, revoked.enrolment.id)).get()!;
  await revokeCertificate({ db, actor: actor(world.tutor.id), editionId: world.edition.id, serial: cert.serial, reason: "Datos incorrectos" });

  // people who did not get as far: waiting, withdrawn, failed online
  const extra = async (email: string, name: string) => makeUser(db, { email, name, role: "trainee" });
  makeEnrolment(db, { editionId: world.edition.id, participationId: uy!.participation.id, userId: (await extra("wait@example.org", "Espera Uno")).id, status: "waitlisted" });
  makeEnrolment(db, { editionId: world.edition.id, participationId: cl!.participation.id, userId: (await extra("gone@example.org", "Retirada Dos")).id, status: "withdrawn" });
  const failed = makeEnrolment(db, { editionId: world.edition.id, participationId: cl!.participation.id, userId: (await extra("fail@example.org", "Reprobado Tres")).id });
  db.update(schema.enrolments).set({ onlineResult: "not-passed" }).where(eq(schema.enrolments.id, failed.id)).run();

  // quiz attempts (no screen writes a past attempt): two modules, several attempts each
  const quizSlugs = listModules("csec", "en").filter((m) => m.hasQuiz).map((m) => m.slug).slice(0, 2);
  const at = new Date().toISOString();
  const enrolled = [...uy!.trainees, ...cl!.trainees].map((t) => t.enrolment.id);
  enrolled.forEach((enrolmentId, i) => {
    quizSlugs.forEach((slug, k) => {
      const scores = [40 + i * 7 + k * 3, 55 + i * 5 - k * 2];
      scores.forEach((score, n) => {
        db.insert(schema.quizAttempts).values({ enrolmentId, moduleSlug: slug, attemptNo: n + 1, answers: {}, score, passed: score >= 70, submittedAt: at }).run();
      });
    });
  });
  // attendance: two sessions in Uruguay, one in Chile
  const statuses = ["present", "late", "absent", "excused"] as const;
  const sessions = [
    { p: uy!, date: "2027-05-10" },
    { p: uy!, date: "2027-05-11" },
    { p: cl!, date: "2027-05-12" },
  ];
  sessions.forEach(({ p, date }, si) => {
    const session = db
      .insert(schema.faceToFaceSessions)
      .values({ participationId: p.participation.id, date, startTime: "09:00", endTime: "13:00", hours: 4 })
      .returning()
      .get();
    p.trainees.forEach((t, ti) => {
      db.insert(schema.attendance).values({ sessionId: session.id, enrolmentId: t.enrolment.id, status: statuses[(si + ti) % 4]!, recordedAt: at }).run();
    });
  });

  // an earlier edition of the course, for the trend
  const earlier = makeEdition(db, { courseId: world.course.id, name: "2025", status: "closed", today: new Date(Date.now() - 2 * 365 * 86_400_000) });
  earlierEditionId = earlier.id;
  const ep = makeParticipation(db, { editionId: earlier.id, stateCode: "UY", quota: 4 });
  for (let i = 0; i < 3; i++) {
    const u = await extra(`old${i}@example.org`, `Antigua ${i}`);
    const e = makeEnrolment(db, { editionId: earlier.id, participationId: ep.id, userId: u.id });
    if (i < 2) db.update(schema.enrolments).set({ onlineResult: "passed" }).where(eq(schema.enrolments.id, e.id)).run();
  }
}, 60_000);

afterAll(() => cleanup());

/** Every figure from the raw rows, in JavaScript. */
function expected(editionId: number, stateCode: string | null) {
  const parts = db.select().from(schema.participations).where(eq(schema.participations.editionId, editionId)).all()
    .filter((p) => !stateCode || p.stateCode === stateCode);
  const ids = new Set(parts.map((p) => p.id));
  const enrolments = db.select().from(schema.enrolments).all().filter((e) => ids.has(e.participationId));
  const assessments = db.select().from(schema.faceToFaceAssessments).all();
  const certs = db.select().from(schema.certificates).all();
  const sessions = db.select().from(schema.faceToFaceSessions).all();
  const marks = db.select().from(schema.attendance).all();
  const attempts = db.select().from(schema.quizAttempts).all();
  const count = (pred: (e: (typeof enrolments)[number]) => boolean) => enrolments.filter(pred).length;
  const passedF2f = new Set(assessments.filter((a) => a.result === "passed").map((a) => a.enrolmentId));
  const certified = new Set(certs.filter((c) => c.status === "valid").map((c) => c.enrolmentId));
  const sessionIds = new Set(sessions.filter((s) => ids.has(s.participationId)).map((s) => s.id));
  const ourMarks = marks.filter((m) => sessionIds.has(m.sessionId));
  const enrolmentIds = new Set(enrolments.map((e) => e.id));
  const best = new Map<string, number>();
  for (const a of attempts.filter((a) => enrolmentIds.has(a.enrolmentId))) {
    const key = `${a.enrolmentId}|${a.moduleSlug}`;
    best.set(key, Math.max(best.get(key) ?? 0, a.score));
  }
  const bySlug = new Map<string, number[]>();
  for (const [key, score] of best) bySlug.set(key.split("|")[1]!, [...(bySlug.get(key.split("|")[1]!) ?? []), score]);
  return {
    quota: parts.reduce((n, p) => n + p.quota, 0),
    nominated: enrolments.length,
    enrolled: count((e) => e.status === "enrolled"),
    onlinePassed: count((e) => e.onlineResult === "passed"),
    faceToFacePassed: count((e) => passedF2f.has(e.id)),
    certified: count((e) => certified.has(e.id)),
    attendanceMarks: ourMarks.length,
    attended: ourMarks.filter((m) => m.status === "present" || m.status === "late").length,
    quiz: Object.fromEntries([...bySlug].map(([slug, scores]) => [slug, Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10])),
  };
}

describe("the edition report", () => {
  it("totals equal the raw rows' counts (the funnel, seats, attendance, quiz averages)", () => {
    const report = editionReport({ db, editionId: world.edition.id, locale: "en" })!;
    const want = expected(world.edition.id, null);
    expect(report.totals).toMatchObject({
      quota: want.quota,
      nominated: want.nominated,
      enrolled: want.enrolled,
      onlinePassed: want.onlinePassed,
      faceToFacePassed: want.faceToFacePassed,
      certified: want.certified,
      attendanceMarks: want.attendanceMarks,
      attended: want.attended,
    });
    expect(report.totals.quizAverages).toEqual(want.quiz);
    // the world has what makes the funnel narrow at each step
    expect(want.nominated).toBe(9);
    expect(want.certified).toBe(5);
    expect(want.enrolled).toBeLessThan(want.nominated);
  });

  it("each state's figures equal its raw rows, and the coordinator's report holds only that state", () => {
    const report = editionReport({ db, editionId: world.edition.id, locale: "en" })!;
    for (const code of ["UY", "CL"]) {
      const want = expected(world.edition.id, code);
      const s = report.states.find((x) => x.stateCode === code)!;
      expect(s).toMatchObject({ quota: want.quota, nominated: want.nominated, enrolled: want.enrolled, certified: want.certified, attended: want.attended });
      expect(s.quizAverages).toEqual(want.quiz);
      const own = editionReport({ db, editionId: world.edition.id, stateCode: code, locale: "en" })!;
      expect(own.states.map((x) => x.stateCode)).toEqual([code]);
      expect(own.totals.nominated).toBe(want.nominated);
    }
  });

  it("the trend lists the earlier edition first, with its own funnel", () => {
    const report = editionReport({ db, editionId: world.edition.id, locale: "en" })!;
    expect(report.trend.map((p) => p.editionId)).toEqual([earlierEditionId, world.edition.id]);
    const old = expected(earlierEditionId, null);
    expect(report.trend[0]).toMatchObject({ nominated: old.nominated, enrolled: old.enrolled, onlinePassed: old.onlinePassed, certified: 0, quota: 4 });
    expect(report.trend[1]!.nominated).toBe(report.totals.nominated);
    const chile = editionReport({ db, editionId: world.edition.id, stateCode: "CL", locale: "en" })!;
    expect(chile.trend[0]).toMatchObject({ nominated: 0, quota: 0 });
  });

  it("the XLSX, read back with exceljs, holds the same cells as the CSV; header bold and frozen", async () => {
    const report = editionReport({ db, editionId: world.edition.id, locale: "es" })!;
    const tables = reportTables(report, fixedT("es"), "es");
    const csv = parse(tableCsv(tables.byState).replace(/^\uFEFF/, "")) as string[][];
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsxBuffer([tables.byState, tables.trend])) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getRow(1).font?.bold).toBe(true);
    const cells: string[][] = [];
    sheet.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      cells.push(csv[0]!.map((_, i) => (values[i] === undefined || values[i] === null ? "" : String(values[i]))));
    });
    expect(cells).toEqual(csv);
    // numbers are numbers in the spreadsheet
    expect(typeof sheet.getRow(2).getCell(2).value).toBe("number");
    expect(csv[csv.length - 1]![0]).toBe("Total");
    expect(Number(csv[csv.length - 1]![2])).toBe(report.totals.nominated);
    // the trend sheet has dates as dates
    expect(workbook.worksheets[1]!.getRow(2).getCell(2).value).toBeInstanceOf(Date);
  });
});

describe("the audit trail", () => {
  it("finds the revocation in Spanish by person and by date, with its reason and before/after", () => {
    const tutor = loadActor(db, world.tutor.id)!.actor;
    const today = new Date().toISOString().slice(0, 10);
    const person = auditPerson({ db, reader: tutor, enrolmentId: revokedEnrolmentId })!;
    expect(person.userId).toBe(revokedUserId);
    const byPerson = listAuditEntries({ db, reader: tutor, filters: { userId: person.userId, action: "certificate.revoke", from: today, to: today } });
    expect(byPerson.rows).toHaveLength(1);
    const words = describeAuditEntry(fixedT("es"), "es", byPerson.rows[0]!);
    expect(words.sentence).toBe(`Laura Méndez Ibáñez revocó el certificado de ${person.name} (Uruguay, 2027) — motivo: Datos incorrectos`);
    expect(words.changes).toContainEqual({ field: "Situación", before: "válido", after: "revocado" });
    const bySearch = listAuditEntries({ db, reader: tutor, filters: { person: person.name.slice(0, 8), action: "certificate.revoke" } });
    expect(bySearch.rows.map((r) => r.id)).toContain(byPerson.rows[0]!.id);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(listAuditEntries({ db, reader: tutor, filters: { userId: person.userId, to: yesterday } }).rows).toHaveLength(0);
  });

  it("a coordinator reads only their state's entries and cannot name another state's trainee", () => {
    const [uy, cl] = world.states;
    const chile = loadActor(db, cl!.coordinator.id)!.actor;
    const rows = listAuditEntries({ db, reader: chile, filters: {}, pageSize: 500 }).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.stateCode))).toEqual(new Set(["CL"]));
    expect(auditPerson({ db, reader: chile, enrolmentId: uy!.trainees[0]!.enrolment.id })).toBeNull();
    const trainee = loadActor(db, uy!.trainees[0]!.user.id)!.actor;
    expect(listAuditEntries({ db, reader: trainee, filters: {} }).rows).toHaveLength(0);
  });

  it("pages by id, newest first, without overlap", () => {
    const tutor = loadActor(db, world.tutor.id)!.actor;
    const first = listAuditEntries({ db, reader: tutor, filters: {}, pageSize: 3 });
    expect(first.next).not.toBeNull();
    const second = listAuditEntries({ db, reader: tutor, filters: {}, before: first.next, pageSize: 3 });
    const ids = [...first.rows, ...second.rows].map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
