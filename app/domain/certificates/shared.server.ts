/** Helpers shared by the certificate modules: loading an edition or participation, e-mails, conflicts. */
import { eq } from "drizzle-orm";
import type { Db, Tx } from "~db/index.server";
import { courses, editions, type Locale, participations } from "~db/schema";
import { fixedT } from "~/i18n/i18n.server";
import { queueEmail } from "~/mail.server";
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


export function queueCertificateEmail(
  tx: Tx,
  kind: "issued" | "revoked" | "reissued",
  to: { email: string; name: string; locale: Locale | null },
  values: Record<string, string>,
): number {
  const locale = to.locale ?? "es";
  const t = fixedT(locale);
  return queueEmail(tx, {
    to: to.email,
    locale,
    kind: "notice",
    subject: t(`certificates:email.${kind}.subject`, values),
    text: `${t(`certificates:email.${kind}.body`, { name: to.name, ...values })}\n\n— ${t("email.signature")}`,
  });
}

