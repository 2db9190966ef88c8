import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, emailOutbox, enrolments, participations } from "~db/schema";
import { DomainError } from "~/domain/accounts.server";
import { editionBoard, reallocateSeats, updateParticipation } from "~/domain/editions.server";
import { importNominations, NominationImportError, nominateTrainee, withdrawTrainee } from "~/domain/enrolments.server";
import { appointCoordinatorRow, ensureStates, makeCourse, makeEdition, makeParticipation, makeUser, testDb } from "../factories";

let t: ReturnType<typeof testDb>;
let world: Awaited<ReturnType<typeof build>>;

async function build() {
  ensureStates(t.db);
  const course = makeCourse(t.db);
  const edition = makeEdition(t.db, { courseId: course.id, status: "nominations" });
  const uy = makeParticipation(t.db, { editionId: edition.id, stateCode: "UY", quota: 2 });
  const cl = makeParticipation(t.db, { editionId: edition.id, stateCode: "CL", quota: 2 });
  const coord = await makeUser(t.db, { email: "coord@example.org", name: "Coord UY", role: "coordinator", password: "coordinator pw" });
  appointCoordinatorRow(t.db, uy.id, coord.id);
  const tutor = await makeUser(t.db, { email: "tutor@example.org", name: "Tutor", role: "tutor", password: "tutor password" });
  return { edition, uy, cl, coord, tutor };
}

const nominee = (n: number, extra: Partial<{ email: string; locale: "es" | "pt" }> = {}) => ({
  name: `Persona ${n}`,
  email: extra.email ?? `persona${n}@example.org`,
  institution: "Ministerio (ficticio)",
  position: "Técnica",
  locale: extra.locale ?? ("es" as const),
});

beforeEach(async () => {
  t = testDb();
  world = await build();
});
afterEach(() => t.cleanup());

describe("nominating within the quota", () => {
  it("enrols while seats remain, then waitlists in order of arrival", async () => {
    const { uy, coord } = world;
    const results = [];
    for (let i = 1; i <= 4; i++) {
      results.push(await nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(i), fallbackLocale: "es" }));
    }
    expect(results.map((r) => [r.status, r.waitlistPosition])).toEqual([
      ["enrolled", null],
      ["enrolled", null],
      ["waitlisted", 1],
      ["waitlisted", 2],
    ]);
    // each new person got an invitation in their language
    const mails = t.db.select().from(emailOutbox).all();
    expect(mails).toHaveLength(4);
    expect(mails.every((m) => m.kind === "invitation" && m.locale === "es")).toBe(true);
    // every nomination is audited
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, "enrolment.nominate")).all()).toHaveLength(4);
  });

  it("refuses a person another state nominated, and a staff account, with one neutral answer, and writes nothing", async () => {
    const { uy, cl, coord, tutor } = world;
    await nominateTrainee({ db: t.db, actor: tutor, participationId: cl.id, trainee: nominee(1), fallbackLocale: "en" });
    const before = t.db.select().from(enrolments).all().length;
    const err = await nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(1), fallbackLocale: "en" }).catch((e) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).key).toBe("editions:nominate.unavailable");
    expect((err as DomainError).values).toBeUndefined();
    // a staff account's email gets the very same answer: the form tells nothing about whose it is
    const staff = await nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: { ...nominee(2), email: tutor.email }, fallbackLocale: "en" }).catch((e) => e);
    expect([(staff as DomainError).key, (staff as DomainError).field, (staff as DomainError).values]).toEqual([
      (err as DomainError).key,
      (err as DomainError).field,
      (err as DomainError).values,
    ]);
    expect(t.db.select().from(enrolments).all()).toHaveLength(before);
  });

  it("refuses nominating the same person twice", async () => {
    const { uy, coord } = world;
    await nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(1), fallbackLocale: "es" });
    await expect(
      nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(1, { email: "PERSONA1@example.org" }), fallbackLocale: "es" }),
    ).rejects.toThrow("editions:nominate.alreadyNominated");
  });

  it("refuses outside the nomination window, and when the state has not agreed", async () => {
    const { uy, coord } = world;
    const future = new Date(Date.now() + 365 * 86_400_000);
    await expect(
      nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(1), fallbackLocale: "es", now: future }),
    ).rejects.toThrow("editions:nominate.window.closed");
    const past = new Date(Date.now() - 365 * 86_400_000);
    await expect(
      nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(1), fallbackLocale: "es", now: past }),
    ).rejects.toThrow("editions:nominate.window.not-yet");
    t.db.update(participations).set({ agreementStatus: "invited" }).where(eq(participations.id, uy.id)).run();
    await expect(nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(1), fallbackLocale: "es" })).rejects.toThrow(
      "editions:nominate.notAgreed",
    );
    expect(t.db.select().from(enrolments).all()).toHaveLength(0);
  });
});

