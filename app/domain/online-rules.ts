/**
 * Pure rules of the online stage: when it is open, each module's status, the next step and the
 * online result. No I/O: unit-tested with tables of cases (tests/unit/online-rules.test.ts).
 */
import { localDay } from "./time-zone";

/** Limits of what people type (shared by forms and the server). */
export const MAX_ASSIGNMENT_TEXT = 20_000;
export const MAX_FEEDBACK_TEXT = 4_000;
export const MAX_POST_LENGTH = 4_000;

/** Filters of the tutors' progress board. */
export const BOARD_STATUSES = ["not-started", "in-progress", "modules-done", "to-grade", "passed", "not-passed"] as const;
export type BoardStatus = (typeof BOARD_STATUSES)[number];


export type StageWindow = "before" | "open" | "after" | "closed";

/**
 * Where `now` falls against the online stage: both dates are inclusive, as calendar days in the
 * edition's time zone.
 * Once a tutor has closed the stage, it is closed whatever the dates say.
 */
export function stageWindow(
  edition: { onlineStartsOn: string; onlineEndsOn: string; onlineClosedAt: string | null; timeZone: string },
  now: Date,
): StageWindow {
  if (edition.onlineClosedAt) return "closed";
  const today = localDay(now, edition.timeZone);
  if (today < edition.onlineStartsOn) return "before";
  if (today > edition.onlineEndsOn) return "after";
  return "open";
}

/** The assignment is accepted until the end of its due day (23:59 in the edition's zone), or of the last day of the stage. */
export function assignmentOpen(
  edition: { onlineStartsOn: string; onlineEndsOn: string; onlineClosedAt: string | null; assignmentDueOn: string | null; timeZone: string },
  now: Date,
): boolean {
  if (stageWindow(edition, now) !== "open") return false;
  return localDay(now, edition.timeZone) <= (edition.assignmentDueOn ?? edition.onlineEndsOn);
}

export type ModuleStatus = "not-started" | "in-progress" | "completed" | "quiz-passed";

export function moduleStatus(input: {
  startedAt: string | null;
  completedAt: string | null;
  hasQuiz: boolean;
  bestScore: number | null;
  passMark: number;
}): ModuleStatus {
  if (input.completedAt && input.hasQuiz && input.bestScore !== null && input.bestScore >= input.passMark) {
    return "quiz-passed";
  }
  if (input.completedAt) return "completed";
  if (input.startedAt || input.bestScore !== null) return "in-progress";
  return "not-started";
}

/** A module is done when it is completed and, if it has a quiz, the quiz is passed. */
export function moduleDone(status: ModuleStatus, hasQuiz: boolean): boolean {
  return hasQuiz ? status === "quiz-passed" : status === "completed" || status === "quiz-passed";
}

export type AssignmentState = "not-submitted" | "submitted" | "passed" | "not-passed";

export function assignmentState(
  submission: { gradedAt: string | null; passed: boolean | null } | null | undefined,
): AssignmentState {
  if (!submission) return "not-submitted";
  if (!submission.gradedAt) return "submitted";
  return submission.passed ? "passed" : "not-passed";
}

/** The required modules of an edition: its own list, else the modules the content marks required. */
export function requiredModuleSlugs(
  editionRequired: string[] | null | undefined,
  modules: { slug: string; required: boolean }[],
): string[] {
  const known = new Set(modules.map((m) => m.slug));
  if (Array.isArray(editionRequired) && editionRequired.length > 0) {
    return editionRequired.filter((slug) => known.has(slug));
  }
  return modules.filter((m) => m.required).map((m) => m.slug);
}

export interface ResultInput {
  /** Required module slugs, in course order. */
  requiredModules: string[];
  /** Slugs of modules that have a quiz. */
  modulesWithQuiz: string[];
  /** Slugs of the modules the trainee marked completed. */
  completedModules: string[];
  /** Best quiz score per module slug (absent: never attempted). */
  bestScores: Record<string, number>;
  passMark: number;
  assignmentRequired: boolean;
  assignment: AssignmentState;
}

