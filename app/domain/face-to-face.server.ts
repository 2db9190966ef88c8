/**
 * The face-to-face stage of one state (a participation): sessions, attendance, the coordinator's
 * assessment of each enrolled trainee, the sign-off and a tutor's reopening.
 *
 * Rules (enforced here, whatever the route or the UI does):
 * - Only a coordinator appointed to the participation records anything: the appointment is part of
 *   the query that loads the stage (`loadOwnStage`), so another state's participation is not found.
 * - Attendance and assessments only for trainees enrolled (status `enrolled`) in that participation.
 * - Sessions may be planned from the nominations phase until the face-to-face phase ends; attendance
 *   and assessments only while the edition is in its `face-to-face` phase.
 * - After sign-off everything (sessions, attendance, assessments) is locked until a tutor reopens it
 *   with a written reason; the coordinators are told by email.
 * - "Passed" is refused below the edition's required attendance or below its pass score: a coordinator
 *   may still record "not passed" with any score.
 * - Every change of attendance, score, result, sign-off and reopening writes an audit entry with the
 *   before and after values in the same transaction.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "~db/index.server";
import {
  ATTENDANCE_STATUSES,
  type AttendanceStatus,
  attendance,
  coordinatorAppointments,
  type EditionStatus,
  editions,
  enrolments,
  faceToFaceAssessments,
  faceToFaceSessions,
  type Locale,
  participations,
  RESULTS,
  type Result,
  type Role,
  users,
} from "~db/schema";
import { uiResources } from "~/i18n/resources";
import { deliverOutbox, queueEmail, writeEmail } from "~/mail.server";
import { participationFacts } from "./email-context.server";
import { DomainError, publicUrl } from "./accounts.server";
import { writeAudit } from "./audit.server";

/** A planned or edited session, as validated at the edge. */
export interface SessionInput {
  date: string;
  startTime: string;
  endTime: string;
  venue?: string;
  onlineUrl?: string;
  hours: number;
}

/** One trainee's attendance at one session. */
export interface AttendanceMark {
  enrolmentId: number;
  status: AttendanceStatus;
}

/** One trainee's face-to-face assessment. */
export interface AssessmentInput {
  enrolmentId: number;
  score: number;
  result: Result;
  comment: string | null;
}

export interface ActingUser {
  id: number;
  name: string;
}

/** Phases in which a coordinator may plan, edit or delete sessions. */
export const PLANNING_PHASES: readonly EditionStatus[] = ["nominations", "online", "face-to-face"];
/** The phase in which attendance and assessments are recorded, signed off and reopened. */
export const RECORDING_PHASE: EditionStatus = "face-to-face";

const ATTENDED: readonly AttendanceStatus[] = ["present", "late"];
const nowIso = () => new Date().toISOString();

type Stage = { participation: typeof participations.$inferSelect; edition: typeof editions.$inferSelect };

function loadStage(tx: Tx | Db, participationId: number): Stage {
  const row = tx
    .select({ participation: participations, edition: editions })
    .from(participations)
    .innerJoin(editions, eq(editions.id, participations.editionId))
    .where(eq(participations.id, participationId))
    .get();
  if (!row) throw new DomainError("faceToFace:errors.notFound");
  return row;
}

/** The stage, only if `actorId` is appointed coordinator of it: the ownership check is the query. */
function loadOwnStage(tx: Tx | Db, participationId: number, actorId: number): Stage {
  const row = tx
    .select({ participation: participations, edition: editions })
    .from(participations)
    .innerJoin(editions, eq(editions.id, participations.editionId))
    .innerJoin(
      coordinatorAppointments,
      and(eq(coordinatorAppointments.participationId, participations.id), eq(coordinatorAppointments.userId, actorId)),
    )
    .where(eq(participations.id, participationId))
    .get();
  if (!row) throw new DomainError("faceToFace:errors.notCoordinator");
  return row;
}

function assertUnlocked(stage: Stage) {
  if (stage.participation.signedOffAt) throw new DomainError("faceToFace:errors.locked");
}
function assertRecordingPhase(stage: Stage) {
  if (stage.edition.status !== RECORDING_PHASE) throw new DomainError("faceToFace:errors.notInPhase");
}
function assertPlanningPhase(stage: Stage) {
  if (!PLANNING_PHASES.includes(stage.edition.status)) throw new DomainError("faceToFace:errors.planningClosed");
}

/** Who changes which state's stage: what every coordinator's mutation is given. */
type StageCommand = { db: Db; actor: ActingUser; participationId: number };

/**
 * Runs `change` in one immediate transaction on the actor's own stage, once it is in the phase for that
 * kind of change (`planning`: sessions; `recording`: attendance and assessments) and not signed off.
 */
function changeOwnStage<T>(
  { db, actor, participationId }: StageCommand,
  phase: "planning" | "recording",
  change: (tx: Tx, stage: Stage) => T,
): T {
  return db.transaction(
    (tx) => {
      const stage = loadOwnStage(tx, participationId, actor.id);
      if (phase === "planning") assertPlanningPhase(stage);
      else assertRecordingPhase(stage);
      assertUnlocked(stage);
      return change(tx, stage);
    },
    { behavior: "immediate" },
  );
}

