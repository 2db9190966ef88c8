/** Public verification: only what is needed to verify (no email, no ids). */
import { eq } from "drizzle-orm";
import type { Db } from "~db/index.server";
import { certificates, courses, editions, enrolments, type SignatorySnapshot } from "~db/schema";
import { sha256Hex } from "~certificates/render";
import { normalizeCode } from "./codes.server";

export const MAX_VERIFY_PDF_BYTES = 5 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Public verification: only what is needed to verify (no email, no ids)

export interface PublicCertificate {
  serial: string;
  traineeName: string;
  courseSlug: string;
  editionName: string;
  stateCode: string;
  issuedOn: string;
  institute: { name: string; title: string; institution: string; onBehalfBy: string | null };
  /** `onBehalfBy`: who approved on the signatory's behalf ("approved by X on behalf of Y"). */
  stateSignatory: { name: string; title: string; institution: string; onBehalfBy: string | null };
  status: "valid" | "revoked";
  revokedAt: string | null;
  revokedReason: string | null;
  /** Verification code of the certificate that replaced this one. */
  replacedByCode: string | null;
  /** When the holder's personal data was erased on request (then `traineeName` is empty; ADR 012). */
  holderErasedAt: string | null;
}

const publicSignatory = (s: SignatorySnapshot) => ({
  name: s.name,
  title: s.title,
  institution: s.institution,
  onBehalfBy: s.approvedOnBehalfBy ?? null,
});

export function verifyCertificate(db: Db, code: string): PublicCertificate | null {
  const normalized = normalizeCode(code);
  if (!normalized) return null;
  const row = db
    .select({ c: certificates, courseSlug: courses.slug, editionName: editions.name })
    .from(certificates)
    .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
    .innerJoin(editions, eq(editions.id, enrolments.editionId))
    .innerJoin(courses, eq(courses.id, editions.courseId))
    .where(eq(certificates.verificationCode, normalized))
    .get();
  if (!row) return null;
  const { c } = row;
  const replacement = c.replacedById
    ? db.select({ code: certificates.verificationCode }).from(certificates).where(eq(certificates.id, c.replacedById)).get()
    : undefined;
  return {
    serial: c.serial,
    traineeName: c.traineeName,
    courseSlug: row.courseSlug,
    editionName: row.editionName,
    stateCode: c.stateCode,
    issuedOn: c.issuedOn,
    institute: publicSignatory(c.instituteSignatory),
    stateSignatory: publicSignatory(c.stateSignatory),
    status: c.status,
    revokedAt: c.revokedAt,
    revokedReason: c.revokedReason,
    replacedByCode: replacement?.code ?? null,
    holderErasedAt: c.holderErasedAt,
  };
}

/** Whether some bytes are exactly an issued certificate (by SHA-256). */
export function verifyPdfBytes(db: Db, bytes: Uint8Array): { serial: string; code: string; status: "valid" | "revoked" } | null {
  const hash = sha256Hex(bytes);
  const row = db
    .select({ serial: certificates.serial, code: certificates.verificationCode, status: certificates.status })
    .from(certificates)
    .where(eq(certificates.sha256, hash))
    .get();
  return row ?? null;
}

