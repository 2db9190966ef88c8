/**
 * The online stage's domain on a real SQLite file: module progress, quiz grading and attempts
 * (including tampered answers and a double submit), the assignment (upload checks, deadline,
 * resubmission until graded), grading with email and audit, closing the stage and overrides.
 */
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~db/index.server";
import { auditLog, editions, emailOutbox, enrolments, forumPosts, quizAttempts } from "~db/schema";
import { DomainError } from "~/domain/accounts.server";
import { assignmentFile, gradeAssignment, submitAssignment } from "~/domain/assignments.server";
import { createForumPost, listForumThreads, moderateForumPost } from "~/domain/forum.server";
import { findOnlineEdition, findStudyEnrolment } from "~/domain/online-access.server";
import { closeOnlineStage, overrideOnlineResult, progressBoard, reopenOnlineStage, ungradedAssignments } from "~/domain/online-results.server";
import { completeModule, courseOverview, openModule, quizPage, recordQuizAttempt, submitQuiz } from "~/domain/online.server";
import { ensureStates, makeCourse, makeEdition, makeEnrolment, makeParticipation, makeUser, testDb } from "../factories";

const quizFile = (slug: string) =>
  JSON.parse(fs.readFileSync(path.resolve(`content/csec/es/${slug}.quiz.json`), "utf8")) as {
    questions: { id: string; answer: string; options: { id: string; feedback: string }[] }[];
  };
const MODULE = "01-concepts";
const quiz = quizFile(MODULE);
const allRight = Object.fromEntries(quiz.questions.map((q) => [q.id, q.answer]));
const allWrong = Object.fromEntries(quiz.questions.map((q) => [q.id, q.options.find((o) => o.id !== q.answer)!.id]));
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

const NOW = new Date("2027-04-15T12:00:00Z");
const AFTER_END = new Date("2027-06-02T10:00:00Z");

let ctx: ReturnType<typeof testDb>;
let db: Db;
let world: Awaited<ReturnType<typeof makeWorld>>;

async function makeWorld(db: Db) {
  ensureStates(db);
  const tutor = await makeUser(db, { email: "tutor@example.org", name: "Tutor Test", role: "tutor" });
  const ana = await makeUser(db, { email: "ana@example.org", name: "Ana Test", role: "trainee", locale: "pt" });
  const ben = await makeUser(db, { email: "ben@example.org", name: "Ben Test", role: "trainee" });
  const course = makeCourse(db);
  const edition = makeEdition(db, { courseId: course.id, name: "2027", status: "online" });
  db.update(editions)
    .set({
      onlineStartsOn: "2027-03-01",
      onlineEndsOn: "2027-05-31",
      assignmentDueOn: "2027-05-20",
      requiredModules: [MODULE],
      quizPassMark: 70,
      quizAttemptsAllowed: 2,
    })
    .where(eq(editions.id, edition.id))
    .run();
  const uy = makeParticipation(db, { editionId: edition.id, stateCode: "UY", quota: 5 });
  const cl = makeParticipation(db, { editionId: edition.id, stateCode: "CL", quota: 5 });
  const anaEnrolment = makeEnrolment(db, { editionId: edition.id, participationId: uy.id, userId: ana.id });
  const benEnrolment = makeEnrolment(db, { editionId: edition.id, participationId: cl.id, userId: ben.id });
  return { tutor, ana, ben, edition, anaEnrolment, benEnrolment };
}

const study = (enrolmentId: number) => findStudyEnrolment(db, enrolmentId)!;
const onlineEdition = () => findOnlineEdition(db, world.edition.id)!;

async function asyncDomainKey(fn: () => Promise<unknown>): Promise<string | null> {
  try {
    await fn();
    return null;
  } catch (err) {
    if (err instanceof DomainError) return err.key;
    throw err;
  }
}

function domainKey(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof DomainError) return err.key;
    throw err;
  }
}