const collator = new Intl.Collator("es", { sensitivity: "base" });

/** The trainees enrolled in a participation (withdrawn, waitlisted and nominated people are not). */
function enrolledTrainees(tx: Tx | Db, participationId: number) {
  return tx
    .select({ enrolmentId: enrolments.id, userId: users.id, name: users.name, email: users.email, onlineResult: enrolments.onlineResult })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(eq(enrolments.participationId, participationId), eq(enrolments.status, "enrolled")))
    .all()
    .sort((a, b) => collator.compare(a.name, b.name));
}

function sessionsOf(tx: Tx | Db, participationId: number) {
  return tx
    .select()
    .from(faceToFaceSessions)
    .where(eq(faceToFaceSessions.participationId, participationId))
    .orderBy(asc(faceToFaceSessions.date), asc(faceToFaceSessions.startTime), asc(faceToFaceSessions.id))
    .all();
}

export type FaceToFaceSession = typeof faceToFaceSessions.$inferSelect;

/** How a session is named in CSV headers and lists: "2027-05-04 09:00". */
export const sessionLabel = (s: { date: string; startTime: string }) => `${s.date} ${s.startTime}`;

/** Attended hours / planned hours, and whether that meets the edition's required percentage. */
export function attendanceFigures(attendedHours: number, plannedHours: number, requiredPercent: number) {
  return {
    attendedHours,
    plannedHours,
    percent: plannedHours > 0 ? Math.round((attendedHours / plannedHours) * 1000) / 10 : null,
    meetsRequired: plannedHours > 0 && attendedHours * 100 >= requiredPercent * plannedHours,
  };
}

/**
 * Everything about one state's face-to-face stage: sessions with their attendance counts, each enrolled
 * trainee's attendance and assessment, and the sign-off. Read-only; callers authorise first.
 */
export function faceToFaceStage(db: Db | Tx, participationId: number) {
  const stage = loadStage(db, participationId);
  const { participation, edition } = stage;
  const sessions = sessionsOf(db, participationId);
  const trainees = enrolledTrainees(db, participationId);
  const enrolmentIds = trainees.map((t) => t.enrolmentId);
  const sessionIds = sessions.map((s) => s.id);
  const marks =
    sessionIds.length > 0 && enrolmentIds.length > 0
      ? db
          .select({ sessionId: attendance.sessionId, enrolmentId: attendance.enrolmentId, status: attendance.status })
          .from(attendance)
          .where(and(inArray(attendance.sessionId, sessionIds), inArray(attendance.enrolmentId, enrolmentIds)))
          .all()
      : [];
  const assessments =
    enrolmentIds.length > 0
      ? db.select().from(faceToFaceAssessments).where(inArray(faceToFaceAssessments.enrolmentId, enrolmentIds)).all()
      : [];
  const plannedHours = sessions.reduce((sum, s) => sum + s.hours, 0);
  const hoursOf = new Map(sessions.map((s) => [s.id, s.hours]));
  const markMap = new Map(marks.map((m) => [`${m.sessionId}:${m.enrolmentId}`, m.status]));

  // each trainee's marks and assessment by one pass over the rows (it filtered every mark per trainee:
  // quadratic in a state of a few hundred trainees)
  const attended = new Map<number, number>();
  const marked = new Set<number>();
  const markedSessions = new Set<number>();
  for (const m of marks) {
    marked.add(m.enrolmentId);
    markedSessions.add(m.sessionId);
    if (ATTENDED.includes(m.status)) attended.set(m.enrolmentId, (attended.get(m.enrolmentId) ?? 0) + (hoursOf.get(m.sessionId) ?? 0));
  }
  const assessmentOf = new Map(assessments.map((x) => [x.enrolmentId, x]));
  const people = trainees.map((t) => {
    const attendedHours = attended.get(t.enrolmentId) ?? 0;
    // attendance counts once someone has been marked for a session: before that, 0 % is not a shortfall
    const attendanceTaken = marked.has(t.enrolmentId);
    const a = assessmentOf.get(t.enrolmentId);
    return {
      ...t,
      attendance: Object.fromEntries(sessions.map((s) => [s.id, markMap.get(`${s.id}:${t.enrolmentId}`) ?? null])) as Record<
        number,
        AttendanceStatus | null
      >,
      ...attendanceFigures(attendedHours, plannedHours, edition.attendanceRequiredPercent),
      attendanceTaken,
      assessment: a ? { score: a.score, result: a.result, comment: a.comment, recordedAt: a.recordedAt } : null,
    };
  });

  const sessionRows = sessions.map((s) => {
    const counts = { present: 0, late: 0, excused: 0, absent: 0, unmarked: 0 };
    for (const t of trainees) {
      const st = markMap.get(`${s.id}:${t.enrolmentId}`);
      counts[st ?? "unmarked"]++;
    }
    const hasAttendance = markedSessions.has(s.id);
    return { ...s, label: sessionLabel(s), counts, complete: trainees.length > 0 && counts.unmarked === 0, hasAttendance };
  });

  const signedOffBy = participation.signedOffBy
    ? (db.select({ name: users.name }).from(users).where(eq(users.id, participation.signedOffBy)).get()?.name ?? null)
    : null;
  const assessed = people.filter((p) => p.assessment).length;
  return {
    participation: {
      id: participation.id,
      editionId: participation.editionId,
      stateCode: participation.stateCode,
      modality: participation.faceToFaceModality,
      venue: participation.faceToFaceVenue,
      startsOn: participation.faceToFaceStartsOn,
      endsOn: participation.faceToFaceEndsOn,
      hours: participation.faceToFaceHours,
      signedOffAt: participation.signedOffAt,
      signedOffBy,
    },
    edition: {
      id: edition.id,
      name: edition.name,
      status: edition.status,
      scaleMax: edition.faceToFaceScaleMax,
      passScore: edition.faceToFacePassScore,
      attendanceRequiredPercent: edition.attendanceRequiredPercent,
      faceToFaceStartsOn: edition.faceToFaceStartsOn,
      faceToFaceEndsOn: edition.faceToFaceEndsOn,
      timeZone: edition.timeZone,
    },
    sessions: sessionRows,
    trainees: people,
    plannedHours,
    totals: {
      enrolled: people.length,
      assessed,
      passed: people.filter((p) => p.assessment?.result === "passed").length,
      notPassed: people.filter((p) => p.assessment?.result === "not-passed").length,
      sessionsComplete: sessionRows.filter((s) => s.complete).length,
    },
    /** What the coordinator may do now (the same rules the mutations enforce). */
    can: {
      plan: PLANNING_PHASES.includes(edition.status) && !participation.signedOffAt,
      record: edition.status === RECORDING_PHASE && !participation.signedOffAt,
      signOff: edition.status === RECORDING_PHASE && !participation.signedOffAt,
      reopen: edition.status === RECORDING_PHASE && Boolean(participation.signedOffAt),
    },
  };
}
export type FaceToFaceStage = ReturnType<typeof faceToFaceStage>;

