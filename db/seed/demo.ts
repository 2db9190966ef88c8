/**
 * The demo: the CSEC course, one edition in its nominations phase with four participating states,
 * a coordinator each, a tutor, an admin and a handful of trainees. Every person here is fictitious.
 */
import { count, inArray } from "drizzle-orm";
import { verifyPassword } from "~/auth/password.server";
import type { Db } from "../index.server";
import { users } from "../schema";
import {
  appointCoordinatorRow,
  ensureStates,
  makeCourse,
  makeEdition,
  makeEnrolment,
  makeParticipation,
  makeUser,
} from "./factories";

export const DEMO_PASSWORD = "aula-demo-2027";

export const DEMO_LOGINS = [
  { role: "admin", email: "admin@example.org", name: "Inés Albarracín" },
  { role: "tutor", email: "tutor@example.org", name: "Tomás Ribeiro" },
  { role: "coordinator", email: "coord.uy@example.org", name: "Valeria Sosa", state: "UY" },
  { role: "coordinator", email: "coord.cl@example.org", name: "Andrés Muñoz", state: "CL" },
  { role: "coordinator", email: "coord.py@example.org", name: "Graciela Benítez", state: "PY" },
  { role: "coordinator", email: "coord.sv@example.org", name: "Óscar Alvarado", state: "SV" },
  { role: "trainee", email: "trainee@example.org", name: "María José Peña Núñez", state: "UY" },
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

/** Every account the demo creates, all with DEMO_PASSWORD. */
export const DEMO_EMAILS: readonly string[] = [...DEMO_LOGINS.map((l) => l.email), ...TRAINEES.map((t) => t.email)];

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
  const open: string[] = [];
  for (const r of rows) if (r.passwordHash && (await verifyPassword(r.passwordHash, DEMO_PASSWORD))) open.push(r.email);
  return open;
}

export function isEmpty(db: Db): boolean {
  return (db.select({ n: count() }).from(users).get()?.n ?? 0) === 0;
}

/** Seeds the states always (idempotent) and the demo only into an empty database. Returns whether it seeded the demo. */
export async function seed(db: Db, { today = new Date() } = {}): Promise<boolean> {
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
  for (const login of rest) {
    if (login.role !== "coordinator") continue;
    const u = await makeUser(db, { ...login, password: DEMO_PASSWORD, stateCode: login.state });
    appointCoordinatorRow(db, byState.get(login.state)!, u.id);
    coordinatorOf.set(login.state, u.id);
  }
  const trainees = [
    ...rest.filter((l) => l.role === "trainee").map((l) => ({ ...l, institution: "INAU (demo)" })),
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
  return true;
}
