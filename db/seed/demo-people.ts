/**
 * The people of the demo's history (db/seed/demo-history.ts), by edition and state: plain data, so
 * that what a start needs to know about the demo (its logins and accounts) loads nothing else.
 * Every person here is fictitious.
 */
import type { Locale } from "~/vocabulary";

/** People of the history, by edition and state. `outcome` says how far they get. */
export type Outcome = "certified" | "online-failed" | "face-to-face-failed" | "passed" | "assessing";
export interface HistoryTrainee {
  name: string;
  email: string;
  locale?: Locale;
  outcome: Outcome;
  /** The name as first (mis)typed at nomination, corrected when the certificate is re-issued. */
  typedName?: string;
}

export const GRADUATE = {
  email: "graduate@example.org",
  name: "Lucía Fernández Olivera",
  typedName: "Lucia Fernandes Olivera",
};

export const DIRECTOR = {
  email: "director@example.org",
  name: "Carmen Villalba Ortiz",
  title: "Directora General (ficticia)",
  institution: "Instituto Interamericano del Niño, la Niña y Adolescentes (IIN-OEA)",
};

export const CLOSED: Record<string, HistoryTrainee[]> = {
  UY: [
    { name: GRADUATE.name, typedName: GRADUATE.typedName, email: GRADUATE.email, outcome: "certified" },
    { name: "Martín Acosta Rivero", email: "martin.acosta@example.org", outcome: "certified" },
    { name: "Sofía Cabrera Lima", email: "sofia.cabrera@example.org", locale: "pt", outcome: "certified" },
    { name: "Nicolás Duarte Silva", email: "nicolas.duarte@example.org", outcome: "online-failed" },
  ],
  CL: [
    { name: "Francisca Soto Vidal", email: "francisca.soto@example.org", outcome: "certified" },
    { name: "Matías Contreras Leiva", email: "matias.contreras@example.org", locale: "en", outcome: "certified" },
    { name: "Javiera Muñoz Pino", email: "javiera.munoz@example.org", outcome: "face-to-face-failed" },
  ],
  PY: [
    { name: "Rocío Giménez Báez", email: "rocio.gimenez@example.org", outcome: "certified" },
    { name: "Hugo Villalba Cáceres", email: "hugo.villalba@example.org", locale: "fr", outcome: "certified" },
  ],
};

export const FACE_TO_FACE: Record<string, HistoryTrainee[]> = {
  UY: [
    { name: "Paula Olivera Méndez", email: "paula.olivera@example.org", outcome: "passed" },
    { name: "Santiago Rodríguez Paz", email: "santiago.rodriguez@example.org", outcome: "passed" },
    { name: "Verónica Núñez Techera", email: "veronica.nunez@example.org", outcome: "face-to-face-failed" },
  ],
  CL: [
    { name: "Constanza Reyes Araya", email: "constanza.reyes@example.org", outcome: "passed" },
    { name: "Felipe Navarro Tapia", email: "felipe.navarro@example.org", outcome: "passed" },
  ],
  PY: [
    { name: "Alejandra Ortiz Benítez", email: "alejandra.ortiz@example.org", outcome: "assessing" },
    { name: "Marcelo Aquino Ramírez", email: "marcelo.aquino@example.org", outcome: "assessing" },
    { name: "Gabriela Ríos Cardozo", email: "gabriela.rios@example.org", outcome: "online-failed" },
  ],
};

/** The online cohort: how many modules each has completed (quiz passed), and whether the assignment is in. */
export interface OnlineTrainee {
  name: string;
  email: string;
  modulesDone: number;
  assignment?: "submitted" | "graded";
}
export const ONLINE: Record<string, OnlineTrainee[]> = {
  UY: [
    // the demo trainee (DEMO_LOGINS): two modules done, the third begun, quizzes left to take
    { name: "María José Peña Núñez", email: "trainee@example.org", modulesDone: 2 },
    { name: "Carolina Silva Ferreira", email: "carolina.silva@example.org", modulesDone: 6, assignment: "submitted" },
    { name: "Diego Martirena Sosa", email: "diego.martirena@example.org", modulesDone: 6, assignment: "graded" },
  ],
  SV: [
    { name: "Karla Menjívar Ayala", email: "karla.menjivar@example.org", modulesDone: 4 },
    { name: "Roberto Martínez Flores", email: "roberto.martinez@example.org", modulesDone: 0 },
  ],
};

export const STATES: Record<string, { signatory: string; title: string; institution: string; venue: string }> = {
  UY: { signatory: "Beatriz Lamas", title: "Directora de Protección (ficticia)", institution: "Instituto nacional (demo)", venue: "Montevideo" },
  CL: { signatory: "Rodrigo Cárcamo", title: "Jefe de División (ficticio)", institution: "Ministerio (demo)", venue: "Santiago" },
  PY: { signatory: "Liz Ramírez", title: "Directora General (ficticia)", institution: "Ministerio (demo)", venue: "Asunción" },
  SV: { signatory: "Mauricio Guardado", title: "Director Ejecutivo (ficticio)", institution: "Consejo nacional (demo)", venue: "San Salvador" },
};

/** Every account the history creates (all with the demo password). */
export const HISTORY_EMAILS: readonly string[] = [
  DIRECTOR.email,
  ...[CLOSED, FACE_TO_FACE].flatMap((e) => Object.values(e).flat().map((t) => t.email)),
  ...Object.values(ONLINE)
    .flat()
    .map((t) => t.email)
    .filter((e) => e !== "trainee@example.org"),
];


/** Chile's further nominees in the current edition (by the coordinator, invited by email): two of them wait for a seat. */
export const CHILE_NOMINEES = [
  { name: "Catalina Herrera Díaz", email: "catalina.herrera@example.org", institution: "Servicio de Protección (demo)", position: "Psicóloga (demo)" },
  { name: "Benjamín Lagos Vera", email: "benjamin.lagos@example.org", institution: "Fiscalía (demo)", position: "Abogado (demo)" },
  { name: "Ignacio Paredes Soto", email: "ignacio.paredes@example.org", institution: "Carabineros (demo)", position: "Suboficial (demo)" },
  { name: "Antonia Bravo Sepúlveda", email: "antonia.bravo@example.org", institution: "Ministerio de Salud (demo)", position: "Trabajadora social (demo)" },
  { name: "Vicente Orellana Castro", email: "vicente.orellana@example.org", institution: "Municipalidad (demo)", position: "Educador (demo)" },
];