/** One session of a participation, or null (another participation's session is not found). */
export function getSession(db: Db | Tx, participationId: number, sessionId: number) {
  return (
    db
      .select()
      .from(faceToFaceSessions)
      .where(and(eq(faceToFaceSessions.id, sessionId), eq(faceToFaceSessions.participationId, participationId)))
      .get() ?? null
  );
}

function assertVenueForModality(stage: Stage, input: SessionInput) {
  const modality = stage.participation.faceToFaceModality;
  if (modality === "in-person" && !input.venue) throw new DomainError("faceToFace:errors.venueRequired", "venue");
  if (modality === "online" && !input.onlineUrl) throw new DomainError("faceToFace:errors.linkRequired", "onlineUrl");
  if (modality === "hybrid" && !input.venue && !input.onlineUrl) throw new DomainError("faceToFace:errors.venueOrLink", "venue");
}

function assertNoClash(tx: Tx | Db, participationId: number, input: SessionInput, exceptId?: number) {
  const clash = sessionsOf(tx, participationId).find(
    (s) => s.id !== exceptId && s.date === input.date && s.startTime === input.startTime,
  );
  if (clash) throw new DomainError("faceToFace:errors.sessionClash", "startTime");
}

const sessionSnapshot = (s: FaceToFaceSession) => ({
  date: s.date,
  startTime: s.startTime,
  endTime: s.endTime,
  venue: s.venue,
  onlineUrl: s.onlineUrl,
  hours: s.hours,
});

/** A planned or edited session's columns, as the form gave them. */
const sessionColumns = (input: SessionInput) => ({
  date: input.date,
  startTime: input.startTime,
  endTime: input.endTime,
  venue: input.venue ?? null,
  onlineUrl: input.onlineUrl ?? null,
  hours: input.hours,
});

export function planSession(command: StageCommand & { input: SessionInput }): { sessionId: number } {
  const { actor, participationId, input } = command;
  return changeOwnStage(command, "planning", (tx, stage) => {
    assertVenueForModality(stage, input);
    assertNoClash(tx, participationId, input);
    const row = tx
      .insert(faceToFaceSessions)
      .values({ participationId, ...sessionColumns(input) })
      .returning()
      .get();
    writeAudit(tx, {
      actorId: actor.id,
      action: "faceToFaceSession.plan",
      entityType: "faceToFaceSession",
      entityId: row.id,
      editionId: stage.edition.id,
      after: sessionSnapshot(row),
    });
    return { sessionId: row.id };
  });
}