describe("the edition board", () => {
  it("counts each state's enrolled, waitlisted and withdrawn people", async () => {
    const { uy, cl, coord, tutor, edition } = world;
    const ids = [];
    for (let i = 1; i <= 3; i++) ids.push((await nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(i), fallbackLocale: "es" })).enrolmentId);
    await nominateTrainee({ db: t.db, actor: tutor, participationId: cl.id, trainee: nominee(7), fallbackLocale: "es" });
    await withdrawTrainee({ db: t.db, actor: coord, participationId: uy.id, enrolmentId: ids[0]!, reason: "Cambio de funciones" });
    const board = editionBoard(t.db, edition.id).map((b) => [b.stateCode, b.quota, b.enrolled, b.waitlisted, b.withdrawn, b.coordinators.map((c) => c.name)]);
    expect(board).toEqual([
      ["CL", 2, 1, 0, 0, []],
      ["UY", 2, 2, 0, 1, ["Coord UY"]],
    ]);
  });
});

describe("withdrawal and the waiting list", () => {
  it("withdrawing an enrolled trainee promotes the first waitlisted person, who is told by email", async () => {
    const { uy, coord } = world;
    const ids = [];
    for (let i = 1; i <= 4; i++) {
      ids.push((await nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(i, { locale: i === 3 ? "pt" : "es" }), fallbackLocale: "es" })).enrolmentId);
    }
    const r = await withdrawTrainee({ db: t.db, actor: coord, participationId: uy.id, enrolmentId: ids[0]!, reason: "Cambio de funciones" });
    expect(r.promoted).toBe(1);
    const rows = t.db.select().from(enrolments).all();
    expect(rows.map((e) => e.status)).toEqual(["withdrawn", "enrolled", "enrolled", "waitlisted"]);
    // persona3 never activated the account the nomination created: the email says why (the waiting list
    // of the state, the edition) and links to a fresh invitation, not to /learning where they cannot sign in
    const promotion = t.db.select().from(emailOutbox).where(eq(emailOutbox.kind, "promotion-invited")).get();
    expect(promotion?.to).toBe("persona3@example.org");
    expect(promotion?.locale).toBe("pt");
    expect(promotion?.text).toMatch(/lista de espera de Uruguai para o curso .+, edição/);
    expect(promotion?.text).toMatch(/\/invitation\/[A-Za-z0-9_-]{20,}/);
    expect(promotion?.text).not.toContain("/learning");
    const actions = t.db.select({ a: auditLog.action }).from(auditLog).all().map((x) => x.a);
    expect(actions.filter((a) => a === "enrolment.withdraw")).toHaveLength(1);
    expect(actions.filter((a) => a === "enrolment.promote")).toHaveLength(1);
    // the withdrawn person is told why, in their language; the reason is stored and audited
    expect(rows[0]?.withdrawnReason).toBe("Cambio de funciones");
    const notice = t.db.select().from(emailOutbox).where(eq(emailOutbox.to, "persona1@example.org")).all().at(-1);
    expect(notice?.locale).toBe("es");
    expect(notice?.subject).toMatch(/retir/i);
    expect(notice?.text).toContain("Cambio de funciones");
    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, "enrolment.withdraw")).get();
    expect((audit?.after as { reason: string }).reason).toBe("Cambio de funciones");
  });

  it("refuses a withdrawal without a reason and changes nothing", async () => {
    const { uy, coord } = world;
    const { enrolmentId } = await nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(1), fallbackLocale: "es" });
    await expect(withdrawTrainee({ db: t.db, actor: coord, participationId: uy.id, enrolmentId, reason: "  " })).rejects.toThrow("editions:withdraw.reasonRequired");
    expect(t.db.select().from(enrolments).where(eq(enrolments.id, enrolmentId)).get()?.status).toBe("enrolled");
  });

  it("a coordinator cannot withdraw an enrolment of another state through their own participation", async () => {
    const { uy, cl, coord, tutor } = world;
    const other = await nominateTrainee({ db: t.db, actor: tutor, participationId: cl.id, trainee: nominee(9), fallbackLocale: "es" });
    await expect(withdrawTrainee({ db: t.db, actor: coord, participationId: uy.id, enrolmentId: other.enrolmentId, reason: "Cambio de funciones" })).rejects.toThrow(
      "editions:errors.notFound",
    );
    expect(t.db.select().from(enrolments).where(eq(enrolments.id, other.enrolmentId)).get()?.status).toBe("enrolled");
  });

  it("refuses withdrawal once the online stage has started", async () => {
    const { uy, coord } = world;
    const { enrolmentId } = await nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(1), fallbackLocale: "es" });
    const later = new Date(Date.now() + 100 * 86_400_000);
    await expect(withdrawTrainee({ db: t.db, actor: coord, participationId: uy.id, enrolmentId, now: later, reason: "Cambio de funciones" })).rejects.toThrow("editions:withdraw.tooLate");
  });
});

