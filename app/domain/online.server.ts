/**
 * The trainee's side of the online stage: the course page, module progress and quizzes.
 * Plain functions over (db, enrolment, …); the routes check who is asking first
 * (online-access.server.ts). Every function takes `now` so tests can place it in time.
 */
import { and, count, eq, max, sql } from "drizzle-orm";
import { type Db, preparedFor, type Tx } from "~db/index.server";
import { assignmentSubmissions, enrolments, moduleProgress, type QuizFeedbackMode, quizAttempts } from "~db/schema";
import {
  gradeQuiz,
  type LoadedModule,
  listModules,
  loadModule,
  loadQuiz,
  type ModuleListing,
  type PublicQuiz,
  publicQuiz,
} from "~/content.server";
import { DomainError } from "./accounts.server";
import type { StudyEnrolment } from "./online-access.server";
import {
  type AssignmentState,
  assignmentOpen,
  assignmentState,
  type ModuleStatus,
  moduleDone,
  moduleStatus,
  type NextStep,
  nextStep,
  requiredModuleSlugs,
  type StageWindow,
  stageWindow,
} from "./online-rules";

export interface ModuleProgressRow {
  slug: string;
  startedAt: string | null;
  completedAt: string | null;
}

/** Started/completed per module of one enrolment. */
export function progressOf(db: Db | Tx, enrolmentId: number): Map<string, ModuleProgressRow> {
  const rows = preparedFor(db, "module-progress", (d) =>
    d
      .select({ slug: moduleProgress.moduleSlug, startedAt: moduleProgress.startedAt, completedAt: moduleProgress.completedAt })
      .from(moduleProgress)
      .where(eq(moduleProgress.enrolmentId, sql.placeholder("id")))
      .prepare(),
  ).all({ id: enrolmentId });
  return new Map(rows.map((r) => [r.slug, r]));
}

/** Best score and number of attempts per module of one enrolment. */
export function quizSummaryOf(db: Db | Tx, enrolmentId: number): Map<string, { best: number; attempts: number }> {
  const rows = preparedFor(db, "quiz-summary", (d) =>
    d
      .select({ slug: quizAttempts.moduleSlug, best: max(quizAttempts.score), attempts: count() })
      .from(quizAttempts)
      .where(eq(quizAttempts.enrolmentId, sql.placeholder("id")))
      .groupBy(quizAttempts.moduleSlug)
      .prepare(),
  ).all({ id: enrolmentId });
  return new Map(rows.map((r) => [r.slug, { best: r.best ?? 0, attempts: r.attempts }]));
}

export function submissionStateOf(db: Db | Tx, enrolmentId: number): AssignmentState {
  const row = preparedFor(db, "submission-state", (d) =>
    d
      .select({ gradedAt: assignmentSubmissions.gradedAt, passed: assignmentSubmissions.passed })
      .from(assignmentSubmissions)
      .where(eq(assignmentSubmissions.enrolmentId, sql.placeholder("id")))
      .prepare(),
  ).get({ id: enrolmentId });
  return assignmentState(row);
}

/** Whether the trainee may study now: enrolled, and inside the online-stage dates. */
export function studyWindow(enrolment: StudyEnrolment, now: Date): StageWindow | "not-enrolled" {
  if (enrolment.status !== "enrolled") return "not-enrolled";
  return stageWindow(enrolment.edition, now);
}

export interface CourseModule {
  slug: string;
  order: number;
  title: string;
  summary: string;
  minutes: number;
  required: boolean;
  hasQuiz: boolean;
  assignment: boolean;
  fallback: boolean;
  status: ModuleStatus;
  bestScore: number | null;
  attempts: number;
  attemptsLeft: number;
}

export interface CourseOverview {
  window: StageWindow | "not-enrolled";
  edition: StudyEnrolment["edition"];
  modules: CourseModule[];
  /** Steps done / total: each module completed, each quiz passed, the assignment submitted. */
  stepsDone: number;
  stepsTotal: number;
  next: NextStep;
  assignment: AssignmentState;
  assignmentModule: string | null;
  assignmentOpen: boolean;
  onlineResult: { result: string | null; reason: string | null; overrideReason: string | null };
}