beforeEach(async () => {
  ctx = testDb();
  db = ctx.db;
  world = await makeWorld(db);
});
afterEach(() => ctx.cleanup());

describe("modules", () => {
  it("opens only inside the dates and for enrolled trainees, and records start and completion", async () => {
    const e = study(world.anaEnrolment.id);
    const before = await openModule({ db, enrolment: e, slug: MODULE, locale: "es", now: new Date("2027-02-28T23:00:00Z") });
    expect(before?.window).toBe("before");
    expect(before?.module).toBeNull();
    const open = await openModule({ db, enrolment: e, slug: MODULE, locale: "es", now: NOW });
    expect(open?.module?.html).toContain("<h2");
    expect(open?.status).toBe("in-progress");
    expect(domainKey(() => completeModule({ db, enrolment: e, slug: MODULE, now: new Date("2027-06-01T03:00:00Z") }))).toBe( // 00:00 on 1 June in Montevideo, the edition's zone
      "course:closedReason.after",
    );
    completeModule({ db, enrolment: e, slug: MODULE, now: NOW });
    completeModule({ db, enrolment: e, slug: MODULE, now: new Date("2027-04-20T00:00:00Z") }); // idempotent
    const overview = courseOverview({ db, enrolment: e, locale: "es", now: NOW });
    expect(overview.modules[0]).toMatchObject({ slug: MODULE, status: "completed", required: true });
    expect(overview.modules[1]).toMatchObject({ required: false });
    expect(overview.next).toEqual({ kind: "quiz", slug: MODULE });
    expect(await openModule({ db, enrolment: e, slug: "99-nope", locale: "es", now: NOW })).toBeNull();

    db.update(enrolments).set({ status: "withdrawn" }).where(eq(enrolments.id, e.enrolmentId)).run();
    const withdrawn = await openModule({ db, enrolment: study(e.enrolmentId), slug: MODULE, locale: "es", now: NOW });
    expect(withdrawn?.window).toBe("not-enrolled");
    expect(withdrawn?.module).toBeNull();
  });

  it("rewrites cross-references to this enrolment's module pages", async () => {
    const page = await openModule({ db, enrolment: study(world.anaEnrolment.id), slug: "02-legal-framework", locale: "es", now: NOW });
    expect(page?.module?.html).not.toContain('href="/course/modules/');
  });
});

