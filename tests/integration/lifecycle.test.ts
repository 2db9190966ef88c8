import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, editions, participations } from "~db/schema";
import { advanceEdition, createEdition, inviteState, lifecycleBlockers } from "~/domain/editions.server";
import { appointCoordinatorRow, ensureStates, makeEnrolment, makeUser, testDb } from "../factories";

let t: ReturnType<typeof testDb>;
beforeEach(() => {
  t = testDb();
  ensureStates(t.db);
});
afterEach(() => t.cleanup());

const input = {
  name: "2031",
  nominationOpensOn: "2030-11-01",
  nominationClosesOn: "2031-01-31",
  onlineStartsOn: "2031-03-01",
  onlineEndsOn: "2031-06-30",
  assignmentDueOn: "2031-06-20",
  faceToFaceStartsOn: "2031-07-15",
  faceToFaceEndsOn: "2031-09-30",
  quizPassMark: 70,
  quizAttemptsAllowed: 3,
  quizFeedback: "after-last-attempt" as const,
  assignmentRequired: true,
  requiredModules: null,
  faceToFaceScaleMax: 100,
  faceToFacePassScore: 60,
  attendanceRequiredPercent: 75,
  onlineHours: 60,
  instituteSignatoryId: null,
  certificateBilingual: false,
};
const part = (quota: number, agreementStatus: "invited" | "agreed" | "declined" = "agreed") => ({
  quota,
  agreementStatus,
  faceToFaceModality: "in-person" as const,
  faceToFaceHours: 20,
});
const keys = (editionId: number) => lifecycleBlockers(t.db, editionId).blockers.map((b) => b.key);

describe("edition lifecycle", () => {
  it("moves draft → nominations → online → face-to-face → certification → closed only when the rules allow", async () => {
    const tutor = await makeUser(t.db, { email: "tutor@example.org", name: "Tutor", role: "tutor", password: "tutor password" });
    const e = createEdition({ db: t.db, actor: tutor, courseSlug: "csec", input });
    expect(e.status).toBe("draft");

    // no state yet
    expect(keys(e.id)).toEqual(["editions:lifecycle.noAgreedState"]);
    expect(() => advanceEdition({ db: t.db, actor: tutor, editionId: e.id, to: "nominations" })).toThrow("editions:lifecycle.noAgreedState");
    // skipping a phase is refused
    expect(() => advanceEdition({ db: t.db, actor: tutor, editionId: e.id, to: "online" })).toThrow("editions:lifecycle.notNext");

    const uy = inviteState({ db: t.db, actor: tutor, editionId: e.id, stateCode: "UY", input: part(3) });
    const py = inviteState({ db: t.db, actor: tutor, editionId: e.id, stateCode: "PY", input: part(2, "invited") });
    expect(keys(e.id)).toEqual(["editions:lifecycle.noCoordinator"]);
    const coord = await makeUser(t.db, { email: "c@example.org", name: "C", role: "coordinator", password: "coordinator pw" });
    appointCoordinatorRow(t.db, uy.id, coord.id);
    advanceEdition({ db: t.db, actor: tutor, editionId: e.id, to: "nominations" });

    // Paraguay has not answered, and nobody is enrolled
    expect(keys(e.id)).toEqual(["editions:lifecycle.agreementPending", "editions:lifecycle.noTrainees"]);
    t.db.update(participations).set({ agreementStatus: "declined" }).where(eq(participations.id, py.id)).run();
    const trainee = await makeUser(t.db, { email: "tr@example.org", name: "Tr", role: "trainee", password: "trainee password" });
    const en = makeEnrolment(t.db, { editionId: e.id, participationId: uy.id, userId: trainee.id });
    advanceEdition({ db: t.db, actor: tutor, editionId: e.id, to: "online" });

    // face-to-face needs the online stage closed (results computed)
    expect(keys(e.id)).toEqual(["editions:lifecycle.onlineNotClosed"]);
    t.db.update(editions).set({ onlineClosedAt: new Date().toISOString() }).where(eq(editions.id, e.id)).run();
    advanceEdition({ db: t.db, actor: tutor, editionId: e.id, to: "face-to-face" });

    // certification needs every state with trainees signed off, and an institute signatory
    expect(keys(e.id)).toEqual(["editions:lifecycle.notSignedOff", "editions:lifecycle.noInstituteSignatory"]);
    t.db.update(participations).set({ signedOffAt: new Date().toISOString() }).where(eq(participations.id, uy.id)).run();
    t.db.update(editions).set({ instituteSignatoryId: tutor.id }).where(eq(editions.id, e.id)).run();
    advanceEdition({ db: t.db, actor: tutor, editionId: e.id, to: "certification" });
    advanceEdition({ db: t.db, actor: tutor, editionId: e.id, to: "closed" });
    expect(lifecycleBlockers(t.db, e.id).next).toBeNull();
    expect(en.status).toBe("enrolled");

    const moves = t.db.select().from(auditLog).where(eq(auditLog.action, "edition.advance")).all();
    expect(moves.map((m) => (m.after as { status: string }).status)).toEqual(["nominations", "online", "face-to-face", "certification", "closed"]);
  });

  it("refuses a second edition with the same name and a state invited twice", async () => {
    const tutor = await makeUser(t.db, { email: "tutor@example.org", name: "Tutor", role: "tutor", password: "tutor password" });
    const e = createEdition({ db: t.db, actor: tutor, courseSlug: "csec", input });
    expect(() => createEdition({ db: t.db, actor: tutor, courseSlug: "csec", input })).toThrow("editions:errors.nameTaken");
    inviteState({ db: t.db, actor: tutor, editionId: e.id, stateCode: "UY", input: part(3) });
    expect(() => inviteState({ db: t.db, actor: tutor, editionId: e.id, stateCode: "UY", input: part(3) })).toThrow("editions:errors.stateAlreadyInvited");
  });
});
