/**
 * The tutors' side of the online stage: the progress board (per state, per trainee), closing the
 * stage with a result for every enrolled trainee, and overriding a result with a recorded reason.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "~db/index.server";
import {
  assignmentSubmissions,
  editions,
  enrolments,
  moduleProgress,
  participations,
  quizAttempts,
  type Result,
  users,
} from "~db/schema";
import { listModules } from "~/content.server";
import { DomainError } from "./accounts.server";
import { writeAudit } from "./audit.server";
import type { OnlineEdition } from "./online-access.server";
import {
  type AssignmentState,
  type BoardStatus,
  assignmentState,
  computeOnlineResult,
  encodeReasons,
  moduleDone,
  moduleStatus,
  requiredModuleSlugs,
} from "./online-rules";


export interface BoardRow {
  enrolmentId: number;
  name: string;
  email: string;
  stateCode: string;
  /** Required modules done (completed, and quiz passed where there is one). */
  modulesDone: number;
  modulesCompleted: number;
  required: number;
  bestScores: Record<string, number>;
  attempts: Record<string, number>;
  assignment: AssignmentState;
  assignmentScore: number | null;
  onlineResult: Result | null;
  onlineResultReason: string | null;
  overridden: boolean;
  overrideReason: string | null;
  /** What the trainee's result would be if the stage closed now. */
  projected: { result: Result; reasons: string[] };
  statuses: BoardStatus[];
}

interface ModuleInfo {
  slug: string;
  order: number;
  title: string;
  hasQuiz: boolean;
  required: boolean;
  assignment: boolean;
}

