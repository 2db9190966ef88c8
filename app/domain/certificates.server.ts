/**
 * Certificates: eligibility, the two signatories' approvals, issuing (one at a time or in bulk,
 * idempotent and resumable), downloads (re-rendered from the stored record), revocation, re-issue
 * with a corrected name, and public verification.
 *
 * Issuing renders the PDF (async) BEFORE its transaction, then commits in one synchronous
 * transaction that (1) advances the state's serial counter only if nobody else did meanwhile
 * (optimistic check), (2) inserts the certificate (the partial unique index allows one valid
 * certificate per enrolment) and (3) writes the audit entry. A crash before the commit leaves
 * nothing; a crash after leaves a whole certificate. Re-running a bulk issue picks up the rest.
 */
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { zipSync } from "fflate";
import type { Db, Tx } from "~db/index.server";
import {
  certificateApprovals,
  type CertificateRenderContext,
  certificates,
  coordinatorAppointments,
  courses,
  editions,
  enrolments,
  faceToFaceAssessments,
  type Locale,
  LOCALES,
  participations,
  type SignatorySnapshot,
  type SigningParty,
  users,
} from "~db/schema";
import { stateName } from "~/vocabulary";
import { LAYOUT_VERSION } from "~certificates/layout";
import { canonicalPng, SIGNATURE_MAX } from "~certificates/png";
import { type CertificateRenderInput, renderCertificate, sha256Hex } from "~certificates/render";
import { type Actor, can } from "~/auth/permissions";
import { getCourse } from "~/content.server";
import { fixedT } from "~/i18n/i18n.server";
import { deliverOutbox, queueEmail } from "~/mail.server";
import { DomainError, publicUrl } from "./accounts.server";
import { writeAudit } from "./audit.server";
import { safeFileName } from "./file-names";

export const MAX_SIGNATURE_BYTES = 500 * 1024;
export const MAX_VERIFY_PDF_BYTES = 5 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Eligibility

/** What keeps a trainee from being eligible, in the order it has to be done. */
export type Missing =
  | "notEnrolled"
  | "onlinePending"
  | "onlineNotPassed"
  | "faceToFacePending"
  | "faceToFaceNotPassed"
  | "notSignedOff";

export interface EligibilityFacts {
  status: string;
  onlineResult: string | null;
  faceToFaceResult: string | null;
  signedOffAt: string | null;
}

/** Eligible = enrolled, online passed, face-to-face passed, the state's results signed off. */
export function eligibility(f: EligibilityFacts): Missing[] {
  const missing: Missing[] = [];
  if (f.status !== "enrolled") missing.push("notEnrolled");
  if (f.onlineResult == null) missing.push("onlinePending");
  else if (f.onlineResult !== "passed") missing.push("onlineNotPassed");
  if (f.faceToFaceResult == null) missing.push("faceToFacePending");
  else if (f.faceToFaceResult !== "passed") missing.push("faceToFaceNotPassed");
  if (!f.signedOffAt) missing.push("notSignedOff");
  return missing;
}

// ---------------------------------------------------------------------------------------------
// Verification codes: 20 characters of Crockford base32 (100 random bits)

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function newVerificationCode(): string {
  let code = "";
  for (const byte of randomBytes(20)) code += CROCKFORD[byte & 31];
  return code;
}

/** Accepts what people type: lower case, spaces, hyphens, O for 0, I/L for 1. Null if not a code. */
export function normalizeCode(input: string): string | null {
  const code = input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  return /^[0-9A-HJKMNP-TV-Z]{20}$/.test(code) ? code : null;
}

// ---------------------------------------------------------------------------------------------
// Reading: the certification board of an edition, one state's list, one trainee

export interface ApprovalInfo {
  byName: string;
  at: string;
}

export interface CertificateSummary {
  serial: string;
  verificationCode: string;
  status: "valid" | "revoked";
  issuedOn: string;
  traineeName: string;
  revokedAt: string | null;
  revokedReason: string | null;
}

export interface TraineeRow {
  enrolmentId: number;
  userId: number;
  name: string;
  status: string;
  missing: Missing[];
  eligible: boolean;
  approvals: { institute: ApprovalInfo | null; state: ApprovalInfo | null };
  /** The valid certificate, else the newest revoked one. */
  certificate: CertificateSummary | null;
  /** Every certificate ever issued to this trainee, newest first. */
  history: CertificateSummary[];
  stage: "ineligible" | "awaitingApproval" | "ready" | "issued";
}

export interface StateBoard {
  participationId: number;
  stateCode: string;
  signedOffAt: string | null;
  coordinators: string[];
  signatory: { name: string | null; title: string | null; institution: string | null; hasSignature: boolean; userName: string | null };
  trainees: TraineeRow[];
  counts: { trainees: number; eligible: number; instituteApproved: number; stateApproved: number; ready: number; issued: number };
}

export interface EditionBoard {
  edition: { id: number; name: string; status: string; courseSlug: string; courseCode: string; bilingual: boolean };
  instituteSignatory: { id: number; name: string; title: string | null; institution: string | null; hasSignature: boolean } | null;
  states: StateBoard[];
  totals: StateBoard["counts"];
}