describe("quizzes", () => {
  it("never sends answers or feedback before submission", () => {
    const page = quizPage({ db, enrolment: study(world.anaEnrolment.id), slug: MODULE, locale: "es", now: NOW })!;
    const json = JSON.stringify(page);
    expect(json).not.toContain('"answer"');
    expect(json).not.toContain('"feedback"');
    for (const q of quiz.questions) for (const o of q.options) expect(json).not.toContain(o.feedback);
    expect(page.quiz?.questions).toHaveLength(quiz.questions.length);
  });

  it("grades on the server, keeps the best score and stops at the attempt limit", () => {
    const e = study(world.anaEnrolment.id);
    const first = submitQuiz({ db, enrolment: e, slug: MODULE, locale: "es", answers: allWrong, now: NOW });
    expect(first).toMatchObject({ attemptNo: 1, score: 0, passed: false });
    // while an attempt remains, which answers were wrong is not told (no solving by elimination)
    expect(first).toMatchObject({ questions: [], withheldUntil: "after-last-attempt" });
    expect(JSON.stringify(quizPage({ db, enrolment: e, slug: MODULE, locale: "es", now: NOW }))).not.toContain("correct");
    const second = submitQuiz({ db, enrolment: e, slug: MODULE, locale: "es", answers: allRight, now: NOW });
    expect(second).toMatchObject({ attemptNo: 2, score: 100, passed: true, withheldUntil: null });
    expect(second.questions.every((q) => q.correct && q.feedback)).toBe(true);
    expect(domainKey(() => submitQuiz({ db, enrolment: e, slug: MODULE, locale: "es", answers: allRight, now: NOW }))).toBe(
      "course:quiz.errors.noAttemptsLeft",
    );
    const page = quizPage({ db, enrolment: e, slug: MODULE, locale: "es", now: NOW })!;
    expect(page).toMatchObject({ best: 100, attemptsLeft: 0, quiz: null, review: { attemptNo: 2 } });
    expect(page.review?.questions.every((q) => q.correct)).toBe(true);
    expect(db.select().from(quizAttempts).all()).toHaveLength(2);
  });

  it("an edition that shows results at the stage's end withholds them after the last attempt too", () => {
    db.update(editions).set({ quizFeedback: "after-stage" }).run();
    const e = study(world.anaEnrolment.id);
    submitQuiz({ db, enrolment: e, slug: MODULE, locale: "es", answers: allWrong, now: NOW });
    const last = submitQuiz({ db, enrolment: e, slug: MODULE, locale: "es", answers: allRight, now: NOW });
    expect(last).toMatchObject({ attemptNo: 2, questions: [], withheldUntil: "after-stage" });
    expect(quizPage({ db, enrolment: e, slug: MODULE, locale: "es", now: NOW })!.review).toBeNull();
    const afterStage = quizPage({ db, enrolment: e, slug: MODULE, locale: "es", now: new Date("2027-06-02T12:00:00Z") })!;
    expect(afterStage.review?.attemptNo).toBe(2);
    expect(afterStage.review?.questions.every((q) => q.correct && q.feedback)).toBe(true);
  });

  it("treats tampered answers as wrong and never throws", () => {
    const e = study(world.anaEnrolment.id);
    const [q1, q2, q3] = quiz.questions;
    const tampered: Record<string, unknown> = {
      [q1!.id]: "zz", // unknown option
      [q2!.id]: q1!.answer === "a" ? ["a"] : { id: "a" }, // not a string
      "not-a-question": "a", // unknown question
      __proto__: "a",
      [q3!.id]: q3!.answer,
    };
    submitQuiz({ db, enrolment: e, slug: MODULE, locale: "es", answers: {}, now: NOW }); // the per-question view comes with the last attempt
    const result = submitQuiz({ db, enrolment: e, slug: MODULE, locale: "es", answers: tampered, now: NOW });
    expect(result.correct).toBe(1);
    expect(result.questions[0]).toMatchObject({ correct: false, chosen: null, feedback: null });
    expect(result.questions[1]).toMatchObject({ correct: false, chosen: null });
    const stored = db.select().from(quizAttempts).where(eq(quizAttempts.attemptNo, 2)).get()!;
    expect(stored.answers).toEqual({ [q3!.id]: q3!.answer });
  });

  it("refuses a racing duplicate of the same attempt number instead of storing it twice", () => {
    const row = {
      enrolmentId: world.anaEnrolment.id,
      moduleSlug: MODULE,
      attemptNo: 1,
      answers: {},
      score: 0,
      passed: false,
      submittedAt: NOW.toISOString(),
    };
    recordQuizAttempt(db, row);
    expect(domainKey(() => recordQuizAttempt(db, row))).toBe("course:quiz.errors.duplicate");
    expect(db.select().from(quizAttempts).all()).toHaveLength(1);
  });

  it("is closed outside the dates", () => {
    const e = study(world.anaEnrolment.id);
    expect(quizPage({ db, enrolment: e, slug: MODULE, locale: "es", now: new Date("2027-07-01T00:00:00Z") })?.quiz).toBeNull();
    expect(domainKey(() => submitQuiz({ db, enrolment: e, slug: MODULE, locale: "es", answers: allRight, now: new Date("2027-07-01T00:00:00Z") }))).toBe(
      "course:closedReason.after",
    );
  });
});

