/** Verification codes, serials and issue dates. */
import { localDay } from "../time-zone";
import { randomBytes } from "node:crypto";

// ---------------------------------------------------------------------------------------------
// Verification codes: 20 characters of Crockford base32 (100 random bits)

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function newVerificationCode(): string {
  let code = "";
  for (const byte of randomBytes(20)) code += CROCKFORD[byte & 31];
  return code;
}

/** Accepts what people type: lower case, spaces, hyphens, O for 0, I/L for 1. Null if not a code. */
export function normalizeCode(input: string): string | null {
  const code = input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  return /^[0-9A-HJKMNP-TV-Z]{20}$/.test(code) ? code : null;
}


/** `<COURSE>-<EDITION CODE>-<STATE>-<NNNN>`: ASCII only ([A-Z0-9-]), the same in URLs, file names, ZIP entries and the PDF. */
export function serialOf(courseCode: string, edition: { name: string; code: string | null }, stateCode: string, seq: number): string {
  const ascii = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, "");
  // Editions older than the code column: the whole name in ASCII (names are unique per course, so these stay distinct)
  const editionCode = edition.code ?? edition.name;
  return `${ascii(courseCode)}-${ascii(editionCode)}-${ascii(stateCode)}-${String(seq).padStart(4, "0")}`;
}

/** A certificate's issue date: the day it is in the edition's time zone (just after midnight UTC it is still yesterday in Montevideo). */
export const issueDay = (now: Date, timeZone: string) => localDay(now, timeZone);