function summary(c: typeof certificates.$inferSelect): CertificateSummary {
  return {
    serial: c.serial,
    verificationCode: c.verificationCode,
    status: c.status,
    issuedOn: c.issuedOn,
    traineeName: c.traineeName,
    revokedAt: c.revokedAt,
    revokedReason: c.revokedReason,
  };
}

function loadEdition(db: Db | Tx, editionId: number) {
  const row = db
    .select({ edition: editions, course: courses })
    .from(editions)
    .innerJoin(courses, eq(courses.id, editions.courseId))
    .where(eq(editions.id, editionId))
    .get();
  if (!row) throw new DomainError("certificates:errors.notFound");
  return row;
}

/** The board of one edition (or of one of its states). */
export function certificateBoard(db: Db, { editionId, participationId }: { editionId: number; participationId?: number }): EditionBoard {
  const { edition, course } = loadEdition(db, editionId);
  const signatory = edition.instituteSignatoryId
    ? db.select().from(users).where(eq(users.id, edition.instituteSignatoryId)).get()
    : undefined;

  const parts = db
    .select()
    .from(participations)
    .where(
      participationId
        ? and(eq(participations.editionId, editionId), eq(participations.id, participationId))
        : eq(participations.editionId, editionId),
    )
    .orderBy(asc(participations.stateCode))
    .all();
  const partIds = parts.map((p) => p.id);

  const rows = partIds.length
    ? db
        .select({
          enrolmentId: enrolments.id,
          participationId: enrolments.participationId,
          userId: users.id,
          name: users.name,
          status: enrolments.status,
          onlineResult: enrolments.onlineResult,
          faceToFaceResult: faceToFaceAssessments.result,
        })
        .from(enrolments)
        .innerJoin(users, eq(users.id, enrolments.userId))
        .leftJoin(faceToFaceAssessments, eq(faceToFaceAssessments.enrolmentId, enrolments.id))
        .where(and(inArray(enrolments.participationId, partIds), inArray(enrolments.status, ["enrolled", "withdrawn"])))
        .orderBy(asc(users.name), asc(enrolments.id))
        .all()
    : [];
  const enrolmentIds = rows.map((r) => r.enrolmentId);

  const approvals = new Map<number, { institute: ApprovalInfo | null; state: ApprovalInfo | null }>();
  const certs = new Map<number, (typeof certificates.$inferSelect)[]>();
  // chunked to stay below SQLite's variable limit
  for (let i = 0; i < enrolmentIds.length; i += 500) {
    const chunk = enrolmentIds.slice(i, i + 500);
    for (const a of db
      .select({ enrolmentId: certificateApprovals.enrolmentId, party: certificateApprovals.party, at: certificateApprovals.approvedAt, byName: users.name })
      .from(certificateApprovals)
      .innerJoin(users, eq(users.id, certificateApprovals.approvedBy))
      .where(inArray(certificateApprovals.enrolmentId, chunk))
      .all()) {
      const entry = approvals.get(a.enrolmentId) ?? { institute: null, state: null };
      entry[a.party] = { byName: a.byName, at: a.at };
      approvals.set(a.enrolmentId, entry);
    }
    for (const c of db.select().from(certificates).where(inArray(certificates.enrolmentId, chunk)).orderBy(desc(certificates.id)).all()) {
      const list = certs.get(c.enrolmentId) ?? [];
      list.push(c);
      certs.set(c.enrolmentId, list);
    }
  }

  const coordinatorNames = new Map<number, string[]>();
  if (partIds.length) {
    for (const c of db
      .select({ participationId: coordinatorAppointments.participationId, name: users.name })
      .from(coordinatorAppointments)
      .innerJoin(users, eq(users.id, coordinatorAppointments.userId))
      .where(inArray(coordinatorAppointments.participationId, partIds))
      .orderBy(asc(users.name))
      .all()) {
      coordinatorNames.set(c.participationId, [...(coordinatorNames.get(c.participationId) ?? []), c.name]);
    }
  }

  const emptyCounts = () => ({ trainees: 0, eligible: 0, instituteApproved: 0, stateApproved: 0, ready: 0, issued: 0 });
  const totals = emptyCounts();
  const states: StateBoard[] = parts.map((p) => {
    const signatoryUser = p.signatoryUserId ? db.select({ name: users.name }).from(users).where(eq(users.id, p.signatoryUserId)).get() : undefined;
    const counts = emptyCounts();
    const trainees: TraineeRow[] = rows
      .filter((r) => r.participationId === p.id)
      .map((r) => {
        const missing = eligibility({ ...r, signedOffAt: p.signedOffAt });
        const a = approvals.get(r.enrolmentId) ?? { institute: null, state: null };
        const history = (certs.get(r.enrolmentId) ?? []).map(summary);
        const certificate = history.find((c) => c.status === "valid") ?? history[0] ?? null;
        const eligible = missing.length === 0;
        const stage: TraineeRow["stage"] =
          certificate?.status === "valid"
            ? "issued"
            : !eligible
              ? "ineligible"
              : a.institute && a.state
                ? "ready"
                : "awaitingApproval";
        return { ...r, missing, eligible, approvals: a, certificate, history, stage };
      })
      // withdrawn trainees only matter when they hold a certificate
      .filter((r) => r.status === "enrolled" || r.history.length > 0);
    for (const r of trainees) {
      counts.trainees++;
      if (r.eligible) counts.eligible++;
      if (r.eligible && r.approvals.institute) counts.instituteApproved++;
      if (r.eligible && r.approvals.state) counts.stateApproved++;
      if (r.stage === "ready") counts.ready++;
      if (r.stage === "issued") counts.issued++;
    }
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += counts[k];
    return {
      participationId: p.id,
      stateCode: p.stateCode,
      signedOffAt: p.signedOffAt,
      coordinators: coordinatorNames.get(p.id) ?? [],
      signatory: {
        name: p.signatoryName,
        title: p.signatoryTitle,
        institution: p.signatoryInstitution,
        hasSignature: !!p.signatorySignaturePng?.length,
        userName: signatoryUser?.name ?? null,
      },
      trainees,
      counts,
    };
  });

  return {
    edition: {
      id: edition.id,
      name: edition.name,
      status: edition.status,
      courseSlug: course.slug,
      courseCode: course.code,
      bilingual: edition.certificateBilingual,
    },
    instituteSignatory: signatory
      ? {
          id: signatory.id,
          name: signatory.name,
          title: signatory.signatoryTitle,
          institution: signatory.institution,
          hasSignature: !!signatory.signaturePng?.length,
        }
      : null,
    states,
    totals,
  };
}

