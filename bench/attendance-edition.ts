/**
 * For the bench's slow-link figures: one state's face-to-face stage of 285 trainees, with one planned session,
 * in an edition in the face-to-face phase (so the attendance sheet is editable), and a coordinator who can sign
 * in. People, edition, participation and enrolments come from the project's factories (the trainees through their
 * bulk path, makeUsers/makeEnrolments); the session row is
 * inserted directly (the planning screen is not what is measured here).
 */
import { openDatabase } from "~db/index.server";
import { appointCoordinatorRow, makeEdition, makeEnrolments, makeParticipation, makeUser, makeUsers } from "~db/seed/factories";
import { courses, faceToFaceSessions } from "~db/schema";
import { BENCH_PASSWORD } from "./edition";

export interface AttendanceBench {
  participationId: number;
  sessionId: number;
  coordinator: string;
  trainees: number;
}

export async function buildAttendanceBench(databaseUrl: string, trainees = 285): Promise<AttendanceBench> {
  const db = openDatabase(databaseUrl);
  const sqlite = db.$client;
  const course = db.select({ id: courses.id }).from(courses).limit(1).get();
  if (!course) throw new Error("build the bench edition first (it makes the course)");
  const coordinator = "bench.coord.f2f@example.org";
  const coord = await makeUser(db, {
    email: coordinator,
    name: "Bench Coordinadora presencial (ficticia)",
    role: "coordinator",
    password: BENCH_PASSWORD,
    stateCode: "PY",
  });
  const edition = makeEdition(db, { courseId: course.id, name: "Bench presencial", status: "face-to-face", today: new Date(Date.now() - 200 * 86_400_000) });
  const p = makeParticipation(db, { editionId: edition.id, stateCode: "PY", quota: trainees, venue: "Asunción (ficticio)" });
  appointCoordinatorRow(db, p.id, coord.id);
  sqlite.exec("BEGIN");
  try {
    const users = await makeUsers(
      db,
      Array.from({ length: trainees }, (_, i) => ({
        email: `f2f.trainee${i}@example.org`,
        name: `Participante presencial ${String(i + 1).padStart(3, "0")} (ficticio)`,
        role: "trainee" as const,
        stateCode: "PY",
      })),
    );
    makeEnrolments(
      db,
      users.map((u) => ({ editionId: edition.id, participationId: p.id, userId: u.id })),
    );
    sqlite.exec("COMMIT");
  } catch (err) {
    sqlite.exec("ROLLBACK");
    throw err;
  }
  const session = db
    .insert(faceToFaceSessions)
    .values({ participationId: p.id, date: edition.faceToFaceStartsOn, startTime: "09:00", endTime: "13:00", venue: "Sala 1", hours: 4 })
    .returning()
    .get();
  sqlite.close();
  return { participationId: p.id, sessionId: session.id, coordinator, trainees };
}
