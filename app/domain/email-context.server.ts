/**
 * What an email needs to say why a person gets it (issue 10, point 7): the course, the edition and
 * the state, the person's seat (enrolled, or waiting at which position) or appointment. Used by every
 * email that invites someone, so that a resent or "forgot password" invitation says it too.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "~db/index.server";
import { coordinatorAppointments, courses, editions, enrolments, type Locale, participations } from "~db/schema";
import { getCourse } from "~/content.server";
import { fixedT } from "~/i18n/i18n.server";
import { type EmailMessage, writeEmail } from "~/mail.server";
import { stateName } from "~/vocabulary";
import { DEFAULT_TIME_ZONE } from "./time-zone";

/** The position of a waitlisted enrolment in its state's queue (1 = next to get a seat). */
export function waitlistPosition(tx: Tx | Db, enrolment: { participationId: number; nominatedAt: string; id: number }): number {
  return (
    (tx
      .select({ n: sql<number>`count(*)` })
      .from(enrolments)
      .where(
        and(
          eq(enrolments.participationId, enrolment.participationId),
          eq(enrolments.status, "waitlisted"),
          sql`(${enrolments.nominatedAt} < ${enrolment.nominatedAt} or (${enrolments.nominatedAt} = ${enrolment.nominatedAt} and ${enrolments.id} < ${enrolment.id}))`,
        ),
      )
      .get()?.n ?? 0) + 1
  );
}

export interface EditionFacts {
  course: string;
  edition: string;
  state: string;
  timeZone: string;
  nominationClosesOn: string;
  onlineStartsOn: string;
  onlineEndsOn: string;
}

/** The course, edition and state of a participation, in a language. */
export function participationFacts(tx: Tx | Db, participationId: number, locale: Locale): EditionFacts {
  const row = tx
    .select({ edition: editions, stateCode: participations.stateCode, slug: courses.slug })
    .from(participations)
    .innerJoin(editions, eq(editions.id, participations.editionId))
    .innerJoin(courses, eq(courses.id, editions.courseId))
    .where(eq(participations.id, participationId))
    .get();
  if (!row) throw new Error(`no participation ${participationId}`);
  return {
    course: getCourse(row.slug)?.title[locale] ?? row.slug,
    edition: row.edition.name,
    state: stateName(row.stateCode, locale),
    timeZone: row.edition.timeZone,
    nominationClosesOn: row.edition.nominationClosesOn,
    onlineStartsOn: row.edition.onlineStartsOn,
    onlineEndsOn: row.edition.onlineEndsOn,
  };
}

/** "You have a seat." / "You are number 2 on the waiting list…", in a language. */
export function seatText(locale: Locale, status: "enrolled" | "waitlisted", position: number | null): string {
  return fixedT(locale)(`email.seat.${status}`, { position: position ?? 1 });
}

/**
 * The invitation email of an account that was never activated, saying why it exists: a trainee's
 * nomination (course, edition, state, seat), a coordinator's appointment, or else the role given.
 */
export function invitationEmail(
  tx: Tx | Db,
  user: { id: number; email: string; name: string; role?: string | null },
  { url, inviter, locale, expiresAt }: { url: string; inviter: string; locale: Locale; expiresAt: Date },
): EmailMessage {
  const base = { kind: "invitation" as const, to: user.email, locale, url };
  const values = { name: user.name, inviter };
  const enrolment = tx
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.userId, user.id), inArray(enrolments.status, ["enrolled", "waitlisted"])))
    .orderBy(desc(enrolments.id))
    .get();
  if (enrolment) {
    const facts = participationFacts(tx, enrolment.participationId, locale);
    const status = enrolment.status as "enrolled" | "waitlisted";
    const position = status === "waitlisted" ? waitlistPosition(tx, enrolment) : null;
    return writeEmail({
      ...base,
      key: `email.enrolmentInvitation.${status}`,
      values: { ...values, ...facts, seat: seatText(locale, status, position) },
      deadline: { at: expiresAt, timeZone: facts.timeZone },
      days: { starts: facts.onlineStartsOn },
    });
  }
  const appointment = tx
    .select({ participationId: coordinatorAppointments.participationId })
    .from(coordinatorAppointments)
    .where(eq(coordinatorAppointments.userId, user.id))
    .orderBy(desc(coordinatorAppointments.id))
    .get();
  if (appointment && user.role === "coordinator") {
    const facts = participationFacts(tx, appointment.participationId, locale);
    return writeEmail({
      ...base,
      key: "email.appointmentInvitation",
      values: { ...values, ...facts },
      deadline: { at: expiresAt, timeZone: facts.timeZone },
      days: { closes: facts.nominationClosesOn },
    });
  }
  const role = fixedT(locale)(`roles.${user.role ?? "trainee"}`);
  return writeEmail({ ...base, key: "email.invitation", values: { ...values, role }, deadline: { at: expiresAt, timeZone: DEFAULT_TIME_ZONE } });
}
