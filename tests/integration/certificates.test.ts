/**
 * Certificates on a real SQLite file: eligibility, both approvals, the institute's approval only
 * by the edition's signatory, issue, re-render = stored SHA-256, revoke and re-issue, public
 * verification data. PDFs are parsed back with pdftotext.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { unzipSync } from "fflate";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~db/index.server";
import { auditLog, certificateApprovals, certificates, editions, emailOutbox, enrolments, faceToFaceAssessments, faceToFaceSessions, participations, users } from "~db/schema";
import { LAYOUT_VERSION } from "~certificates/layout";
import { sha256Hex } from "~certificates/render";
import type { Actor } from "~/auth/permissions";
import {
  approveCertificates,
  bulkIssue,
  certificateBoard,
  certificatePdf,
  eligibility,
  issueCertificate,
  issueProgress,
  certificateBoardPage,
  certificateCounts,
  readyToIssue,
  STAGES,
  normalizeCode,
  reissueCertificate,
  revokeCertificate,
  setInstituteSignature,
  setStateSignatory,
  stateCertificatesZip,
  verifyCertificate,
  verifyPdfBytes,
} from "~/domain/certificates.server";
import { localDay } from "~/domain/time-zone";
import { deriveEditionCode } from "~/lib/edition-schema";
import { makeUser, testDb } from "../factories";
import { certificateWorld, statePng } from "./fixtures/certificate-world";

let t: ReturnType<typeof testDb>;
let db: Db;
let world: Awaited<ReturnType<typeof certificateWorld>>;
let dir: string;

const staff = (id: number, role: "tutor" | "admin" = "tutor"): Actor => ({ id, role, coordinations: [], enrolments: [] });
const coordinatorOf = (s: (typeof world.states)[number]): Actor => ({
  id: s.coordinator.id,
  role: "coordinator",
  coordinations: [{ participationId: s.participation.id, editionId: world.edition.id }],
  enrolments: [],
});

function pdfText(bytes: Uint8Array): string {
  const file = path.join(dir, `c-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).normalize("NFC");
}

beforeEach(async () => {
  t = testDb();
  db = t.db;
  world = await certificateWorld(db);
  dir = mkdtempSync(path.join(tmpdir(), "aula-cert-int-"));
});
afterEach(() => {
  t.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe("eligibility", () => {
  const ok = { status: "enrolled", onlineResult: "passed", faceToFaceResult: "passed", signedOffAt: "2027-01-01T00:00:00Z" };
  it.each([
    [ok, []],
    [{ ...ok, status: "withdrawn" }, ["notEnrolled"]],
    [{ ...ok, status: "waitlisted" }, ["notEnrolled"]],
    [{ ...ok, onlineResult: null }, ["onlinePending"]],
    [{ ...ok, onlineResult: "not-passed" }, ["onlineNotPassed"]],
    [{ ...ok, faceToFaceResult: null }, ["faceToFacePending"]],
    [{ ...ok, faceToFaceResult: "not-passed" }, ["faceToFaceNotPassed"]],
    [{ ...ok, signedOffAt: null }, ["notSignedOff"]],
    [{ status: "enrolled", onlineResult: null, faceToFaceResult: null, signedOffAt: null }, ["onlinePending", "faceToFacePending", "notSignedOff"]],
  ])("%o → %o", (facts, missing) => {
    expect(eligibility(facts)).toEqual(missing);
  });

  it("the board reads it from the database, per trainee", () => {
    const [uy] = world.states;
    const e0 = uy!.trainees[0]!.enrolment.id;
    const e1 = uy!.trainees[1]!.enrolment.id;
    db.update(enrolments).set({ onlineResult: "not-passed" }).where(eq(enrolments.id, e0)).run();
    db.delete(faceToFaceAssessments).where(eq(faceToFaceAssessments.enrolmentId, e1)).run();
    const board = certificateBoard(db, { editionId: world.edition.id });
    const rows = board.states[1]!.trainees; // states sorted by code: CL, UY
    expect(board.states.map((s) => s.stateCode)).toEqual(["CL", "UY"]);
    expect(rows.find((r) => r.enrolmentId === e0)!.missing).toEqual(["onlineNotPassed"]);
    expect(rows.find((r) => r.enrolmentId === e1)!.missing).toEqual(["faceToFacePending"]);
    expect(board.totals.eligible).toBe(2);
  });
});

describe("approvals", () => {
  it("only the edition's institute signatory may approve for the institute", () => {
    expect(() => approveCertificates({ db, actor: staff(world.otherTutor.id), editionId: world.edition.id, party: "institute" })).toThrow(
      "certificates:errors.notInstituteSignatory",
    );
    expect(db.select().from(certificateApprovals).all()).toHaveLength(0);
    expect(approveCertificates({ db, actor: staff(world.tutor.id), editionId: world.edition.id, party: "institute" }).approved).toBe(4);
  });

  it("a signatory needs a signature image first", () => {
    db.update(users).set({ signaturePng: null }).where(eq(users.id, world.tutor.id)).run();
    expect(() => approveCertificates({ db, actor: staff(world.tutor.id), editionId: world.edition.id, party: "institute" })).toThrow(
      "certificates:errors.instituteSignatureMissing",
    );
    const [uy] = world.states;
    db.update(participations).set({ signatorySignaturePng: null }).where(eq(participations.id, uy!.participation.id)).run();
    expect(() =>
      approveCertificates({ db, actor: coordinatorOf(uy!), editionId: world.edition.id, party: "state", participationId: uy!.participation.id }),
    ).toThrow("certificates:errors.stateSignatureMissing");
  });

  it("a state is approved only by its own coordinator (or named signatory), and only its own trainees", () => {
    const [uy, cl] = world.states;
    expect(() =>
      approveCertificates({ db, actor: coordinatorOf(cl!), editionId: world.edition.id, party: "state", participationId: uy!.participation.id }),
    ).toThrow("certificates:errors.forbidden");
    expect(() =>
      approveCertificates({ db, actor: staff(world.tutor.id), editionId: world.edition.id, party: "state", participationId: uy!.participation.id }),
    ).toThrow("certificates:errors.forbidden");
    const r = approveCertificates({ db, actor: coordinatorOf(uy!), editionId: world.edition.id, party: "state", participationId: uy!.participation.id });
    expect(r.approved).toBe(2);
    // the named signatory with their own account
    db.update(participations).set({ signatoryUserId: world.otherTutor.id }).where(eq(participations.id, cl!.participation.id)).run();
    const named: Actor = { id: world.otherTutor.id, role: "tutor", coordinations: [], enrolments: [] };
    expect(approveCertificates({ db, actor: named, editionId: world.edition.id, party: "state", participationId: cl!.participation.id }).approved).toBe(2);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "certificate.approve")).all()).toHaveLength(4);
  });

  it("ineligible trainees are not approved; the institute may approve one state", () => {
    const [uy] = world.states;
    db.update(enrolments).set({ onlineResult: null }).where(eq(enrolments.id, uy!.trainees[0]!.enrolment.id)).run();
    const r = approveCertificates({ db, actor: staff(world.tutor.id), editionId: world.edition.id, party: "institute", participationId: uy!.participation.id });
    expect(r.approved).toBe(1);
  });

  it("both approvals are required before issue", async () => {
    const [uy] = world.states;
    const enrolmentId = uy!.trainees[0]!.enrolment.id;
    await expect(issueCertificate({ db, actor: staff(world.tutor.id), enrolmentId })).rejects.toThrow("certificates:errors.notApproved");
    approveCertificates({ db, actor: staff(world.tutor.id), editionId: world.edition.id, party: "institute" });
    await expect(issueCertificate({ db, actor: staff(world.tutor.id), enrolmentId })).rejects.toThrow("certificates:errors.notApproved");
    expect(certificateBoard(db, { editionId: world.edition.id }).states[1]!.trainees[0]!.stage).toBe("awaitingApproval");
    approveCertificates({ db, actor: coordinatorOf(uy!), editionId: world.edition.id, party: "state", participationId: uy!.participation.id });
    const out = await issueCertificate({ db, actor: staff(world.tutor.id), enrolmentId });
    expect(out).toEqual({ issued: true, serial: "CSEC-2027-UY-0001" });
    // idempotent
    expect(await issueCertificate({ db, actor: staff(world.tutor.id), enrolmentId })).toMatchObject({ issued: false, serial: "CSEC-2027-UY-0001" });
  });
});

async function approveAll() {
  approveCertificates({ db, actor: staff(world.tutor.id), editionId: world.edition.id, party: "institute" });
  for (const s of world.states) {
    approveCertificates({ db, actor: coordinatorOf(s), editionId: world.edition.id, party: "state", participationId: s.participation.id });
  }
}

describe("issue, download, verify", () => {
  it("issues with a serial per state, an unguessable code, both signatories snapshotted; re-render matches the SHA-256", async () => {
    await approveAll();
    const r = await bulkIssue({ db, actor: staff(world.tutor.id), editionId: world.edition.id });
    expect(r).toEqual({ issued: 4, skipped: 0, failed: 0, unrenderable: [] });
    const all = db.select().from(certificates).all();
    expect(all.map((c) => c.serial).sort()).toEqual(["CSEC-2027-CL-0001", "CSEC-2027-CL-0002", "CSEC-2027-UY-0001", "CSEC-2027-UY-0002"]);
    for (const c of all) {
      expect(c.verificationCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
      expect(c.instituteSignatory.name).toBe("Laura Méndez Ibáñez");
      expect(c.stateSignatory.signaturePngBase64).toBe(statePng.toString("base64"));
      // the day of issue where the edition keeps its dates (America/Montevideo), not the UTC day
      expect(c.issuedOn).toBe(localDay(new Date(), world.edition.timeZone));
    }
    const maria = all.find((c) => c.serial === "CSEC-2027-UY-0001")!;
    expect(maria.locale).toBe("es");
    // every sentence it prints is frozen in the row, with the layout version that draws it
    expect(maria.renderContext?.layoutVersion).toBe(LAYOUT_VERSION);
    expect(maria.renderContext?.texts?.primary.issuedOn).toMatch(/^Expedido el \d+ de \w+ de \d{4}$/);
    expect(maria.renderContext?.texts?.primary.completion.map((r) => r.text).join("")).toContain("horas presenciales");
    const bytes = await certificatePdf(db, maria);
    expect(sha256Hex(bytes)).toBe(maria.sha256);
    expect(sha256Hex(await certificatePdf(db, maria))).toBe(maria.sha256);
    const text = pdfText(bytes);
    expect(text).toContain("María José Peña Núñez");
    expect(text).toContain("Laura Méndez Ibáñez");
    expect(text).toContain("Joaquín Suárez (UY)");
    expect(text).toContain("CSEC-2027-UY-0001");
    // the trainee was told, in their language
    const mail = db.select().from(emailOutbox).where(eq(emailOutbox.to, "trainee.uy.0@example.org")).get()!;
    expect(mail.locale).toBe("es");
    expect(mail.text).toContain("CSEC-2027-UY-0001");
    // exact bytes are recognised; one changed byte is not
    expect(verifyPdfBytes(db, bytes)).toEqual({ serial: maria.serial, code: maria.verificationCode, status: "valid" });
    const tampered = bytes.slice();
    tampered[tampered.length - 10] ^= 1;
    expect(verifyPdfBytes(db, tampered)).toBeNull();
  });

  it("later changes to the signature, the course data or PUBLIC_URL do not change a stored certificate's bytes", async () => {
    await approveAll();
    await bulkIssue({ db, actor: staff(world.tutor.id), editionId: world.edition.id });
    const c = db.select().from(certificates).where(eq(certificates.serial, "CSEC-2027-UY-0001")).get()!;
    setStateSignatory({
      db,
      actor: coordinatorOf(world.states[0]!),
      participationId: world.states[0]!.participation.id,
      name: "Otra Persona",
      title: "Otro cargo",
      institution: "Otra institución",
      png: null,
    });
    const before = process.env.PUBLIC_URL;
    process.env.PUBLIC_URL = "https://elsewhere.example.org";
    try {
      expect(sha256Hex(await certificatePdf(db, c))).toBe(c.sha256);
    } finally {
      process.env.PUBLIC_URL = before;
    }
  });

  it("the public verification data holds only what is needed: no email, no ids", async () => {
    await approveAll();
    await bulkIssue({ db, actor: staff(world.tutor.id), editionId: world.edition.id });
    const c = db.select().from(certificates).where(eq(certificates.serial, "CSEC-2027-UY-0001")).get()!;
    const v = verifyCertificate(db, c.verificationCode.toLowerCase())!;
    expect(v).toMatchObject({ serial: c.serial, traineeName: "María José Peña Núñez", stateCode: "UY", editionName: "2027", status: "valid" });
    const json = JSON.stringify(v);
    expect(json).not.toMatch(/@/);
    expect(json).not.toMatch(/"\w*[iI]d"\s*:/);
    expect(json).not.toContain("signaturePng");
    expect(json).not.toContain(c.sha256);
    expect(verifyCertificate(db, "0000000000000000000A")).toBeNull();
    expect(normalizeCode("abcd-efgh-ijkl-mnop-o123")).toBe("ABCDEFGH1JK1MN0P0123");
  });

  it("a ZIP of a state's certificates holds each PDF, byte for byte", async () => {
    await approveAll();
    await bulkIssue({ db, actor: staff(world.tutor.id), editionId: world.edition.id });
    const { zip, count } = await stateCertificatesZip(db, world.states[0]!.participation.id);
    expect(count).toBe(2);
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(["CSEC-2027-UY-0001.pdf", "CSEC-2027-UY-0002.pdf"]);
    const c = db.select().from(certificates).where(eq(certificates.serial, "CSEC-2027-UY-0002")).get()!;
    expect(sha256Hex(files["CSEC-2027-UY-0002.pdf"]!)).toBe(c.sha256);
  });
});

describe("the state's signatory", () => {
  it("approving through their own account is recorded as theirs; a coordinator's approval says 'on behalf of'", async () => {
    const [uy, cl] = world.states;
    // UY's named signatory has their own account (invited like a coordinator) and approves themself
    const signatory = await makeUser(db, { email: "signatory.uy@example.org", name: "Joaquín Suárez (UY)", role: "coordinator" });
    db.update(participations).set({ signatoryUserId: signatory.id }).where(eq(participations.id, uy!.participation.id)).run();
    const own: Actor = { id: signatory.id, role: "coordinator", coordinations: [], enrolments: [] };
    approveCertificates({ db, actor: staff(world.tutor.id), editionId: world.edition.id, party: "institute" });
    approveCertificates({ db, actor: own, editionId: world.edition.id, party: "state", participationId: uy!.participation.id });
    // CL's coordinator approves for CL's named signatory, who has no account
    approveCertificates({ db, actor: coordinatorOf(cl!), editionId: world.edition.id, party: "state", participationId: cl!.participation.id });
    await bulkIssue({ db, actor: staff(world.tutor.id), editionId: world.edition.id, notify: false });
    const byState = (code: string) => db.select().from(certificates).where(eq(certificates.stateCode, code)).all();
    for (const c of byState("UY")) {
      expect(c.stateSignatory.approvedOnBehalfBy).toBeNull();
      expect(verifyCertificate(db, c.verificationCode)!.stateSignatory.onBehalfBy).toBeNull();
    }
    for (const c of byState("CL")) {
      expect(c.stateSignatory.approvedOnBehalfBy).toBe("Coordinadora CL");
      expect(verifyCertificate(db, c.verificationCode)!.stateSignatory).toMatchObject({ name: "Joaquín Suárez (CL)", onBehalfBy: "Coordinadora CL" });
    }
  });
});

describe("face-to-face hours", () => {
  it("the board compares the hours the certificate prints (the state's setting) with the recorded sessions' total", () => {
    const [uy] = world.states;
    // sessions as the coordinator's planning screen records them
    for (const [date, hours] of [["2027-02-01", 4], ["2027-02-02", 4.5]] as const) {
      db.insert(faceToFaceSessions).values({ participationId: uy!.participation.id, date, startTime: "09:00", endTime: "13:00", hours }).run();
    }
    const hoursOf = () => certificateBoard(db, { editionId: world.edition.id }).states.find((s) => s.stateCode === "UY")!.hours;
    expect(hoursOf()).toEqual({ printed: 16, sessions: 8.5 });
    db.update(participations).set({ faceToFaceHours: 8.5 }).where(eq(participations.id, uy!.participation.id)).run();
    expect(hoursOf()).toEqual({ printed: 8.5, sessions: 8.5 });
  });
});

describe("bulk-issue progress", () => {
  it("counts in SQL exactly what the board shows, at every step (approvals, issue, revocation)", async () => {
    const check = (participationId?: number) => {
      const board = certificateBoard(db, { editionId: world.edition.id, participationId });
      expect(issueProgress(db, { editionId: world.edition.id, participationId })).toEqual({
        issued: board.totals.issued,
        ready: board.totals.ready,
        approved: board.totals.issued + board.totals.ready,
      });
      // the SQL stages (counts, ready list, every page of the paginated board) agree with the board's rules
      const counts = certificateCounts(db, { editionId: world.edition.id, participationId });
      expect(counts.totals).toEqual(board.totals);
      for (const s of board.states) expect(counts.byState.get(s.participationId) ?? s.counts).toEqual(s.counts);
      const rows = board.states.flatMap((s) => s.trainees);
      expect(readyToIssue(db, { editionId: world.edition.id, participationId })).toEqual(
        rows.filter((r) => r.stage === "ready").map((r) => r.enrolmentId).sort((a, b) => a - b),
      );
      const stageOfRow = new Map(rows.map((r) => [r.enrolmentId, r.stage]));
      for (const stage of STAGES) {
        const paged = [1, 2, 3].flatMap(
          (page) => certificateBoardPage(db, {
            editionId: world.edition.id,
            stateCode: board.states.length === 1 ? board.states[0]!.stateCode : undefined,
            stage,
            page,
            pageSize: 2,
          }).trainees,
        );
        const want = rows.filter((r) => r.stage === stage).map((r) => r.enrolmentId);
        expect(new Set(paged.map((r) => r.enrolmentId))).toEqual(new Set(want));
        for (const r of paged) expect(r.stage).toBe(stageOfRow.get(r.enrolmentId));
      }
    };
    const all = () => {
      check();
      for (const s of world.states) check(s.participation.id);
    };
    all();
    approveCertificates({ db, actor: staff(world.tutor.id), editionId: world.edition.id, party: "institute" });
    all();
    await approveAll();
    all();
    expect(issueProgress(db, { editionId: world.edition.id }).ready).toBe(4);
    await issueCertificate({ db, actor: staff(world.tutor.id), enrolmentId: world.states[0]!.trainees[0]!.enrolment.id, notify: false });
    all();
    await bulkIssue({ db, actor: staff(world.tutor.id), editionId: world.edition.id, notify: false });
    all();
    await revokeCertificate({ db, actor: staff(world.tutor.id), editionId: world.edition.id, serial: "CSEC-2027-CL-0001", reason: "x" });
    all();
    expect(issueProgress(db, { editionId: world.edition.id })).toEqual({ issued: 3, ready: 0, approved: 3 });
    // a revoked trainee approved again by both parties is ready again; a re-issue makes them issued
    approveCertificates({ db, actor: staff(world.tutor.id), editionId: world.edition.id, party: "institute" });
    all();
    const uySerial = db.select().from(certificates).where(eq(certificates.status, "valid")).all().find((c) => c.stateCode === "UY")!.serial;
    await reissueCertificate({ db, actor: staff(world.tutor.id), editionId: world.edition.id, serial: uySerial, traineeName: "Nombre Corregido", reason: "x" });
    all();
  });
});

describe("serials", () => {
  it("are ASCII from the edition code, the same in the row, the PDF text, the ZIP entry, the URL and the file name", async () => {
    t.cleanup();
    t = testDb();
    db = t.db;
    world = await certificateWorld(db, { editionName: "2027 · Cohorte B" });
    await approveAll();
    await bulkIssue({ db, actor: staff(world.tutor.id), editionId: world.edition.id, notify: false });
    const all = db.select().from(certificates).all();
    // an edition without a code (older than the column): its whole name, in ASCII
    expect(all.map((c) => c.serial).sort()).toEqual(["CSEC-2027COHORTEB-CL-0001", "CSEC-2027COHORTEB-CL-0002", "CSEC-2027COHORTEB-UY-0001", "CSEC-2027COHORTEB-UY-0002"]);
    const c = all.find((x) => x.serial === "CSEC-2027COHORTEB-UY-0001")!;
    for (const x of all) expect(x.serial).toMatch(/^[A-Z0-9-]+$/);
    expect(pdfText(await certificatePdf(db, c))).toContain("CSEC-2027COHORTEB-UY-0001");
    const { zip } = await stateCertificatesZip(db, world.states[0]!.participation.id);
    const entries = Object.keys(unzipSync(zip));
    expect(entries.sort()).toEqual(["CSEC-2027COHORTEB-UY-0001.pdf", "CSEC-2027COHORTEB-UY-0002.pdf"]);
    for (const e of entries) expect(e).toMatch(/^[A-Z0-9-]+\.pdf$/);
    expect(encodeURIComponent(c.serial)).toBe(c.serial); // the URL carries it unescaped
    // the edition's code (derived by the edition form, "2027B", or set by the tutor) wins
    db.update(editions).set({ code: deriveEditionCode(world.edition.name) }).where(eq(editions.id, world.edition.id)).run(); // what updateEdition stores
    const r = await reissueCertificate({ db, actor: staff(world.tutor.id), editionId: world.edition.id, serial: c.serial, traineeName: c.traineeName, reason: "test" });
    expect(r.serial).toBe("CSEC-2027B-UY-0003");
    expect(pdfText(await certificatePdf(db, db.select().from(certificates).where(eq(certificates.serial, r.serial)).get()!))).toContain(r.serial);
  });
});

describe("revoke and re-issue", () => {
  it("revokes with a reason, audited, the trainee told; verification shows revoked", async () => {
    await approveAll();
    await bulkIssue({ db, actor: staff(world.tutor.id), editionId: world.edition.id, notify: false });
    const c = db.select().from(certificates).where(eq(certificates.serial, "CSEC-2027-CL-0001")).get()!;
    await expect(
      revokeCertificate({ db, actor: coordinatorOf(world.states[1]!), editionId: world.edition.id, serial: c.serial, reason: "x" }),
    ).rejects.toThrow("certificates:errors.forbidden");
    await revokeCertificate({ db, actor: staff(world.tutor.id), editionId: world.edition.id, serial: c.serial, reason: "Issued in error" });
    const v = verifyCertificate(db, c.verificationCode)!;
    expect(v.status).toBe("revoked");
    expect(v.revokedReason).toBe("Issued in error");
    expect(v.revokedAt).toBeTruthy();
    expect(db.select().from(auditLog).where(and(eq(auditLog.action, "certificate.revoke"), eq(auditLog.entityId, c.id))).all()).toHaveLength(1);
    expect(db.select().from(emailOutbox).where(eq(emailOutbox.to, "trainee.cl.0@example.org")).all()).toHaveLength(1);
    await expect(revokeCertificate({ db, actor: staff(world.tutor.id), editionId: world.edition.id, serial: c.serial, reason: "again" })).rejects.toThrow(
      "certificates:errors.alreadyRevoked",
    );
    // revocation takes the trainee out of issuing: the approvals given before it no longer count
    await expect(issueCertificate({ db, actor: staff(world.tutor.id), enrolmentId: c.enrolmentId, notify: false })).rejects.toThrow(
      "certificates:errors.notApproved",
    );
  });

  it("after a revocation, bulk issue issues nothing for that trainee (also after a new bulk approval and once the edition is closed)", async () => {
    await approveAll();
    await bulkIssue({ db, actor: staff(world.tutor.id), editionId: world.edition.id, notify: false });
    const c = db.select().from(certificates).where(eq(certificates.serial, "CSEC-2027-CL-0001")).get()!;
    await revokeCertificate({ db, actor: staff(world.tutor.id), editionId: world.edition.id, serial: c.serial, reason: "Issued by mistake" });
    const row = () => certificateBoard(db, { editionId: world.edition.id }).states[0]!.trainees.find((r) => r.enrolmentId === c.enrolmentId)!;
    expect(row().stage).toBe("revoked");
    expect(certificateBoard(db, { editionId: world.edition.id }).totals.ready).toBe(0);
    const count = () => db.select().from(certificates).where(eq(certificates.enrolmentId, c.enrolmentId)).all().length;
    expect(await bulkIssue({ db, actor: staff(world.tutor.id), editionId: world.edition.id, notify: false })).toEqual({ issued: 0, skipped: 0, failed: 0, unrenderable: [] });
    expect(count()).toBe(1);
    // approving the whole edition again does not bring them back silently
    await approveAll();
    expect(row().stage).toBe("revoked");
    db.update(editions).set({ status: "closed" }).where(eq(editions.id, world.edition.id)).run(); // what the close action leaves
    expect((await bulkIssue({ db, actor: staff(world.tutor.id), editionId: world.edition.id, notify: false })).issued).toBe(0);
    expect(count()).toBe(1);
  });

  it("a deliberate re-issue of a revoked certificate issues exactly one new certificate", async () => {
    await approveAll();
    await bulkIssue({ db, actor: staff(world.tutor.id), editionId: world.edition.id, notify: false });
    const c = db.select().from(certificates).where(eq(certificates.serial, "CSEC-2027-CL-0001")).get()!;
    await revokeCertificate({ db, actor: staff(world.tutor.id), editionId: world.edition.id, serial: c.serial, reason: "Issued by mistake" });
    const { serial } = await reissueCertificate({
      db,
      actor: staff(world.tutor.id),
      editionId: world.edition.id,
      serial: c.serial,
      traineeName: c.traineeName,
      reason: "Revoked by mistake",
    });
    expect(serial).toBe("CSEC-2027-CL-0003");
    const mine = db.select().from(certificates).where(eq(certificates.enrolmentId, c.enrolmentId)).all();
    expect(mine.filter((x) => x.status === "valid").map((x) => x.serial)).toEqual([serial]);
    expect(mine).toHaveLength(2);
    expect(mine.find((x) => x.id === c.id)!.revokedReason).toBe("Issued by mistake");
    // a second deliberate re-issue of the same revoked certificate is refused; bulk issue adds nothing
    await expect(
      reissueCertificate({ db, actor: staff(world.tutor.id), editionId: world.edition.id, serial: c.serial, traineeName: c.traineeName, reason: "again" }),
    ).rejects.toThrow("certificates:errors.alreadyRevoked");
    expect((await bulkIssue({ db, actor: staff(world.tutor.id), editionId: world.edition.id, notify: false })).issued).toBe(0);
    expect(db.select().from(certificates).where(eq(certificates.enrolmentId, c.enrolmentId)).all()).toHaveLength(2);
  });

  it("corrects a name and re-issues: new serial, old revoked and pointing to the new one", async () => {
    await approveAll();
    await bulkIssue({ db, actor: staff(world.tutor.id), editionId: world.edition.id, notify: false });
    const old = db.select().from(certificates).where(eq(certificates.serial, "CSEC-2027-UY-0002")).get()!;
    const { serial } = await reissueCertificate({
      db,
      actor: staff(world.tutor.id),
      editionId: world.edition.id,
      serial: old.serial,
      traineeName: "João Conceição",
      reason: "Name corrected",
    });
    expect(serial).toBe("CSEC-2027-UY-0003");
    const fresh = db.select().from(certificates).where(eq(certificates.serial, serial)).get()!;
    const revoked = db.select().from(certificates).where(eq(certificates.id, old.id)).get()!;
    expect(revoked).toMatchObject({ status: "revoked", revokedReason: "Name corrected", replacedById: fresh.id });
    expect(fresh).toMatchObject({ status: "valid", traineeName: "João Conceição", enrolmentId: old.enrolmentId });
    expect(verifyCertificate(db, old.verificationCode)!.replacedByCode).toBe(fresh.verificationCode);
    const bytes = await certificatePdf(db, fresh);
    expect(pdfText(bytes)).toContain("João Conceição");
    expect(db.select().from(users).where(eq(users.id, world.states[0]!.trainees[1]!.user.id)).get()!.name).toBe("João Conceição");
    const actions = db.select({ a: auditLog.action }).from(auditLog).all().map((r) => r.a);
    expect(actions).toEqual(expect.arrayContaining(["certificate.reissue", "certificate.revoke", "user.correctName"]));
    const mail = db.select().from(emailOutbox).where(eq(emailOutbox.to, "trainee.uy.1@example.org")).get()!;
    expect(mail.locale).toBe("pt");
    expect(mail.text).toContain(serial);
  });
});

describe("signatures", () => {
  it("accepts a PNG up to 500 KB and refuses anything else", () => {
    const actor = staff(world.otherTutor.id);
    expect(() =>
      setInstituteSignature({ db, actor, title: "T", institution: "I", png: new TextEncoder().encode("GIF89a not a png") }),
    ).toThrow("certificates:errors.signatureNotPng");
    expect(() => setInstituteSignature({ db, actor, title: "T", institution: "I", png: new Uint8Array(501 * 1024) })).toThrow(
      "certificates:errors.signatureTooLarge",
    );
    expect(() => setInstituteSignature({ db, actor, title: "T", institution: "I", png: null })).toThrow(
      "certificates:errors.signatureRequired",
    );
    setInstituteSignature({ db, actor, title: "Jefe", institution: "IIN", png: statePng });
    expect(db.select().from(users).where(eq(users.id, actor.id)).get()!.signatoryTitle).toBe("Jefe");
  });
});
