/**
 * Calendar days are the edition's days, not UTC's (issue 10, point 10, the remaining places): just after
 * midnight UTC it is still the previous day in Montevideo (UTC−3). Withdrawing, the planning forms, and a
 * certificate's issue date all count in the edition's zone. Real SQLite files, the domain functions.
 */
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~db/index.server";
import { certificates, editions, enrolments } from "~db/schema";
import type { Actor } from "~/auth/permissions";
import { approveCertificates, issueCertificate, reissueCertificate } from "~/domain/certificates.server";
import { canWithdraw, phaseForms } from "~/domain/edition-phase";
import { nominateTrainee, withdrawTrainee } from "~/domain/enrolments.server";
import { localDay } from "~/domain/time-zone";
import { appointCoordinatorRow, ensureStates, makeCourse, makeEdition, makeParticipation, makeUser, testDb } from "../factories";
import { certificateWorld } from "./fixtures/certificate-world";

const ZONE = "America/Montevideo";
/** 02:30 UTC on 1 March 2027: 23:30 on 28 February in Montevideo. */
const AFTER_UTC_MIDNIGHT = new Date("2027-03-01T02:30:00Z");

let t: ReturnType<typeof testDb>;
let db: Db;
beforeEach(() => {
  t = testDb();
  db = t.db;
});
afterEach(() => t.cleanup());

describe("the edition's day", () => {
  it("just after midnight UTC is still the previous day in Montevideo", () => {
    expect(AFTER_UTC_MIDNIGHT.toISOString().slice(0, 10)).toBe("2027-03-01");
    expect(localDay(AFTER_UTC_MIDNIGHT, ZONE)).toBe("2027-02-28");
  });

  it("withdrawing is open until the online stage's first day begins there", () => {
    const edition = { status: "nominations" as const, onlineStartsOn: "2027-03-01" };
    expect(canWithdraw(edition, localDay(AFTER_UTC_MIDNIGHT, ZONE))).toBe(true);
    expect(canWithdraw(edition, localDay(new Date("2027-03-01T03:30:00Z"), ZONE))).toBe(false);
  });

  it("moving seats opens the day after nominations close, there", () => {
    const edition = { status: "nominations" as const, nominationClosesOn: "2027-02-28" };
    expect(phaseForms(edition, localDay(AFTER_UTC_MIDNIGHT, ZONE)).reallocateSeats).toBe(false);
    expect(phaseForms(edition, localDay(new Date("2027-03-01T03:30:00Z"), ZONE)).reallocateSeats).toBe(true);
  });
});

describe("withdrawing a trainee", () => {
  it("succeeds at 23:30 Montevideo time on the eve of the online stage (02:30 UTC on its first day)", async () => {
    ensureStates(db);
    const course = makeCourse(db);
    const edition = makeEdition(db, { courseId: course.id, status: "nominations" });
    // no screen sets an edition's dates in the past: the online stage starts on 1 March 2027
    db.update(editions).set({ nominationClosesOn: "2027-02-20", onlineStartsOn: "2027-03-01", timeZone: ZONE }).where(eq(editions.id, edition.id)).run();
    const uy = makeParticipation(db, { editionId: edition.id, stateCode: "UY", quota: 2 });
    const coord = await makeUser(db, { email: "coord.dia@example.org", name: "Coordinadora Día (ficticia)", role: "coordinator", password: "coordinator pw" });
    appointCoordinatorRow(db, uy.id, coord.id);
    const { enrolmentId } = await nominateTrainee({
      db,
      actor: coord,
      participationId: uy.id,
      trainee: { name: "Persona Día (ficticia)", email: "persona.dia@example.org", institution: "Ministerio (ficticio)", position: "Técnica", locale: "es" },
      fallbackLocale: "es",
    });
    await expect(
      withdrawTrainee({ db, actor: coord, participationId: uy.id, enrolmentId, reason: "Cambio de funciones", now: new Date("2027-03-01T03:30:00Z") }),
    ).rejects.toThrow("editions:withdraw.tooLate");
    await withdrawTrainee({ db, actor: coord, participationId: uy.id, enrolmentId, reason: "Cambio de funciones", now: AFTER_UTC_MIDNIGHT });
    expect(db.select().from(enrolments).where(eq(enrolments.id, enrolmentId)).get()!.status).toBe("withdrawn");
  });
});

describe("a certificate's issue date", () => {
  it("is the day in the edition's zone, also when re-issued", async () => {
    const world = await certificateWorld(db);
    const tutor: Actor = { id: world.tutor.id, role: "tutor", coordinations: [], enrolments: [] };
    approveCertificates({ db, actor: tutor, editionId: world.edition.id, party: "institute" });
    for (const s of world.states) {
      const coordinator: Actor = { id: s.coordinator.id, role: "coordinator", coordinations: [{ participationId: s.participation.id, editionId: world.edition.id }], enrolments: [] };
      approveCertificates({ db, actor: coordinator, editionId: world.edition.id, party: "state", participationId: s.participation.id });
    }
    const enrolmentId = world.states[0]!.trainees[0]!.enrolment.id;
    const out = await issueCertificate({ db, actor: tutor, enrolmentId, now: new Date("2027-07-01T02:30:00Z") });
    const issued = db.select().from(certificates).where(eq(certificates.serial, out.serial)).get()!;
    expect(issued.issuedOn).toBe("2027-06-30");
    const again = await reissueCertificate({
      db,
      actor: tutor,
      editionId: world.edition.id,
      serial: out.serial,
      traineeName: "Nombre Corregido (ficticio)",
      reason: "Corrección del nombre",
      now: new Date("2027-07-02T01:00:00Z"),
    });
    expect(db.select().from(certificates).where(eq(certificates.serial, again.serial)).get()!.issuedOn).toBe("2027-07-01");
  });
});

describe("no UTC day where a person's day is meant", () => {
  it("app/ takes no calendar day from toISOString() except where UTC is the rule", () => {
    // privacy retention counts whole days platform-wide (no edition): UTC is its documented rule
    const allowed = new Set(["app/domain/privacy.server.ts"]);
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const bad = walk("app")
      .filter((f) => /\.tsx?$/.test(f) && !allowed.has(f))
      .filter((f) => /toISOString\(\)\.slice\(0, ?10\)/.test(fs.readFileSync(f, "utf8")));
    expect(bad).toEqual([]);
  });
});