describe("the final assignment", () => {
  it("checks the file by content, allows resubmission until graded, and stops at the due date", () => {
    const e = study(world.anaEnrolment.id);
    const exe = { name: "trabajo.pdf", bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]) };
    expect(domainKey(() => submitAssignment({ db, actorId: world.ana.id, enrolment: e, body: "x", file: exe, now: NOW }))).toBe(
      "course:assignment.errors.fileType",
    );
    const big = { name: "big.pdf", bytes: new Uint8Array(10 * 1024 * 1024 + 1) };
    expect(domainKey(() => submitAssignment({ db, actorId: world.ana.id, enrolment: e, body: undefined, file: big, now: NOW }))).toBe(
      "course:assignment.errors.tooLarge",
    );
    expect(domainKey(() => submitAssignment({ db, actorId: world.ana.id, enrolment: e, body: "  ", file: null, now: NOW }))).toBe(
      "course:assignment.errors.empty",
    );
    submitAssignment({ db, actorId: world.ana.id, enrolment: e, body: "Primera versión", file: { name: "v1.pdf", bytes: PDF }, now: NOW });
    // resubmitting text only keeps the file
    submitAssignment({ db, actorId: world.ana.id, enrolment: e, body: "Segunda versión", file: null, now: NOW });
    const file = assignmentFile(db, e.enrolmentId)!;
    expect(file).toMatchObject({ fileName: "v1.pdf", fileType: "pdf" });
    expect(Buffer.from(file.fileData).equals(Buffer.from(PDF))).toBe(true);
    expect(
      domainKey(() =>
        submitAssignment({ db, actorId: world.ana.id, enrolment: e, body: "tarde", file: null, now: new Date("2027-05-21T03:00:00Z") /* 00:00 in Montevideo */ }),
      ),
    ).toBe("course:assignment.errors.closed");
    const audits = db.select().from(auditLog).where(eq(auditLog.entityId, e.enrolmentId)).all();
    expect(audits.map((a) => a.action)).toEqual(["assignment.submit", "assignment.resubmit"]);
  });

  it("a tutor grades it: the trainee is emailed in their language, it is audited, and resubmission stops", async () => {
    const e = study(world.anaEnrolment.id);
    submitAssignment({ db, actorId: world.ana.id, enrolment: e, body: "Mi trabajo", file: null, now: NOW });
    await gradeAssignment({ db, actor: world.tutor, edition: onlineEdition(), enrolmentId: e.enrolmentId, score: 85, passed: true, feedback: "Muy bien." });
    const mail = db.select().from(emailOutbox).where(eq(emailOutbox.to, "ana@example.org")).get()!;
    expect(mail.locale).toBe("pt");
    expect(mail.subject).toContain("avaliado");
    expect(mail.text).toContain("85/100");
    expect(mail.text).toContain(`/learning/${e.enrolmentId}/assignment`);
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "assignment.grade")).get()!;
    expect(audit).toMatchObject({ actorId: world.tutor.id, entityId: e.enrolmentId, after: { score: 85, passed: true } });
    expect(domainKey(() => submitAssignment({ db, actorId: world.ana.id, enrolment: e, body: "otra", file: null, now: NOW }))).toBe(
      "course:assignment.errors.graded",
    );
  });

  it("cannot grade a submission of another edition", async () => {
    const other = makeEdition(db, { courseId: world.edition.courseId, name: "2099", status: "online" });
    submitAssignment({ db, actorId: world.ana.id, enrolment: study(world.anaEnrolment.id), body: "x", file: null, now: NOW });
    await expect(
      gradeAssignment({ db, actor: world.tutor, edition: findOnlineEdition(db, other.id)!, enrolmentId: world.anaEnrolment.id, score: 1, passed: false, feedback: "x" }),
    ).rejects.toThrow(DomainError);
  });
});