/** Every enrolled trainee of an edition with progress, quiz scores, assignment state and result. */
export function onlineRecords(db: Db | Tx, edition: OnlineEdition, locale: string): { modules: ModuleInfo[]; rows: BoardRow[] } {
  const listings = listModules(edition.courseSlug, locale);
  const required = new Set(requiredModuleSlugs(edition.requiredModules, listings));
  const modules = listings.map((m) => ({
    slug: m.slug,
    order: m.order,
    title: m.title,
    hasQuiz: m.hasQuiz,
    required: required.has(m.slug),
    assignment: m.assignment,
  }));
  const people = db
    .select({
      enrolmentId: enrolments.id,
      name: users.name,
      email: users.email,
      stateCode: participations.stateCode,
      onlineResult: enrolments.onlineResult,
      onlineResultReason: enrolments.onlineResultReason,
      overriddenBy: enrolments.onlineResultOverriddenBy,
      overrideReason: enrolments.onlineResultOverrideReason,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .innerJoin(participations, eq(participations.id, enrolments.participationId))
    .where(and(eq(enrolments.editionId, edition.id), eq(enrolments.status, "enrolled")))
    .orderBy(asc(participations.stateCode), asc(users.name))
    .all();
  const ids = people.map((p) => p.enrolmentId);
  const progress = ids.length
    ? db.select().from(moduleProgress).where(inArray(moduleProgress.enrolmentId, ids)).all()
    : [];
  const attempts = ids.length
    ? db
        .select({ enrolmentId: quizAttempts.enrolmentId, slug: quizAttempts.moduleSlug, score: quizAttempts.score })
        .from(quizAttempts)
        .where(inArray(quizAttempts.enrolmentId, ids))
        .all()
    : [];
  const submissions = ids.length
    ? db
        .select({
          enrolmentId: assignmentSubmissions.enrolmentId,
          gradedAt: assignmentSubmissions.gradedAt,
          passed: assignmentSubmissions.passed,
          score: assignmentSubmissions.score,
        })
        .from(assignmentSubmissions)
        .where(inArray(assignmentSubmissions.enrolmentId, ids))
        .all()
    : [];
  const rows = people.map((p): BoardRow => {
    const mine = progress.filter((r) => r.enrolmentId === p.enrolmentId);
    const bestScores: Record<string, number> = {};
    const attemptCount: Record<string, number> = {};
    for (const a of attempts) {
      if (a.enrolmentId !== p.enrolmentId) continue;
      bestScores[a.slug] = Math.max(bestScores[a.slug] ?? 0, a.score);
      attemptCount[a.slug] = (attemptCount[a.slug] ?? 0) + 1;
    }
    const submission = submissions.find((s) => s.enrolmentId === p.enrolmentId);
    const assignment = assignmentState(submission);
    const completed = mine.filter((r) => r.completedAt).map((r) => r.moduleSlug);
    let modulesDone = 0;
    for (const m of modules) {
      if (!m.required) continue;
      const row = mine.find((r) => r.moduleSlug === m.slug);
      const status = moduleStatus({
        startedAt: row?.startedAt ?? null,
        completedAt: row?.completedAt ?? null,
        hasQuiz: m.hasQuiz,
        bestScore: bestScores[m.slug] ?? null,
        passMark: edition.quizPassMark,
      });
      if (moduleDone(status, m.hasQuiz)) modulesDone += 1;
    }
    const projected = computeOnlineResult({
      requiredModules: modules.filter((m) => m.required).map((m) => m.slug),
      modulesWithQuiz: modules.filter((m) => m.hasQuiz).map((m) => m.slug),
      completedModules: completed,
      bestScores,
      passMark: edition.quizPassMark,
      assignmentRequired: edition.assignmentRequired,
      assignment,
    });
    const requiredCount = modules.filter((m) => m.required).length;
    const statuses: BoardStatus[] = [];
    if (mine.length === 0 && Object.keys(bestScores).length === 0 && !submission) statuses.push("not-started");
    else if (modulesDone < requiredCount) statuses.push("in-progress");
    else statuses.push("modules-done");
    if (assignment === "submitted") statuses.push("to-grade");
    if (p.onlineResult) statuses.push(p.onlineResult);
    return {
      enrolmentId: p.enrolmentId,
      name: p.name,
      email: p.email,
      stateCode: p.stateCode,
      modulesDone,
      modulesCompleted: completed.filter((slug) => required.has(slug)).length,
      required: requiredCount,
      bestScores,
      attempts: attemptCount,
      assignment,
      assignmentScore: submission?.score ?? null,
      onlineResult: p.onlineResult,
      onlineResultReason: p.onlineResultReason,
      overridden: p.overriddenBy !== null,
      overrideReason: p.overrideReason,
      projected: { result: projected.result, reasons: projected.reasons },
      statuses,
    };
  });
  return { modules, rows };
}

export interface StateSummary {
  stateCode: string;
  trainees: number;
  modulesDone: number;
  modulesRequired: number;
  submitted: number;
  toGrade: number;
  passed: number;
}

/** The board: filtered rows plus a summary per state (of the filtered rows). */
export function progressBoard({
  db,
  edition,
  locale,
  state,
  status,
}: {
  db: Db;
  edition: OnlineEdition;
  locale: string;
  state?: string | null;
  status?: BoardStatus | null;
}) {
  const all = onlineRecords(db, edition, locale);
  const states = [...new Set(all.rows.map((r) => r.stateCode))].sort();
  const rows = all.rows.filter((r) => (!state || r.stateCode === state) && (!status || r.statuses.includes(status)));
  const byState = new Map<string, StateSummary>();
  for (const r of rows) {
    const s = byState.get(r.stateCode) ?? {
      stateCode: r.stateCode,
      trainees: 0,
      modulesDone: 0,
      modulesRequired: 0,
      submitted: 0,
      toGrade: 0,
      passed: 0,
    };
    s.trainees += 1;
    s.modulesDone += r.modulesDone;
    s.modulesRequired += r.required;
    if (r.assignment !== "not-submitted") s.submitted += 1;
    if (r.assignment === "submitted") s.toGrade += 1;
    if (r.onlineResult === "passed") s.passed += 1;
    byState.set(r.stateCode, s);
  }
  return { modules: all.modules, rows, states, summary: [...byState.values()], total: all.rows.length };
}

/**
 * Closes the online stage: every enrolled trainee gets a result by the edition's rules, with the
 * reasons; the edition records when. One transaction; audited. Only while the edition is `online`.
 */
export function closeOnlineStage({
  db,
  actor,
  edition,
  locale = "es",
  now = new Date(),
}: {
  db: Db;
  actor: { id: number };
  edition: OnlineEdition;
  locale?: string;
  now?: Date;
}): { passed: number; notPassed: number } {
  return db.transaction((tx) => {
    const current = tx
      .select({ status: editions.status, closedAt: editions.onlineClosedAt })
      .from(editions)
      .where(eq(editions.id, edition.id))
      .get();
    if (!current || current.status !== "online") throw new DomainError("course:close.errors.notOnline");
    if (current.closedAt) throw new DomainError("course:close.errors.alreadyClosed");
    const { rows } = onlineRecords(tx, edition, locale);
    const at = now.toISOString();
    let passed = 0;
    for (const r of rows) {
      const reason = encodeReasons(r.projected.reasons);
      tx.update(enrolments)
        .set({
          onlineResult: r.projected.result,
          onlineResultReason: reason,
          onlineResultAt: at,
          onlineResultOverriddenBy: null,
          onlineResultOverrideReason: null,
        })
        .where(eq(enrolments.id, r.enrolmentId))
        .run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "enrolment.onlineResult",
        entityType: "enrolment",
        entityId: r.enrolmentId,
        editionId: edition.id,
        before: { result: r.onlineResult },
        after: { result: r.projected.result, reason },
      });
      if (r.projected.result === "passed") passed += 1;
    }
    tx.update(editions).set({ onlineClosedAt: at, updatedAt: at }).where(eq(editions.id, edition.id)).run();
    const result = { passed, notPassed: rows.length - passed };
    writeAudit(tx, {
      actorId: actor.id,
      action: "edition.closeOnlineStage",
      entityType: "edition",
      entityId: edition.id,
      editionId: edition.id,
      after: { closedAt: at, ...result },
    });
    return result;
  });
}