/** How far a bulk issue has come: read from the database, so it survives restarts and needs no job table. */
export function issueProgress(db: Db, input: { editionId: number; participationId?: number }) {
  const { totals } = certificateBoard(db, input);
  return { issued: totals.issued, ready: totals.ready, approved: totals.issued + totals.ready };
}

/** An enrolment's scope for the permission check, or null. */
export function findEnrolment(db: Db, enrolmentId: number) {
  return (
    db
      .select({ enrolmentId: enrolments.id, editionId: enrolments.editionId, participationId: enrolments.participationId, userId: enrolments.userId })
      .from(enrolments)
      .where(eq(enrolments.id, enrolmentId))
      .get() ?? null
  );
}

/** One trainee's view: what is missing, from whom, and the certificate when there is one. */
export function certificateForEnrolment(db: Db, enrolmentId: number) {
  const e = db.select().from(enrolments).where(eq(enrolments.id, enrolmentId)).get();
  if (!e) throw new DomainError("certificates:errors.notFound");
  const board = certificateBoard(db, { editionId: e.editionId, participationId: e.participationId });
  const state = board.states[0];
  const row = state?.trainees.find((t) => t.enrolmentId === enrolmentId) ?? null;
  return { edition: board.edition, instituteSignatory: board.instituteSignatory, state, row };
}

// ---------------------------------------------------------------------------------------------
// Signatures

/**
 * A signature image as it may be stored: fully decoded and re-encoded to canonical PNG bytes
 * (certificates/png.ts). Only the returned bytes are stored, never the upload itself.
 */
function checkSignature(png: Uint8Array): Uint8Array {
  const checked = canonicalPng(png, { maxBytes: MAX_SIGNATURE_BYTES, maxWidth: SIGNATURE_MAX.width, maxHeight: SIGNATURE_MAX.height });
  if (checked.ok) return checked.png;
  if (checked.reason === "tooLarge") throw new DomainError("certificates:errors.signatureTooLarge", "signature", { kb: 500 });
  if (checked.reason === "corrupt") throw new DomainError("certificates:errors.signatureCorrupt", "signature");
  throw new DomainError("certificates:errors.signatureNotPng", "signature");
}

/** The institute signatory's own signature image and title (a tutor or an admin, for themself). */
export function setInstituteSignature({
  db,
  actor,
  title,
  institution,
  png: upload,
}: {
  db: Db;
  actor: Actor;
  title: string;
  institution: string;
  png: Uint8Array | null;
}): void {
  if (actor.role !== "tutor" && actor.role !== "admin") throw new DomainError("certificates:errors.forbidden");
  const png = upload ? checkSignature(upload) : null; // only canonical bytes are stored
  db.transaction((tx) => {
    const before = tx.select().from(users).where(eq(users.id, actor.id)).get();
    if (!png && !before?.signaturePng?.length) throw new DomainError("certificates:errors.signatureRequired", "signature");
    tx.update(users)
      .set({
        signatoryTitle: title,
        institution,
        ...(png ? { signaturePng: Buffer.from(png) } : {}),
        updatedAt: new Date().toISOString(),
      })
      .where(eq(users.id, actor.id))
      .run();
    writeAudit(tx, {
      actorId: actor.id,
      action: "signature.institute.set",
      entityType: "user",
      entityId: actor.id,
      before: { title: before?.signatoryTitle, institution: before?.institution },
      after: { title, institution, signature: png ? sha256Hex(png) : "unchanged" },
    });
  });
}

/** Who may sign for a state: its coordinator (acting for the named signatory) or the named signatory's own account. */
export function maySignForState(actor: Actor, participation: { id: number; editionId: number; signatoryUserId: number | null }): boolean {
  return (
    can(actor, "participation.signOff", { type: "participation", editionId: participation.editionId, participationId: participation.id }) ||
    participation.signatoryUserId === actor.id
  );
}