describe("closing the online stage early, with work ungraded, and reopening it", () => {
  it("lists ungraded work and refuses to close while there is some, unless a written reason overrides; the reason is audited", async () => {
    const e = study(world.anaEnrolment.id);
    submitAssignment({ db, actorId: world.ana.id, enrolment: e, body: "Mi trabajo", file: null, now: NOW });
    expect(ungradedAssignments(db, onlineEdition()).map((u) => u.name)).toEqual(["Ana Test"]);
    expect(await asyncDomainKey(() => closeOnlineStage({ db, actor: world.tutor, edition: onlineEdition(), now: AFTER_END }))).toBe("course:close.errors.ungraded");
    expect(await asyncDomainKey(() => closeOnlineStage({ db, actor: world.tutor, edition: onlineEdition(), now: AFTER_END, overrideReason: "  " }))).toBe(
      "course:close.errors.ungraded",
    );
    expect(onlineEdition().onlineClosedAt).toBeNull();
    expect(db.select().from(enrolments).all().every((x) => x.onlineResult === null)).toBe(true);
    await closeOnlineStage({ db, actor: world.tutor, edition: onlineEdition(), now: AFTER_END, overrideReason: "La participante desistió del trabajo." });
    expect(onlineEdition().onlineClosedAt).not.toBeNull();
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "edition.closeOnlineStage")).get()!;
    expect(audit.after).toMatchObject({ override: "La participante desistió del trabajo.", ungraded: 1, early: false });
  });

  it("refuses to close before the end date without a written reason", async () => {
    expect(await asyncDomainKey(() => closeOnlineStage({ db, actor: world.tutor, edition: onlineEdition(), now: NOW }))).toBe("course:close.errors.early");
    await closeOnlineStage({ db, actor: world.tutor, edition: onlineEdition(), now: NOW, overrideReason: "Todas las entregas están calificadas." });
    expect(onlineEdition().onlineClosedAt).toBe(NOW.toISOString());
  });

  it("counts the end date in the edition's zone: 02:00 UTC on the last day is still the day before in Montevideo, so closing is early", async () => {
    const justAfterUtcMidnight = new Date("2027-05-31T02:00:00Z"); // 23:00 on 30 May in Montevideo
    expect(await asyncDomainKey(() => closeOnlineStage({ db, actor: world.tutor, edition: onlineEdition(), now: justAfterUtcMidnight }))).toBe(
      "course:close.errors.early",
    );
    // on the last day in Montevideo itself it is no longer early
    await closeOnlineStage({ db, actor: world.tutor, edition: onlineEdition(), now: new Date("2027-05-31T04:00:00Z") });
    expect(onlineEdition().onlineClosedAt).toBe("2027-05-31T04:00:00.000Z");
  });

  it("a tutor reopens the stage with a reason (audited), which unlocks grading, until the face-to-face stage opens", async () => {
    const e = study(world.anaEnrolment.id);
    submitAssignment({ db, actorId: world.ana.id, enrolment: e, body: "Mi trabajo", file: null, now: NOW });
    await closeOnlineStage({ db, actor: world.tutor, edition: onlineEdition(), now: AFTER_END, overrideReason: "Plazo vencido." });
    expect(await asyncDomainKey(() => gradeAssignment({ db, actor: world.tutor, edition: onlineEdition(), enrolmentId: e.enrolmentId, score: 90, passed: true, feedback: "" }))).toBe(
      "course:grade.errors.closed",
    );
    expect(domainKey(() => reopenOnlineStage({ db, actor: world.tutor, edition: onlineEdition(), reason: " " }))).toBe("course:close.errors.reopenReason");
    reopenOnlineStage({ db, actor: world.tutor, edition: onlineEdition(), reason: "Falta calificar un trabajo." });
    expect(onlineEdition().onlineClosedAt).toBeNull();
    const reopened = db.select().from(auditLog).where(eq(auditLog.action, "edition.reopenOnlineStage")).get()!;
    expect(reopened.after).toMatchObject({ reason: "Falta calificar un trabajo." });
    await gradeAssignment({ db, actor: world.tutor, edition: onlineEdition(), enrolmentId: e.enrolmentId, score: 90, passed: true, feedback: "Bien." });
    expect(ungradedAssignments(db, onlineEdition())).toEqual([]);
    await closeOnlineStage({ db, actor: world.tutor, edition: onlineEdition(), now: AFTER_END });
    // once the face-to-face stage is open, the online stage stays closed
    db.update(editions).set({ status: "face-to-face" }).where(eq(editions.id, world.edition.id)).run();
    expect(domainKey(() => reopenOnlineStage({ db, actor: world.tutor, edition: onlineEdition(), reason: "Otra vez." }))).toBe("course:close.errors.reopenTooLate");
  });
});

