/**
 * Builds a large edition for the bench: 35 states × ~286 trainees (10,000 enrolments) in the online stage,
 * with module progress, quiz attempts and assignment submissions, plus a tutor, a coordinator and a trainee
 * who can sign in. People, course, edition, participations and enrolments come from the project's factories;
 * the progress rows are inserted directly (no screen creates 10,000 people's study history).
 */
import { openDatabase } from "~db/index.server";
import {
  appointCoordinatorRow,
  ensureStates,
  makeCourse,
  makeEdition,
  makeEnrolment,
  makeParticipation,
  makeUser,
} from "~db/seed/factories";
import { OAS_STATES } from "~db/seed/states";
import { assignmentSubmissions, moduleProgress, quizAttempts } from "~db/schema";

export const BENCH_PASSWORD = "bench-password-2027";

export interface BenchEdition {
  editionId: number;
  traineeEnrolmentId: number;
  participationId: number;
  moduleSlug: string;
  stateCode: string;
  logins: { tutor: string; coordinator: string; trainee: string };
  enrolments: number;
}

const GIVEN = ["María", "João", "Anaïs", "Ana Lucía", "Jean", "Chloé", "Joaquín", "Valentina", "Mateo", "Lucía", "Tomás"];
const FAMILY = ["Peña", "Conceição", "Lefèvre", "Gonçalves", "Ibáñez", "Rojas", "Pereira", "Sosa", "Benítez", "Muñoz"];
const SLUGS = [
  "01-concepts",
  "02-legal-framework",
  "03-manifestations",
  "04-action-plans",
  "05-prevention-protection",
  "06-restitution-participation",
];

export async function buildBenchEdition(databaseUrl: string, total = 10_000): Promise<BenchEdition> {
  const db = openDatabase(databaseUrl);
  const sqlite = db.$client;
  ensureStates(db);
  const today = new Date(Date.now() - 100 * 86_400_000); // the online window is open now
  const tutor = await makeUser(db, {
    email: "bench.tutor@example.org",
    name: "Bench Tutor (ficticio)",
    role: "tutor",
    password: BENCH_PASSWORD,
    institution: "IIN-OAS",
    signatoryTitle: "Coordinador (ficticio)",
  });
  const course = makeCourse(db);
  const edition = makeEdition(db, {
    courseId: course.id,
    name: "Bench",
    status: "online",
    today,
    instituteSignatoryId: tutor.id,
    createdBy: tutor.id,
  });
  const perState = Math.ceil(total / OAS_STATES.length);
  let made = 0;
  let first: { enrolmentId: number; participationId: number; stateCode: string } | null = null;
  const at = new Date().toISOString();
  sqlite.exec("BEGIN");
  try {
    for (const [si, state] of OAS_STATES.entries()) {
      const p = makeParticipation(db, {
        editionId: edition.id,
        stateCode: state.code,
        quota: perState,
        signatoryName: `Firmante ${state.code} (ficticio)`,
        signatoryTitle: "Director (ficticio)",
        signatoryInstitution: "Ministerio (demo)",
      });
      if (si === 0) {
        const coord = await makeUser(db, {
          email: "bench.coord@example.org",
          name: "Bench Coordinator (ficticia)",
          role: "coordinator",
          password: BENCH_PASSWORD,
          stateCode: state.code,
        });
        appointCoordinatorRow(db, p.id, coord.id);
      }
      for (let i = 0; i < perState && made < total; i++, made++) {
        const n = made;
        const u = await makeUser(db, {
          email: n === 0 ? "bench.trainee@example.org" : `trainee${n}@example.org`,
          name: `${GIVEN[n % GIVEN.length]} ${FAMILY[(n * 7) % FAMILY.length]} ${n}`,
          role: "trainee",
          password: n === 0 ? BENCH_PASSWORD : null,
          stateCode: state.code,
        });
        const e = makeEnrolment(db, { editionId: edition.id, participationId: p.id, userId: u.id });
        if (!first) first = { enrolmentId: e.id, participationId: p.id, stateCode: state.code };
        // Study history: a varied share of modules started/completed, a quiz attempt or two, some submissions.
        const done = n % (SLUGS.length + 1);
        for (const [mi, slug] of SLUGS.entries()) {
          if (mi > done) break;
          db.insert(moduleProgress)
            .values({ enrolmentId: e.id, moduleSlug: slug, startedAt: at, completedAt: mi < done ? at : null })
            .run();
          if (mi < done) {
            for (let a = 1; a <= 1 + (n % 2); a++) {
              const score = 50 + ((n * 13 + mi * 7 + a * 11) % 51);
              db.insert(quizAttempts)
                .values({ enrolmentId: e.id, moduleSlug: slug, attemptNo: a, answers: {}, score, passed: score >= 70, submittedAt: at })
                .run();
            }
          }
        }
        if (n % 3 === 0) {
          db.insert(assignmentSubmissions)
            .values({
              enrolmentId: e.id,
              fileName: "assignment.pdf",
              fileType: "pdf",
              fileSize: 14,
              fileData: Buffer.from("%PDF-1.4 bench"),
              submittedAt: at,
              ...(n % 2 === 0 ? { gradedAt: at, gradedBy: tutor.id, score: 80, passed: true } : {}),
            })
            .run();
        }
      }
    }
    sqlite.exec("COMMIT");
  } catch (err) {
    sqlite.exec("ROLLBACK");
    throw err;
  }
  sqlite.exec("ANALYZE");
  sqlite.close();
  if (!first) throw new Error("no trainees");
  return {
    editionId: edition.id,
    traineeEnrolmentId: first.enrolmentId,
    participationId: first.participationId,
    stateCode: first.stateCode,
    moduleSlug: SLUGS[0] ?? "01-concepts",
    logins: {
      tutor: "bench.tutor@example.org",
      coordinator: "bench.coord@example.org",
      trainee: "bench.trainee@example.org",
    },
    enrolments: made,
  };
}