export function loadParticipation(db: Db | Tx, participationId: number) {
  const p = db.select().from(participations).where(eq(participations.id, participationId)).get();
  if (!p) throw new DomainError("certificates:errors.notFound");
  return p;
}

/** The state signatory's name, title, institution and signature image. */
export function setStateSignatory({
  db,
  actor,
  participationId,
  name,
  title,
  institution,
  png: upload,
}: {
  db: Db;
  actor: Actor;
  participationId: number;
  name: string;
  title: string;
  institution: string;
  png: Uint8Array | null;
}): void {
  const png = upload ? checkSignature(upload) : null; // only canonical bytes are stored
  db.transaction((tx) => {
    const p = loadParticipation(tx, participationId);
    if (!maySignForState(actor, p)) throw new DomainError("certificates:errors.forbidden");
    if (!png && !p.signatorySignaturePng?.length) throw new DomainError("certificates:errors.signatureRequired", "signature");
    tx.update(participations)
      .set({
        signatoryName: name,
        signatoryTitle: title,
        signatoryInstitution: institution,
        ...(png ? { signatorySignaturePng: Buffer.from(png) } : {}),
        updatedAt: new Date().toISOString(),
      })
      .where(eq(participations.id, participationId))
      .run();
    writeAudit(tx, {
      actorId: actor.id,
      action: "signature.state.set",
      entityType: "participation",
      entityId: participationId,
      editionId: p.editionId,
      before: { name: p.signatoryName, title: p.signatoryTitle, institution: p.signatoryInstitution },
      after: { name, title, institution, signature: png ? sha256Hex(png) : "unchanged" },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Approvals

/**
 * One signatory approves the eligible trainees of an edition (institute: optionally one state)
 * or of their state. Only trainees eligible right now are approved; approving twice is harmless.
 */
export function approveCertificates({
  db,
  actor,
  editionId,
  party,
  participationId,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  editionId: number;
  party: SigningParty;
  participationId?: number;
  now?: Date;
}): { approved: number } {
  const { edition } = loadEdition(db, editionId);
  if (party === "institute") {
    if (edition.instituteSignatoryId !== actor.id) throw new DomainError("certificates:errors.notInstituteSignatory");
    const me = db.select().from(users).where(eq(users.id, actor.id)).get();
    if (!me?.signaturePng?.length || !me.signatoryTitle || !me.institution) {
      throw new DomainError("certificates:errors.instituteSignatureMissing");
    }
  } else {
    if (!participationId) throw new DomainError("certificates:errors.notFound");
    const p = loadParticipation(db, participationId);
    if (p.editionId !== editionId || !maySignForState(actor, p)) throw new DomainError("certificates:errors.forbidden");
    if (!p.signatorySignaturePng?.length || !p.signatoryName || !p.signatoryTitle || !p.signatoryInstitution) {
      throw new DomainError("certificates:errors.stateSignatureMissing");
    }
  }
  const board = certificateBoard(db, { editionId, participationId });
  const at = now.toISOString();
  let approved = 0;
  db.transaction((tx) => {
    for (const state of board.states) {
      for (const row of state.trainees) {
        if (!row.eligible || row.approvals[party]) continue;
        const inserted = tx
          .insert(certificateApprovals)
          .values({ enrolmentId: row.enrolmentId, party, approvedBy: actor.id, approvedAt: at })
          .onConflictDoNothing()
          .run();
        if (inserted.changes === 0) continue;
        approved++;
        writeAudit(tx, {
          actorId: actor.id,
          action: "certificate.approve",
          entityType: "enrolment",
          entityId: row.enrolmentId,
          editionId,
          after: { party },
        });
      }
    }
  });
  return { approved };
}

// ---------------------------------------------------------------------------------------------
// Issuing

/** What the render needs beyond the certificate row; frozen at issue (certificates.render_context). */
type RenderContext = CertificateRenderContext;

function currentRenderContext(courseSlug: string, editionName: string, stateCode: string, code: string): RenderContext {
  const course = getCourse(courseSlug);
  const courseTitle = Object.fromEntries(LOCALES.map((l) => [l, course?.title[l] ?? courseSlug])) as Record<Locale, string>;
  return {
    courseTitle,
    editionName,
    stateName: Object.fromEntries(LOCALES.map((l) => [l, stateName(stateCode, l)])) as Record<Locale, string>,
    verifyUrl: publicUrl(`/verify/${code}`),
    layoutVersion: LAYOUT_VERSION,
  };
}

const fromBase64 = (b64: string | null) => (b64 ? new Uint8Array(Buffer.from(b64, "base64")) : null);

function renderInput(
  c: Pick<
    typeof certificates.$inferSelect,
    | "serial"
    | "verificationCode"
    | "locale"
    | "bilingual"
    | "issuedOn"
    | "traineeName"
    | "onlineHours"
    | "faceToFaceHours"
    | "instituteSignatory"
    | "stateSignatory"
  >,
  ctx: RenderContext,
): CertificateRenderInput {
  const signatory = (s: SignatorySnapshot) => ({
    name: s.name,
    title: s.title,
    institution: s.institution,
    signaturePng: fromBase64(s.signaturePngBase64),
  });
  return {
    serial: c.serial,
    verificationCode: c.verificationCode,
    verifyUrl: ctx.verifyUrl,
    locale: c.locale,
    bilingual: c.bilingual,
    issuedOn: c.issuedOn,
    traineeName: c.traineeName,
    stateName: ctx.stateName,
    courseTitle: ctx.courseTitle,
    editionName: ctx.editionName,
    hours: { online: c.onlineHours, faceToFace: c.faceToFaceHours },
    institute: signatory(c.instituteSignatory),
    stateSignatory: signatory(c.stateSignatory),
  };
}

class SerialTaken extends Error {}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") return true;
  }
  return false;
}

export type IssueOutcome = { issued: true; serial: string } | { issued: false; serial: string; reason: "alreadyIssued" };

interface Prepared {
  enrolment: typeof enrolments.$inferSelect;
  participation: typeof participations.$inferSelect;
  edition: typeof editions.$inferSelect;
  course: typeof courses.$inferSelect;
  trainee: typeof users.$inferSelect;
  existing: typeof certificates.$inferSelect | undefined;
  institute: SignatorySnapshot;
  state: SignatorySnapshot;
}

const snapshotOfUser = (u: typeof users.$inferSelect): SignatorySnapshot => ({
  name: u.name,
  title: u.signatoryTitle ?? "",
  institution: u.institution ?? "",
  signaturePngBase64: u.signaturePng?.length ? Buffer.from(u.signaturePng).toString("base64") : null,
});

/** Reads and checks everything an issue needs; throws a DomainError saying what is missing. */
function prepare(db: Db, enrolmentId: number): Prepared {
  const enrolment = db.select().from(enrolments).where(eq(enrolments.id, enrolmentId)).get();
  if (!enrolment) throw new DomainError("certificates:errors.notFound");
  const participation = loadParticipation(db, enrolment.participationId);
  const { edition, course } = loadEdition(db, enrolment.editionId);
  const trainee = db.select().from(users).where(eq(users.id, enrolment.userId)).get()!;
  const assessment = db.select().from(faceToFaceAssessments).where(eq(faceToFaceAssessments.enrolmentId, enrolmentId)).get();
  const existing = db
    .select()
    .from(certificates)
    .where(and(eq(certificates.enrolmentId, enrolmentId), eq(certificates.status, "valid")))
    .get();
  const missing = eligibility({
    status: enrolment.status,
    onlineResult: enrolment.onlineResult,
    faceToFaceResult: assessment?.result ?? null,
    signedOffAt: participation.signedOffAt,
  });
  if (missing.length && !existing) throw new DomainError("certificates:errors.notEligible");
  const approvals = db.select().from(certificateApprovals).where(eq(certificateApprovals.enrolmentId, enrolmentId)).all();
  const instituteApproval = approvals.find((a) => a.party === "institute");
  const stateApproval = approvals.find((a) => a.party === "state");
  if ((!instituteApproval || !stateApproval) && !existing) throw new DomainError("certificates:errors.notApproved");
  // The institute signs with the signature of the person who approved (the edition's signatory).
  const approver = instituteApproval ? db.select().from(users).where(eq(users.id, instituteApproval.approvedBy)).get() : undefined;
  const institute = approver ? snapshotOfUser(approver) : { name: "", title: "", institution: "", signaturePngBase64: null };
  const state: SignatorySnapshot = {
    name: participation.signatoryName ?? "",
    title: participation.signatoryTitle ?? "",
    institution: participation.signatoryInstitution ?? "",
    signaturePngBase64: participation.signatorySignaturePng?.length
      ? Buffer.from(participation.signatorySignaturePng).toString("base64")
      : null,
  };
  return { enrolment, participation, edition, course, trainee, existing, institute, state };
}

const serialOf = (courseCode: string, editionName: string, stateCode: string, seq: number) =>
  `${courseCode}-${editionName.trim().replace(/\s+/g, "-")}-${stateCode}-${String(seq).padStart(4, "0")}`;

const todayUtc = (now: Date) => now.toISOString().slice(0, 10);

function queueCertificateEmail(
  tx: Tx,
  kind: "issued" | "revoked" | "reissued",
  to: { email: string; name: string; locale: Locale | null },
  values: Record<string, string>,
): number {
  const locale = to.locale ?? "es";
  const t = fixedT(locale);
  return queueEmail(tx, {
    to: to.email,
    locale,
    kind: "notice",
    subject: t(`certificates:email.${kind}.subject`, values),
    text: `${t(`certificates:email.${kind}.body`, { name: to.name, ...values })}\n\n— ${t("email.signature")}`,
  });
}

/**
 * Issues one trainee's certificate (or, with `replace`, re-issues a corrected one). Idempotent:
 * when a valid certificate already exists it is returned untouched.
 */
export async function issueCertificate({
  db,
  actor,
  enrolmentId,
  now = new Date(),
  notify = true,
}: {
  db: Db;
  actor: { id: number };
  enrolmentId: number;
  now?: Date;
  notify?: boolean;
}): Promise<IssueOutcome> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const p = prepare(db, enrolmentId);
    if (p.existing) return { issued: false, serial: p.existing.serial, reason: "alreadyIssued" };
    const seq = p.participation.certificateSeq + 1;
    const record = {
      enrolmentId,
      serial: serialOf(p.course.code, p.edition.name, p.participation.stateCode, seq),
      verificationCode: newVerificationCode(),
      traineeName: p.trainee.name.normalize("NFC").trim(),
      stateCode: p.participation.stateCode,
      locale: (p.trainee.locale ?? "es") as Locale,
      bilingual: p.edition.certificateBilingual,
      issuedOn: todayUtc(now),
      onlineHours: p.edition.onlineHours,
      faceToFaceHours: p.participation.faceToFaceHours,
      instituteSignatory: p.institute,
      stateSignatory: p.state,
    };
    const ctx = currentRenderContext(p.course.slug, p.edition.name, record.stateCode, record.verificationCode);
    const pdf = await renderCertificate(renderInput(record, ctx));
    const sha256 = sha256Hex(pdf);
    const outbox: number[] = [];
    try {
      const outcome = db.transaction((tx): IssueOutcome => {
        const bumped = tx
          .update(participations)
          .set({ certificateSeq: seq })
          .where(and(eq(participations.id, p.participation.id), eq(participations.certificateSeq, seq - 1)))
          .run();
        if (bumped.changes !== 1) throw new SerialTaken();
        const row = tx
          .insert(certificates)
          .values({ ...record, sha256, renderContext: ctx, status: "valid", issuedBy: actor.id, createdAt: now.toISOString() })
          .returning({ id: certificates.id })
          .get();
        writeAudit(tx, {
          actorId: actor.id,
          action: "certificate.issue",
          entityType: "certificate",
          entityId: row.id,
          editionId: p.edition.id,
          after: { serial: record.serial, enrolmentId, sha256 },
        });
        if (notify) {
          outbox.push(
            queueCertificateEmail(tx, "issued", p.trainee, {
              serial: record.serial,
              url: publicUrl(`/learning/${enrolmentId}/certificate`),
              verifyUrl: ctx.verifyUrl,
            }),
          );
        }
        return { issued: true, serial: record.serial };
      });
      await deliverOutbox(db, outbox);
      return outcome;
    } catch (err) {
      // Someone took this serial, or issued this trainee, between our read and our commit: read again.
      if (err instanceof SerialTaken || isUniqueViolation(err)) continue;
      throw err;
    }
  }
  throw new Error(`could not issue a certificate for enrolment ${enrolmentId}: too much contention`);
}

/** The enrolments that both signatories approved, eligible and still without a valid certificate. */
export function readyToIssue(db: Db, input: { editionId: number; participationId?: number }): number[] {
  return certificateBoard(db, input)
    .states.flatMap((s) => s.trainees)
    .filter((r) => r.stage === "ready")
    .map((r) => r.enrolmentId);
}

/**
 * Issues every ready certificate of an edition (or one state), one transaction each. Safe to
 * run twice, or again after a crash: what was committed is skipped, the rest is issued.
 */
export async function bulkIssue({
  db,
  actor,
  editionId,
  participationId,
  now = new Date(),
  notify = true,
  onProgress,
}: {
  db: Db;
  actor: { id: number };
  editionId: number;
  participationId?: number;
  now?: Date;
  notify?: boolean;
  onProgress?: (done: number, total: number) => void;
}): Promise<{ issued: number; skipped: number; failed: number; unrenderable: number[] }> {
  const ids = readyToIssue(db, { editionId, participationId });
  const result = { issued: 0, skipped: 0, failed: 0, unrenderable: [] as number[] };
  for (const [i, enrolmentId] of ids.entries()) {
    try {
      const outcome = await issueCertificate({ db, actor, enrolmentId, now, notify });
      if (outcome.issued) result.issued++;
      else result.skipped++;
    } catch (err) {
      result.failed++;
      // sec-http (issue 9, point 11): one participation's broken data (e.g. a signature image that
      // cannot be decoded) must not stop the whole edition. Domain refusals (no longer eligible or
      // approved) show on the board; anything else is recorded per enrolment, logged in one line,
      // and the run goes on.
      if (!(err instanceof DomainError)) {
        result.unrenderable.push(enrolmentId);
        console.error(`[certificates] enrolment ${enrolmentId} not issued: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    onProgress?.(i + 1, ids.length);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Revocation and re-issue

export function findCertificate(db: Db | Tx, serial: string) {
  return db
    .select({
      certificate: certificates,
      editionId: enrolments.editionId,
      participationId: enrolments.participationId,
      userId: enrolments.userId,
    })
    .from(certificates)
    .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
    .where(eq(certificates.serial, serial))
    .get();
}

export async function revokeCertificate({
  db,
  actor,
  serial,
  reason,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  serial: string;
  reason: string;
  now?: Date;
}): Promise<void> {
  const outbox: number[] = [];
  db.transaction((tx) => {
    const found = findCertificate(tx, serial);
    if (!found) throw new DomainError("certificates:errors.notFound");
    if (!can(actor, "certificate.revoke", { type: "certificate", ...found })) throw new DomainError("certificates:errors.forbidden");
    if (found.certificate.status !== "valid") throw new DomainError("certificates:errors.alreadyRevoked");
    const at = now.toISOString();
    tx.update(certificates)
      .set({ status: "revoked", revokedAt: at, revokedReason: reason, revokedBy: actor.id })
      .where(and(eq(certificates.id, found.certificate.id), eq(certificates.status, "valid")))
      .run();
    writeAudit(tx, {
      actorId: actor.id,
      action: "certificate.revoke",
      entityType: "certificate",
      entityId: found.certificate.id,
      editionId: found.editionId,
      before: { status: "valid" },
      after: { status: "revoked", reason },
    });
    const trainee = tx.select().from(users).where(eq(users.id, found.userId)).get()!;
    outbox.push(
      queueCertificateEmail(tx, "revoked", trainee, {
        serial,
        reason,
        verifyUrl: publicUrl(`/verify/${found.certificate.verificationCode}`),
      }),
    );
  });
  await deliverOutbox(db, outbox);
}

/**
 * Corrects the trainee's name and re-issues: a new certificate (new serial, new code, same
 * signatories and hours), the old one revoked with the reason and pointing to the new one.
 */
export async function reissueCertificate({
  db,
  actor,
  serial,
  traineeName,
  reason,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  serial: string;
  traineeName: string;
  reason: string;
  now?: Date;
}): Promise<{ serial: string }> {
  const name = traineeName.normalize("NFC").replace(/\s+/g, " ").trim();
  for (let attempt = 0; attempt < 8; attempt++) {
    const found = findCertificate(db, serial);
    if (!found) throw new DomainError("certificates:errors.notFound");
    if (!can(actor, "certificate.revoke", { type: "certificate", ...found })) throw new DomainError("certificates:errors.forbidden");
    const old = found.certificate;
    if (old.status !== "valid") throw new DomainError("certificates:errors.alreadyRevoked");
    const participation = loadParticipation(db, found.participationId);
    const { edition, course } = loadEdition(db, found.editionId);
    const trainee = db.select().from(users).where(eq(users.id, found.userId)).get()!;
    const seq = participation.certificateSeq + 1;
    const record = {
      enrolmentId: old.enrolmentId,
      serial: serialOf(course.code, edition.name, old.stateCode, seq),
      verificationCode: newVerificationCode(),
      traineeName: name,
      stateCode: old.stateCode,
      locale: trainee.locale ?? old.locale,
      bilingual: old.bilingual,
      issuedOn: todayUtc(now),
      onlineHours: old.onlineHours,
      faceToFaceHours: old.faceToFaceHours,
      instituteSignatory: old.instituteSignatory,
      stateSignatory: old.stateSignatory,
    };
    const ctx = currentRenderContext(course.slug, edition.name, record.stateCode, record.verificationCode);
    const sha256 = sha256Hex(await renderCertificate(renderInput(record, ctx)));
    const outbox: number[] = [];
    try {
      db.transaction((tx) => {
        const bumped = tx
          .update(participations)
          .set({ certificateSeq: seq })
          .where(and(eq(participations.id, participation.id), eq(participations.certificateSeq, seq - 1)))
          .run();
        if (bumped.changes !== 1) throw new SerialTaken();
        const at = now.toISOString();
        const revoked = tx
          .update(certificates)
          .set({ status: "revoked", revokedAt: at, revokedReason: reason, revokedBy: actor.id })
          .where(and(eq(certificates.id, old.id), eq(certificates.status, "valid")))
          .run();
        if (revoked.changes !== 1) throw new DomainError("certificates:errors.alreadyRevoked");
        const row = tx
          .insert(certificates)
          .values({ ...record, sha256, renderContext: ctx, status: "valid", issuedBy: actor.id, createdAt: at })
          .returning({ id: certificates.id })
          .get();
        tx.update(certificates).set({ replacedById: row.id }).where(eq(certificates.id, old.id)).run();
        if (trainee.name !== name) {
          tx.update(users).set({ name, updatedAt: at }).where(eq(users.id, trainee.id)).run();
          writeAudit(tx, {
            actorId: actor.id,
            action: "user.correctName",
            entityType: "user",
            entityId: trainee.id,
            before: { name: trainee.name },
            after: { name },
          });
        }
        writeAudit(tx, {
          actorId: actor.id,
          action: "certificate.revoke",
          entityType: "certificate",
          entityId: old.id,
          editionId: edition.id,
          before: { status: "valid" },
          after: { status: "revoked", reason, replacedBy: record.serial },
        });
        writeAudit(tx, {
          actorId: actor.id,
          action: "certificate.reissue",
          entityType: "certificate",
          entityId: row.id,
          editionId: edition.id,
          before: { serial: old.serial, traineeName: old.traineeName },
          after: { serial: record.serial, enrolmentId: old.enrolmentId, sha256, traineeName: name },
        });
        outbox.push(
          queueCertificateEmail(tx, "reissued", { ...trainee, name }, {
            oldSerial: old.serial,
            serial: record.serial,
            reason,
            url: publicUrl(`/learning/${old.enrolmentId}/certificate`),
            verifyUrl: ctx.verifyUrl,
          }),
        );
      });
    } catch (err) {
      if (err instanceof SerialTaken || (isUniqueViolation(err) && !(err instanceof DomainError))) continue;
      throw err;
    }
    await deliverOutbox(db, outbox);
    return { serial: record.serial };
  }
  throw new Error(`could not re-issue ${serial}: too much contention`);
}

// ---------------------------------------------------------------------------------------------
// Rendering a stored certificate

/** The render context frozen at issue; the current one only for rows older than that column. */
function frozenRenderContext(db: Db, c: typeof certificates.$inferSelect): RenderContext {
  if (c.renderContext) return c.renderContext;
  const found = db
    .select({ slug: courses.slug, editionName: editions.name })
    .from(enrolments)
    .innerJoin(editions, eq(editions.id, enrolments.editionId))
    .innerJoin(courses, eq(courses.id, editions.courseId))
    .where(eq(enrolments.id, c.enrolmentId))
    .get()!;
  return currentRenderContext(found.slug, found.editionName, c.stateCode, c.verificationCode);
}

export class CertificateIntegrityError extends Error {}

/** Re-renders a stored certificate; the bytes must hash to the SHA-256 stored at issue. */
export async function certificatePdf(db: Db, c: typeof certificates.$inferSelect): Promise<Uint8Array> {
  const bytes = await renderCertificate(renderInput(c, frozenRenderContext(db, c)));
  if (sha256Hex(bytes) !== c.sha256) {
    throw new CertificateIntegrityError(`certificate ${c.serial}: the re-rendered PDF does not match the stored SHA-256`);
  }
  return bytes;
}

/** A ZIP of a state's valid certificates, one `<serial>.pdf` each. */
export async function stateCertificatesZip(db: Db, participationId: number): Promise<{ zip: Uint8Array; count: number }> {
  const list = db
    .select({ certificate: certificates })
    .from(certificates)
    .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
    .where(and(eq(enrolments.participationId, participationId), eq(certificates.status, "valid")))
    .orderBy(asc(certificates.serial))
    .all();
  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const { certificate } of list) {
    // PDFs are compressed already: store them
    // the serial holds the edition's name: one safe entry name each (app/domain/file-names.ts)
    let entry = safeFileName(`${certificate.serial}.pdf`, "certificate.pdf");
    while (files[entry]) entry = entry.replace(/\.pdf$/, "_.pdf");
    files[entry] = [await certificatePdf(db, certificate), { level: 0 }];
  }
  // a fixed timestamp keeps the archive reproducible
  return { zip: zipSync(files, { mtime: new Date("2000-01-01T00:00:00Z") }), count: list.length };
}

// ---------------------------------------------------------------------------------------------
// Public verification: only what is needed to verify (no email, no ids)

export interface PublicCertificate {
  serial: string;
  traineeName: string;
  courseSlug: string;
  editionName: string;
  stateCode: string;
  issuedOn: string;
  institute: { name: string; title: string; institution: string };
  stateSignatory: { name: string; title: string; institution: string };
  status: "valid" | "revoked";
  revokedAt: string | null;
  revokedReason: string | null;
  /** Verification code of the certificate that replaced this one. */
  replacedByCode: string | null;
}

const publicSignatory = (s: SignatorySnapshot) => ({ name: s.name, title: s.title, institution: s.institution });

export function verifyCertificate(db: Db, code: string): PublicCertificate | null {
  const normalized = normalizeCode(code);
  if (!normalized) return null;
  const row = db
    .select({ c: certificates, courseSlug: courses.slug, editionName: editions.name })
    .from(certificates)
    .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
    .innerJoin(editions, eq(editions.id, enrolments.editionId))
    .innerJoin(courses, eq(courses.id, editions.courseId))
    .where(eq(certificates.verificationCode, normalized))
    .get();
  if (!row) return null;
  const { c } = row;
  const replacement = c.replacedById
    ? db.select({ code: certificates.verificationCode }).from(certificates).where(eq(certificates.id, c.replacedById)).get()
    : undefined;
  return {
    serial: c.serial,
    traineeName: c.traineeName,
    courseSlug: row.courseSlug,
    editionName: row.editionName,
    stateCode: c.stateCode,
    issuedOn: c.issuedOn,
    institute: publicSignatory(c.instituteSignatory),
    stateSignatory: publicSignatory(c.stateSignatory),
    status: c.status,
    revokedAt: c.revokedAt,
    revokedReason: c.revokedReason,
    replacedByCode: replacement?.code ?? null,
  };
}

/** Whether some bytes are exactly an issued certificate (by SHA-256). */
export function verifyPdfBytes(db: Db, bytes: Uint8Array): { serial: string; code: string; status: "valid" | "revoked" } | null {
  const hash = sha256Hex(bytes);
  const row = db
    .select({ serial: certificates.serial, code: certificates.verificationCode, status: certificates.status })
    .from(certificates)
    .where(eq(certificates.sha256, hash))
    .get();
  return row ?? null;
}

/** Course title in a language, for pages. */
export function courseTitle(slug: string, locale: Locale): string {
  return getCourse(slug)?.title[locale] ?? slug;
}