describe("closing the online stage", () => {
  async function anaDoesEverything() {
    const e = study(world.anaEnrolment.id);
    completeModule({ db, enrolment: e, slug: MODULE, now: NOW });
    submitQuiz({ db, enrolment: e, slug: MODULE, locale: "es", answers: allRight, now: NOW });
    submitAssignment({ db, actorId: world.ana.id, enrolment: e, body: "Mi trabajo", file: null, now: NOW });
    await gradeAssignment({ db, actor: world.tutor, edition: onlineEdition(), enrolmentId: e.enrolmentId, score: 90, passed: true, feedback: "Bien." });
  }

  it("records every enrolled trainee's result with reasons, once, in short batches; audited", async () => {
    await anaDoesEverything();
    const ben = study(world.benEnrolment.id);
    completeModule({ db, enrolment: ben, slug: MODULE, now: NOW });
    submitQuiz({ db, enrolment: ben, slug: MODULE, locale: "es", answers: allWrong, now: NOW });

    const board = progressBoard({ db, edition: onlineEdition(), locale: "en" });
    expect(board.rows.map((r) => [r.name, r.modulesDone, r.statuses])).toEqual([
      ["Ben Test", 0, ["in-progress"]],
      ["Ana Test", 1, ["modules-done"]],
    ]);
    expect(progressBoard({ db, edition: onlineEdition(), locale: "en", state: "UY" }).rows.map((r) => r.name)).toEqual(["Ana Test"]);

    const counts = await closeOnlineStage({ db, actor: world.tutor, edition: onlineEdition(), now: new Date("2027-06-02T10:00:00Z") });
    expect(counts).toEqual({ passed: 1, notPassed: 1 });
    const results = db.select({ id: enrolments.id, r: enrolments.onlineResult, why: enrolments.onlineResultReason }).from(enrolments).all();
    expect(results).toEqual([
      { id: world.anaEnrolment.id, r: "passed", why: "all-requirements-met" },
      { id: world.benEnrolment.id, r: "not-passed", why: `quiz-below-pass-mark:${MODULE};assignment-not-submitted` },
    ]);
    expect(onlineEdition().onlineClosedAt).toBe("2027-06-02T10:00:00.000Z");
    expect(onlineEdition().status).toBe("online");
    expect(db.select().from(auditLog).where(eq(auditLog.action, "enrolment.onlineResult")).all()).toHaveLength(2);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "edition.closeOnlineStage")).all()).toHaveLength(1);
    expect(await asyncDomainKey(() => closeOnlineStage({ db, actor: world.tutor, edition: onlineEdition() }))).toBe("course:close.errors.alreadyClosed");
    // after the close, nothing changes a result but an override
    expect(domainKey(() => submitQuiz({ db, enrolment: study(world.benEnrolment.id), slug: MODULE, locale: "es", answers: allRight, now: NOW }))).toBe(
      "course:closedReason.closed",
    );
  });

  it("refuses unless the edition is in its online stage, writing nothing", async () => {
    db.update(editions).set({ status: "nominations" }).where(eq(editions.id, world.edition.id)).run();
    expect(await asyncDomainKey(() => closeOnlineStage({ db, actor: world.tutor, edition: onlineEdition() }))).toBe("course:close.errors.notOnline");
    expect(db.select().from(enrolments).where(and(eq(enrolments.editionId, world.edition.id))).all().every((e) => e.onlineResult === null)).toBe(true);
    expect(onlineEdition().onlineClosedAt).toBeNull();
  });

  it("a tutor overrides a result with a recorded reason, audited; only after the close", async () => {
    expect(
      domainKey(() =>
        overrideOnlineResult({ db, actor: world.tutor, edition: onlineEdition(), enrolmentId: world.benEnrolment.id, result: "passed", reason: "x" }),
      ),
    ).toBe("course:close.errors.notClosed");
    await closeOnlineStage({ db, actor: world.tutor, edition: onlineEdition(), now: AFTER_END });
    overrideOnlineResult({
      db,
      actor: world.tutor,
      edition: onlineEdition(),
      enrolmentId: world.benEnrolment.id,
      result: "passed",
      reason: "Licencia médica documentada.",
    });
    const ben = db.select().from(enrolments).where(eq(enrolments.id, world.benEnrolment.id)).get()!;
    expect(ben).toMatchObject({
      onlineResult: "passed",
      onlineResultOverriddenBy: world.tutor.id,
      onlineResultOverrideReason: "Licencia médica documentada.",
    });
    expect(ben.onlineResultReason).toContain("modules-incomplete");
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "enrolment.onlineResultOverride")).get()!;
    expect(audit).toMatchObject({ before: { result: "not-passed" }, after: { result: "passed" } });
  });
});

