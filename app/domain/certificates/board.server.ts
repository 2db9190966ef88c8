/** Reading: the certification board of an edition, one state's list, one trainee. */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { type Db, databaseVersion } from "~db/index.server";
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
  participationId: number;
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


const emptyCounts = (): StateBoard["counts"] => ({ trainees: 0, eligible: 0, instituteApproved: 0, stateApproved: 0, ready: 0, issued: 0 });

/** The edition, its institute signatory (whether a signature is on file, never the image). */
function boardHead(db: Db, editionId: number): Pick<EditionBoard, "edition" | "instituteSignatory"> {
  const { edition, course } = loadEdition(db, editionId);
  const signatory = edition.instituteSignatoryId
    ? db
        .select({
          id: users.id,
          name: users.name,
          title: users.signatoryTitle,
          institution: users.institution,
          hasSignature: sql<number>`coalesce(length(${users.signaturePng}), 0) > 0`,
        })
        .from(users)
        .where(eq(users.id, edition.instituteSignatoryId))
        .get()
    : undefined;
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
      ? { id: signatory.id, name: signatory.name, title: signatory.title, institution: signatory.institution, hasSignature: !!signatory.hasSignature }
      : null,
  };
}

/**
 * The states of an edition (or one of them) with everything the board shows about each but its trainees:
 * a fixed number of queries whatever the number of states (no per-state query).
 */
function stateHeads(db: Db, { editionId, participationId }: { editionId: number; participationId?: number }): Omit<StateBoard, "trainees" | "counts">[] {
  // signature images are never loaded here: only whether there is one
  const signatoryUsers = alias(users, "signatory_user");
  const parts = db
    .select({
      id: participations.id,
      stateCode: participations.stateCode,
      signedOffAt: participations.signedOffAt,
      signatoryName: participations.signatoryName,
      signatoryTitle: participations.signatoryTitle,
      signatoryInstitution: participations.signatoryInstitution,
      signatoryUserName: signatoryUsers.name,
      faceToFaceHours: participations.faceToFaceHours,
      hasSignature: sql<number>`coalesce(length(${participations.signatorySignaturePng}), 0) > 0`,
    })
    .from(participations)
    .leftJoin(signatoryUsers, eq(signatoryUsers.id, participations.signatoryUserId))
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
  const coordinatorNames = new Map<number, string[]>();
  if (partIds.length) {
    for (const r of db
      .select({ participationId: faceToFaceSessions.participationId, hours: sql<number>`sum(${faceToFaceSessions.hours})` })
      .from(faceToFaceSessions)
      .where(inArray(faceToFaceSessions.participationId, partIds))
      .groupBy(faceToFaceSessions.participationId)
      .all()) {
      sessionHours.set(r.participationId, Math.round(r.hours * 100) / 100);
    }
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
  return parts.map((p) => ({
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
      userName: p.signatoryUserName ?? null,
    },
  }));
}

interface BaseRow {
  enrolmentId: number;
  participationId: number;
  userId: number;
  name: string;
  status: string;
  onlineResult: string | null;
  faceToFaceResult: string | null;
}

const baseColumns = {
  enrolmentId: enrolments.id,
  participationId: enrolments.participationId,
  userId: users.id,
  name: users.name,
  status: enrolments.status,
  onlineResult: enrolments.onlineResult,
  faceToFaceResult: faceToFaceAssessments.result,
};

/** The board's rows for these enrolments: their approvals and certificates read for these rows only. */
function traineeRows(db: Db, rows: BaseRow[], signedOffAt: Map<number, string | null>): TraineeRow[] {
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
  return rows.map((r) => {
    const missing = eligibility({ ...r, signedOffAt: signedOffAt.get(r.participationId) ?? null });
    const history = (certs.get(r.enrolmentId) ?? []).map(summary);
    const certificate = history.find((c) => c.status === "valid") ?? history[0] ?? null;
    const hasValid = certificate?.status === "valid";
    const lastRevokedAt = hasValid ? null : (certificate?.revokedAt ?? null);
    const a = approvalsSince(approvals.get(r.enrolmentId) ?? { institute: null, state: null }, lastRevokedAt);
    const eligible = missing.length === 0;
    const stage = stageOf({ hasValid, eligible, lastRevokedAt, approvals: a });
    const { onlineResult: _o, faceToFaceResult: _f, ...rest } = r;
    return { ...rest, missing, eligible, approvals: a, certificate, history, stage };
  });
}

