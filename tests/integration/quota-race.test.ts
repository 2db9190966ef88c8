/**
 * The quota holds under concurrency: 100 nominations fired at once at a participation with 10
 * seats, from 4 separate processes sharing the SQLite file (so the guarantee does not rest on Node
 * being single-threaded). Exactly 10 enrolled, 90 waitlisted, no errors, no duplicates.
 * (tests/e2e/nominations.spec.ts fires 100 parallel HTTP requests at the real server as well.)
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { enrolments } from "~db/schema";
import { appointCoordinatorRow, ensureStates, makeCourse, makeEdition, makeParticipation, makeUser, testDb } from "../factories";

const t = testDb();
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill();
  t.cleanup();
});

/** Starts a worker; `ready` settles once it has opened the database, `done` with its output when it ends. */
function startWorker(args: string[]) {
  const child = spawn(path.resolve("node_modules/.bin/tsx"), args, { stdio: ["pipe", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  let err = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout!.on("data", (d) => {
    out += d;
    if (out.startsWith("ready\n")) markReady();
  });
  child.stderr!.on("data", (d) => {
    err += d;
  });
  const done = new Promise<string>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out.slice("ready\n".length)) : reject(new Error(`worker exited with ${code}: ${err}`))));
  });
  // a worker that dies before it is ready fails the test at once instead of leaving it waiting
  return { child, ready: Promise.race([ready, done.then(() => {})]), done };
}

describe("quota under concurrent nominations", () => {
  it("100 parallel nominations from 4 processes → exactly 10 enrolled, 90 waitlisted", async () => {
    ensureStates(t.db);
    const course = makeCourse(t.db);
    const edition = makeEdition(t.db, { courseId: course.id, status: "nominations" });
    const p = makeParticipation(t.db, { editionId: edition.id, stateCode: "PY", quota: 10 });
    const coord = await makeUser(t.db, { email: "coord.race@example.org", name: "Coord", role: "coordinator", password: "race password" });
    appointCoordinatorRow(t.db, p.id, coord.id);

    const worker = path.resolve("tests/integration/fixtures/nominate-worker.ts");
    const workers = [0, 25, 50, 75].map((from) => startWorker([worker, t.file, String(p.id), String(coord.id), String(from), "25"]));
    // all four started (tsx and the app loaded: the slow part on a busy machine), then all go at once
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.child.stdin!.end("go\n");
    const results = await Promise.all(workers.map((w) => w.done));
    const failures = results.flatMap((stdout) => (JSON.parse(stdout) as { failed: string[] }).failed);
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
    // four processes starting tsx and the app take most of this on a loaded machine; the nominations
    // themselves wait up to 60 s for the write lock (nominate-worker.ts)
  }, 180_000);
});