describe("the forum", () => {
  it("keeps replies one level deep, pins first, and hides hidden posts from trainees", () => {
    const base = { db, editionId: world.edition.id, moduleSlug: MODULE, canSeeHidden: false };
    const first = createForumPost({ ...base, authorId: world.ana.id, body: "Hola desde Uruguay", now: new Date("2027-04-01T10:00:00Z") });
    const second = createForumPost({ ...base, authorId: world.ben.id, body: "Saludos desde Chile", now: new Date("2027-04-02T10:00:00Z") });
    const reply = createForumPost({ ...base, authorId: world.ben.id, body: "Respuesta", parentId: first });
    createForumPost({ ...base, authorId: world.ana.id, body: "Respuesta a la respuesta", parentId: reply });
    expect(domainKey(() => createForumPost({ ...base, authorId: world.ana.id, body: "x".repeat(4001) }))).toBe("errors.tooLong");
    moderateForumPost({ db, actor: world.tutor, editionId: world.edition.id, postId: first, op: "pin" });
    moderateForumPost({ db, actor: world.tutor, editionId: world.edition.id, postId: second, op: "hide" });

    const trainee = listForumThreads({ db, editionId: world.edition.id, moduleSlug: MODULE, includeHidden: false });
    expect(trainee.map((t) => [t.body, t.pinned, t.replies.map((r) => r.body)])).toEqual([
      ["Hola desde Uruguay", true, ["Respuesta", "Respuesta a la respuesta"]],
    ]);
    expect(trainee[0]!.author.stateCode).toBe("UY");
    const tutor = listForumThreads({ db, editionId: world.edition.id, moduleSlug: MODULE, includeHidden: true });
    expect(tutor.map((t) => [t.body, t.hidden])).toEqual([
      ["Hola desde Uruguay", false],
      ["Saludos desde Chile", true],
    ]);
    expect(domainKey(() => createForumPost({ ...base, authorId: world.ana.id, body: "a hidden thread", parentId: second }))).toBe(
      "course:forum.errors.noParent",
    );
    expect(db.select().from(forumPosts).all().every((p) => p.parentId === null || p.parentId === first || p.parentId === second)).toBe(true);
    expect(db.select().from(auditLog).where(eq(auditLog.entityType, "forum_post")).all()).toHaveLength(2);
  });
});
