/**
 * Builds a large edition for the bench: 35 states × ~286 trainees (10,000 enrolments) in the online stage,
 * with module progress, quiz attempts and assignment submissions, plus a tutor, a coordinator and a trainee
 * who can sign in. People, course, edition, participations and enrolments come from the project's factories;
 * the progress rows are inserted directly (no screen creates 10,000 people's study history).
 *
 * The trainees and their enrolments go through the factories' bulk path (makeUsers, makeEnrolments: the very
 * rows makeUser/makeEnrolment write, 500 per INSERT) and the study history through multi-row INSERTs, all in
 * one transaction: ~85,000 rows in a few seconds instead of a minute or more of one INSERT (and one drizzle
 * query build) per row. `{ oneByOne: true }` writes the same world one row at a time through
 * makeUser/makeEnrolment, as before; tests/integration/bench-edition.test.ts checks both build the same rows.
 */
import { openDatabase } from "~db/index.server";
import {
  appointCoordinatorRow,
  ensureStates,
  makeCourse,
  makeEdition,
  type EnrolmentInput,
  insertRows,
  makeEnrolment,
  makeEnrolments,
  makeParticipation,
  makeUser,
  makeUsers,
  type UserInput,
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
  /** Seconds each phase of the build took (people and enrolments, study history, ANALYZE). */
  seconds: Record<string, number>;
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

/** One trainee's study history: a varied share of modules started/completed, a quiz attempt or two, some submissions. */
function studyHistory(n: number, enrolmentId: number, tutorId: number, at: string) {
  const progress: (typeof moduleProgress.$inferInsert)[] = [];
  const attempts: (typeof quizAttempts.$inferInsert)[] = [];
  const submissions: (typeof assignmentSubmissions.$inferInsert)[] = [];
  const done = n % (SLUGS.length + 1);
  for (const [mi, slug] of SLUGS.entries()) {
    if (mi > done) break;
    progress.push({ enrolmentId, moduleSlug: slug, startedAt: at, completedAt: mi < done ? at : null });
    if (mi < done) {
      for (let a = 1; a <= 1 + (n % 2); a++) {
        const score = 50 + ((n * 13 + mi * 7 + a * 11) % 51);
        attempts.push({ enrolmentId, moduleSlug: slug, attemptNo: a, answers: {}, score, passed: score >= 70, submittedAt: at });
      }
    }
  }
  if (n % 3 === 0) {
    submissions.push({
      enrolmentId,
      fileName: "assignment.pdf",
      fileType: "pdf",
      fileSize: 14,
      fileData: Buffer.from("%PDF-1.4 bench"),
      submittedAt: at,
      ...(n % 2 === 0 ? { gradedAt: at, gradedBy: tutorId, score: 80, passed: true } : {}),
    });
  }
  return { progress, attempts, submissions };
}

export async function buildBenchEdition(
  databaseUrl: string,
  total = 10_000,
  { oneByOne = false }: { oneByOne?: boolean } = {},
): Promise<BenchEdition> {
  const seconds: Record<string, number> = {};
  let lap = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    seconds[name] = (now - lap) / 1000;
    lap = now;
  };
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
  phase("open, migrate, tutor");
  const perState = Math.ceil(total / OAS_STATES.length);
  let made = 0;
  let historyRows = 0;
  let first: { enrolmentId: number; participationId: number; stateCode: string } | null = null;
  const at = new Date().toISOString();
  // One transaction per state (~286 trainees and their history): a server started meanwhile (npm run bench
  // starts it while this runs) waits a fraction of a second for the write lock, never the whole build.
  for (const [si, state] of OAS_STATES.entries()) {
    if (made >= total) break;
    sqlite.exec("BEGIN");
    try {
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
      const people: { n: number; user: UserInput }[] = [];
      for (let i = 0; i < perState && made < total; i++, made++) {
        const n = made;
        people.push({
          n,
          user: {
            email: n === 0 ? "bench.trainee@example.org" : `trainee${n}@example.org`,
            name: `${GIVEN[n % GIVEN.length]} ${FAMILY[(n * 7) % FAMILY.length]} ${n}`,
            role: "trainee",
            password: n === 0 ? BENCH_PASSWORD : null,
            stateCode: state.code,
          },
        });
      }
      const enrolmentInput = (userId: number): EnrolmentInput => ({ editionId: edition.id, participationId: p.id, userId });
      let enrolled: { id: number }[];
      if (oneByOne) {
        enrolled = [];
        for (const person of people) enrolled.push(makeEnrolment(db, enrolmentInput((await makeUser(db, person.user)).id)));
      } else {
        const users = await makeUsers(
          db,
          people.map((x) => x.user),
        );
        enrolled = makeEnrolments(
          db,
          users.map((u) => enrolmentInput(u.id)),
        );
      }
      const e0 = enrolled[0];
      if (!first && e0) first = { enrolmentId: e0.id, participationId: p.id, stateCode: state.code };
      const progress: (typeof moduleProgress.$inferInsert)[] = [];
      const attempts: (typeof quizAttempts.$inferInsert)[] = [];
      const submissions: (typeof assignmentSubmissions.$inferInsert)[] = [];
      for (const [i, person] of people.entries()) {
        const h = studyHistory(person.n, (enrolled[i] as { id: number }).id, tutor.id, at);
        historyRows += h.progress.length + h.attempts.length + h.submissions.length;
        if (oneByOne) {
          // one INSERT per row (a trainee's progress, then attempts, then submission)
          for (const row of h.progress) db.insert(moduleProgress).values(row).run();
          for (const row of h.attempts) db.insert(quizAttempts).values(row).run();
          for (const row of h.submissions) db.insert(assignmentSubmissions).values(row).run();
        } else {
          progress.push(...h.progress);
          attempts.push(...h.attempts);
          submissions.push(...h.submissions);
        }
      }
      insertRows(db, moduleProgress, progress);
      insertRows(db, quizAttempts, attempts);
      insertRows(db, assignmentSubmissions, submissions);
      sqlite.exec("COMMIT");
    } catch (err) {
      sqlite.exec("ROLLBACK");
      throw err;
    }
  }
  phase(`${made.toLocaleString("en")} trainees, enrolments and ${historyRows.toLocaleString("en")} rows of study history`);
  sqlite.exec("ANALYZE");
  sqlite.close();
  phase("ANALYZE");
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
    seconds,
  };
}
