/**
 * The demo: the CSEC course with its current edition in nominations (four states, a coordinator each,
 * a tutor, an admin, trainees, Chile's seats full with two people waiting) and, for `npm start`
 * (`history: true`), the course's history that shows every other phase (db/seed/demo-history.ts):
 * last year's closed edition with its certificates, a cohort in its face-to-face stage and one in
 * its online stage. Every person here is fictitious.
 *
 * Tests that need only the current edition call `seed(db)` (fast, no certificates); the demo that
 * `npm start` serves is `seed(db, { history: true })`.
 */
import { count, inArray } from "drizzle-orm";
import { verifyPassword } from "~/auth/password.server";
import type { Db } from "../index.server";
import { users } from "../schema";
import { DIRECTOR, GRADUATE, HISTORY_EMAILS } from "./demo-people";
import {
  appointCoordinatorRow,
  ensureStates,
  makeCourse,
  makeEdition,
  makeEnrolment,
  makeParticipation,
  makeUser,
  institutesToday,
} from "./factories";

export const DEMO_PASSWORD = "aula-demo-2027";

/** The accounts seeded with the demo password, and what each shows (printed by `npm start`, listed in the README). */
export const DEMO_LOGINS = [
  { role: "admin", email: "admin@example.org", name: "Inés Albarracín", shows: "editions, people, outbox (every email the demo sent)" },
  { role: "tutor", email: "tutor@example.org", name: "Tomás Ribeiro", shows: "all four editions: boards of every stage, certificates" },
  { role: "coordinator", email: "coord.uy@example.org", name: "Valeria Sosa", state: "UY", shows: "Uruguay in all four editions: nominations, online, signed-off face-to-face, certificates" },
  { role: "coordinator", email: "coord.cl@example.org", name: "Andrés Muñoz", state: "CL", shows: "Chile: seats full, waiting list; signed-off results" },
  { role: "coordinator", email: "coord.py@example.org", name: "Graciela Benítez", state: "PY", shows: "Paraguay: face-to-face still assessing, attendance partly taken" },
  { role: "coordinator", email: "coord.sv@example.org", name: "Óscar Alvarado", state: "SV", shows: "El Salvador: nominations and an online cohort" },
  { role: "institute signatory", email: DIRECTOR.email, name: DIRECTOR.name, shows: "signs the institute's approvals (a tutor); her signature on last year's certificates" },
  { role: "trainee", email: "trainee@example.org", name: "María José Peña Núñez", state: "UY", shows: "online stage open: modules, quizzes, assignment" },
  { role: "trainee", email: GRADUATE.email, name: GRADUATE.name, state: "UY", shows: "last year: face-to-face result, re-issued certificate (PDF, credential)" },
] as const;

const TRAINEES = [
  { email: "joaquin.pereira@example.org", name: "Joaquín Pereira", state: "UY", institution: "INAU (demo)" },
  { email: "camila.rojas@example.org", name: "Camila Rojas", state: "CL", institution: "Servicio de Protección (demo)" },
  { email: "diego.fernandez@example.org", name: "Diego Fernández", state: "PY", institution: "Ministerio de la Niñez (demo)" },
  { email: "ana.hernandez@example.org", name: "Ana Lucía Hernández", state: "SV", institution: "CONNA (demo)" },
];

const PARTICIPATIONS = [
  { state: "UY", quota: 5, signatory: "Beatriz Lamas", title: "Directora de Protección (ficticia)", institution: "Instituto nacional (demo)", venue: "Montevideo" },
  { state: "CL", quota: 4, signatory: "Rodrigo Cárcamo", title: "Jefe de División (ficticio)", institution: "Ministerio (demo)", venue: "Santiago" },
  { state: "PY", quota: 3, signatory: "Liz Ramírez", title: "Directora General (ficticia)", institution: "Ministerio (demo)", venue: "Asunción" },
  { state: "SV", quota: 3, signatory: "Mauricio Guardado", title: "Director Ejecutivo (ficticio)", institution: "Consejo nacional (demo)", venue: "San Salvador" },
];