function sessionForChange(tx: Tx, stage: Stage, sessionId: number) {
  const session = getSession(tx, stage.participation.id, sessionId);
  if (!session) throw new DomainError("faceToFace:errors.sessionNotFound");
  const marked = tx.select({ id: attendance.id }).from(attendance).where(eq(attendance.sessionId, sessionId)).get();
  if (marked) throw new DomainError("faceToFace:errors.sessionHasAttendance");
  return session;
}

export function updateSession(command: StageCommand & { sessionId: number; input: SessionInput }): void {
  const { actor, participationId, sessionId, input } = command;
  changeOwnStage(command, "planning", (tx, stage) => {
    const before = sessionForChange(tx, stage, sessionId);
    assertVenueForModality(stage, input);
    assertNoClash(tx, participationId, input, sessionId);
    const after = tx
      .update(faceToFaceSessions)
      .set(sessionColumns(input))
      .where(eq(faceToFaceSessions.id, sessionId))
      .returning()
      .get();
    writeAudit(tx, {
      actorId: actor.id,
      action: "faceToFaceSession.update",
      entityType: "faceToFaceSession",
      entityId: sessionId,
      editionId: stage.edition.id,
      before: sessionSnapshot(before),
      after: sessionSnapshot(after),
    });
  });
}

export function deleteSession(command: StageCommand & { sessionId: number }): void {
  const { actor, sessionId } = command;
  changeOwnStage(command, "planning", (tx, stage) => {
    const before = sessionForChange(tx, stage, sessionId);
    tx.delete(faceToFaceSessions).where(eq(faceToFaceSessions.id, sessionId)).run();
    writeAudit(tx, {
      actorId: actor.id,
      action: "faceToFaceSession.delete",
      entityType: "faceToFaceSession",
      entityId: sessionId,
      editionId: stage.edition.id,
      participationId: before.participationId,
      before: sessionSnapshot(before),
    });
  });
}

/** Writes the marks of one session that differ from what is stored, each with its audit entry. */
function applyAttendance(tx: Tx, stage: Stage, actor: ActingUser, sessionId: number, marks: AttendanceMark[]): number {
  const session = getSession(tx, stage.participation.id, sessionId);
  if (!session) throw new DomainError("faceToFace:errors.sessionNotFound");
  const enrolled = new Set(enrolledTrainees(tx, stage.participation.id).map((t) => t.enrolmentId));
  for (const m of marks) {
    if (!enrolled.has(m.enrolmentId)) throw new DomainError("faceToFace:errors.notEnrolled", `mark-${m.enrolmentId}`);
  }
  const existing = new Map(
    tx
      .select()
      .from(attendance)
      .where(eq(attendance.sessionId, sessionId))
      .all()
      .map((a) => [a.enrolmentId, a]),
  );
  const at = nowIso();
  let changed = 0;
  for (const m of marks) {
    const before = existing.get(m.enrolmentId);
    if (before?.status === m.status) continue;
    const row = tx
      .insert(attendance)
      .values({ sessionId, enrolmentId: m.enrolmentId, status: m.status, recordedBy: actor.id, recordedAt: at })
      .onConflictDoUpdate({
        target: [attendance.sessionId, attendance.enrolmentId],
        set: { status: m.status, recordedBy: actor.id, recordedAt: at },
      })
      .returning({ id: attendance.id })
      .get();
    writeAudit(tx, {
      actorId: actor.id,
      action: "attendance.record",
      entityType: "attendance",
      entityId: row.id,
      editionId: stage.edition.id,
      before: before ? { sessionId, enrolmentId: m.enrolmentId, status: before.status } : null,
      after: { sessionId, enrolmentId: m.enrolmentId, status: m.status },
    });
    changed++;
  }
  return changed;
}

/** Records one session's attendance (only the marks that changed are written and audited). */
export function recordAttendance(command: StageCommand & { sessionId: number; marks: AttendanceMark[] }): { changed: number } {
  const { actor, sessionId, marks } = command;
  return changeOwnStage(command, "recording", (tx, stage) => ({ changed: applyAttendance(tx, stage, actor, sessionId, marks) }));
}

/** Attended hours of one enrolment over the participation's sessions, inside a transaction. */
function attendanceOf(tx: Tx, stage: Stage, enrolmentId: number) {
  const sessions = sessionsOf(tx, stage.participation.id);
  const planned = sessions.reduce((sum, s) => sum + s.hours, 0);
  const ids = sessions.map((s) => s.id);
  const marks =
    ids.length > 0
      ? tx
          .select({ sessionId: attendance.sessionId, status: attendance.status })
          .from(attendance)
          .where(and(eq(attendance.enrolmentId, enrolmentId), inArray(attendance.sessionId, ids)))
          .all()
      : [];
  const hours = new Map(sessions.map((s) => [s.id, s.hours]));
  const attended = marks.filter((m) => ATTENDED.includes(m.status)).reduce((sum, m) => sum + (hours.get(m.sessionId) ?? 0), 0);
  return attendanceFigures(attended, planned, stage.edition.attendanceRequiredPercent);
}

