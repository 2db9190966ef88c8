/**
 * The face-to-face stage's rules, in the domain, on a real SQLite file per test: ownership (state and
 * participation), phase, enrolled trainees only, sign-off refusal naming the unassessed, lock after
 * sign-off, reopening by a tutor only (with an email to the coordinators), and the audit trail.
 */
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { attendance, auditLog, editions, emailOutbox, faceToFaceAssessments, faceToFaceSessions, participations } from "~db/schema";
import { DomainError } from "~/domain/accounts.server";
import {
  deleteSession,
  FaceToFaceBatchError,
  editionFaceToFaceBoard,
  faceToFaceStage,
  importAssessments,
  importAttendance,
  planSession,
  recordAssessments,
  recordAttendance,
  reopenStage,
  signOffStage,
  traineeFaceToFace,
  updateSession,
} from "~/domain/face-to-face.server";
import {
  appointCoordinatorRow,
  ensureStates,
  makeCourse,
  makeEdition,
  makeEnrolment,
  makeParticipation,
  makeUser,
  testDb,
} from "../factories";

type World = Awaited<ReturnType<typeof world>>;

async function world() {
  const t = testDb();
  const { db } = t;
  ensureStates(db);
  const tutor = await makeUser(db, { email: "tutor@example.org", name: "Tomás Tutor", role: "tutor" });
  const course = makeCourse(db);
  const edition = makeEdition(db, { courseId: course.id, status: "face-to-face" });
  const uy = makeParticipation(db, { editionId: edition.id, stateCode: "UY", quota: 5, venue: "Montevideo" });
  const cl = makeParticipation(db, { editionId: edition.id, stateCode: "CL", quota: 5, venue: "Santiago" });
  const coordUy = await makeUser(db, { email: "coord.uy@example.org", name: "Valeria Sosa", role: "coordinator", locale: "es" });
  const coordCl = await makeUser(db, { email: "coord.cl@example.org", name: "Andrés Muñoz", role: "coordinator", locale: "es" });
  appointCoordinatorRow(db, uy.id, coordUy.id);
  appointCoordinatorRow(db, cl.id, coordCl.id);
  const trainee = async (email: string, name: string, p: { id: number }, status: "enrolled" | "withdrawn" = "enrolled") => {
    const u = await makeUser(db, { email, name, role: "trainee" });
    return makeEnrolment(db, { editionId: edition.id, participationId: p.id, userId: u.id, status });
  };
  const ana = await trainee("ana@example.org", "Ana Pérez", uy);
  const bruno = await trainee("bruno@example.org", "Bruno Silva", uy);
  const gone = await trainee("gone@example.org", "Gabriel Retirado", uy, "withdrawn");
  const camila = await trainee("camila@example.org", "Camila Rojas", cl);
  const session1 = planSession({
    db,
    actor: coordUy,
    participationId: uy.id,
    input: { date: "2027-05-04", startTime: "09:00", endTime: "13:00", venue: "Sala 1", hours: 4 },
  }).sessionId;
  const session2 = planSession({
    db,
    actor: coordUy,
    participationId: uy.id,
    input: { date: "2027-05-05", startTime: "09:00", endTime: "13:00", venue: "Sala 1", hours: 4 },
  }).sessionId;
  return { ...t, tutor, edition, uy, cl, coordUy, coordCl, ana, bruno, gone, camila, session1, session2 };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.key;
    if (err instanceof FaceToFaceBatchError) return err.errors.map((e) => e.key).join(",");
    throw err;
  }
  throw new Error("expected a refusal");
}

const audits = (w: World, action: string) => w.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

let w: World;
beforeEach(async () => {
  w = await world();
});
afterEach(() => w.cleanup());