export function courseOverview({
  db,
  enrolment,
  locale,
  now = new Date(),
}: {
  db: Db;
  enrolment: StudyEnrolment;
  locale: string;
  now?: Date;
}): CourseOverview {
  const { edition } = enrolment;
  const listings = listModules(edition.courseSlug, locale);
  const progress = progressOf(db, enrolment.enrolmentId);
  const quizzes = quizSummaryOf(db, enrolment.enrolmentId);
  const required = new Set(requiredModuleSlugs(edition.requiredModules, listings));
  const modules: CourseModule[] = listings.map((m) => {
    const p = progress.get(m.slug);
    const q = quizzes.get(m.slug);
    return {
      slug: m.slug,
      order: m.order,
      title: m.title,
      summary: m.summary,
      minutes: m.minutes,
      required: required.has(m.slug),
      hasQuiz: m.hasQuiz,
      assignment: m.assignment,
      fallback: m.fallback,
      status: moduleStatus({
        startedAt: p?.startedAt ?? null,
        completedAt: p?.completedAt ?? null,
        hasQuiz: m.hasQuiz,
        bestScore: q?.best ?? null,
        passMark: edition.quizPassMark,
      }),
      bestScore: q?.best ?? null,
      attempts: q?.attempts ?? 0,
      attemptsLeft: Math.max(0, edition.quizAttemptsAllowed - (q?.attempts ?? 0)),
    };
  });
  const assignmentModule = listings.find((m) => m.assignment)?.slug ?? null;
  const assignment = submissionStateOf(db, enrolment.enrolmentId);
  const window = studyWindow(enrolment, now);
  let stepsDone = 0;
  let stepsTotal = 0;
  for (const m of modules) {
    stepsTotal += 1;
    if (m.status === "completed" || m.status === "quiz-passed") stepsDone += 1;
    if (m.hasQuiz) {
      stepsTotal += 1;
      if (m.bestScore !== null && m.bestScore >= edition.quizPassMark) stepsDone += 1;
    }
  }
  if (assignmentModule) {
    stepsTotal += 1;
    if (assignment !== "not-submitted") stepsDone += 1;
  }
  return {
    window,
    edition,
    modules,
    stepsDone,
    stepsTotal,
    next: nextStep({
      open: window === "open",
      modules: modules.map((m) => ({ slug: m.slug, status: m.status, hasQuiz: m.hasQuiz, quizAttemptsLeft: m.attemptsLeft })),
      assignmentModule: assignmentModule !== null && edition.assignmentRequired,
      assignment,
    }),
    assignment,
    assignmentModule,
    assignmentOpen: window === "open" && assignmentOpen(edition, now),
    onlineResult: db
      .select({
        result: enrolments.onlineResult,
        reason: enrolments.onlineResultReason,
        overrideReason: enrolments.onlineResultOverrideReason,
      })
      .from(enrolments)
      .where(eq(enrolments.id, enrolment.enrolmentId))
      .get() ?? { result: null, reason: null, overrideReason: null },
  };
}

/** A module link inside course text (`/course/modules/<slug>`) points to this enrolment's module page. */
function localiseModuleLinks(html: string, enrolmentId: number): string {
  return html.replaceAll('href="/course/modules/', `href="/learning/${enrolmentId}/modules/`);
}

export interface ModulePage {
  window: StageWindow | "not-enrolled";
  listing: ModuleListing;
  /** The body, only while the module is open. */
  module: LoadedModule | null;
  status: ModuleStatus;
  previous: { slug: string; title: string } | null;
  next: { slug: string; title: string } | null;
}

/**
 * Opens a module for the trainee: returns its body while the stage is open and records that they
 * started it (once). Null when the course has no such module.
 */
export async function openModule({
  db,
  enrolment,
  slug,
  locale,
  now = new Date(),
}: {
  db: Db;
  enrolment: StudyEnrolment;
  slug: string;
  locale: string;
  now?: Date;
}): Promise<ModulePage | null> {
  const listings = listModules(enrolment.edition.courseSlug, locale);
  const index = listings.findIndex((m) => m.slug === slug);
  const listing = listings[index];
  if (!listing) return null;
  const window = studyWindow(enrolment, now);
  let module: LoadedModule | null = null;
  let p = progressOf(db, enrolment.enrolmentId).get(slug);
  if (window === "open") {
    const loaded = await loadModule(enrolment.edition.courseSlug, slug, locale);
    if (!loaded) return null;
    // the localised HTML is a function of the body and the enrolment alone: its id is made of theirs
    module = { ...loaded, html: localiseModuleLinks(loaded.html, enrolment.enrolmentId), htmlId: `${loaded.htmlId}.${enrolment.enrolmentId}` };
    // the first opening is recorded; later views write nothing
    if (!p) {
      db.insert(moduleProgress)
        .values({ enrolmentId: enrolment.enrolmentId, moduleSlug: slug, startedAt: now.toISOString() })
        .onConflictDoNothing()
        .run();
      p = progressOf(db, enrolment.enrolmentId).get(slug);
    }
  }
  const q = quizSummaryOf(db, enrolment.enrolmentId).get(slug);
  const around = (m: ModuleListing | undefined) => (m ? { slug: m.slug, title: m.title } : null);
  return {
    window,
    listing,
    module,
    status: moduleStatus({
      startedAt: p?.startedAt ?? null,
      completedAt: p?.completedAt ?? null,
      hasQuiz: listing.hasQuiz,
      bestScore: q?.best ?? null,
      passMark: enrolment.edition.quizPassMark,
    }),
    previous: around(listings[index - 1]),
    next: around(listings[index + 1]),
  };
}

