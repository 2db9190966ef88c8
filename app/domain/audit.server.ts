import { and, desc, eq, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db, Tx } from "~db/index.server";
import {
  attendance,
  auditLog,
  certificates,
  editions,
  enrolments,
  faceToFaceAssessments,
  faceToFaceSessions,
  forumPosts,
  participations,
  users,
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

// ——— Reading the trail (the audit page) ———

/** What the audit page may filter by; every field optional. Dates are `YYYY-MM-DD`, in UTC, inclusive. */
export interface AuditFilters {
  editionId?: number | null;
  stateCode?: string | null;
  /** Exactly this person (a board's "History" link, resolved by auditPerson): entries about them or by them. */
  userId?: number | null;
  /** Name or e-mail, part of it: entries about or by the people it matches. */
  person?: string | null;
  action?: string | null;
  from?: string | null;
  to?: string | null;
}

/** Who reads: staff read everything; a coordinator only the entries about the states they coordinate. */
export interface AuditReader {
  role: string;
  coordinations: { participationId: number }[];
}

export interface AuditRow {
  id: number;
  at: string;
  action: string;
  entityType: string;
  actorName: string | null;
  subjectName: string | null;
  stateCode: string | null;
  editionName: string | null;
  before: unknown;
  after: unknown;
}

export const AUDIT_PAGE_SIZE = 50;
/** The most people a person search matches (more asks for a sharper search). */
const PERSON_MATCHES = 200;

/** The ids of people whose name or e-mail contains `text` (case-insensitive), at most PERSON_MATCHES. */
export function findPeopleIds({ db, text }: { db: Db; text: string }): number[] {
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({ id: users.id })
    .from(users)
    .where(or(sql`${users.name} LIKE ${like} ESCAPE '\\'`, sql`${users.email} LIKE ${like} ESCAPE '\\'`))
    .limit(PERSON_MATCHES)
    .all()
    .map((r) => r.id);
}

function auditWhere(db: Db, reader: AuditReader, f: AuditFilters, beforeId: number | null): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (reader.role === "coordinator") {
    const own = reader.coordinations.map((c) => c.participationId);
    conditions.push(own.length > 0 ? inArray(auditLog.participationId, own) : sql`0`);
  } else if (reader.role !== "admin" && reader.role !== "tutor") {
    conditions.push(sql`0`);
  }
  if (f.editionId) conditions.push(eq(auditLog.editionId, f.editionId));
  if (f.stateCode) conditions.push(eq(auditLog.stateCode, f.stateCode));
  if (f.userId) conditions.push(or(eq(auditLog.subjectUserId, f.userId), eq(auditLog.actorId, f.userId)));
  if (f.person) {
    const ids = findPeopleIds({ db, text: f.person });
    conditions.push(ids.length > 0 ? or(inArray(auditLog.subjectUserId, ids), inArray(auditLog.actorId, ids)) : sql`0`);
  }
  if (f.action) conditions.push(eq(auditLog.action, f.action));
  if (f.from) conditions.push(gte(auditLog.at, `${f.from}T00:00:00.000Z`));
  if (f.to) conditions.push(lt(auditLog.at, nextDay(f.to)));
  if (beforeId) conditions.push(lt(auditLog.id, beforeId));
  return and(...conditions);
}

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000).toISOString();

const actorUser = alias(users, "actor_user");
const subjectUser = alias(users, "subject_user");

function selectRows(db: Db, where: SQL | undefined, limit: number): AuditRow[] {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      entityType: auditLog.entityType,
      actorName: actorUser.name,
      subjectName: subjectUser.name,
      stateCode: auditLog.stateCode,
      editionName: editions.name,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(actorUser, eq(actorUser.id, auditLog.actorId))
    .leftJoin(subjectUser, eq(subjectUser.id, auditLog.subjectUserId))
    .leftJoin(editions, eq(editions.id, auditLog.editionId))
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all();
}

/**
 * One page of the trail, newest first, keyset-paginated by id (`before`: the last id of the previous
 * page). `next` is the cursor of the following page, or null on the last one.
 */
export function listAuditEntries({
  db,
  reader,
  filters,
  before = null,
  pageSize = AUDIT_PAGE_SIZE,
}: {
  db: Db;
  reader: AuditReader;
  filters: AuditFilters;
  before?: number | null;
  pageSize?: number;
}): { rows: AuditRow[]; next: number | null } {
  const rows = selectRows(db, auditWhere(db, reader, filters, before), pageSize + 1);
  const more = rows.length > pageSize;
  const page = more ? rows.slice(0, pageSize) : rows;
  return { rows: page, next: more ? (page[page.length - 1]?.id ?? null) : null };
}

/** Every entry the filters match, in pages of `batch` (bounded memory: the CSV export streams them). */
export function* iterateAuditEntries({
  db,
  reader,
  filters,
  batch = 1000,
}: {
  db: Db;
  reader: AuditReader;
  filters: AuditFilters;
  batch?: number;
}): Generator<AuditRow[]> {
  let before: number | null = null;
  for (;;) {
    const rows = selectRows(db, auditWhere(db, reader, filters, before), batch);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
    before = rows[rows.length - 1]!.id;
  }
}

/**
 * The person behind an enrolment (a board's "History" link), if the reader may read about them: staff
 * anyone's, a coordinator only their states' trainees.
 */
export function auditPerson({ db, reader, enrolmentId }: { db: Db; reader: AuditReader; enrolmentId: number }) {
  const row = db
    .select({ userId: enrolments.userId, name: users.name, participationId: enrolments.participationId })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(eq(enrolments.id, enrolmentId))
    .get();
  if (!row) return null;
  if (reader.role === "admin" || reader.role === "tutor") return { userId: row.userId, name: row.name };
  if (reader.role === "coordinator" && reader.coordinations.some((c) => c.participationId === row.participationId)) {
    return { userId: row.userId, name: row.name };
  }
  return null;
}

/** What the filter form offers: the editions and the states (a coordinator's own only); the actions are AUDIT_ACTIONS. */
export function auditFilterOptions({ db, reader }: { db: Db; reader: AuditReader }) {
  const isCoordinator = reader.role === "coordinator";
  const own = reader.coordinations.map((c) => c.participationId);
  const scope = isCoordinator
    ? db
        .select({ editionId: participations.editionId, stateCode: participations.stateCode })
        .from(participations)
        .where(own.length > 0 ? inArray(participations.id, own) : sql`0`)
        .all()
    : null;
  const editionRows = db
    .select({ id: editions.id, name: editions.name })
    .from(editions)
    .where(scope ? (scope.length > 0 ? inArray(editions.id, scope.map((s) => s.editionId)) : sql`0`) : undefined)
    .orderBy(desc(editions.onlineStartsOn), desc(editions.id))
    .all();
  const stateCodes = scope
    ? [...new Set(scope.map((s) => s.stateCode))]
    : db.selectDistinct({ s: participations.stateCode }).from(participations).all().map((r) => r.s);
  return { editions: editionRows, stateCodes };
}