describe("boundaries: a coordinator works only on their own state", () => {
  it("refuses attendance and assessments for another state's participation, writing nothing", () => {
    const { db, coordUy, cl, camila } = w;
    const clSession = planSession({
      db,
      actor: w.coordCl,
      participationId: cl.id,
      input: { date: "2027-05-04", startTime: "09:00", endTime: "12:00", venue: "Santiago", hours: 3 },
    }).sessionId;
    expect(
      refusal(() =>
        recordAttendance({ db, actor: coordUy, participationId: cl.id, sessionId: clSession, marks: [{ enrolmentId: camila.id, status: "present" }] }),
      ),
    ).toBe("faceToFace:errors.notCoordinator");
    expect(
      refusal(() =>
        recordAssessments({ db, actor: coordUy, participationId: cl.id, assessments: [{ enrolmentId: camila.id, score: 10, result: "not-passed", comment: null }] }),
      ),
    ).toBe("faceToFace:errors.notCoordinator");
    expect(refusal(() => signOffStage({ db, actor: coordUy, participationId: cl.id }))).toBe("faceToFace:errors.notCoordinator");
    expect(
      refusal(() =>
        planSession({ db, actor: coordUy, participationId: cl.id, input: { date: "2027-05-06", startTime: "09:00", endTime: "10:00", venue: "x", hours: 1 } }),
      ),
    ).toBe("faceToFace:errors.notCoordinator");
    expect(db.select().from(attendance).all()).toHaveLength(0);
    expect(db.select().from(faceToFaceAssessments).all()).toHaveLength(0);
  });

  it("refuses another state's trainee (and a withdrawn one) inside the coordinator's own participation, all or nothing", () => {
    const { db, coordUy, uy, ana, camila, gone, session1 } = w;
    expect(
      refusal(() =>
        recordAttendance({
          db,
          actor: coordUy,
          participationId: uy.id,
          sessionId: session1,
          marks: [
            { enrolmentId: ana.id, status: "present" },
            { enrolmentId: camila.id, status: "present" },
          ],
        }),
      ),
    ).toBe("faceToFace:errors.notEnrolled");
    expect(
      refusal(() =>
        recordAssessments({
          db,
          actor: coordUy,
          participationId: uy.id,
          assessments: [
            { enrolmentId: ana.id, score: 10, result: "not-passed", comment: null },
            { enrolmentId: gone.id, score: 10, result: "not-passed", comment: null },
          ],
        }),
      ),
    ).toBe("faceToFace:errors.notEnrolled");
    expect(db.select().from(attendance).all()).toHaveLength(0); // Ana's mark was rolled back too
    expect(db.select().from(faceToFaceAssessments).all()).toHaveLength(0);
  });

  it("refuses a session of another participation through the coordinator's own participation id", () => {
    const { db, coordUy, coordCl, uy, cl, ana } = w;
    const clSession = planSession({
      db,
      actor: coordCl,
      participationId: cl.id,
      input: { date: "2027-05-04", startTime: "09:00", endTime: "12:00", venue: "Santiago", hours: 3 },
    }).sessionId;
    expect(
      refusal(() =>
        recordAttendance({ db, actor: coordUy, participationId: uy.id, sessionId: clSession, marks: [{ enrolmentId: ana.id, status: "present" }] }),
      ),
    ).toBe("faceToFace:errors.sessionNotFound");
    expect(refusal(() => deleteSession({ db, actor: coordUy, participationId: uy.id, sessionId: clSession }))).toBe(
      "faceToFace:errors.sessionNotFound",
    );
  });
});

describe("phase", () => {
  it("plans sessions before the face-to-face phase but records attendance and assessments only during it", () => {
    const { db, coordUy, uy, ana, edition } = w;
    db.update(editions).set({ status: "online" }).where(eq(editions.id, edition.id)).run();
    const s = planSession({
      db,
      actor: coordUy,
      participationId: uy.id,
      input: { date: "2027-05-06", startTime: "09:00", endTime: "11:00", venue: "Sala 2", hours: 2 },
    }).sessionId;
    expect(refusal(() => recordAttendance({ db, actor: coordUy, participationId: uy.id, sessionId: s, marks: [{ enrolmentId: ana.id, status: "present" }] }))).toBe(
      "faceToFace:errors.notInPhase",
    );
    expect(
      refusal(() =>
        recordAssessments({ db, actor: coordUy, participationId: uy.id, assessments: [{ enrolmentId: ana.id, score: 10, result: "not-passed", comment: null }] }),
      ),
    ).toBe("faceToFace:errors.notInPhase");
    expect(refusal(() => signOffStage({ db, actor: coordUy, participationId: uy.id }))).toBe("faceToFace:errors.notInPhase");
    db.update(editions).set({ status: "certification" }).where(eq(editions.id, edition.id)).run();
    expect(
      refusal(() =>
        planSession({ db, actor: coordUy, participationId: uy.id, input: { date: "2027-05-07", startTime: "09:00", endTime: "10:00", venue: "x", hours: 1 } }),
      ),
    ).toBe("faceToFace:errors.planningClosed");
  });
});