/**
 * The board of one edition (or of one of its states, or of one trainee) with every trainee row. For one
 * state (a few hundred trainees) or one trainee; the tutor's edition-wide board is `certificateBoardPage`.
 */
export function certificateBoard(
  db: Db,
  { editionId, participationId, enrolmentId }: { editionId: number; participationId?: number; enrolmentId?: number },
): EditionBoard {
  const head = boardHead(db, editionId);
  const heads = stateHeads(db, { editionId, participationId });
  const partIds = heads.map((p) => p.participationId);
  const rows = partIds.length
    ? db
        .select(baseColumns)
        .from(enrolments)
        .innerJoin(users, eq(users.id, enrolments.userId))
        .leftJoin(faceToFaceAssessments, eq(faceToFaceAssessments.enrolmentId, enrolments.id))
        .where(
          and(
            eq(enrolments.editionId, editionId),
            participationId ? eq(enrolments.participationId, participationId) : undefined,
            enrolmentId ? eq(enrolments.id, enrolmentId) : undefined,
            inArray(enrolments.status, ["enrolled", "withdrawn"]),
          ),
        )
        .orderBy(asc(users.name), asc(enrolments.id))
        .all()
    : [];
  const all = traineeRows(db, rows, new Map(heads.map((h) => [h.participationId, h.signedOffAt])))
    // withdrawn trainees only matter when they hold a certificate
    .filter((r) => r.status === "enrolled" || r.history.length > 0);
  const byState = new Map<number, TraineeRow[]>();
  for (const r of all) byState.set(r.participationId, [...(byState.get(r.participationId) ?? []), r]);

  const totals = emptyCounts();
  const states: StateBoard[] = heads.map((h) => {
    const trainees = byState.get(h.participationId) ?? [];
    const counts = emptyCounts();
    for (const r of trainees) {
      counts.trainees++;
      if (r.eligible) counts.eligible++;
      if (r.eligible && r.approvals.institute) counts.instituteApproved++;
      if (r.eligible && r.approvals.state) counts.stateApproved++;
      if (r.stage === "ready") counts.ready++;
      if (r.stage === "issued") counts.issued++;
    }
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += counts[k];
    return { ...h, trainees, counts };
  });
  return { ...head, states, totals };
}

// ---------------------------------------------------------------------------------------------
// The same stages in SQL: counts, filters and pages for an edition of any size

export const STAGES: readonly Stage[] = ["ineligible", "awaitingApproval", "ready", "issued", "revoked"];

const countsCache = new WeakMap<Db["$client"], Map<string, { at: string; value: ReturnType<typeof countEdition> }>>();

/**
 * Each state's counts (and the edition's totals) in one aggregate query: no board is built to count it.
 * Paging, filtering and searching the board change nothing, so the counts are kept until any row changes.
 */
export function certificateCounts(db: Db, scope: { editionId: number; participationId?: number }): ReturnType<typeof countEdition> {
  const key = `${scope.editionId}:${scope.participationId ?? ""}`;
  const at = databaseVersion(db.$client);
  let cache = countsCache.get(db.$client);
  if (!cache) {
    cache = new Map();
    countsCache.set(db.$client, cache);
  }
  const hit = cache.get(key);
  if (hit && hit.at === at) return hit.value;
  const value = countEdition(db, scope);
  if (cache.size > 50) cache.clear();
  cache.set(key, { at, value });
  return value;
}

function countEdition(
  db: Db,
  { editionId, participationId }: { editionId: number; participationId?: number },
): { byState: Map<number, StateBoard["counts"]>; totals: StateBoard["counts"] } {
  // the stages stored in each enrolment (app/domain/board-status.server.ts, kept by triggers with the same
  // rules as `eligibility`, `approvalsSince` and `stageOf`): a GROUP BY over the edition's range of enrolments_certificate_board_idx
  const scope = participationId ? sql`AND e.participation_id = ${participationId}` : sql``;
  const rows = db.all<{ participationId: number } & StateBoard["counts"]>(sql`
    SELECT e.participation_id AS participationId,
      COUNT(*) AS trainees,
      SUM(e.certificate_eligible) AS eligible,
      SUM(e.certificate_eligible AND e.certificate_institute_approved) AS instituteApproved,
      SUM(e.certificate_eligible AND e.certificate_state_approved) AS stateApproved,
      SUM(e.certificate_stage = 'ready') AS ready,
      SUM(e.certificate_stage = 'issued') AS issued
    FROM enrolments e
    WHERE e.edition_id = ${editionId} ${scope} AND e.certificate_stage IS NOT NULL
    GROUP BY e.participation_id`);
  const byState = new Map<number, StateBoard["counts"]>();
  const totals = emptyCounts();
  for (const { participationId: id, ...counts } of rows) {
    byState.set(id, counts);
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += counts[k];
  }
  return { byState, totals };
}

