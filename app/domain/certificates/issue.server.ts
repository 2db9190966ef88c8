/** Issuing one trainee's certificate or every ready one (bulk; idempotent and resumable). See claim.server.ts. */
import { and, eq, max } from "drizzle-orm";
import type { Db } from "~db/index.server";
import { certificateApprovals, certificates, type courses, type editions, enrolments, faceToFaceAssessments, type Locale, type participations, type SignatorySnapshot, users } from "~db/schema";
import { DomainError, publicUrl } from "../accounts.server";
import { writeAudit } from "../audit.server";
import { readyToIssue } from "./board.server";
import { claimSerialAndInsert } from "./claim.server";
import { issueDay } from "./codes.server";
import { approvalsSince, eligibility } from "./eligibility.server";
import { loadEdition, loadParticipation, queueCertificateEmail } from "./shared.server";

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
  const lastRevokedAt = existing ? null : (db
    .select({ at: max(certificates.revokedAt) })
    .from(certificates)
    .where(eq(certificates.enrolmentId, enrolmentId))
    .get()?.at ?? null);
  const withAt = (a: (typeof approvals)[number] | undefined) => (a ? { ...a, at: a.approvedAt } : null);
  const { institute: instituteApproval, state: stateApproval } = approvalsSince(
    { institute: withAt(approvals.find((a) => a.party === "institute")), state: withAt(approvals.find((a) => a.party === "state")) },
    lastRevokedAt,
  );
  if ((!instituteApproval || !stateApproval) && !existing) throw new DomainError("certificates:errors.notApproved");
  // The institute signs with the signature of the person who approved (the edition's signatory).
  const approver = instituteApproval ? db.select().from(users).where(eq(users.id, instituteApproval.approvedBy)).get() : undefined;
  const institute = approver ? snapshotOfUser(approver) : { name: "", title: "", institution: "", signaturePngBase64: null };
  // Approved by the signatory's own account, or by someone (the coordinator) on their behalf
  const bySignatory = !!stateApproval && stateApproval.approvedBy === participation.signatoryUserId;
  const stateApprover =
    stateApproval && !bySignatory ? db.select({ name: users.name }).from(users).where(eq(users.id, stateApproval.approvedBy)).get() : undefined;
  const state: SignatorySnapshot = {
    approvedOnBehalfBy: stateApprover?.name ?? null,
    ...(bySignatory ? { approvedBySignatory: true } : {}),
    name: participation.signatoryName ?? "",
    title: participation.signatoryTitle ?? "",
    institution: participation.signatoryInstitution ?? "",
    signaturePngBase64: participation.signatorySignaturePng?.length
      ? Buffer.from(participation.signatorySignaturePng).toString("base64")
      : null,
  };
  return { enrolment, participation, edition, course, trainee, existing, institute, state };
}

/**
 * Issues one trainee's certificate. Idempotent: when a valid certificate already exists it is
 * returned untouched.
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
  return claimSerialAndInsert<IssueOutcome>({
    db,
    what: `enrolment ${enrolmentId}`,
    next: () => {
      const p = prepare(db, enrolmentId);
      if (p.existing) return { done: { issued: false, serial: p.existing.serial, reason: "alreadyIssued" } };
      return {
        participationId: p.participation.id,
        certificateSeq: p.participation.certificateSeq,
        course: p.course,
        edition: p.edition,
        draft: {
          enrolmentId,
          traineeName: p.trainee.name.normalize("NFC").trim(),
          stateCode: p.participation.stateCode,
          locale: (p.trainee.locale ?? "es") as Locale,
          bilingual: p.edition.certificateBilingual,
          issuedOn: issueDay(now, p.edition.timeZone),
          onlineHours: p.edition.onlineHours,
          faceToFaceHours: p.participation.faceToFaceHours,
          instituteSignatory: p.institute,
          stateSignatory: p.state,
        },
        issuedBy: actor.id,
        at: now.toISOString(),
        after: (tx, inserted) => {
          writeAudit(tx, {
            actorId: actor.id,
            action: "certificate.issue",
            entityType: "certificate",
            entityId: inserted.id,
            editionId: p.edition.id,
            after: { serial: inserted.serial, enrolmentId, sha256: inserted.sha256 },
          });
          const outbox = notify
            ? [
                queueCertificateEmail(tx, "issued", p.trainee, {
                  serial: inserted.serial,
                  url: publicUrl(`/learning/${enrolmentId}/certificate`),
                  verifyUrl: inserted.verifyUrl,
                }, enrolmentId),
              ]
            : [];
          return { result: { issued: true, serial: inserted.serial }, outbox };
        },
      };
    },
  });
}

/**
 * Issues every ready certificate of an edition (or one state), one short transaction each (the write lock
 * is held for one insert, never for the run), yielding to other requests between certificates. Safe to
 * run twice, or again after a crash: what was committed is skipped, the rest is issued. The ready list is
 * read once, in SQL (`readyToIssue`).
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
    const began = performance.now();
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
    // rendering is CPU work whose awaits resolve as microtasks: leave the event loop to others after each
    // certificate, for a fraction of what it took (a request needs many turns, not one)
    await new Promise<void>((resolve) => setTimeout(resolve, Math.min(20, Math.max(1, (performance.now() - began) / 3))));
  }
  return result;
}

