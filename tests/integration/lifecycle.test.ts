import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, editions, participations } from "~db/schema";
import { phaseForms } from "~/domain/edition-phase";
import { advanceEdition, appointCoordinator, createEdition, inviteState, lifecycleBlockers, reallocateSeats, updateParticipation } from "~/domain/editions.server";
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

    // Paraguay has not answered (someone must act), and nobody is enrolled (normal while nominations are open)
    expect(lifecycleBlockers(t.db, e.id).blockers).toEqual([
      { key: "editions:lifecycle.agreementPending", values: { state: "PY" } },
      { key: "editions:lifecycle.noTrainees", waiting: true },
    ]);
    t.db.update(participations).set({ agreementStatus: "declined" }).where(eq(participations.id, py.id)).run();
    const trainee = await makeUser(t.db, { email: "tr@example.org", name: "Tr", role: "trainee", password: "trainee password" });
    const en = makeEnrolment(t.db, { editionId: e.id, participationId: uy.id, userId: trainee.id });
    advanceEdition({ db: t.db, actor: tutor, editionId: e.id, to: "online" });

    // face-to-face needs the online stage closed (results computed); while it runs, that is no warning
    expect(lifecycleBlockers(t.db, e.id).blockers).toEqual([{ key: "editions:lifecycle.onlineRunning", values: { date: "2031-06-30" }, waiting: true }]);
    expect(lifecycleBlockers(t.db, e.id, new Date("2031-07-01T12:00:00Z")).blockers).toEqual([{ key: "editions:lifecycle.onlineNotClosed" }]);
    t.db.update(editions).set({ onlineClosedAt: new Date().toISOString() }).where(eq(editions.id, e.id)).run();
    advanceEdition({ db: t.db, actor: tutor, editionId: e.id, to: "face-to-face" });

    // certification needs every state with trainees signed off (only time to wait before the window ends), and an institute signatory
    expect(keys(e.id)).toEqual(["editions:lifecycle.notSignedOff", "editions:lifecycle.noInstituteSignatory"]);
    expect(lifecycleBlockers(t.db, e.id).blockers.map((b) => Boolean(b.waiting))).toEqual([true, false]);
    expect(lifecycleBlockers(t.db, e.id, new Date("2031-10-01T12:00:00Z")).blockers.map((b) => Boolean(b.waiting))).toEqual([false, false]);
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

  it("offers each planning form only in the phases where it can succeed, and refuses the rest with a reason", async () => {
    const tutor = await makeUser(t.db, { email: "tutor@example.org", name: "Tutor", role: "tutor", password: "tutor password" });
    const e = createEdition({ db: t.db, actor: tutor, courseSlug: "csec", input });
    const uy = inviteState({ db: t.db, actor: tutor, editionId: e.id, stateCode: "UY", input: part(3) });
    const cl = inviteState({ db: t.db, actor: tutor, editionId: e.id, stateCode: "CL", input: part(2) });
    const forms = (status: (typeof e)["status"], today: string) => phaseForms({ status, nominationClosesOn: input.nominationClosesOn }, today);
    expect(forms("draft", "2030-12-01")).toEqual({ inviteState: true, reallocateSeats: false, changeQuota: true, manageParticipation: true });
    expect(forms("nominations", "2031-02-01")).toEqual({ inviteState: true, reallocateSeats: true, changeQuota: true, manageParticipation: true });
    expect(forms("online", "2031-03-02")).toEqual({ inviteState: false, reallocateSeats: true, changeQuota: true, manageParticipation: true });
    expect(forms("face-to-face", "2031-08-01")).toEqual({ inviteState: false, reallocateSeats: false, changeQuota: false, manageParticipation: true });
    expect(forms("certification", "2031-10-01")).toEqual({ inviteState: false, reallocateSeats: false, changeQuota: false, manageParticipation: true });
    expect(forms("closed", "2031-12-01")).toEqual({ inviteState: false, reallocateSeats: false, changeQuota: false, manageParticipation: false });

    const setStatus = (status: (typeof e)["status"]) => t.db.update(editions).set({ status }).where(eq(editions.id, e.id)).run();
    setStatus("online");
    expect(() => inviteState({ db: t.db, actor: tutor, editionId: e.id, stateCode: "PY", input: part(2) })).toThrow("editions:errors.invitePhase");
    setStatus("certification");
    await expect(updateParticipation({ db: t.db, actor: tutor, participationId: uy.id, input: part(5) })).rejects.toThrow("editions:errors.quotaPhase");
    await updateParticipation({ db: t.db, actor: tutor, participationId: uy.id, input: { ...part(3), faceToFaceHours: 24 } }); // the format still changes
    await expect(
      reallocateSeats({ db: t.db, actor: tutor, editionId: e.id, fromParticipationId: uy.id, toParticipationId: cl.id, seats: 1, now: new Date("2031-10-01T12:00:00Z") }),
    ).rejects.toThrow("editions:errors.reallocatePhase");
    setStatus("closed");
    await expect(appointCoordinator({ db: t.db, actor: tutor, participationId: uy.id, person: { email: "n@example.org", name: "N" }, fallbackLocale: "es" })).rejects.toThrow(
      "editions:errors.closed",
    );
    const quotas = t.db.select({ q: participations.quota }).from(participations).all().map((r) => r.q);
    expect(quotas).toEqual([3, 2]);
  });
});

describe("a new edition's name and a copy of an earlier edition", () => {
  it("never defaults to a name in use, and copies states, quotas, formats, signatories, rules and dates a year later", async () => {
    const { copyEdition, editionCopyDefaults, freeEditionName } = await import("~/domain/editions.server");
    const tutor = await makeUser(t.db, { email: "tutor@example.org", name: "Tutor", role: "tutor", password: "tutor password" });
    const e = createEdition({ db: t.db, actor: tutor, courseSlug: "csec", input: { ...input, instituteSignatoryId: tutor.id } });
    expect(freeEditionName(t.db, "csec", "2031")).toBe("2032");
    expect(freeEditionName(t.db, "csec", "2040")).toBe("2040");
    inviteState({ db: t.db, actor: tutor, editionId: e.id, stateCode: "UY", input: { ...part(7), faceToFaceStartsOn: "2031-08-01", faceToFaceEndsOn: "2031-08-03", signatoryName: "Sra. Firmante" } });
    const copy = editionCopyDefaults(t.db, e.id, "csec")!;
    expect(copy.defaults).toMatchObject({ name: "2032", nominationOpensOn: "2031-11-01", onlineEndsOn: "2032-06-30", quizPassMark: 70, instituteSignatoryId: tutor.id });
    const next = copyEdition({ db: t.db, actor: tutor, courseSlug: "csec", fromEditionId: e.id, input: { ...copy.defaults, quizFeedback: "after-last-attempt" } });
    expect(next.name).toBe("2032");
    expect(next.code).toBe("2032");
    const copied = t.db.select().from(participations).where(eq(participations.editionId, next.id)).all();
    expect(copied.map((p) => [p.stateCode, p.quota, p.agreementStatus, p.faceToFaceStartsOn, p.signatoryName])).toEqual([["UY", 7, "invited", "2032-08-01", "Sra. Firmante"]]);
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, "edition.copy")).all()).toHaveLength(1);
    // the same name again is refused, and nothing is half-copied
    expect(() => copyEdition({ db: t.db, actor: tutor, courseSlug: "csec", fromEditionId: e.id, input: { ...copy.defaults, quizFeedback: "after-last-attempt" } })).toThrow(
      "editions:errors.nameTaken",
    );
    expect(t.db.select().from(participations).all()).toHaveLength(2);
  });
});