/**
 * The enrolments that both signatories approved, eligible and still without a valid certificate: the stage
 * stored in each enrolment (kept by triggers, app/domain/board-status.server.ts), read over the edition's range
 * of enrolments_certificate_board_idx, so a bulk issue of 10,000 trainees starts without computing every stage.
 */
export function readyToIssue(db: Db, { editionId, participationId }: { editionId: number; participationId?: number }): number[] {
  const scope = participationId ? sql`AND participation_id = ${participationId}` : sql``;
  return db
    .all<{ id: number }>(sql`SELECT id FROM enrolments WHERE edition_id = ${editionId} ${scope} AND certificate_stage = 'ready' ORDER BY id`)
    .map((r) => r.id);
}

export const CERTIFICATE_PAGE_SIZE = 50;

export interface BoardPageQuery {
  editionId: number;
  /** One state's trainees only (its ISO code). */
  stateCode?: string;
  stage?: Stage;
  /** Part of a trainee's name or of a certificate's serial. */
  search?: string;
  page?: number;
  pageSize?: number;
}

/**
 * The tutor's board of an edition of any size: every state with its counts (aggregate SQL), and one page of
 * trainees, filtered by state, stage and a search, grouped by state (ordered by state, then name).
 */
export function certificateBoardPage(
  db: Db,
  { editionId, stateCode, stage, search, page = 1, pageSize = CERTIFICATE_PAGE_SIZE }: BoardPageQuery,
) {
  const head = boardHead(db, editionId);
  const heads = stateHeads(db, { editionId });
  const { byState, totals } = certificateCounts(db, { editionId });
  const states: (Omit<StateBoard, "trainees">)[] = heads.map((h) => ({ ...h, counts: byState.get(h.participationId) ?? emptyCounts() }));
  const scoped = stateCode ? heads.find((h) => h.stateCode === stateCode)?.participationId : undefined;

  const needle = search?.trim().slice(0, 100);
  const like = needle ? `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  // The listed trainees, their stage and their name are stored in each enrolment (board-status.server.ts):
  // the filters are conditions on enrolments_certificate_board_idx, the page is read in the index's order
  // (states by code, then names) and stops at its LIMIT; the count reads the index alone.
  const where = sql.join(
    [
      sql`e.edition_id = ${editionId} AND e.certificate_stage IS NOT NULL`,
      scoped ? sql`e.participation_id = ${scoped}` : undefined,
      stage ? sql`e.certificate_stage = ${stage}` : undefined,
      like
        ? sql`(e.user_name LIKE ${like} ESCAPE '\\' OR EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = e.id AND c.serial LIKE ${like} ESCAPE '\\'))`
        : undefined,
    ].filter((s) => s !== undefined),
    sql` AND `,
  );
  const matching = db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM enrolments e WHERE ${where}`)?.n ?? 0;
  const pageOf = (n: number) =>
    db.all<BaseRow>(sql`
      SELECT e.id AS enrolmentId, e.participation_id AS participationId, u.id AS userId, u.name AS name,
        e.status AS status, e.online_result AS onlineResult, f.result AS faceToFaceResult
      FROM participations p
      CROSS JOIN enrolments e ON e.participation_id = p.id
      JOIN users u ON u.id = e.user_id
      LEFT JOIN face_to_face_assessments f ON f.enrolment_id = e.id
      WHERE p.edition_id = ${editionId} AND ${where}
      ORDER BY p.state_code, e.user_name, e.id
      LIMIT ${pageSize} OFFSET ${(n - 1) * pageSize}`);
  let current = Math.max(1, Math.floor(page) || 1);
  let rows = pageOf(current);
  if (rows.length === 0 && current > 1) {
    // past the last page: the first one
    current = 1;
    rows = pageOf(current);
  }
  const pages = Math.max(1, Math.ceil(matching / pageSize));
  const trainees = traineeRows(db, rows, new Map(heads.map((h) => [h.participationId, h.signedOffAt])));
  return {
    ...head,
    states,
    totals,
    trainees,
    filters: { stateCode: scoped ? (stateCode ?? null) : null, stage: stage ?? null, search: needle ?? "" },
    matching,
    page: current,
    pages,
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
  const board = certificateBoard(db, { editionId: e.editionId, participationId: e.participationId, enrolmentId });
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