/** Every account the demo creates with DEMO_PASSWORD (Chile's new nominees are invited, without one). */
export const DEMO_EMAILS: readonly string[] = [...new Set([...DEMO_LOGINS.map((l) => l.email), ...TRAINEES.map((t) => t.email), ...HISTORY_EMAILS])];

/**
 * The demo's accounts that still open with the demo password (printed in the README): a database
 * holding any of them must not be served in production (scripts/start-mode.ts).
 */
export async function demoAccountsWithDemoPassword(db: Db): Promise<string[]> {
  const rows = db
    .select({ email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(inArray(users.email, [...DEMO_EMAILS]))
    .all();
  // the demo hashes its one password once (factories), so each distinct hash is checked once
  const opens = new Map<string, Promise<boolean>>();
  const open: string[] = [];
  for (const r of rows) {
    if (!r.passwordHash) continue;
    const check = opens.get(r.passwordHash) ?? verifyPassword(r.passwordHash, DEMO_PASSWORD);
    opens.set(r.passwordHash, check);
    if (await check) open.push(r.email);
  }
  return open;
}

export function isEmpty(db: Db): boolean {
  return (db.select({ n: count() }).from(users).get()?.n ?? 0) === 0;
}

/**
 * Seeds the states always (idempotent) and the demo only into an empty database. Returns whether it
 * seeded the demo. `history` adds the closed, face-to-face and online editions (what `npm start` shows);
 * the demo trainee then studies in the online cohort instead of waiting in the current edition.
 */
export async function seed(db: Db, { today = institutesToday(), history = false }: { today?: Date; history?: boolean } = {}): Promise<boolean> {
  ensureStates(db);
  if (!isEmpty(db)) return false;

  const [adminLogin, tutorLogin, ...rest] = DEMO_LOGINS;
  await makeUser(db, { ...adminLogin, password: DEMO_PASSWORD, institution: "IIN-OAS" });
  const tutor = await makeUser(db, {
    ...tutorLogin,
    password: DEMO_PASSWORD,
    institution: "IIN-OAS",
    signatoryTitle: "Coordinador del curso (ficticio)",
  });
  const course = makeCourse(db);
  const edition = makeEdition(db, { courseId: course.id, today, instituteSignatoryId: tutor.id, createdBy: tutor.id });

  const byState = new Map<string, number>();
  for (const p of PARTICIPATIONS) {
    const row = makeParticipation(db, {
      editionId: edition.id,
      stateCode: p.state,
      quota: p.quota,
      signatoryName: p.signatory,
      signatoryTitle: p.title,
      signatoryInstitution: p.institution,
      venue: p.venue,
    });
    byState.set(p.state, row.id);
  }
  const coordinatorOf = new Map<string, number>();
  const coordinators = new Map<string, { id: number; name: string }>();
  for (const login of rest) {
    if (login.role !== "coordinator") continue;
    const u = await makeUser(db, { email: login.email, name: login.name, role: "coordinator", password: DEMO_PASSWORD, stateCode: login.state });
    appointCoordinatorRow(db, byState.get(login.state)!, u.id);
    coordinatorOf.set(login.state, u.id);
    coordinators.set(login.state, { id: u.id, name: u.name });
  }
  const trainees = [
    ...(history ? [] : [{ email: "trainee@example.org", name: "María José Peña Núñez", state: "UY", institution: "INAU (demo)" }]),
    ...TRAINEES,
  ];
  for (const tr of trainees) {
    const u = await makeUser(db, {
      email: tr.email,
      name: tr.name,
      role: "trainee",
      password: DEMO_PASSWORD,
      stateCode: tr.state,
      institution: tr.institution,
      position: "Técnica/o (demo)",
    });
    makeEnrolment(db, {
      editionId: edition.id,
      participationId: byState.get(tr.state)!,
      userId: u.id,
      nominatedBy: coordinatorOf.get(tr.state),
    });
  }
  if (!history) return true;
  // loaded only here: the history goes through the certificates domain (PDF, credentials), which a start need not load
  const { seedHistory } = await import("./demo-history");
  await seedHistory(db, {
    today,
    people: { tutor, coordinators, password: DEMO_PASSWORD, courseId: course.id },
    current: { editionId: edition.id, participations: byState },
  });
  return true;
}