function requireOpen(enrolment: StudyEnrolment, now: Date): void {
  const window = studyWindow(enrolment, now);
  if (window !== "open") throw new DomainError(`course:closedReason.${window}`);
}

function requireModule(enrolment: StudyEnrolment, slug: string): ModuleListing {
  const listing = listModules(enrolment.edition.courseSlug, "es").find((m) => m.slug === slug);
  if (!listing) throw new DomainError("course:errors.noSuchModule");
  return listing;
}

/** Marks a module completed (idempotent: the first completion time is kept). */
export function completeModule({
  db,
  enrolment,
  slug,
  now = new Date(),
}: {
  db: Db;
  enrolment: StudyEnrolment;
  slug: string;
  now?: Date;
}): void {
  requireOpen(enrolment, now);
  requireModule(enrolment, slug);
  const at = now.toISOString();
  db.insert(moduleProgress)
    .values({ enrolmentId: enrolment.enrolmentId, moduleSlug: slug, startedAt: at, completedAt: at })
    .onConflictDoUpdate({
      target: [moduleProgress.enrolmentId, moduleProgress.moduleSlug],
      set: { completedAt: sql`coalesce(${moduleProgress.completedAt}, ${at})` },
    })
    .run();
}

export interface QuizAttemptSummary {
  attemptNo: number;
  score: number;
  passed: boolean;
  submittedAt: string;
}

export interface QuizPage {
  window: StageWindow | "not-enrolled";
  listing: ModuleListing;
  /** Questions without answers or feedback; null once no attempt is left or the stage is not open. */
  quiz: PublicQuiz | null;
  questionCount: number;
  quizFallback: boolean;
  quizLocale: string;
  attempts: QuizAttemptSummary[];
  best: number | null;
  attemptsAllowed: number;
  attemptsLeft: number;
  passMark: number;
  /** The last attempt's per-question results, once the edition allows them to be shown (else null). */
  review: { attemptNo: number; questions: QuestionResult[] } | null;
}

function attemptsOf(db: Db | Tx, enrolmentId: number, slug: string): QuizAttemptSummary[] {
  return db
    .select({
      attemptNo: quizAttempts.attemptNo,
      score: quizAttempts.score,
      passed: quizAttempts.passed,
      submittedAt: quizAttempts.submittedAt,
    })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.enrolmentId, enrolmentId), eq(quizAttempts.moduleSlug, slug)))
    .orderBy(quizAttempts.attemptNo)
    .all();
}

/** What the quiz page may show before a submission: never the answer key nor the feedback. */
export function quizPage({
  db,
  enrolment,
  slug,
  locale,
  now = new Date(),
}: {
  db: Db;
  enrolment: StudyEnrolment;
  slug: string;
  locale: string;
  now?: Date;
}): QuizPage | null {
  const listing = listModules(enrolment.edition.courseSlug, locale).find((m) => m.slug === slug);
  if (!listing?.hasQuiz) return null;
  const loaded = loadQuiz(enrolment.edition.courseSlug, slug, locale);
  if (!loaded) return null;
  const attempts = attemptsOf(db, enrolment.enrolmentId, slug);
  const { quizAttemptsAllowed, quizPassMark } = enrolment.edition;
  const attemptsLeft = Math.max(0, quizAttemptsAllowed - attempts.length);
  const window = studyWindow(enrolment, now);
  const last = attempts.at(-1);
  const review =
    last && revealsQuestions(enrolment.edition, { attemptsLeft, window })
      ? { attemptNo: last.attemptNo, questions: questionResults(loaded, lastAnswers(db, enrolment.enrolmentId, slug, last.attemptNo)) }
      : null;
  return {
    window,
    listing,
    quiz: window === "open" && attemptsLeft > 0 ? publicQuiz(loaded) : null,
    questionCount: loaded.questions.length,
    quizFallback: loaded.fallback,
    quizLocale: loaded.locale,
    attempts,
    best: attempts.length > 0 ? Math.max(...attempts.map((a) => a.score)) : null,
    attemptsAllowed: quizAttemptsAllowed,
    attemptsLeft,
    passMark: quizPassMark,
    review,
  };
}

function lastAnswers(db: Db | Tx, enrolmentId: number, slug: string, attemptNo: number): Record<string, string> {
  return (
    db
      .select({ answers: quizAttempts.answers })
      .from(quizAttempts)
      .where(and(eq(quizAttempts.enrolmentId, enrolmentId), eq(quizAttempts.moduleSlug, slug), eq(quizAttempts.attemptNo, attemptNo)))
      .get()?.answers ?? {}
  );
}

