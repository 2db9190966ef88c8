/**
 * The tutors' side of the online stage: the progress board (per state, per trainee), closing the
 * stage with a result for every enrolled trainee, and overriding a result with a recorded reason.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db, Tx } from "~db/index.server";
import { editions, enrolments, participations, type Result } from "~db/schema";
import { listModules } from "~/content.server";
import { DomainError } from "./accounts.server";
import { writeAudit } from "./audit.server";
import { ensureOnlineBoardRules } from "./board-status.server";
import type { OnlineEdition } from "./online-access.server";
import { localDay } from "./time-zone";
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

/**
 * Every enrolled trainee of an edition (or of one state) with progress, quiz scores, assignment state and
 * result. Four queries scoped by the edition (and state) through joins, then one pass over each result
 * set into per-enrolment maps: linear in the edition's size (it was quadratic; see docs/decisions/009-what-a-page-costs.md).
 */
export function onlineRecords(
  db: Db,
  edition: OnlineEdition,
  locale: string,
  { state, ids }: { state?: string | null; ids?: readonly number[] } = {},
): { modules: ModuleInfo[]; rows: BoardRow[] } {
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
  const requiredModules = modules.filter((m) => m.required);
  const requiredSlugs = requiredModules.map((m) => m.slug);
  const quizSlugs = modules.filter((m) => m.hasQuiz).map((m) => m.slug);
  // Plain statements (prepared once, see db/index.server.ts): on 10,000 trainees drizzle's per-column
  // row mapping of ~50,000 rows cost more than the queries themselves.
  const sqlite = db.$client;
  // `ids`: only these enrolments (one page of the board), passed as one JSON array so the statement's text
  // (and its prepared statement) is the same for every page; the ids drive the join (CROSS JOIN keeps that
  // order), so a page reads its own rows, not the edition's
  const scope = `e.edition_id = ? AND e.status = 'enrolled'${state ? " AND p.state_code = ?" : ""}`;
  const enrolled = ids
    ? `json_each(?) j CROSS JOIN enrolments e ON e.id = j.value JOIN participations p ON p.id = e.participation_id`
    : "enrolments e JOIN participations p ON p.id = e.participation_id";
  const from = `FROM ${enrolled} WHERE ${scope}`;
  const args: (number | string)[] = [...(ids ? [JSON.stringify(ids)] : []), edition.id, ...(state ? [state] : [])];
  const people = sqlite
    .prepare(
      `SELECT e.id AS enrolmentId, u.name, u.email, p.state_code AS stateCode, e.online_result AS onlineResult,
        e.online_result_reason AS onlineResultReason, e.online_result_overridden_by AS overriddenBy,
        e.online_result_override_reason AS overrideReason
      FROM ${enrolled} JOIN users u ON u.id = e.user_id
      WHERE ${scope}
      ORDER BY p.state_code, u.name, e.id`,
    )
    .all(...args) as {
    enrolmentId: number;
    name: string;
    email: string;
    stateCode: string;
    onlineResult: Result | null;
    onlineResultReason: string | null;
    overriddenBy: number | null;
    overrideReason: string | null;
  }[];
  const progress = new Map<number, Map<string, { startedAt: string; completedAt: string | null }>>();
  const progressRows = sqlite
    .prepare(
      `SELECT m.enrolment_id AS enrolmentId, m.module_slug AS slug, m.started_at AS startedAt, m.completed_at AS completedAt
      FROM module_progress m JOIN (SELECT e.id ${from}) x ON x.id = m.enrolment_id`,
    )
    .all(...args) as { enrolmentId: number; slug: string; startedAt: string; completedAt: string | null }[];
  for (const r of progressRows) {
    let mine = progress.get(r.enrolmentId);
    if (!mine) {
      mine = new Map();
      progress.set(r.enrolmentId, mine);
    }
    mine.set(r.slug, r);
  }
  const quiz = new Map<number, { best: Record<string, number>; count: Record<string, number> }>();
  const attemptRows = sqlite
    .prepare(
      `SELECT q.enrolment_id AS enrolmentId, q.module_slug AS slug, MAX(q.score) AS best, COUNT(*) AS count
      FROM quiz_attempts q JOIN (SELECT e.id ${from}) x ON x.id = q.enrolment_id
      GROUP BY q.enrolment_id, q.module_slug`,
    )
    .all(...args) as { enrolmentId: number; slug: string; best: number; count: number }[];
  for (const a of attemptRows) {
    let mine = quiz.get(a.enrolmentId);
    if (!mine) {
      mine = { best: {}, count: {} };
      quiz.set(a.enrolmentId, mine);
    }
    mine.best[a.slug] = a.best;
    mine.count[a.slug] = a.count;
  }
  const submissions = new Map<number, { gradedAt: string | null; passed: boolean | null; score: number | null }>();
  const submissionRows = sqlite
    .prepare(
      `SELECT s.enrolment_id AS enrolmentId, s.graded_at AS gradedAt, s.passed, s.score
      FROM assignment_submissions s JOIN (SELECT e.id ${from}) x ON x.id = s.enrolment_id`,
    )
    .all(...args) as { enrolmentId: number; gradedAt: string | null; passed: number | null; score: number | null }[];
  for (const s of submissionRows) {
    submissions.set(s.enrolmentId, { gradedAt: s.gradedAt, passed: s.passed === null ? null : s.passed === 1, score: s.score });
  }
  const rows = people.map((p): BoardRow => {
    const mine = progress.get(p.enrolmentId);
    const q = quiz.get(p.enrolmentId);
    const bestScores = q ? q.best : {};
    const attemptCount = q ? q.count : {};
    const submission = submissions.get(p.enrolmentId);
    const assignment = assignmentState(submission);
    const completed: string[] = [];
    if (mine) for (const [slug, r] of mine) if (r.completedAt) completed.push(slug);
    let modulesDone = 0;
    for (const m of requiredModules) {
      const row = mine?.get(m.slug);
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
      requiredModules: requiredSlugs,
      modulesWithQuiz: quizSlugs,
      completedModules: completed,
      bestScores,
      passMark: edition.quizPassMark,
      assignmentRequired: edition.assignmentRequired,
      assignment,
    });
    const requiredCount = requiredModules.length;
    const statuses: BoardStatus[] = [];
    if (!mine && !q && !submission) statuses.push("not-started");
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

export const BOARD_PAGE_SIZE = 100;

/**
 * The board: a summary per state (of the filtered trainees) and one page of the filtered trainees
 * (`pageSize: null` for all of them, as the CSV wants). A state filter narrows the queries themselves.
 */
export function progressBoard({
  db,
  edition,
  locale,
  state,
  status,
  page = 1,
  pageSize = BOARD_PAGE_SIZE,
}: {
  db: Db;
  edition: OnlineEdition;
  locale: string;
  state?: string | null;
  status?: BoardStatus | null;
  page?: number;
  pageSize?: number | null;
}) {
  const states = db
    .selectDistinct({ code: participations.stateCode })
    .from(participations)
    .innerJoin(enrolments, eq(enrolments.participationId, participations.id))
    .where(and(eq(participations.editionId, edition.id), eq(enrolments.status, "enrolled")))
    .orderBy(asc(participations.stateCode))
    .all()
    .map((r) => r.code);
  if (pageSize === null) {
    // every matching trainee (the CSV): computed in full, in one pass
    const all = onlineRecords(db, edition, locale, { state });
    const matching = status ? all.rows.filter((r) => r.statuses.includes(status)) : all.rows;
    return { modules: all.modules, rows: matching, states, summary: summarise(matching), total: all.rows.length, matching: matching.length, page: 1, pages: 1 };
  }
  // one page: the counts per state and the page's ids come from the statuses stored in each enrolment's
  // row (board-status.server.ts), read through an index; only the page's trainees are computed in full
  const { modules, requiredSlugs, quizSlugs } = boardModules(edition, locale);
  ensureOnlineBoardRules({ db, editionId: edition.id, rules: { required: requiredSlugs, quiz: quizSlugs, passMark: edition.quizPassMark } });
  const q = boardSql({ editionId: edition.id, state, status, required: requiredSlugs.length });
  const sqlite = db.$client;
  const summary = (sqlite.prepare(q.summary).all(...q.args) as StateSummary[]).map((s) => ({ ...s, modulesRequired: s.trainees * requiredSlugs.length }));
  const total = status ? (sqlite.prepare(q.total).get(...q.totalArgs) as { n: number }).n : summary.reduce((n, s) => n + s.trainees, 0);
  const matching = summary.reduce((n, s) => n + s.trainees, 0);
  const pages = Math.max(1, Math.ceil(matching / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const ids = (sqlite.prepare(q.page).all(...q.args, pageSize, (current - 1) * pageSize) as { id: number }[]).map((r) => r.id);
  const rows = ids.length > 0 ? onlineRecords(db, edition, locale, { state, ids }).rows : [];
  return { modules, rows, states, summary, total, matching, page: current, pages };
}

function summarise(rows: BoardRow[]): StateSummary[] {
  const byState = new Map<string, StateSummary>();
  for (const r of rows) {
    let s = byState.get(r.stateCode);
    if (!s) {
      s = { stateCode: r.stateCode, trainees: 0, modulesDone: 0, modulesRequired: 0, submitted: 0, toGrade: 0, passed: 0 };
      byState.set(r.stateCode, s);
    }
    s.trainees += 1;
    s.modulesDone += r.modulesDone;
    s.modulesRequired += r.required;
    if (r.assignment !== "not-submitted") s.submitted += 1;
    if (r.assignment === "submitted") s.toGrade += 1;
    if (r.onlineResult === "passed") s.passed += 1;
  }
  return [...byState.values()];
}

function boardModules(edition: OnlineEdition, locale: string) {
  const listings = listModules(edition.courseSlug, locale);
  const required = requiredModuleSlugs(edition.requiredModules, listings);
  const modules = listings.map((m) => ({
    slug: m.slug,
    order: m.order,
    title: m.title,
    hasQuiz: m.hasQuiz,
    required: required.includes(m.slug),
    assignment: m.assignment,
  }));
  return { modules, requiredSlugs: required, quizSlugs: modules.filter((m) => m.hasQuiz).map((m) => m.slug) };
}

/**
 * The board's statements over the statuses stored in each enrolment (`online_started`,
 * `online_modules_done`, `online_assignment`: the same rules as `onlineRecords` → `moduleStatus`, `moduleDone`,
 * `assignmentState`, kept by triggers; see board-status.server.ts). The summary is a GROUP BY over the
 * `enrolments_online_board_idx` range of the edition; the state is a participation id there, so a
 * state's rows are one narrower range.
 */
export function boardSql({
  editionId,
  state,
  status,
  required,
}: {
  editionId: number;
  state?: string | null;
  status?: BoardStatus | null;
  /** How many modules the edition requires. */
  required: number;
}) {
  const scope = `e.edition_id = ? AND e.status = 'enrolled'${state ? " AND p.state_code = ?" : ""}`;
  const scopeArgs: (number | string)[] = state ? [editionId, state] : [editionId];
  const filters: Record<BoardStatus, string> = {
    "not-started": "NOT e.online_started",
    "in-progress": "e.online_started AND e.online_modules_done < ?",
    "modules-done": "e.online_started AND e.online_modules_done >= ?",
    "to-grade": "e.online_assignment = 'submitted'",
    passed: "e.online_result = 'passed'",
    "not-passed": "e.online_result = 'not-passed'",
  };
  const where = status ? ` AND ${filters[status]}` : "";
  const args = status === "in-progress" || status === "modules-done" ? [...scopeArgs, required] : scopeArgs;
  // the states in code order (participations_edition_state_unique), then each state's range of the index in
  // name order: CROSS JOIN keeps that nesting, so a page is read in order and stops at its LIMIT
  const from = `FROM participations p CROSS JOIN enrolments e ON e.participation_id = p.id WHERE p.edition_id = ? AND ${scope}${where}`;
  return {
    summary: `SELECT p.state_code AS stateCode, COUNT(*) AS trainees, SUM(e.online_modules_done) AS modulesDone,
        SUM(e.online_assignment <> 'not-submitted') AS submitted, SUM(e.online_assignment = 'submitted') AS toGrade,
        SUM(e.online_result IS 'passed') AS passed
      ${from} GROUP BY p.state_code ORDER BY p.state_code`,
    // e.user_name is users.name kept in the row (a trigger): the order is the index's, no sort
    page: `SELECT e.id ${from} ORDER BY p.state_code, e.user_name, e.id LIMIT ? OFFSET ?`,
    args: [editionId, ...args],
    total: `SELECT COUNT(*) AS n FROM enrolments e JOIN participations p ON p.id = e.participation_id WHERE ${scope}`,
    totalArgs: scopeArgs,
  };
}

function assertCanClose(db: Db | Tx, editionId: number): void {
  const current = db
    .select({ status: editions.status, closedAt: editions.onlineClosedAt })
    .from(editions)
    .where(eq(editions.id, editionId))
    .get();
  if (!current || current.status !== "online") throw new DomainError("course:close.errors.notOnline");
  if (current.closedAt) throw new DomainError("course:close.errors.alreadyClosed");
}

/** Submitted assignments that wait for a grade, counted in SQL: what closing the stage now would leave ungraded. */
function countUngraded(db: Db, editionId: number): number {
  return (
    db.$client
      .prepare(
        `SELECT COUNT(*) AS n FROM assignment_submissions s JOIN enrolments e ON e.id = s.enrolment_id
        WHERE e.edition_id = ? AND e.status = 'enrolled' AND s.graded_at IS NULL`,
      )
      .get(editionId) as { n: number }
  ).n;
}

/** How far a close of the online stage has come, from the database (it survives a restart). */
export function closeProgress(db: Db, editionId: number) {
  const row = db.$client
    .prepare(
      `SELECT ed.online_closing_at AS closingAt, ed.online_closed_at AS closedAt,
        (SELECT COUNT(*) FROM enrolments e WHERE e.edition_id = ed.id AND e.status = 'enrolled') AS total,
        (SELECT COUNT(*) FROM enrolments e WHERE e.edition_id = ed.id AND e.status = 'enrolled'
          AND e.online_result_at = ed.online_closing_at) AS done,
        (SELECT COUNT(*) FROM enrolments e WHERE e.edition_id = ed.id AND e.status = 'enrolled'
          AND e.online_result = 'passed') AS passed
      FROM editions ed WHERE ed.id = ?`,
    )
    .get(editionId) as { closingAt: string | null; closedAt: string | null; total: number; done: number; passed: number } | undefined;
  if (!row) throw new DomainError("course:close.errors.notOnline");
  const running = closing.has(editionId);
  return {
    /** A close under way in this process, or one that started and did not finish (interrupted: closing again resumes it). */
    state: row.closedAt ? ("closed" as const) : row.closingAt ? (running ? ("running" as const) : ("interrupted" as const)) : ("open" as const),
    startedAt: row.closingAt,
    done: row.closedAt ? row.total : row.closingAt ? row.done : 0,
    total: row.total,
    passed: row.passed,
    notPassed: row.total - row.passed,
  };
}

/**
 * The close page: counts from aggregate SQL and one page of trainees (ordered by state and name), computed
 * in full (`onlineRecords` scoped by the page's ids); never every trainee of the edition.
 */
export function closePreview({ db, edition, locale, page = 1, pageSize = BOARD_PAGE_SIZE }: { db: Db; edition: OnlineEdition; locale: string; page?: number; pageSize?: number }) {
  const sqlite = db.$client;
  const progress = closeProgress(db, edition.id);
  const ungradedCount = countUngraded(db, edition.id);
  // the first ones by name, with a link each; the rest are counted (the assignments page lists them all)
  const ungraded = sqlite
    .prepare(
      `SELECT e.id AS enrolmentId, u.name, p.state_code AS stateCode FROM assignment_submissions s
        JOIN enrolments e ON e.id = s.enrolment_id JOIN participations p ON p.id = e.participation_id JOIN users u ON u.id = e.user_id
      WHERE e.edition_id = ? AND e.status = 'enrolled' AND s.graded_at IS NULL ORDER BY p.state_code, u.name, e.id LIMIT 20`,
    )
    .all(edition.id) as { enrolmentId: number; name: string; stateCode: string }[];
  const pages = Math.max(1, Math.ceil(progress.total / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const ids = (
    sqlite
      .prepare(
        `SELECT e.id FROM enrolments e JOIN participations p ON p.id = e.participation_id JOIN users u ON u.id = e.user_id
        WHERE e.edition_id = ? AND e.status = 'enrolled' ORDER BY p.state_code, u.name, e.id LIMIT ? OFFSET ?`,
      )
      .all(edition.id, pageSize, (current - 1) * pageSize) as { id: number }[]
  ).map((r) => r.id);
  const { modules, rows } = ids.length > 0 ? onlineRecords(db, edition, locale, { ids }) : { modules: boardModules(edition, locale).modules, rows: [] };
  return { progress, ungradedCount, ungraded, modules, rows, page: current, pages };
}

/** Editions whose close runs in this process now (a second request for the same edition is refused). */
const closing = new Set<number>();

/**
 * Closes the online stage: every enrolled trainee gets a result by the edition's rules, with the reasons;
 * the edition records when. Only while the edition is `online`; audited.
 *
 * Long work off the request path (issue 11, docs/decisions/009-what-a-page-costs.md, fourth round): nothing
 * is read or computed up front for the whole edition (the checks are COUNTs). The run's time is stored on
 * the edition first (`online_closing_at`); then batches of `batchSize` enrolments, taken by id, are each
 * read, computed (`onlineRecords` scoped by the batch's ids) and written in one short transaction with
 * their audit rows, and the event loop gets a turn between batches. Every result of the run carries the
 * run's time (`online_result_at`), which is both the progress (`closeProgress`) and the resume point: after
 * a crash, closing again takes the same time and continues with the enrolments that do not carry it yet.
 * The edition is marked closed last; the counts then come from one aggregate statement.
 */
export async function closeOnlineStage({
  db,
  actor,
  edition,
  locale = "es",
  now = new Date(),
  // ≈ 13 CPU-ms a batch on 10,000 trainees here (26 at 100): well under the 100 ms a batch may hold the loop
  batchSize = 50,
  onProgress,
  overrideReason,
}: {
  db: Db;
  actor: { id: number };
  edition: OnlineEdition;
  /** The module listings' language (the results themselves hold codes, not text). */
  locale?: string;
  now?: Date;
  batchSize?: number;
  onProgress?: (progress: { done: number; total: number }) => void;
  /** Required to close while assignments wait for a grade, or before the stage's end date. */
  overrideReason?: string | null;
}): Promise<{ passed: number; notPassed: number }> {
  assertCanClose(db, edition.id);
  if (closing.has(edition.id)) throw new DomainError("course:close.errors.running");
  const ungraded = countUngraded(db, edition.id);
  const early = localDay(now, edition.timeZone) < edition.onlineEndsOn;
  const override = overrideReason?.trim() || null;
  if (ungraded > 0 && !override) throw new DomainError("course:close.errors.ungraded", "overrideReason", { count: ungraded });
  if (early && !override) throw new DomainError("course:close.errors.early", "overrideReason", { date: edition.onlineEndsOn });
  closing.add(edition.id);
  try {
    // the run's time: a new one, or the interrupted run's (resume)
    const at = db.transaction(
      (tx) => {
        assertCanClose(tx, edition.id);
        const current = tx.select({ at: editions.onlineClosingAt }).from(editions).where(eq(editions.id, edition.id)).get();
        if (current?.at) return current.at;
        const started = now.toISOString();
        tx.update(editions).set({ onlineClosingAt: started }).where(eq(editions.id, edition.id)).run();
        return started;
      },
      { behavior: "immediate" },
    );
    const sqlite = db.$client;
    const next = sqlite.prepare(
      `SELECT id FROM enrolments WHERE edition_id = ? AND status = 'enrolled' AND id > ?
        AND online_result_at IS NOT ? ORDER BY id LIMIT ?`,
    );
    const write = sqlite.prepare(
      `UPDATE enrolments SET online_result = ?, online_result_reason = ?, online_result_at = ?,
        online_result_overridden_by = NULL, online_result_override_reason = NULL WHERE id = ?`,
    );
    const { total } = closeProgress(db, edition.id);
    let { done } = closeProgress(db, edition.id);
    let last = 0;
    for (;;) {
      const began = performance.now();
      const wrote = db.transaction((tx) => {
        const ids = (next.all(edition.id, last, at, batchSize) as { id: number }[]).map((r) => r.id);
        if (ids.length === 0) return 0;
        const { rows } = onlineRecords(db, edition, locale, { ids });
        for (const r of rows) {
          const reason = encodeReasons(r.projected.reasons);
          write.run(r.projected.result, reason, at, r.enrolmentId);
          // an unchanged result (e.g. closed before, reopened, closed again) is not audited again
          if (r.onlineResult === r.projected.result && r.onlineResultReason === reason && !r.overridden) continue;
          writeAudit(tx, {
            actorId: actor.id,
            action: "enrolment.onlineResult",
            entityType: "enrolment",
            entityId: r.enrolmentId,
            editionId: edition.id,
            before: { result: r.onlineResult },
            after: { result: r.projected.result, reason },
          });
        }
        last = ids[ids.length - 1]!;
        return ids.length;
      });
      if (wrote === 0) break;
      done += wrote;
      onProgress?.({ done: Math.min(done, total), total });
      // The write lock is released; leave the event loop to others for as long as the batch took (at most
      // 50 ms) before the next. A bare setImmediate gave one turn per batch, and a request needs many turns
      // (accept, parse, middleware, the response): it waited a batch at each of them.
      await new Promise<void>((resolve) => setTimeout(resolve, Math.min(50, Math.max(1, performance.now() - began))));
    }
    return db.transaction(
      (tx) => {
        assertCanClose(tx, edition.id);
        const counts = sqlite
          .prepare(
            `SELECT COUNT(*) AS total, COALESCE(SUM(online_result = 'passed'), 0) AS passed FROM enrolments
            WHERE edition_id = ? AND status = 'enrolled'`,
          )
          .get(edition.id) as { total: number; passed: number };
        const result = { passed: counts.passed, notPassed: counts.total - counts.passed };
        tx.update(editions).set({ onlineClosedAt: at, onlineClosingAt: null, updatedAt: at }).where(eq(editions.id, edition.id)).run();
        writeAudit(tx, {
          actorId: actor.id,
          action: "edition.closeOnlineStage",
          entityType: "edition",
          entityId: edition.id,
          editionId: edition.id,
          after: { closedAt: at, ...result, ...(override ? { override, ungraded, early } : {}) },
        });
        return result;
      },
      { behavior: "immediate" },
    );
  } finally {
    closing.delete(edition.id);
  }
}

/** Submitted assignments that wait for a grade: what closing the stage now would leave ungraded. */
export function ungradedAssignments(db: Db, edition: OnlineEdition, locale = "es") {
  return onlineRecords(db, edition, locale)
    .rows.filter((r) => r.assignment === "submitted")
    .map((r) => ({ enrolmentId: r.enrolmentId, name: r.name, stateCode: r.stateCode }));
}

/**
 * A tutor reopens a closed online stage (with a reason, audited) while the edition is still in its
 * online phase, i.e. until the face-to-face stage opens: grading and the overrides' lock lift; the
 * results are computed again when the stage is closed again.
 */
export function reopenOnlineStage({ db, actor, edition, reason, now = new Date() }: { db: Db; actor: { id: number }; edition: OnlineEdition; reason: string; now?: Date }): void {
  if (!reason.trim()) throw new DomainError("course:close.errors.reopenReason", "reason");
  db.transaction(
    (tx) => {
      const current = tx.select({ status: editions.status, closedAt: editions.onlineClosedAt }).from(editions).where(eq(editions.id, edition.id)).get();
      if (!current?.closedAt) throw new DomainError("course:close.errors.notClosed");
      if (current.status !== "online") throw new DomainError("course:close.errors.reopenTooLate");
      const at = now.toISOString();
      tx.update(editions).set({ onlineClosedAt: null, updatedAt: at }).where(eq(editions.id, edition.id)).run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "edition.reopenOnlineStage",
        entityType: "edition",
        entityId: edition.id,
        editionId: edition.id,
        before: { closedAt: current.closedAt },
        after: { closedAt: null, reason },
      });
    },
    { behavior: "immediate" },
  );
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
