import { asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "~db/index.server";
import { coordinatorAppointments, courses, editions, enrolments, participations, users } from "~db/schema";
import type { Actor } from "~/auth/permissions";
import type { EditionStatus } from "~/vocabulary";
import { localDay } from "./time-zone";

const enrolledCount = sql<number>`(select count(*) from ${enrolments} e where e.participation_id = "participations"."id" and e.status = 'enrolled')`;
const waitlistedCount = sql<number>`(select count(*) from ${enrolments} e where e.participation_id = "participations"."id" and e.status = 'waitlisted')`;

/** The editions a tutor or admin runs, newest first, with their participation totals. */
export function listEditionsForStaff(db: Db) {
  return db
    .select({
      id: editions.id,
      name: editions.name,
      status: editions.status,
      courseSlug: courses.slug,
      nominationClosesOn: editions.nominationClosesOn,
      onlineStartsOn: editions.onlineStartsOn,
      states: sql<number>`(select count(*) from ${participations} p where p.edition_id = "editions"."id")`,
      seats: sql<number>`coalesce((select sum(p.quota) from ${participations} p where p.edition_id = "editions"."id"), 0)`,
      enrolled: sql<number>`(select count(*) from ${enrolments} e where e.edition_id = "editions"."id" and e.status = 'enrolled')`,
    })
    .from(editions)
    .innerJoin(courses, eq(courses.id, editions.courseId))
    .orderBy(desc(editions.onlineStartsOn), desc(editions.id))
    .all();
}

/** The participations (state × edition) a coordinator runs, with quota and counts. */
export function listCoordinations(db: Db, actor: Actor) {
  return db
    .select({
      participationId: participations.id,
      editionId: editions.id,
      editionName: editions.name,
      editionStatus: editions.status,
      courseSlug: courses.slug,
      nominationOpensOn: editions.nominationOpensOn,
      nominationClosesOn: editions.nominationClosesOn,
      onlineStartsOn: editions.onlineStartsOn,
      onlineEndsOn: editions.onlineEndsOn,
      faceToFaceEndsOn: editions.faceToFaceEndsOn,
      timeZone: editions.timeZone,
      stateCode: participations.stateCode,
      quota: participations.quota,
      enrolled: enrolledCount,
      waitlisted: waitlistedCount,
    })
    .from(coordinatorAppointments)
    .innerJoin(participations, eq(participations.id, coordinatorAppointments.participationId))
    .innerJoin(editions, eq(editions.id, participations.editionId))
    .innerJoin(courses, eq(courses.id, editions.courseId))
    .where(eq(coordinatorAppointments.userId, actor.id))
    .orderBy(desc(editions.onlineStartsOn))
    .all();
}

export type NominationsToday = "not-yet" | "open" | "closed" | "online" | "face-to-face" | "certification" | "edition-closed";

/**
 * What is true today about a state's nominations, for the coordinator's home: not yet open, open
 * until the closing day, closed since it (the online stage not started), or a later phase.
 * Calendar days count in the edition's time zone.
 */
export function nominationsToday(
  edition: { editionStatus: EditionStatus; nominationOpensOn: string; nominationClosesOn: string; timeZone: string },
  now = new Date(),
): NominationsToday {
  const today = localDay(now, edition.timeZone);
  switch (edition.editionStatus) {
    case "draft":
      return "not-yet";
    case "nominations":
      if (today < edition.nominationOpensOn) return "not-yet";
      return today > edition.nominationClosesOn ? "closed" : "open";
    case "online":
      return "online";
    case "face-to-face":
      return "face-to-face";
    case "certification":
      return "certification";
    default:
      return "edition-closed";
  }
}

/**
 * The states (participations) a state signatory signs for, newest edition first. Their home page
 * sends them straight to the approval page when there is one (issue 12, point 5).
 */
export function listSignatures(db: Db, actor: Actor) {
  return db
    .select({
      participationId: participations.id,
      stateCode: participations.stateCode,
      editionId: editions.id,
      editionName: editions.name,
      editionStatus: editions.status,
      courseSlug: courses.slug,
    })
    .from(participations)
    .innerJoin(editions, eq(editions.id, participations.editionId))
    .innerJoin(courses, eq(courses.id, editions.courseId))
    .where(eq(participations.signatoryUserId, actor.id))
    .orderBy(desc(editions.onlineStartsOn), desc(editions.id))
    .all();
}

/** A trainee's own enrolments. */
export function listOwnEnrolments(db: Db, actor: Actor) {
  return db
    .select({
      enrolmentId: enrolments.id,
      status: enrolments.status,
      editionId: editions.id,
      editionName: editions.name,
      editionStatus: editions.status,
      courseSlug: courses.slug,
      stateCode: participations.stateCode,
      onlineStartsOn: editions.onlineStartsOn,
      onlineEndsOn: editions.onlineEndsOn,
      faceToFaceStartsOn: editions.faceToFaceStartsOn,
      faceToFaceEndsOn: editions.faceToFaceEndsOn,
    })
    .from(enrolments)
    .innerJoin(editions, eq(editions.id, enrolments.editionId))
    .innerJoin(participations, eq(participations.id, enrolments.participationId))
    .innerJoin(courses, eq(courses.id, editions.courseId))
    .where(eq(enrolments.userId, actor.id))
    .orderBy(desc(editions.onlineStartsOn))
    .all();
}

/** All people, for an admin. */
export function listUsers(db: Db) {
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      status: users.status,
      stateCode: users.stateCode,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.role), asc(users.name))
    .all();
}