/** A tutor replaces one computed result, with a reason; the computed reasons stay for the record. */
export function overrideOnlineResult({
  db,
  actor,
  edition,
  enrolmentId,
  result,
  reason,
  now = new Date(),
}: {
  db: Db;
  actor: { id: number };
  edition: OnlineEdition;
  enrolmentId: number;
  result: Result;
  reason: string;
  now?: Date;
}): void {
  db.transaction((tx) => {
    const closed = tx.select({ at: editions.onlineClosedAt }).from(editions).where(eq(editions.id, edition.id)).get();
    if (!closed?.at) throw new DomainError("course:close.errors.notClosed");
    const row = tx
      .select({ result: enrolments.onlineResult, overrideReason: enrolments.onlineResultOverrideReason })
      .from(enrolments)
      .where(and(eq(enrolments.id, enrolmentId), eq(enrolments.editionId, edition.id), eq(enrolments.status, "enrolled")))
      .get();
    if (!row?.result) throw new DomainError("course:close.errors.noResult");
    tx.update(enrolments)
      .set({
        onlineResult: result,
        onlineResultOverriddenBy: actor.id,
        onlineResultOverrideReason: reason,
        onlineResultAt: now.toISOString(),
      })
      .where(eq(enrolments.id, enrolmentId))
      .run();
    writeAudit(tx, {
      actorId: actor.id,
      action: "enrolment.onlineResultOverride",
      entityType: "enrolment",
      entityId: enrolmentId,
      editionId: edition.id,
      before: { result: row.result, overrideReason: row.overrideReason },
      after: { result, overrideReason: reason },
    });
  });
}