function applyAssessment(tx: Tx, stage: Stage, actor: ActingUser, input: AssessmentInput, enrolled: Set<number>): boolean {
  const { edition } = stage;
  const id = input.enrolmentId;
  if (!enrolled.has(id)) throw new DomainError("faceToFace:errors.notEnrolled", `score-${id}`);
  if (input.score < 0 || input.score > edition.faceToFaceScaleMax) {
    throw new DomainError("faceToFace:errors.scoreOutOfScale", `score-${id}`, { max: edition.faceToFaceScaleMax });
  }
  if (input.result === "passed") {
    if (input.score < edition.faceToFacePassScore) {
      throw new DomainError("faceToFace:errors.passedBelowPassScore", `result-${id}`, { pass: edition.faceToFacePassScore });
    }
    const figures = attendanceOf(tx, stage, id);
    if (!figures.meetsRequired) {
      throw new DomainError("faceToFace:errors.passedBelowAttendance", `result-${id}`, {
        percent: figures.percent ?? 0,
        required: edition.attendanceRequiredPercent,
      });
    }
  }
  const before = tx.select().from(faceToFaceAssessments).where(eq(faceToFaceAssessments.enrolmentId, id)).get();
  const comment = input.comment ?? null;
  if (before && before.score === input.score && before.result === input.result && (before.comment ?? null) === comment) return false;
  const at = nowIso();
  const row = tx
    .insert(faceToFaceAssessments)
    .values({ enrolmentId: id, score: input.score, result: input.result, comment, recordedBy: actor.id, recordedAt: at })
    .onConflictDoUpdate({
      target: faceToFaceAssessments.enrolmentId,
      set: { score: input.score, result: input.result, comment, recordedBy: actor.id, recordedAt: at },
    })
    .returning({ id: faceToFaceAssessments.id })
    .get();
  writeAudit(tx, {
    actorId: actor.id,
    action: "faceToFaceAssessment.record",
    entityType: "faceToFaceAssessment",
    entityId: row.id,
    editionId: edition.id,
    before: before ? { enrolmentId: id, score: before.score, result: before.result, comment: before.comment } : null,
    after: { enrolmentId: id, score: input.score, result: input.result, comment },
  });
  return true;
}

/** Thrown by a batch (form or CSV) when some entries are refused; nothing of the batch is written. */
export class FaceToFaceBatchError extends Error {
  constructor(public errors: { field: string; row?: number; key: string; values?: Record<string, string | number> }[]) {
    super("face-to-face batch refused");
  }
}

/** Records the assessments of several trainees at once: all or nothing, each change audited. */
export function recordAssessments(command: StageCommand & { assessments: AssessmentInput[] }): { changed: number } {
  const { actor, participationId, assessments } = command;
  return changeOwnStage(command, "recording", (tx, stage) => {
    const enrolled = new Set(enrolledTrainees(tx, participationId).map((t) => t.enrolmentId));
    const errors: FaceToFaceBatchError["errors"] = [];
    let changed = 0;
    for (const a of assessments) {
      try {
        if (applyAssessment(tx, stage, actor, a, enrolled)) changed++;
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        errors.push({ field: err.field, key: err.key, values: err.values });
      }
    }
    if (errors.length > 0) throw new FaceToFaceBatchError(errors); // rolls the whole batch back
    return { changed };
  });
}

// ---------------------------------------------------------------------------------------------
// CSV: templates and imports (all or nothing, per-row errors)

/** Words accepted in CSV cells for a status or result: the codes and their label in any language. */
function wordsFor<T extends string>(codes: readonly T[], group: "attendance" | "result"): Map<string, T> {
  const map = new Map<string, T>();
  for (const code of codes) {
    map.set(code.toLowerCase(), code);
    for (const lng of Object.keys(uiResources) as Locale[]) {
      const ns = uiResources[lng].faceToFace as { status?: Record<string, Record<string, string>> } | undefined;
      const label = ns?.status?.[group]?.[code];
      if (label) map.set(label.trim().toLowerCase(), code);
    }
  }
  return map;
}
let attendanceWords: Map<string, AttendanceStatus> | undefined;
let resultWords: Map<string, Result> | undefined;
export function parseAttendanceWord(word: string): AttendanceStatus | null {
  attendanceWords ??= wordsFor(ATTENDANCE_STATUSES, "attendance");
  return attendanceWords.get(word.trim().toLowerCase()) ?? null;
}
export function parseResultWord(word: string): Result | null {
  resultWords ??= wordsFor(RESULTS, "result");
  return resultWords.get(word.trim().toLowerCase()) ?? null;
}

export const ASSESSMENT_CSV_COLUMNS = ["email", "score", "result", "comment"] as const;

/** The assessment template: every enrolled trainee, with what is recorded so far. */
export function assessmentTemplate(db: Db, participationId: number) {
  const stage = faceToFaceStage(db, participationId);
  return {
    header: ["email", "name", "score", "result", "comment"],
    rows: stage.trainees.map((t) => [t.email, t.name, t.assessment?.score ?? "", t.assessment?.result ?? "", t.assessment?.comment ?? ""]),
  };
}

