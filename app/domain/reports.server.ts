/**
 * The edition report (tutor: every state; coordinator: their own state): the funnel nominated →
 * enrolled → online passed → face-to-face passed → certified, seats used against the quota, the
 * attendance rate, quiz averages per module, and the same funnel for every edition of the course up to
 * this one (the trend per year). Every figure comes from an aggregate query (GROUP BY), scoped by the
 * edition through its indexes; nothing loops over trainees here.
 *
 * Definitions (also in docs/decisions/010-reports-and-charts.md):
 * - nominated: every enrolment row of the edition (enrolled, waiting, withdrawn, nominated);
 * - enrolled: holding a seat now (status `enrolled`), which is also the "seats used" against the quota;
 * - online passed / face-to-face passed: the recorded results; certified: a valid certificate;
 * - attendance rate: marks "present" or "late" over all marks recorded in the state's sessions;
 * - quiz average: the mean of each trainee's best attempt at the module's quiz.
 */
import type { Db } from "~db/index.server";
import { listModules } from "~/content.server";

export interface Funnel {
  nominated: number;
  enrolled: number;
  onlinePassed: number;
  faceToFacePassed: number;
  certified: number;
}

export const FUNNEL_STAGES = ["nominated", "enrolled", "onlinePassed", "faceToFacePassed", "certified"] as const;

export interface StateFigures extends Funnel {
  participationId: number;
  stateCode: string;
  quota: number;
  attendanceMarks: number;
  attended: number;
  /** Percent (0–100, one decimal) of marks attended; null before any mark. */
  attendanceRate: number | null;
  /** Module slug → mean of the trainees' best scores (percent, one decimal). */
  quizAverages: Record<string, number>;
}

export interface QuizFigure {
  slug: string;
  order: number;
  title: string;
  trainees: number;
  /** Percent, one decimal; null when no one took the quiz. */
  average: number | null;
}

export interface TrendPoint extends Funnel {
  editionId: number;
  name: string;
  onlineStartsOn: string;
  quota: number;
}