describe("sessions", () => {
  it("can be edited and deleted until attendance is taken, then not", () => {
    const { db, coordUy, uy, ana, session1, session2 } = w;
    updateSession({
      db,
      actor: coordUy,
      participationId: uy.id,
      sessionId: session1,
      input: { date: "2027-05-04", startTime: "10:00", endTime: "13:00", venue: "Sala 3", hours: 3 },
    });
    expect(db.select().from(faceToFaceSessions).where(eq(faceToFaceSessions.id, session1)).get()?.venue).toBe("Sala 3");
    recordAttendance({ db, actor: coordUy, participationId: uy.id, sessionId: session1, marks: [{ enrolmentId: ana.id, status: "present" }] });
    expect(refusal(() => deleteSession({ db, actor: coordUy, participationId: uy.id, sessionId: session1 }))).toBe("faceToFace:errors.sessionHasAttendance");
    deleteSession({ db, actor: coordUy, participationId: uy.id, sessionId: session2 });
    expect(db.select().from(faceToFaceSessions).all()).toHaveLength(1);
    expect(audits(w, "faceToFaceSession.update")[0]).toMatchObject({ before: { venue: "Sala 1", hours: 4 }, after: { venue: "Sala 3", hours: 3 } });
  });

  it("needs a venue for an in-person session and refuses two sessions starting together", () => {
    const { db, coordUy, uy } = w;
    expect(
      refusal(() => planSession({ db, actor: coordUy, participationId: uy.id, input: { date: "2027-05-08", startTime: "09:00", endTime: "10:00", hours: 1 } })),
    ).toBe("faceToFace:errors.venueRequired");
    expect(
      refusal(() =>
        planSession({ db, actor: coordUy, participationId: uy.id, input: { date: "2027-05-04", startTime: "09:00", endTime: "10:00", venue: "x", hours: 1 } }),
      ),
    ).toBe("faceToFace:errors.sessionClash");
  });
});

describe("assessment rules", () => {
  it("refuses “passed” below the required attendance or the pass score, accepts “not passed”", () => {
    const { db, coordUy, uy, ana, bruno, session1, session2 } = w;
    // Ana: present at one of two 4-hour sessions = 50 % < 75 %
    recordAttendance({ db, actor: coordUy, participationId: uy.id, sessionId: session1, marks: [{ enrolmentId: ana.id, status: "present" }, { enrolmentId: bruno.id, status: "late" }] });
    recordAttendance({ db, actor: coordUy, participationId: uy.id, sessionId: session2, marks: [{ enrolmentId: ana.id, status: "absent" }, { enrolmentId: bruno.id, status: "present" }] });
    expect(
      refusal(() => recordAssessments({ db, actor: coordUy, participationId: uy.id, assessments: [{ enrolmentId: ana.id, score: 90, result: "passed", comment: null }] })),
    ).toBe("faceToFace:errors.passedBelowAttendance");
    expect(
      refusal(() => recordAssessments({ db, actor: coordUy, participationId: uy.id, assessments: [{ enrolmentId: bruno.id, score: 59, result: "passed", comment: null }] })),
    ).toBe("faceToFace:errors.passedBelowPassScore");
    expect(
      refusal(() => recordAssessments({ db, actor: coordUy, participationId: uy.id, assessments: [{ enrolmentId: bruno.id, score: 101, result: "not-passed", comment: null }] })),
    ).toBe("faceToFace:errors.scoreOutOfScale");
    recordAssessments({
      db,
      actor: coordUy,
      participationId: uy.id,
      assessments: [
        { enrolmentId: ana.id, score: 90, result: "not-passed", comment: "Asistencia insuficiente." },
        { enrolmentId: bruno.id, score: 80, result: "passed", comment: null },
      ],
    });
    const stage = faceToFaceStage(db, uy.id);
    expect(stage.trainees.map((t) => [t.name, t.percent, t.meetsRequired])).toEqual([
      ["Ana Pérez", 50, false],
      ["Bruno Silva", 100, true], // late counts as attended
    ]);
    expect(stage.totals).toMatchObject({ enrolled: 2, assessed: 2, passed: 1, notPassed: 1 });
  });
});

