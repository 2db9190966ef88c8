/**
 * The course's vocabulary (locales, roles, statuses, phases): browser-safe, no drizzle. The schema,
 * i18n and UI import it from here; `db/schema.ts` re-exports it for server code.
 */
export const LOCALES = ["en", "es", "pt", "fr"] as const;
export type Locale = (typeof LOCALES)[number];

export const ROLES = ["admin", "tutor", "coordinator", "trainee"] as const;
export type Role = (typeof ROLES)[number];

export const EDITION_STATUSES = [
  "draft",
  "nominations",
  "online",
  "face-to-face",
  "certification",
  "closed",
] as const;
export type EditionStatus = (typeof EDITION_STATUSES)[number];

export const AGREEMENT_STATUSES = ["invited", "agreed", "declined"] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const FACE_TO_FACE_MODALITIES = ["in-person", "hybrid", "online"] as const;
export type FaceToFaceModality = (typeof FACE_TO_FACE_MODALITIES)[number];

export const ENROLMENT_STATUSES = ["nominated", "enrolled", "waitlisted", "withdrawn"] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

export const RESULTS = ["passed", "not-passed"] as const;
export type Result = (typeof RESULTS)[number];

export const ATTENDANCE_STATUSES = ["present", "late", "excused", "absent"] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const TOKEN_KINDS = ["invitation", "password-reset"] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export const SIGNING_PARTIES = ["institute", "state"] as const;
export type SigningParty = (typeof SIGNING_PARTIES)[number];
