/**
 * The edition and enrolment records the online stage works on, as the route guards
 * (`app/auth/guards.server.ts`) load them for the permission check.
 */
import { eq, sql } from "drizzle-orm";
import { type Db, preparedFor, type Tx } from "~db/index.server";
import { courses, editions, enrolments, participations, type EditionStatus, type EnrolmentStatus, type QuizFeedbackMode } from "~db/schema";

export interface OnlineEdition {
  id: number;
  name: string;
  status: EditionStatus;
  courseSlug: string;
  onlineStartsOn: string;
  onlineEndsOn: string;
  onlineClosedAt: string | null;
  quizPassMark: number;
  quizAttemptsAllowed: number;
  quizFeedback: QuizFeedbackMode;
  requiredModules: string[] | null;
  assignmentRequired: boolean;
  assignmentDueOn: string | null;
  /** IANA zone in which the edition's calendar days are counted. */
  timeZone: string;
}

export interface StudyEnrolment {
  enrolmentId: number;
  editionId: number;
  participationId: number;
  userId: number;
  status: EnrolmentStatus;
  stateCode: string;
  edition: OnlineEdition;
}

const editionColumns = {
  id: editions.id,
  name: editions.name,
  status: editions.status,
  courseSlug: courses.slug,
  onlineStartsOn: editions.onlineStartsOn,
  onlineEndsOn: editions.onlineEndsOn,
  onlineClosedAt: editions.onlineClosedAt,
  quizPassMark: editions.quizPassMark,
  quizAttemptsAllowed: editions.quizAttemptsAllowed,
  quizFeedback: editions.quizFeedback,
  requiredModules: editions.requiredModules,
  assignmentRequired: editions.assignmentRequired,
  assignmentDueOn: editions.assignmentDueOn,
  timeZone: editions.timeZone,
};

export function findOnlineEdition(db: Db | Tx, editionId: number): OnlineEdition | null {
  return (
    preparedFor(db, "online-edition", (d) =>
      d
        .select(editionColumns)
        .from(editions)
        .innerJoin(courses, eq(courses.id, editions.courseId))
        .where(eq(editions.id, sql.placeholder("id")))
        .prepare(),
    ).get({ id: editionId }) ?? null
  );
}

export function findStudyEnrolment(db: Db | Tx, enrolmentId: number): StudyEnrolment | null {
  const row = preparedFor(db, "study-enrolment", (d) =>
    d
      .select({
        enrolmentId: enrolments.id,
        editionId: enrolments.editionId,
        participationId: enrolments.participationId,
        userId: enrolments.userId,
        status: enrolments.status,
        stateCode: participations.stateCode,
      })
      .from(enrolments)
      .innerJoin(participations, eq(participations.id, enrolments.participationId))
      .where(eq(enrolments.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id: enrolmentId });
  if (!row) return null;
  const edition = findOnlineEdition(db, row.editionId);
  return edition ? { ...row, edition } : null;
}