describe("sign-off, lock and reopening", () => {
  function attendAll() {
    const { db, coordUy, uy, ana, bruno, session1, session2 } = w;
    for (const s of [session1, session2]) {
      recordAttendance({ db, actor: coordUy, participationId: uy.id, sessionId: s, marks: [{ enrolmentId: ana.id, status: "present" }, { enrolmentId: bruno.id, status: "present" }] });
    }
  }

  it("refuses to sign off while a trainee is unassessed, naming them", () => {
    const { db, coordUy, uy, ana } = w;
    attendAll();
    recordAssessments({ db, actor: coordUy, participationId: uy.id, assessments: [{ enrolmentId: ana.id, score: 80, result: "passed", comment: null }] });
    try {
      signOffStage({ db, actor: coordUy, participationId: uy.id });
      throw new Error("expected a refusal");
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).key).toBe("faceToFace:errors.unassessed");
      expect((err as DomainError).values).toEqual({ count: 1, names: "Bruno Silva" });
    }
    expect(db.select().from(participations).where(eq(participations.id, uy.id)).get()?.signedOffAt).toBeNull();
  });

  it("locks everything after sign-off; only a tutor reopens, with the coordinators told by email", async () => {
    const { db, coordUy, tutor, uy, ana, bruno, session1 } = w;
    attendAll();
    recordAssessments({
      db,
      actor: coordUy,
      participationId: uy.id,
      assessments: [
        { enrolmentId: ana.id, score: 80, result: "passed", comment: "Muy buena participación." },
        { enrolmentId: bruno.id, score: 40, result: "not-passed", comment: null },
      ],
    });
    expect(traineeFaceToFace(db, ana.id)?.assessment).toBeNull(); // not before sign-off
    expect(signOffStage({ db, actor: coordUy, participationId: uy.id })).toEqual({ passed: 1, notPassed: 1 });
    expect(db.select().from(participations).where(eq(participations.id, uy.id)).get()).toMatchObject({ signedOffBy: coordUy.id });
    expect(traineeFaceToFace(db, ana.id)?.assessment).toEqual({ score: 80, result: "passed", comment: "Muy buena participación." });

    const locked = "faceToFace:errors.locked";
    expect(refusal(() => recordAttendance({ db, actor: coordUy, participationId: uy.id, sessionId: session1, marks: [{ enrolmentId: ana.id, status: "absent" }] }))).toBe(locked);
    expect(
      refusal(() => recordAssessments({ db, actor: coordUy, participationId: uy.id, assessments: [{ enrolmentId: bruno.id, score: 90, result: "passed", comment: null }] })),
    ).toBe(locked);
    expect(
      refusal(() =>
        planSession({ db, actor: coordUy, participationId: uy.id, input: { date: "2027-05-09", startTime: "09:00", endTime: "10:00", venue: "x", hours: 1 } }),
      ),
    ).toBe(locked);
    expect(refusal(() => signOffStage({ db, actor: coordUy, participationId: uy.id }))).toBe("faceToFace:errors.alreadySignedOff");

    // a coordinator cannot reopen, even their own state
    await expect(
      reopenStage({ db, actor: { ...coordUy, role: "coordinator" }, participationId: uy.id, reason: "Quiero cambiar una nota.", fallbackLocale: "en" }),
    ).rejects.toMatchObject({ key: "faceToFace:errors.notAllowed" });

    await reopenStage({ db, actor: tutor, participationId: uy.id, reason: "La nota de Bruno estaba mal copiada.", fallbackLocale: "en" });
    expect(db.select().from(participations).where(eq(participations.id, uy.id)).get()?.signedOffAt).toBeNull();
    const mail = db.select().from(emailOutbox).where(eq(emailOutbox.to, "coord.uy@example.org")).all();
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ locale: "es", kind: "notice" });
    expect(mail[0]?.text).toContain("La nota de Bruno estaba mal copiada.");
    expect(mail[0]?.text).toContain(`/coordination/${uy.id}/face-to-face`);
    expect(db.select().from(emailOutbox).where(eq(emailOutbox.to, "coord.cl@example.org")).all()).toHaveLength(0);
    expect(traineeFaceToFace(db, ana.id)?.assessment).toBeNull(); // hidden again while reopened

    // editable again
    recordAssessments({ db, actor: coordUy, participationId: uy.id, assessments: [{ enrolmentId: bruno.id, score: 70, result: "passed", comment: null }] });
    await expect(reopenStage({ db, actor: tutor, participationId: uy.id, reason: "Otra vez, sin firmar.", fallbackLocale: "en" })).rejects.toMatchObject({
      key: "faceToFace:errors.notSignedOff",
    });
  });
});

