import { eq } from "drizzle-orm";
import type { Db, Tx } from "~db/index.server";
import {
  attendance,
  auditLog,
  certificates,
  enrolments,
  faceToFaceAssessments,
  faceToFaceSessions,
  forumPosts,
  participations,
} from "~db/schema";

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId?: number | null;
  editionId?: number | null;
  before?: unknown;
  after?: unknown;
  /** Whom the entry is about, when the entity no longer exists to say so (otherwise derived). */
  subjectUserId?: number | null;
  /** The state (participation) the entry concerns, when the entity no longer exists (otherwise derived). */
  participationId?: number | null;
}

interface Subject {
  subjectUserId: number | null;
  participationId: number | null;
}

const none: Subject = { subjectUserId: null, participationId: null };

function enrolmentSubject(tx: Tx | Db, enrolmentId: number | null | undefined): Subject {
  if (enrolmentId == null) return none;
  const row = tx
    .select({ subjectUserId: enrolments.userId, participationId: enrolments.participationId })
    .from(enrolments)
    .where(eq(enrolments.id, enrolmentId))
    .get();
  return row ?? none;
}

/** Whom and which state an entry is about, from its entity (one indexed lookup, in the writer's transaction). */
function deriveSubject(tx: Tx | Db, entityType: string, id: number | null | undefined): Subject {
  if (id == null) return none;
  switch (entityType) {
    case "user":
      return { subjectUserId: id, participationId: null };
    case "enrolment":
      return enrolmentSubject(tx, id);
    case "certificate":
      return enrolmentSubject(tx, tx.select({ e: certificates.enrolmentId }).from(certificates).where(eq(certificates.id, id)).get()?.e);
    case "attendance":
      return enrolmentSubject(tx, tx.select({ e: attendance.enrolmentId }).from(attendance).where(eq(attendance.id, id)).get()?.e);
    case "faceToFaceAssessment":
      return enrolmentSubject(
        tx,
        tx.select({ e: faceToFaceAssessments.enrolmentId }).from(faceToFaceAssessments).where(eq(faceToFaceAssessments.id, id)).get()?.e,
      );
    case "participation":
      return { subjectUserId: null, participationId: id };
    case "faceToFaceSession": {
      const row = tx.select({ p: faceToFaceSessions.participationId }).from(faceToFaceSessions).where(eq(faceToFaceSessions.id, id)).get();
      return { subjectUserId: null, participationId: row?.p ?? null };
    }
    case "forum_post": {
      const row = tx.select({ a: forumPosts.authorId }).from(forumPosts).where(eq(forumPosts.id, id)).get();
      return { subjectUserId: row?.a ?? null, participationId: null };
    }
    default:
      return none;
  }
}

/** Writes one audit entry. Call it inside the transaction that makes the change. */
export function writeAudit(tx: Tx | Db, entry: AuditEntry): void {
  const derived = deriveSubject(tx, entry.entityType, entry.entityId);
  const subjectUserId = entry.subjectUserId ?? derived.subjectUserId;
  const participationId = entry.participationId ?? derived.participationId;
  const stateCode =
    participationId == null
      ? null
      : (tx.select({ s: participations.stateCode }).from(participations).where(eq(participations.id, participationId)).get()?.s ?? null);
  tx.insert(auditLog)
    .values({
      at: new Date().toISOString(),
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      editionId: entry.editionId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
      subjectUserId,
      participationId,
      stateCode,
    })
    .run();
}