export type OnlineResult = "passed" | "not-passed";

/**
 * The online result by the edition's rules: passed iff every required module is completed, each
 * required module's quiz best score reaches the pass mark, and (when required) the assignment is
 * graded as passed. `reasons` are machine codes, rendered translated:
 * `all-requirements-met`, `modules-incomplete:<slug>,<slug>`, `quiz-not-taken:<slug>`,
 * `quiz-below-pass-mark:<slug>`, `assignment-not-submitted`, `assignment-not-graded`, `assignment-not-passed`.
 */
export function computeOnlineResult(input: ResultInput): { result: OnlineResult; reasons: string[] } {
  const reasons: string[] = [];
  const completed = new Set(input.completedModules);
  const withQuiz = new Set(input.modulesWithQuiz);
  const incomplete = input.requiredModules.filter((slug) => !completed.has(slug));
  if (incomplete.length > 0) reasons.push(`modules-incomplete:${incomplete.join(",")}`);
  for (const slug of input.requiredModules) {
    if (!withQuiz.has(slug)) continue;
    const best = input.bestScores[slug];
    if (best === undefined) reasons.push(`quiz-not-taken:${slug}`);
    else if (best < input.passMark) reasons.push(`quiz-below-pass-mark:${slug}`);
  }
  if (input.assignmentRequired && input.assignment !== "passed") {
    reasons.push(
      input.assignment === "not-submitted"
        ? "assignment-not-submitted"
        : input.assignment === "submitted"
          ? "assignment-not-graded"
          : "assignment-not-passed",
    );
  }
  return reasons.length === 0
    ? { result: "passed", reasons: ["all-requirements-met"] }
    : { result: "not-passed", reasons };
}

/** Stored form of the reasons (one text column): codes joined by ";". */
export function encodeReasons(reasons: string[]): string {
  return reasons.join(";");
}

export function decodeReasons(stored: string | null | undefined): { code: string; modules: string[] }[] {
  if (!stored) return [];
  return stored
    .split(";")
    .filter(Boolean)
    .map((part) => {
      const [code, list] = part.split(":", 2) as [string, string | undefined];
      return { code, modules: list ? list.split(",").filter(Boolean) : [] };
    });
}

export type NextStep =
  | { kind: "not-open" }
  | { kind: "study"; slug: string }
  | { kind: "quiz"; slug: string }
  | { kind: "assignment" }
  | { kind: "wait-grade" }
  | { kind: "done" };

/** The one thing the trainee should do next, in course order. */
export function nextStep(input: {
  open: boolean;
  modules: { slug: string; status: ModuleStatus; hasQuiz: boolean; quizAttemptsLeft: number }[];
  assignmentModule: boolean;
  assignment: AssignmentState;
}): NextStep {
  if (!input.open) return { kind: "not-open" };
  for (const m of input.modules) {
    if (m.status === "not-started" || m.status === "in-progress") return { kind: "study", slug: m.slug };
    if (m.status === "completed" && m.hasQuiz && m.quizAttemptsLeft > 0) return { kind: "quiz", slug: m.slug };
  }
  if (input.assignmentModule && (input.assignment === "not-submitted")) return { kind: "assignment" };
  if (input.assignmentModule && input.assignment === "submitted") return { kind: "wait-grade" };
  return { kind: "done" };
}

/** The progress board's filters from a URL (the page and its CSV export share them); bad values are ignored. */
export function boardFilters(url: URL): { state?: string; status?: (typeof BOARD_STATUSES)[number] } {
  const state = url.searchParams.get("state");
  const status = url.searchParams.get("status");
  return {
    state: state && /^[A-Z]{2}$/.test(state) ? state : undefined,
    status: (BOARD_STATUSES as readonly string[]).includes(status ?? "") ? (status as (typeof BOARD_STATUSES)[number]) : undefined,
  };
}
