/**
 * Who may open the online-stage pages: a trainee their own enrolment only (others' ids answer 404),
 * tutors and admins an edition's board, grading and forum. Checked on the server in every loader
 * and action through the permission module.
 */
import { eq } from "drizzle-orm";
import type { Db, Tx } from "~db/index.server";
import { courses, editions, enrolments, participations, type EditionStatus, type EnrolmentStatus } from "~db/schema";
import type { Action } from "~/auth/permissions";
import { authorize, requireUser } from "~/auth/session.server";

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
  requiredModules: string[] | null;
  assignmentRequired: boolean;
  assignmentDueOn: string | null;
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
  requiredModules: editions.requiredModules,
  assignmentRequired: editions.assignmentRequired,
  assignmentDueOn: editions.assignmentDueOn,
};

/** A positive integer id from a URL segment, or null. */
export function parseId(raw: string | undefined | null): number | null {
  if (!raw || !/^[1-9]\d{0,9}$/.test(raw)) return null;
  return Number(raw);
}

export function findOnlineEdition(db: Db | Tx, editionId: number): OnlineEdition | null {
  return (
    db
      .select(editionColumns)
      .from(editions)
      .innerJoin(courses, eq(courses.id, editions.courseId))
      .where(eq(editions.id, editionId))
      .get() ?? null
  );
}

export function findStudyEnrolment(db: Db | Tx, enrolmentId: number): StudyEnrolment | null {
  const row = db
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
    .where(eq(enrolments.id, enrolmentId))
    .get();
  if (!row) return null;
  const edition = findOnlineEdition(db, row.editionId);
  return edition ? { ...row, edition } : null;
}

const notFound = () => new Response("Not found", { status: 404 });

/** The signed-in trainee and their own enrolment; 404 for anyone else's (or an unknown id). */
export async function requireStudyAccess(request: Request, enrolmentIdParam: string | undefined) {
  const ctx = await requireUser(request);
  const id = parseId(enrolmentIdParam);
  const enrolment = id ? findStudyEnrolment(ctx.db, id) : null;
  if (!enrolment) throw notFound();
  authorize(
    ctx.actor,
    "enrolment.study",
    {
      type: "enrolment",
      editionId: enrolment.editionId,
      participationId: enrolment.participationId,
      enrolmentId: enrolment.enrolmentId,
      userId: enrolment.userId,
    },
    { hide: true },
  );
  return { ...ctx, enrolment };
}

/** A tutor or admin allowed `action` on the edition in the URL (403 otherwise, 404 when unknown). */
export async function requireEditionAccess(
  request: Request,
  editionIdParam: string | undefined,
  action: Extract<Action, "edition.progress" | "edition.grade" | "edition.manage">,
) {
  const ctx = await requireUser(request);
  const id = parseId(editionIdParam);
  // refuse before revealing whether the edition exists
  authorize(ctx.actor, action, { type: "edition", editionId: id ?? 0 });
  const edition = id ? findOnlineEdition(ctx.db, id) : null;
  if (!edition) throw notFound();
  return { ...ctx, edition };
}