export interface EditionReport {
  edition: { id: number; name: string; status: string };
  states: StateFigures[];
  totals: Omit<StateFigures, "participationId" | "stateCode">;
  quizzes: QuizFigure[];
  trend: TrendPoint[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const rate = (part: number, whole: number) => (whole > 0 ? round1((part * 100) / whole) : null);

interface EditionRow {
  id: number;
  name: string;
  status: string;
  courseId: number;
  courseSlug: string;
  onlineStartsOn: string;
}

/**
 * The report of one edition; with `stateCode`, only that state's figures (the coordinator's report),
 * its trend being that state's across editions.
 */
export function editionReport({
  db,
  editionId,
  stateCode = null,
  locale,
}: {
  db: Db;
  editionId: number;
  stateCode?: string | null;
  locale: string;
}): EditionReport | null {
  const sqlite = db.$client;
  const edition = sqlite
    .prepare(
      `SELECT ed.id, ed.name, ed.status, ed.course_id AS courseId, c.slug AS courseSlug, ed.online_starts_on AS onlineStartsOn
      FROM editions ed JOIN courses c ON c.id = ed.course_id WHERE ed.id = ?`,
    )
    .get(editionId) as EditionRow | undefined;
  if (!edition) return null;
  const stateFilter = stateCode ? " AND p.state_code = ?" : "";
  const args: (number | string)[] = stateCode ? [editionId, stateCode] : [editionId];

  const participations = sqlite
    .prepare(
      `SELECT p.id AS participationId, p.state_code AS stateCode, p.quota FROM participations p
      WHERE p.edition_id = ?${stateFilter} ORDER BY p.state_code`,
    )
    .all(...args) as { participationId: number; stateCode: string; quota: number }[];

  const funnel = sqlite
    .prepare(
      `SELECT e.participation_id AS participationId,
        count(*) AS nominated,
        coalesce(sum(e.status = 'enrolled'), 0) AS enrolled,
        coalesce(sum(e.online_result = 'passed'), 0) AS onlinePassed,
        coalesce(sum(a.result = 'passed'), 0) AS faceToFacePassed,
        coalesce(sum(c.id IS NOT NULL), 0) AS certified
      FROM enrolments e
      JOIN participations p ON p.id = e.participation_id
      LEFT JOIN face_to_face_assessments a ON a.enrolment_id = e.id
      LEFT JOIN certificates c ON c.enrolment_id = e.id AND c.status = 'valid'
      WHERE e.edition_id = ?${stateFilter}
      GROUP BY e.participation_id`,
    )
    .all(...args) as ({ participationId: number } & Funnel)[];

  const attendance = sqlite
    .prepare(
      `SELECT s.participation_id AS participationId, count(*) AS marks, coalesce(sum(at.status IN ('present', 'late')), 0) AS attended
      FROM participations p
      JOIN face_to_face_sessions s ON s.participation_id = p.id
      JOIN attendance at ON at.session_id = s.id
      WHERE p.edition_id = ?${stateFilter}
      GROUP BY s.participation_id`,
    )
    .all(...args) as { participationId: number; marks: number; attended: number }[];

  // each trainee's best score per quiz, then the mean per state and module (and per module overall)
  const best = `SELECT e.participation_id AS participationId, q.module_slug AS slug, max(q.score) AS best
      FROM enrolments e
      JOIN participations p ON p.id = e.participation_id
      JOIN quiz_attempts q ON q.enrolment_id = e.id
      WHERE e.edition_id = ?${stateFilter}
      GROUP BY e.id, q.module_slug`;
  const quizByState = sqlite
    .prepare(`SELECT participationId, slug, avg(best) AS average, count(*) AS trainees FROM (${best}) GROUP BY participationId, slug`)
    .all(...args) as { participationId: number; slug: string; average: number; trainees: number }[];
  const quizOverall = sqlite
    .prepare(`SELECT slug, avg(best) AS average, count(*) AS trainees FROM (${best}) GROUP BY slug`)
    .all(...args) as { slug: string; average: number; trainees: number }[];

  const byFunnel = new Map(funnel.map((f) => [f.participationId, f]));
  const byAttendance = new Map(attendance.map((a) => [a.participationId, a]));
  const states: StateFigures[] = participations.map((p) => {
    const f = byFunnel.get(p.participationId);
    const a = byAttendance.get(p.participationId);
    const quizAverages: Record<string, number> = {};
    for (const q of quizByState) if (q.participationId === p.participationId) quizAverages[q.slug] = round1(q.average);
    return {
      participationId: p.participationId,
      stateCode: p.stateCode,
      quota: p.quota,
      nominated: f?.nominated ?? 0,
      enrolled: f?.enrolled ?? 0,
      onlinePassed: f?.onlinePassed ?? 0,
      faceToFacePassed: f?.faceToFacePassed ?? 0,
      certified: f?.certified ?? 0,
      attendanceMarks: a?.marks ?? 0,
      attended: a?.attended ?? 0,
      attendanceRate: a ? rate(a.attended, a.marks) : null,
      quizAverages,
    };
  });

  const sum = (k: "quota" | "attendanceMarks" | "attended" | (typeof FUNNEL_STAGES)[number]) => states.reduce((n, s) => n + s[k], 0);
  const overall = new Map(quizOverall.map((q) => [q.slug, q]));
  const modules = listModules(edition.courseSlug, locale).filter((m) => m.hasQuiz);
  const quizzes: QuizFigure[] = modules.map((m) => {
    const q = overall.get(m.slug);
    return { slug: m.slug, order: m.order, title: m.title, trainees: q?.trainees ?? 0, average: q ? round1(q.average) : null };
  });
  const totals = {
    quota: sum("quota"),
    nominated: sum("nominated"),
    enrolled: sum("enrolled"),
    onlinePassed: sum("onlinePassed"),
    faceToFacePassed: sum("faceToFacePassed"),
    certified: sum("certified"),
    attendanceMarks: sum("attendanceMarks"),
    attended: sum("attended"),
    attendanceRate: rate(sum("attended"), sum("attendanceMarks")),
    quizAverages: Object.fromEntries(quizzes.filter((q) => q.average !== null).map((q) => [q.slug, q.average as number])),
  };

  return {
    edition: { id: edition.id, name: edition.name, status: edition.status },
    states,
    totals,
    quizzes,
    trend: editionTrend({ db, courseId: edition.courseId, upTo: edition.onlineStartsOn, stateCode }),
  };
}

/** The funnel of every edition of a course that started up to `upTo` (oldest first), for all states or one. */
export function editionTrend({
  db,
  courseId,
  upTo,
  stateCode = null,
}: {
  db: Db;
  courseId: number;
  upTo: string;
  stateCode?: string | null;
}): TrendPoint[] {
  const stateFilter = stateCode ? " AND p.state_code = ?" : "";
  // the state's code binds twice (the quota's subquery, the enrolments' join), before the course and the date
  const args: (number | string)[] = stateCode ? [stateCode, stateCode, courseId, upTo] : [courseId, upTo];
  return db.$client
    .prepare(
      `SELECT ed.id AS editionId, ed.name, ed.online_starts_on AS onlineStartsOn,
        (SELECT coalesce(sum(p.quota), 0) FROM participations p WHERE p.edition_id = ed.id${stateFilter}) AS quota,
        count(e.id) AS nominated,
        coalesce(sum(e.status = 'enrolled'), 0) AS enrolled,
        coalesce(sum(e.online_result = 'passed'), 0) AS onlinePassed,
        coalesce(sum(a.result = 'passed'), 0) AS faceToFacePassed,
        coalesce(sum(c.id IS NOT NULL), 0) AS certified
      FROM editions ed
      LEFT JOIN (enrolments e JOIN participations p ON p.id = e.participation_id${stateFilter}) ON e.edition_id = ed.id
      LEFT JOIN face_to_face_assessments a ON a.enrolment_id = e.id
      LEFT JOIN certificates c ON c.enrolment_id = e.id AND c.status = 'valid'
      WHERE ed.course_id = ? AND ed.online_starts_on <= ?
      GROUP BY ed.id
      ORDER BY ed.online_starts_on, ed.id`,
    )
    .all(...args) as TrendPoint[];
}
