/**
 * The quota holds under concurrency: 100 nominations fired at once at a participation with 10
 * seats, from 4 separate processes sharing the SQLite file (so the guarantee does not rest on Node
 * being single-threaded). Exactly 10 enrolled, 90 waitlisted, no errors, no duplicates.
 * (tests/e2e/nominations.spec.ts fires 100 parallel HTTP requests at the real server as well.)
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { enrolments } from "~db/schema";
import { appointCoordinatorRow, ensureStates, makeCourse, makeEdition, makeParticipation, makeUser, testDb } from "../factories";

const run = promisify(execFile);
const t = testDb();
afterAll(() => t.cleanup());

describe("quota under concurrent nominations", () => {
  it("100 parallel nominations from 4 processes → exactly 10 enrolled, 90 waitlisted", async () => {
    ensureStates(t.db);
    const course = makeCourse(t.db);
    const edition = makeEdition(t.db, { courseId: course.id, status: "nominations" });
    const p = makeParticipation(t.db, { editionId: edition.id, stateCode: "PY", quota: 10 });
    const coord = await makeUser(t.db, { email: "coord.race@example.org", name: "Coord", role: "coordinator", password: "race password" });
    appointCoordinatorRow(t.db, p.id, coord.id);

    const worker = path.resolve("tests/integration/fixtures/nominate-worker.ts");
    const tsx = path.resolve("node_modules/.bin/tsx");
    const results = await Promise.all(
      [0, 25, 50, 75].map((from) => run(tsx, [worker, t.file, String(p.id), String(coord.id), String(from), "25"], { timeout: 60_000 })),
    );
    const failures = results.flatMap((r) => (JSON.parse(r.stdout) as { failed: string[] }).failed);
    expect(failures).toEqual([]);

    const counts = t.db
      .select({ status: enrolments.status, n: sql<number>`count(*)` })
      .from(enrolments)
      .where(eq(enrolments.participationId, p.id))
      .groupBy(enrolments.status)
      .all();
    expect(Object.fromEntries(counts.map((c) => [c.status, c.n]))).toEqual({ enrolled: 10, waitlisted: 90 });
    const distinctUsers = t.db.select({ n: sql<number>`count(distinct user_id)` }).from(enrolments).get()!.n;
    expect(distinctUsers).toBe(100);
  }, 90_000);
});
