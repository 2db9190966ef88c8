/**
 * The course's vocabulary: roles, locales, statuses, phases and the OAS member states with their
 * names. Plain data, safe for the browser: db/schema.ts, i18n, the domain and the UI all import it
 * from here (so nothing in the browser bundle pulls in drizzle or the database).
 */
export const LOCALES = ["en", "es", "pt", "fr"] as const;
export type Locale = (typeof LOCALES)[number];

/** `signatory`: a state's named signatory with an account, who only approves and signs that state's certificates. */
export const ROLES = ["admin", "tutor", "coordinator", "trainee", "signatory"] as const;
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

/** When a trainee sees which quiz answers were right: after their last attempt, or once the online stage ended. */
export const QUIZ_FEEDBACK_MODES = ["after-last-attempt", "after-stage"] as const;
export type QuizFeedbackMode = (typeof QUIZ_FEEDBACK_MODES)[number];

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

/** The 35 member states of the OAS, by ISO 3166-1 alpha-2 code, named in the four OAS languages. */
export const OAS_STATES: { code: string; en: string; es: string; pt: string; fr: string }[] = [
  { code: "AG", en: "Antigua and Barbuda", es: "Antigua y Barbuda", pt: "Antígua e Barbuda", fr: "Antigua-et-Barbuda" },
  { code: "AR", en: "Argentina", es: "Argentina", pt: "Argentina", fr: "Argentine" },
  { code: "BS", en: "The Bahamas", es: "Bahamas", pt: "Bahamas", fr: "Bahamas" },
  { code: "BB", en: "Barbados", es: "Barbados", pt: "Barbados", fr: "Barbade" },
  { code: "BZ", en: "Belize", es: "Belice", pt: "Belize", fr: "Belize" },
  { code: "BO", en: "Bolivia", es: "Bolivia", pt: "Bolívia", fr: "Bolivie" },
  { code: "BR", en: "Brazil", es: "Brasil", pt: "Brasil", fr: "Brésil" },
  { code: "CA", en: "Canada", es: "Canadá", pt: "Canadá", fr: "Canada" },
  { code: "CL", en: "Chile", es: "Chile", pt: "Chile", fr: "Chili" },
  { code: "CO", en: "Colombia", es: "Colombia", pt: "Colômbia", fr: "Colombie" },
  { code: "CR", en: "Costa Rica", es: "Costa Rica", pt: "Costa Rica", fr: "Costa Rica" },
  { code: "CU", en: "Cuba", es: "Cuba", pt: "Cuba", fr: "Cuba" },
  { code: "DM", en: "Dominica", es: "Dominica", pt: "Dominica", fr: "Dominique" },
  { code: "DO", en: "Dominican Republic", es: "República Dominicana", pt: "República Dominicana", fr: "République dominicaine" },
  { code: "EC", en: "Ecuador", es: "Ecuador", pt: "Equador", fr: "Équateur" },
  { code: "SV", en: "El Salvador", es: "El Salvador", pt: "El Salvador", fr: "El Salvador" },
  { code: "GD", en: "Grenada", es: "Granada", pt: "Granada", fr: "Grenade" },
  { code: "GT", en: "Guatemala", es: "Guatemala", pt: "Guatemala", fr: "Guatemala" },
  { code: "GY", en: "Guyana", es: "Guyana", pt: "Guiana", fr: "Guyana" },
  { code: "HT", en: "Haiti", es: "Haití", pt: "Haiti", fr: "Haïti" },
  { code: "HN", en: "Honduras", es: "Honduras", pt: "Honduras", fr: "Honduras" },
  { code: "JM", en: "Jamaica", es: "Jamaica", pt: "Jamaica", fr: "Jamaïque" },
  { code: "MX", en: "Mexico", es: "México", pt: "México", fr: "Mexique" },
  { code: "NI", en: "Nicaragua", es: "Nicaragua", pt: "Nicarágua", fr: "Nicaragua" },
  { code: "PA", en: "Panama", es: "Panamá", pt: "Panamá", fr: "Panama" },
  { code: "PY", en: "Paraguay", es: "Paraguay", pt: "Paraguai", fr: "Paraguay" },
  { code: "PE", en: "Peru", es: "Perú", pt: "Peru", fr: "Pérou" },
  { code: "KN", en: "Saint Kitts and Nevis", es: "San Cristóbal y Nieves", pt: "São Cristóvão e Névis", fr: "Saint-Christophe-et-Niévès" },
  { code: "LC", en: "Saint Lucia", es: "Santa Lucía", pt: "Santa Lúcia", fr: "Sainte-Lucie" },
  { code: "VC", en: "Saint Vincent and the Grenadines", es: "San Vicente y las Granadinas", pt: "São Vicente e Granadinas", fr: "Saint-Vincent-et-les-Grenadines" },
  { code: "SR", en: "Suriname", es: "Surinam", pt: "Suriname", fr: "Suriname" },
  { code: "TT", en: "Trinidad and Tobago", es: "Trinidad y Tobago", pt: "Trinidad e Tobago", fr: "Trinité-et-Tobago" },
  { code: "US", en: "United States", es: "Estados Unidos", pt: "Estados Unidos", fr: "États-Unis" },
  { code: "UY", en: "Uruguay", es: "Uruguay", pt: "Uruguai", fr: "Uruguay" },
  { code: "VE", en: "Venezuela", es: "Venezuela", pt: "Venezuela", fr: "Venezuela" },
];

const byCode = new Map(OAS_STATES.map((s) => [s.code, s]));

/** A state's name in a language (the code itself if unknown). */
export function stateName(code: string, locale: Locale): string {
  return byCode.get(code)?.[locale] ?? code;
}