describe("audit trail", () => {
  it("keeps before and after of every attendance, score, result, sign-off and reopening", async () => {
    const { db, coordUy, tutor, uy, ana, bruno, session1, session2 } = w;
    recordAttendance({ db, actor: coordUy, participationId: uy.id, sessionId: session1, marks: [{ enrolmentId: ana.id, status: "absent" }] });
    recordAttendance({
      db,
      actor: coordUy,
      participationId: uy.id,
      sessionId: session1,
      marks: [
        { enrolmentId: ana.id, status: "present" },
        { enrolmentId: bruno.id, status: "present" },
      ],
    });
    // unchanged marks write nothing
    recordAttendance({ db, actor: coordUy, participationId: uy.id, sessionId: session1, marks: [{ enrolmentId: ana.id, status: "present" }] });
    recordAttendance({ db, actor: coordUy, participationId: uy.id, sessionId: session2, marks: [{ enrolmentId: ana.id, status: "present" }, { enrolmentId: bruno.id, status: "present" }] });
    const att = audits(w, "attendance.record").filter((a) => (a.after as { enrolmentId: number }).enrolmentId === ana.id);
    expect(att.map((a) => [a.before, a.after])).toEqual([
      [null, { sessionId: session1, enrolmentId: ana.id, status: "absent" }],
      [{ sessionId: session1, enrolmentId: ana.id, status: "absent" }, { sessionId: session1, enrolmentId: ana.id, status: "present" }],
      [null, { sessionId: session2, enrolmentId: ana.id, status: "present" }],
    ]);
    expect(att.every((a) => a.actorId === coordUy.id && a.editionId === w.edition.id)).toBe(true);

    recordAssessments({ db, actor: coordUy, participationId: uy.id, assessments: [{ enrolmentId: ana.id, score: 50, result: "not-passed", comment: null }] });
    recordAssessments({
      db,
      actor: coordUy,
      participationId: uy.id,
      assessments: [
        { enrolmentId: ana.id, score: 85, result: "passed", comment: "Bien." },
        { enrolmentId: bruno.id, score: 70, result: "passed", comment: null },
      ],
    });
    const anaAssessments = audits(w, "faceToFaceAssessment.record").filter((a) => (a.after as { enrolmentId: number }).enrolmentId === ana.id);
    expect(anaAssessments.map((a) => [a.before, a.after])).toEqual([
      [null, { enrolmentId: ana.id, score: 50, result: "not-passed", comment: null }],
      [
        { enrolmentId: ana.id, score: 50, result: "not-passed", comment: null },
        { enrolmentId: ana.id, score: 85, result: "passed", comment: "Bien." },
      ],
    ]);

    signOffStage({ db, actor: coordUy, participationId: uy.id });
    await reopenStage({ db, actor: tutor, participationId: uy.id, reason: "Revisión pedida por el Estado.", fallbackLocale: "en" });
    const [signOff] = audits(w, "faceToFace.signOff");
    expect(signOff).toMatchObject({
      actorId: coordUy.id,
      entityType: "participation",
      entityId: uy.id,
      before: { signedOffAt: null, signedOffBy: null },
      after: { signedOffBy: coordUy.id, passed: 2, notPassed: 0 },
    });
    const [reopen] = audits(w, "faceToFace.reopen");
    expect(reopen).toMatchObject({
      actorId: tutor.id,
      before: { signedOffBy: coordUy.id },
      after: { signedOffAt: null, signedOffBy: null, reason: "Revisión pedida por el Estado." },
    });
    expect((reopen?.before as { signedOffAt: string }).signedOffAt).toBe((signOff?.after as { signedOffAt: string }).signedOffAt);
  });
});

