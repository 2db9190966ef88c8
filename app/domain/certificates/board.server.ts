/** Reading: the certification board of an edition, one state's list, one trainee. */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "~db/index.server";
import { certificateApprovals, certificates, coordinatorAppointments, editions, enrolments, faceToFaceAssessments, faceToFaceSessions, participations, users } from "~db/schema";
import { DomainError } from "../accounts.server";
import { approvalsSince, eligibility, type Missing, type Stage, stageOf } from "./eligibility.server";
import { loadEdition } from "./shared.server";

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
  stage: Stage;
}

export interface StateBoard {
  participationId: number;
  stateCode: string;
  signedOffAt: string | null;
  coordinators: string[];
  /** Face-to-face hours: the state's setting (what the certificate prints) and the recorded sessions' total. */
  hours: { printed: number; sessions: number };
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


/** The board of one edition (or of one of its states). */
export function certificateBoard(db: Db, { editionId, participationId }: { editionId: number; participationId?: number }): EditionBoard {
  const { edition, course } = loadEdition(db, editionId);
  const signatory = edition.instituteSignatoryId
    ? db.select().from(users).where(eq(users.id, edition.instituteSignatoryId)).get()
    : undefined;

  // signature images are never loaded here: only whether there is one
  const parts = db
    .select({
      id: participations.id,
      stateCode: participations.stateCode,
      signedOffAt: participations.signedOffAt,
      signatoryUserId: participations.signatoryUserId,
      signatoryName: participations.signatoryName,
      signatoryTitle: participations.signatoryTitle,
      signatoryInstitution: participations.signatoryInstitution,
      faceToFaceHours: participations.faceToFaceHours,
      hasSignature: sql<number>`coalesce(length(${participations.signatorySignaturePng}), 0) > 0`,
    })
    .from(participations)
    .where(
      participationId
        ? and(eq(participations.editionId, editionId), eq(participations.id, participationId))
        : eq(participations.editionId, editionId),
    )
    .orderBy(asc(participations.stateCode))
    .all();
  const partIds = parts.map((p) => p.id);
  // the recorded sessions' total per state, to compare with the hours the certificate prints
  const sessionHours = new Map<number, number>();
  if (partIds.length) {
    for (const r of db
      .select({ participationId: faceToFaceSessions.participationId, hours: sql<number>`sum(${faceToFaceSessions.hours})` })
      .from(faceToFaceSessions)
      .where(inArray(faceToFaceSessions.participationId, partIds))
      .groupBy(faceToFaceSessions.participationId)
      .all()) {
      sessionHours.set(r.participationId, Math.round(r.hours * 100) / 100);
    }
  }

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
        const history = (certs.get(r.enrolmentId) ?? []).map(summary);
        const certificate = history.find((c) => c.status === "valid") ?? history[0] ?? null;
        const hasValid = certificate?.status === "valid";
        const lastRevokedAt = hasValid ? null : (certificate?.revokedAt ?? null);
        const a = approvalsSince(approvals.get(r.enrolmentId) ?? { institute: null, state: null }, lastRevokedAt);
        const eligible = missing.length === 0;
        const stage = stageOf({ hasValid, eligible, lastRevokedAt, approvals: a });
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
      hours: { printed: p.faceToFaceHours, sessions: sessionHours.get(p.id) ?? 0 },
      signatory: {
        name: p.signatoryName,
        title: p.signatoryTitle,
        institution: p.signatoryInstitution,
        hasSignature: !!p.hasSignature,
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

/**
 * How far a bulk issue has come: counted in SQL (one statement, no board built), read from the
 * database so it survives restarts and needs no job table. `ready` follows the board's rules:
 * eligible, both approvals given after the latest revocation, no valid certificate.
 */
export function issueProgress(db: Db, { editionId, participationId }: { editionId: number; participationId?: number }) {
  const scope = participationId ? sql`AND e.participation_id = ${participationId}` : sql``;
  const row = db.get<{ issued: number; ready: number }>(sql`
    SELECT
      (SELECT COUNT(*) FROM certificates c JOIN enrolments e ON e.id = c.enrolment_id
        WHERE e.edition_id = ${editionId} ${scope} AND c.status = 'valid') AS issued,
      (SELECT COUNT(*) FROM enrolments e
        JOIN participations p ON p.id = e.participation_id
        JOIN face_to_face_assessments f ON f.enrolment_id = e.id
        WHERE e.edition_id = ${editionId} ${scope}
          AND e.status = 'enrolled' AND e.online_result = 'passed' AND f.result = 'passed' AND p.signed_off_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = e.id AND c.status = 'valid')
          AND (SELECT COUNT(DISTINCT a.party) FROM certificate_approvals a
                WHERE a.enrolment_id = e.id
                  AND a.approved_at > COALESCE((SELECT MAX(c.revoked_at) FROM certificates c WHERE c.enrolment_id = e.id), '')) = 2
      ) AS ready`);
  const issued = row?.issued ?? 0;
  const ready = row?.ready ?? 0;
  return { issued, ready, approved: issued + ready };
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

/**
 * Why a trainee did not qualify, once a stage's results are final: the online result after a tutor
 * closed the online stage (with its recorded reasons), the face-to-face result after the state signed
 * off (with the score, the scale and the coordinator's comment). Null while nothing failed for good.
 */
export interface NotQualified {
  online: { reasons: string | null; overrideReason: string | null } | null;
  faceToFace: { score: number; scaleMax: number; passScore: number; comment: string | null } | null;
}

/** One trainee's view: what is missing, from whom, and the certificate when there is one. */
export function certificateForEnrolment(db: Db, enrolmentId: number) {
  const e = db.select().from(enrolments).where(eq(enrolments.id, enrolmentId)).get();
  if (!e) throw new DomainError("certificates:errors.notFound");
  const board = certificateBoard(db, { editionId: e.editionId, participationId: e.participationId });
  const state = board.states[0];
  const row = state?.trainees.find((t) => t.enrolmentId === enrolmentId) ?? null;
  const rules = db
    .select({ onlineClosedAt: editions.onlineClosedAt, scaleMax: editions.faceToFaceScaleMax, passScore: editions.faceToFacePassScore })
    .from(editions)
    .where(eq(editions.id, e.editionId))
    .get();
  const assessment = db.select().from(faceToFaceAssessments).where(eq(faceToFaceAssessments.enrolmentId, enrolmentId)).get();
  const notQualified: NotQualified = {
    online: rules?.onlineClosedAt && e.onlineResult === "not-passed" ? { reasons: e.onlineResultReason, overrideReason: e.onlineResultOverrideReason } : null,
    faceToFace:
      rules && state?.signedOffAt && assessment && assessment.result !== "passed"
        ? { score: assessment.score, scaleMax: rules.scaleMax, passScore: rules.passScore, comment: assessment.comment }
        : null,
  };
  return {
    edition: board.edition,
    instituteSignatory: board.instituteSignatory,
    state,
    row,
    notQualified: notQualified.online || notQualified.faceToFace ? notQualified : null,
  };
}