/** The attendance template: every enrolled trainee, one column per session ("YYYY-MM-DD HH:MM"). */
export function attendanceTemplate(db: Db, participationId: number) {
  const stage = faceToFaceStage(db, participationId);
  return {
    header: ["email", "name", ...stage.sessions.map((s) => s.label)],
    rows: stage.trainees.map((t) => [t.email, t.name, ...stage.sessions.map((s) => t.attendance[s.id] ?? "")]),
  };
}

export interface AssessmentCsvRow {
  email: string;
  score: number | null;
  result: Result | null;
  comment: string | null;
}
export interface AttendanceCsvRow {
  email: string;
  /** Session label → status (null: leave as is). */
  marks: Record<string, AttendanceStatus | null>;
}

/** Matches CSV rows to enrolled trainees by email: unknown and repeated addresses are row errors. */
function matchRows<R extends { email: string }>(tx: Tx, participationId: number, rows: R[]) {
  const byEmail = new Map(enrolledTrainees(tx, participationId).map((t) => [t.email.toLowerCase(), t]));
  const errors: FaceToFaceBatchError["errors"] = [];
  const seen = new Map<string, number>();
  const matched: { row: number; enrolmentId: number; data: R }[] = [];
  rows.forEach((r, i) => {
    const row = i + 2; // line 1 is the header
    const email = r.email.toLowerCase();
    const first = seen.get(email);
    if (first) {
      errors.push({ row, field: "email", key: "faceToFace:import.duplicate", values: { row: first } });
      return;
    }
    seen.set(email, row);
    const trainee = byEmail.get(email);
    if (!trainee) {
      errors.push({ row, field: "email", key: "faceToFace:import.unknownTrainee", values: { email: r.email } });
      return;
    }
    matched.push({ row, enrolmentId: trainee.enrolmentId, data: r });
  });
  return { matched, errors };
}

export function importAssessments(command: StageCommand & { rows: AssessmentCsvRow[] }): { changed: number; skipped: number } {
  const { actor, participationId, rows } = command;
  return changeOwnStage(command, "recording", (tx, stage) => {
    const { matched, errors } = matchRows(tx, participationId, rows);
    const enrolled = new Set(matched.map((m) => m.enrolmentId));
    let changed = 0;
    let skipped = 0;
    for (const m of matched) {
      const { score, result, comment } = m.data;
      if (score === null || result === null) {
        skipped++;
        continue;
      }
      try {
        if (applyAssessment(tx, stage, actor, { enrolmentId: m.enrolmentId, score, result, comment }, enrolled)) changed++;
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        const column = err.field.startsWith("result-") ? "result" : "score";
        errors.push({ row: m.row, field: column, key: err.key, values: err.values });
      }
    }
    if (errors.length > 0) throw new FaceToFaceBatchError(errors);
    return { changed, skipped };
  });
}

export function importAttendance(command: StageCommand & { rows: AttendanceCsvRow[] }): { changed: number } {
  const { actor, participationId, rows } = command;
  return changeOwnStage(command, "recording", (tx, stage) => {
    const { matched, errors } = matchRows(tx, participationId, rows);
    if (errors.length > 0) throw new FaceToFaceBatchError(errors);
    const sessions = sessionsOf(tx, participationId);
    let changed = 0;
    for (const s of sessions) {
      const label = sessionLabel(s);
      const marks: AttendanceMark[] = [];
      for (const m of matched) {
        const status = m.data.marks[label];
        if (status) marks.push({ enrolmentId: m.enrolmentId, status });
      }
      changed += applyAttendance(tx, stage, actor, s.id, marks);
    }
    return { changed };
  });
}

/** The session labels an attendance CSV must have as columns (besides email). */
export function attendanceColumns(db: Db, participationId: number): string[] {
  return sessionsOf(db, participationId).map(sessionLabel);
}

// ---------------------------------------------------------------------------------------------
// Sign-off and reopening

export function signOffStage({
  db,
  actor,
  participationId,
  now = new Date(),
}: StageCommand & { now?: Date }): { passed: number; notPassed: number } {
  return db.transaction(
    (tx) => {
      const stage = loadOwnStage(tx, participationId, actor.id);
      assertRecordingPhase(stage);
      if (stage.participation.signedOffAt) throw new DomainError("faceToFace:errors.alreadySignedOff");
      const trainees = enrolledTrainees(tx, participationId);
      if (trainees.length === 0) throw new DomainError("faceToFace:errors.noTrainees");
      const assessed = tx
        .select({ enrolmentId: faceToFaceAssessments.enrolmentId, result: faceToFaceAssessments.result })
        .from(faceToFaceAssessments)
        .where(
          inArray(
            faceToFaceAssessments.enrolmentId,
            trainees.map((t) => t.enrolmentId),
          ),
        )
        .all();
      const resultOf = new Map(assessed.map((a) => [a.enrolmentId, a.result]));
      // a trainee who did not pass the online stage cannot be certified: no face-to-face assessment is needed
      const missing = trainees.filter((t) => !resultOf.has(t.enrolmentId) && t.onlineResult !== "not-passed");
      if (missing.length > 0) {
        throw new DomainError("faceToFace:errors.unassessed", "form", {
          count: missing.length,
          names: missing.map((t) => t.name).join(", "),
        });
      }
      const passed = assessed.filter((a) => a.result === "passed").length;
      const notPassed = assessed.length - passed;
      const at = now.toISOString();
      tx.update(participations)
        .set({ signedOffAt: at, signedOffBy: actor.id, updatedAt: at })
        .where(eq(participations.id, participationId))
        .run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "faceToFace.signOff",
        entityType: "participation",
        entityId: participationId,
        editionId: stage.edition.id,
        before: { signedOffAt: null, signedOffBy: null },
        after: { signedOffAt: at, signedOffBy: actor.id, passed, notPassed },
      });
      return { passed, notPassed };
    },
    { behavior: "immediate" },
  );
}