describe("CSV imports", () => {
  it("imports assessments all or nothing, reporting each bad row", () => {
    const { db, coordUy, uy, ana, bruno, session1, session2 } = w;
    for (const s of [session1, session2]) {
      recordAttendance({ db, actor: coordUy, participationId: uy.id, sessionId: s, marks: [{ enrolmentId: ana.id, status: "present" }, { enrolmentId: bruno.id, status: "absent" }] });
    }
    try {
      importAssessments({
        db,
        actor: coordUy,
        participationId: uy.id,
        rows: [
          { email: "ana@example.org", score: 80, result: "passed", comment: null },
          { email: "camila@example.org", score: 80, result: "passed", comment: null },
          { email: "bruno@example.org", score: 80, result: "passed", comment: null },
        ],
      });
      throw new Error("expected a refusal");
    } catch (err) {
      expect(err).toBeInstanceOf(FaceToFaceBatchError);
      expect((err as FaceToFaceBatchError).errors).toEqual([
        { row: 3, field: "email", key: "faceToFace:import.unknownTrainee", values: { email: "camila@example.org" } },
        { row: 4, field: "result", key: "faceToFace:errors.passedBelowAttendance", values: { percent: 0, required: 75 } },
      ]);
    }
    expect(db.select().from(faceToFaceAssessments).all()).toHaveLength(0);
    expect(
      importAssessments({
        db,
        actor: coordUy,
        participationId: uy.id,
        rows: [
          { email: "ANA@example.org", score: 80, result: "passed", comment: "Excelente." },
          { email: "bruno@example.org", score: null, result: null, comment: null },
        ],
      }),
    ).toEqual({ changed: 1, skipped: 1 });
  });

  it("imports attendance by session column", () => {
    const { db, coordUy, uy, ana, bruno } = w;
    importAttendance({
      db,
      actor: coordUy,
      participationId: uy.id,
      rows: [
        { email: "ana@example.org", marks: { "2027-05-04 09:00": "present", "2027-05-05 09:00": "late" } },
        { email: "bruno@example.org", marks: { "2027-05-04 09:00": "excused", "2027-05-05 09:00": null } },
      ],
    });
    const rows = db.select().from(attendance).all();
    expect(rows.map((r) => [r.enrolmentId, r.status]).sort()).toEqual(
      [
        [ana.id, "present"],
        [ana.id, "late"],
        [bruno.id, "excused"],
      ].sort(),
    );
    expect(db.select().from(attendance).where(and(eq(attendance.enrolmentId, bruno.id), eq(attendance.sessionId, w.session2))).get()).toBeUndefined();
  });
});

describe("the tutor's board", () => {
  it("counts with one aggregate query exactly what each state's stage shows, at every step", () => {
    const { db, coordUy, uy, cl, ana, bruno, gone, session1, session2, edition } = w;
    const check = () => {
      const board = editionFaceToFaceBoard(db, edition.id);
      expect(board.map((r) => r.participationId).sort()).toEqual([uy.id, cl.id].sort());
      for (const r of board) {
        const s = faceToFaceStage(db, r.participationId);
        expect(r).toEqual({
          participationId: s.participation.id,
          stateCode: s.participation.stateCode,
          sessions: s.sessions.length,
          plannedHours: s.plannedHours,
          sessionsComplete: s.totals.sessionsComplete,
          enrolled: s.totals.enrolled,
          assessed: s.totals.assessed,
          passed: s.totals.passed,
          notPassed: s.totals.notPassed,
          signedOffAt: s.participation.signedOffAt,
          signedOffBy: s.participation.signedOffBy,
          canReopen: s.can.reopen,
        });
      }
    };
    check();
    // a mark for a withdrawn trainee (left from before the withdrawal) must not complete a session
    db.insert(attendance).values({ sessionId: session1, enrolmentId: gone.id, status: "present", recordedAt: "2027-05-04T12:00:00Z" }).run(); // no screen marks a withdrawn trainee
    recordAttendance({ db, actor: coordUy, participationId: uy.id, sessionId: session1, marks: [{ enrolmentId: ana.id, status: "present" }] });
    check();
    recordAttendance({ db, actor: coordUy, participationId: uy.id, sessionId: session1, marks: [{ enrolmentId: bruno.id, status: "late" }] });
    recordAttendance({ db, actor: coordUy, participationId: uy.id, sessionId: session2, marks: [{ enrolmentId: ana.id, status: "present" }, { enrolmentId: bruno.id, status: "present" }] });
    check();
    expect(editionFaceToFaceBoard(db, edition.id).find((r) => r.participationId === uy.id)).toMatchObject({ sessions: 2, sessionsComplete: 2, plannedHours: 8 });
    recordAssessments({
      db,
      actor: coordUy,
      participationId: uy.id,
      assessments: [
        { enrolmentId: ana.id, score: 90, result: "passed", comment: null },
        { enrolmentId: bruno.id, score: 20, result: "not-passed", comment: null },
      ],
    });
    check();
    signOffStage({ db, actor: coordUy, participationId: uy.id });
    check();
    expect(editionFaceToFaceBoard(db, edition.id).find((r) => r.participationId === uy.id)).toMatchObject({
      assessed: 2,
      passed: 1,
      notPassed: 1,
      signedOffBy: coordUy.name,
      canReopen: true,
    });
  });
});