describe("CSV import is all or nothing", () => {
  it("imports every row, or none when one row is refused, reporting its line", async () => {
    const { uy, cl, coord, tutor } = world;
    await nominateTrainee({ db: t.db, actor: tutor, participationId: cl.id, trainee: nominee(50), fallbackLocale: "es" });
    const before = t.db.select().from(enrolments).all().length;
    const err = await importNominations({
      db: t.db,
      actor: coord,
      participationId: uy.id,
      rows: [nominee(1), nominee(2), nominee(50), nominee(1)],
      fallbackLocale: "es",
    }).catch((e) => e);
    expect(err).toBeInstanceOf(NominationImportError);
    expect((err as NominationImportError).rows.map((r) => [r.row, r.column, r.error.key])).toEqual([
      [4, "email", "editions:nominate.unavailable"],
      [5, "email", "editions:nominate.duplicateInFile"],
    ]);
    expect(t.db.select().from(enrolments).all()).toHaveLength(before);
    expect(t.db.select().from(emailOutbox).all()).toHaveLength(1); // only Chile's earlier invitation

    const ok = await importNominations({ db: t.db, actor: coord, participationId: uy.id, rows: [nominee(1), nominee(2), nominee(3)], fallbackLocale: "es" });
    expect(ok).toEqual({ enrolled: 2, waitlisted: 1 });
  });
});

describe("quotas", () => {
  const input = (quota: number) => ({ quota, agreementStatus: "agreed" as const, faceToFaceModality: "in-person" as const, faceToFaceHours: 20 });

  it("never go below the enrolled count; raising one enrols the waiting list", async () => {
    const { uy, coord, tutor } = world;
    for (let i = 1; i <= 4; i++) await nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(i), fallbackLocale: "es" });
    await expect(updateParticipation({ db: t.db, actor: tutor, participationId: uy.id, input: input(1) })).rejects.toThrow("editions:errors.quotaBelowEnrolled");
    await updateParticipation({ db: t.db, actor: tutor, participationId: uy.id, input: input(3) });
    const counts = t.db.select({ s: enrolments.status }).from(enrolments).all().map((r) => r.s);
    expect(counts.filter((s) => s === "enrolled")).toHaveLength(3);
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, "participation.quota")).all()).toHaveLength(1);
  });

  it("unused seats move to another state only after nominations close", async () => {
    const { uy, cl, coord, tutor } = world;
    for (let i = 1; i <= 3; i++) await nominateTrainee({ db: t.db, actor: coord, participationId: uy.id, trainee: nominee(i), fallbackLocale: "es" });
    await expect(reallocateSeats({ db: t.db, actor: tutor, editionId: uy.editionId, fromParticipationId: cl.id, toParticipationId: uy.id, seats: 1 })).rejects.toThrow(
      "editions:errors.reallocateBeforeClose",
    );
    const afterClose = new Date(Date.now() + 70 * 86_400_000);
    await expect(
      reallocateSeats({ db: t.db, actor: tutor, editionId: uy.editionId, fromParticipationId: cl.id, toParticipationId: uy.id, seats: 3, now: afterClose }),
    ).rejects.toThrow("editions:errors.reallocateTooMany");
    await reallocateSeats({ db: t.db, actor: tutor, editionId: uy.editionId, fromParticipationId: cl.id, toParticipationId: uy.id, seats: 1, now: afterClose });
    const quota = (id: number) => t.db.select().from(participations).where(eq(participations.id, id)).get()!.quota;
    expect([quota(uy.id), quota(cl.id)]).toEqual([3, 1]);
    const enrolledUy = t.db.select().from(enrolments).where(and(eq(enrolments.participationId, uy.id), eq(enrolments.status, "enrolled"))).all();
    expect(enrolledUy).toHaveLength(3); // the waitlisted person moved up into the new seat
  });
});