/**
 * A tutor (or admin) reopens a state's signed-off results with a written reason: the results become
 * editable again and every coordinator of the state is told by email, in their language.
 */
export async function reopenStage({
  db,
  actor,
  participationId,
  reason,
  fallbackLocale,
}: {
  db: Db;
  actor: ActingUser & { role: Role };
  participationId: number;
  reason: string;
  fallbackLocale: Locale;
}): Promise<void> {
  if (actor.role !== "tutor" && actor.role !== "admin") throw new DomainError("faceToFace:errors.notAllowed");
  const outbox: number[] = [];
  db.transaction(
    (tx) => {
      const stage = loadStage(tx, participationId);
      assertRecordingPhase(stage);
      const { participation, edition } = stage;
      if (!participation.signedOffAt) throw new DomainError("faceToFace:errors.notSignedOff");
      const at = nowIso();
      tx.update(participations)
        .set({ signedOffAt: null, signedOffBy: null, updatedAt: at })
        .where(eq(participations.id, participationId))
        .run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "faceToFace.reopen",
        entityType: "participation",
        entityId: participationId,
        editionId: edition.id,
        before: { signedOffAt: participation.signedOffAt, signedOffBy: participation.signedOffBy },
        after: { signedOffAt: null, signedOffBy: null, reason },
      });
      const coordinators = tx
        .select({ email: users.email, name: users.name, locale: users.locale })
        .from(coordinatorAppointments)
        .innerJoin(users, eq(users.id, coordinatorAppointments.userId))
        .where(eq(coordinatorAppointments.participationId, participationId))
        .all();
      for (const c of coordinators) {
        const locale = c.locale ?? fallbackLocale;
        outbox.push(
          queueEmail(
            tx,
            writeEmail({
              kind: "notice",
              to: c.email,
              locale,
              key: "faceToFace:email.reopened",
              values: { name: c.name, ...participationFacts(tx, participationId, locale), tutor: actor.name, reason },
              url: publicUrl(`/coordination/${participationId}/face-to-face`),
              days: { ends: participation.faceToFaceEndsOn ?? edition.faceToFaceEndsOn },
            }),
          ),
        );
      }
    },
    { behavior: "immediate" },
  );
  await deliverOutbox(db, outbox);
}

// ---------------------------------------------------------------------------------------------
// Boards

/**
 * The tutor's board: every state of an edition with its face-to-face progress, counted by one aggregate
 * query (no per-state query; linear in the edition's size). The same figures as `faceToFaceStage` gives
 * each state (a test holds them equal).
 */
