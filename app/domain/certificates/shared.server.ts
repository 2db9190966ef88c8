/** Helpers shared by the certificate modules: loading an edition or participation, e-mails, conflicts. */
import { eq } from "drizzle-orm";
import type { Db, Tx } from "~db/index.server";
import { courses, editions, enrolments, type Locale, participations } from "~db/schema";
import { queueEmail, writeEmail } from "~/mail.server";
import { participationFacts } from "../email-context.server";
import { DomainError } from "../accounts.server";

export function loadEdition(db: Db | Tx, editionId: number) {
  const row = db
    .select({ edition: editions, course: courses })
    .from(editions)
    .innerJoin(courses, eq(courses.id, editions.courseId))
    .where(eq(editions.id, editionId))
    .get();
  if (!row) throw new DomainError("certificates:errors.notFound");
  return row;
}


export function loadParticipation(db: Db | Tx, participationId: number) {
  const p = db.select().from(participations).where(eq(participations.id, participationId)).get();
  if (!p) throw new DomainError("certificates:errors.notFound");
  return p;
}


export class SerialTaken extends Error {}

export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") return true;
  }
  return false;
}


/** A certificate email to its trainee: the course, edition and state it is for, and what to do with it. */
export function queueCertificateEmail(
  tx: Tx,
  kind: "issued" | "revoked" | "reissued",
  to: { email: string; name: string; locale: Locale | null },
  values: Record<string, string>,
  enrolmentId: number,
): number {
  const locale = to.locale ?? "es";
  const enrolment = tx.select({ participationId: enrolments.participationId }).from(enrolments).where(eq(enrolments.id, enrolmentId)).get()!;
  const facts = participationFacts(tx, enrolment.participationId, locale);
  return queueEmail(
    tx,
    writeEmail({
      kind: "notice",
      to: to.email,
      locale,
      key: `certificates:email.${kind}`,
      values: { name: to.name, ...facts, ...values },
      // the download for a valid certificate; the verification page for a revoked one
      url: kind === "revoked" ? values.verifyUrl : values.url,
    }),
  );
}