/** Stores one attempt; a second submission racing for the same attempt number is refused, not duplicated. */
export function recordQuizAttempt(
  tx: Db | Tx,
  attempt: { enrolmentId: number; moduleSlug: string; attemptNo: number; answers: Record<string, string>; score: number; passed: boolean; submittedAt: string },
): void {
  try {
    tx.insert(quizAttempts).values(attempt).run();
  } catch (err) {
    if (err instanceof Error && /UNIQUE constraint failed/.test(err.message)) {
      throw new DomainError("course:quiz.errors.duplicate");
    }
    throw err;
  }
}

/** One question's result, with the explanation of the right answer (shown only when results are revealed). */
export type QuestionResult = {
  id: string;
  prompt: string;
  chosen: string | null;
  correct: boolean;
  feedback: string | null;
  explanation: string | null;
};

export interface QuizFeedback {
  attemptNo: number;
  score: number;
  passed: boolean;
  correct: number;
  total: number;
  /** Per-question results: empty until the edition's moment to show them (see `revealsQuestions`). */
  questions: QuestionResult[];
  /** When per-question results will be shown, while they are still withheld. */
  withheldUntil: QuizFeedbackMode | null;
}

/**
 * Whether per-question correctness may be shown: never while attempts remain in an open stage
 * (answers could be found by elimination); then after the last attempt or the stage's end, as the
 * edition chooses.
 */
export function revealsQuestions(edition: { quizFeedback: QuizFeedbackMode }, input: { attemptsLeft: number; window: StageWindow | "not-enrolled" }): boolean {
  const stageOver = input.window === "after" || input.window === "closed";
  if (edition.quizFeedback === "after-stage") return stageOver;
  return input.attemptsLeft === 0 || stageOver;
}

function questionResults(quiz: NonNullable<ReturnType<typeof loadQuiz>>, answers: Record<string, unknown>): QuestionResult[] {
  const prompts = new Map(quiz.questions.map((q) => [q.id, q]));
  return gradeQuiz(quiz, answers).results.map((r) => {
    const q = prompts.get(r.questionId)!;
    return {
      id: r.questionId,
      prompt: q.prompt,
      chosen: r.chosen ? (q.options.find((o) => o.id === r.chosen)?.text ?? null) : null,
      correct: r.correct,
      feedback: r.feedback,
      explanation: q.explanation ?? null,
    };
  });
}

/**
 * Grades a submission on the server and stores it as the next attempt. Answers are
 * `questionId → optionId`; anything else (unknown ids, missing answers) counts as wrong.
 */
export function submitQuiz({
  db,
  enrolment,
  slug,
  locale,
  answers,
  now = new Date(),
}: {
  db: Db;
  enrolment: StudyEnrolment;
  slug: string;
  locale: string;
  answers: Record<string, unknown>;
  now?: Date;
}): QuizFeedback {
  requireOpen(enrolment, now);
  requireModule(enrolment, slug);
  const quiz = loadQuiz(enrolment.edition.courseSlug, slug, locale);
  if (!quiz) throw new DomainError("course:errors.noSuchModule");
  const grade = gradeQuiz(quiz, answers);
  const { quizAttemptsAllowed, quizPassMark } = enrolment.edition;
  const passed = grade.score >= quizPassMark;
  const stored: Record<string, string> = {};
  for (const r of grade.results) if (r.chosen) stored[r.questionId] = r.chosen;
  const attemptNo = db.transaction((tx) => {
    const done =
      tx
        .select({ n: max(quizAttempts.attemptNo) })
        .from(quizAttempts)
        .where(and(eq(quizAttempts.enrolmentId, enrolment.enrolmentId), eq(quizAttempts.moduleSlug, slug)))
        .get()?.n ?? 0;
    if (done >= quizAttemptsAllowed) throw new DomainError("course:quiz.errors.noAttemptsLeft");
    const no = done + 1;
    recordQuizAttempt(tx, {
      enrolmentId: enrolment.enrolmentId,
      moduleSlug: slug,
      attemptNo: no,
      answers: stored,
      score: grade.score,
      passed,
      submittedAt: now.toISOString(),
    });
    return no;
  });
  const reveal = revealsQuestions(enrolment.edition, { attemptsLeft: quizAttemptsAllowed - attemptNo, window: studyWindow(enrolment, now) });
  return {
    attemptNo,
    score: grade.score,
    passed,
    correct: grade.correct,
    total: grade.total,
    questions: reveal ? questionResults(quiz, answers) : [],
    withheldUntil: reveal ? null : enrolment.edition.quizFeedback,
  };
}

export { moduleDone };