export function editionFaceToFaceBoard(db: Db, editionId: number) {
  const edition = db.select({ status: editions.status }).from(editions).where(eq(editions.id, editionId)).get();
  const rows = db.all<{
    participationId: number;
    stateCode: string;
    signedOffAt: string | null;
    signedOffBy: string | null;
    sessions: number;
    plannedHours: number;
    sessionsComplete: number;
    enrolled: number;
    assessed: number;
    passed: number;
    notPassed: number;
  }>(sql`
    WITH enrolled AS (
      SELECT e.participation_id, COUNT(*) AS n, COUNT(f.id) AS assessed,
        COALESCE(SUM(f.result = 'passed'), 0) AS passed, COALESCE(SUM(f.result = 'not-passed'), 0) AS not_passed
      FROM enrolments e LEFT JOIN face_to_face_assessments f ON f.enrolment_id = e.id
      WHERE e.edition_id = ${editionId} AND e.status = 'enrolled'
      GROUP BY e.participation_id
    ),
    marked AS (
      SELECT s.id AS session_id, COUNT(e.id) AS n
      FROM participations p
      JOIN face_to_face_sessions s ON s.participation_id = p.id
      JOIN attendance a ON a.session_id = s.id
      JOIN enrolments e ON e.id = a.enrolment_id AND e.participation_id = p.id AND e.status = 'enrolled'
      WHERE p.edition_id = ${editionId}
      GROUP BY s.id
    ),
    planned AS (
      SELECT s.participation_id, COUNT(*) AS sessions, SUM(s.hours) AS hours,
        SUM(COALESCE(en.n, 0) > 0 AND COALESCE(m.n, 0) = en.n) AS complete
      FROM participations p
      JOIN face_to_face_sessions s ON s.participation_id = p.id
      LEFT JOIN marked m ON m.session_id = s.id
      LEFT JOIN enrolled en ON en.participation_id = p.id
      WHERE p.edition_id = ${editionId}
      GROUP BY s.participation_id
    )
    SELECT p.id AS participationId, p.state_code AS stateCode, p.signed_off_at AS signedOffAt, u.name AS signedOffBy,
      COALESCE(planned.sessions, 0) AS sessions, COALESCE(planned.hours, 0) AS plannedHours,
      COALESCE(planned.complete, 0) AS sessionsComplete, COALESCE(en.n, 0) AS enrolled, COALESCE(en.assessed, 0) AS assessed,
      COALESCE(en.passed, 0) AS passed, COALESCE(en.not_passed, 0) AS notPassed
    FROM participations p
    LEFT JOIN users u ON u.id = p.signed_off_by
    LEFT JOIN enrolled en ON en.participation_id = p.id
    LEFT JOIN planned ON planned.participation_id = p.id
    WHERE p.edition_id = ${editionId}
    ORDER BY p.id`);
  return rows.map((r) => ({ ...r, canReopen: edition?.status === RECORDING_PHASE && Boolean(r.signedOffAt) }));
}

/** What a trainee sees: their state's sessions, their attendance and, once signed off, their result. */
export function traineeFaceToFace(db: Db, enrolmentId: number) {
  const enrolment = db.select().from(enrolments).where(eq(enrolments.id, enrolmentId)).get();
  if (!enrolment) return null;
  const stage = loadStage(db, enrolment.participationId);
  const sessions = sessionsOf(db, enrolment.participationId);
  const ids = sessions.map((s) => s.id);
  const marks = new Map(
    (ids.length > 0
      ? db
          .select({ sessionId: attendance.sessionId, status: attendance.status })
          .from(attendance)
          .where(and(eq(attendance.enrolmentId, enrolmentId), inArray(attendance.sessionId, ids)))
          .all()
      : []
    ).map((m) => [m.sessionId, m.status]),
  );
  const planned = sessions.reduce((sum, s) => sum + s.hours, 0);
  const attended = sessions.filter((s) => ATTENDED.includes(marks.get(s.id) as AttendanceStatus)).reduce((sum, s) => sum + s.hours, 0);
  const signedOff = Boolean(stage.participation.signedOffAt);
  const assessment = signedOff
    ? (db
        .select({ score: faceToFaceAssessments.score, result: faceToFaceAssessments.result, comment: faceToFaceAssessments.comment })
        .from(faceToFaceAssessments)
        .where(eq(faceToFaceAssessments.enrolmentId, enrolmentId))
        .get() ?? null)
    : null;
  return {
    enrolment: {
      id: enrolment.id,
      userId: enrolment.userId,
      status: enrolment.status,
      editionId: enrolment.editionId,
      participationId: enrolment.participationId,
    },
    stateCode: stage.participation.stateCode,
    modality: stage.participation.faceToFaceModality,
    edition: {
      id: stage.edition.id,
      name: stage.edition.name,
      status: stage.edition.status,
      scaleMax: stage.edition.faceToFaceScaleMax,
      attendanceRequiredPercent: stage.edition.attendanceRequiredPercent,
    },
    sessions: sessions.map((s) => ({ ...s, mark: marks.get(s.id) ?? null })),
    figures: attendanceFigures(attended, planned, stage.edition.attendanceRequiredPercent),
    signedOffAt: stage.participation.signedOffAt,
    assessment,
  };
}

/** The participation of a route's `participationId`, for the permission check (null if none). */
export function participationRef(db: Db, participationId: number) {
  if (!Number.isInteger(participationId) || participationId <= 0) return null;
  return (
    db
      .select({ id: participations.id, editionId: participations.editionId, stateCode: participations.stateCode })
      .from(participations)
      .where(eq(participations.id, participationId))
      .get() ?? null
  );
}

/** The enrolment of a route's `enrolmentId`, for the permission check (null if none). */
export function enrolmentRef(db: Db, enrolmentId: number) {
  if (!Number.isInteger(enrolmentId) || enrolmentId <= 0) return null;
  return (
    db
      .select({
        id: enrolments.id,
        editionId: enrolments.editionId,
        participationId: enrolments.participationId,
        userId: enrolments.userId,
      })
      .from(enrolments)
      .where(eq(enrolments.id, enrolmentId))
      .get() ?? null
  );
}

export function editionRef(db: Db, editionId: number) {
  if (!Number.isInteger(editionId) || editionId <= 0) return null;
  return db.select({ id: editions.id, name: editions.name, status: editions.status }).from(editions).where(eq(editions.id, editionId)).get() ?? null;
}
