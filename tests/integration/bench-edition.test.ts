/**
 * The factories' bulk path (makeUsers, makeEnrolments, insertRows) writes the rows the one-by-one factories
 * (makeUser, makeEnrolment, drizzle's insert per row) write: the bench's edition built both ways has the same
 * tables, counts, statuses and values, keyed by e-mail (ids and the build's timestamps aside).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBenchEdition } from "../../bench/edition";
import { openDatabase } from "~db/index.server";
import { assignmentSubmissions, editions } from "~db/schema";
import { testDb } from "../factories";
import {
  ensureStates,
  insertRows,
  makeCourse,
  makeEdition,
  makeEnrolment,
  makeEnrolments,
  makeParticipation,
  makeUser,
  makeUsers,
} from "~db/seed/factories";

let dir: string;
const TRAINEES = 80; // 3 per state: 27 states, the last one short

/** Every row the bench writes, without ids and with each timestamp reduced to "set or not". */
function snapshot(file: string) {
  const sqlite = openDatabase(file).$client;
  const all = (q: string) => sqlite.prepare(q).all();
  const set = (c: string) => `${c} IS NOT NULL AS ${c.replace(/^\w+\./, "")}_set`;
  const who = "(SELECT email FROM users WHERE users.id = e.user_id)";
  const out = {
    counts: Object.fromEntries(
      ["users", "enrolments", "participations", "coordinator_appointments", "module_progress", "quiz_attempts", "assignment_submissions"].map(
        (t) => [t, (sqlite.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n],
      ),
    ),
    users: all(
      `SELECT email, name, role, status, password_hash IS NOT NULL AS has_password, locale, institution, position, state_code,
              signatory_title, signature_png, erased_at, ${set("created_at")}, ${set("updated_at")} FROM users ORDER BY email`,
    ),
    enrolments: all(
      `SELECT ${who} AS email, p.state_code, e.status, ${set("e.nominated_at")}, e.nominated_by, ${set("e.enrolled_at")}, e.withdrawn_at,
              e.online_result, ${set("e.created_at")}
       FROM enrolments e JOIN participations p ON p.id = e.participation_id ORDER BY email`,
    ),
    statuses: all("SELECT status, count(*) AS n FROM enrolments GROUP BY status ORDER BY status"),
    progress: all(
      `SELECT ${who} AS email, m.module_slug, ${set("m.started_at")}, ${set("m.completed_at")}
       FROM module_progress m JOIN enrolments e ON e.id = m.enrolment_id ORDER BY email, m.module_slug`,
    ),
    attempts: all(
      `SELECT ${who} AS email, q.module_slug, q.attempt_no, q.answers, q.score, q.passed, ${set("q.submitted_at")}
       FROM quiz_attempts q JOIN enrolments e ON e.id = q.enrolment_id ORDER BY email, q.module_slug, q.attempt_no`,
    ),
    submissions: all(
      `SELECT ${who} AS email, s.file_name, s.file_type, s.file_size, s.file_data, ${set("s.graded_at")},
              (SELECT email FROM users WHERE users.id = s.graded_by) AS graded_by, s.score, s.passed
       FROM assignment_submissions s JOIN enrolments e ON e.id = s.enrolment_id ORDER BY email`,
    ),
  };
  sqlite.close();
  return out;
}

let bulk: ReturnType<typeof snapshot>;
let oneByOne: ReturnType<typeof snapshot>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-bench-edition-"));
  await buildBenchEdition(path.join(dir, "bulk.db"), TRAINEES);
  await buildBenchEdition(path.join(dir, "one.db"), TRAINEES, { oneByOne: true });
  bulk = snapshot(path.join(dir, "bulk.db"));
  oneByOne = snapshot(path.join(dir, "one.db"));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the bench edition, built through the bulk path and one row at a time", () => {
  it("has the same number of rows in every table, and the edition it was asked for", () => {
    expect(bulk.counts).toEqual(oneByOne.counts);
    expect(bulk.counts.enrolments).toBe(TRAINEES);
    expect(bulk.counts.users).toBe(TRAINEES + 2); // a tutor and a coordinator
    expect(bulk.counts.module_progress).toBeGreaterThan(TRAINEES);
    expect(bulk.counts.quiz_attempts).toBeGreaterThan(TRAINEES);
    expect(bulk.counts.assignment_submissions).toBeGreaterThan(0);
  });

  it("has the same statuses and values, row for row", () => {
    expect(bulk.statuses).toEqual([{ status: "enrolled", n: TRAINEES }]);
    expect(bulk.statuses).toEqual(oneByOne.statuses);
    expect(bulk.users).toEqual(oneByOne.users);
    expect(bulk.enrolments).toEqual(oneByOne.enrolments);
    expect(bulk.progress).toEqual(oneByOne.progress);
    expect(bulk.attempts).toEqual(oneByOne.attempts);
    expect(bulk.submissions).toEqual(oneByOne.submissions);
  });

  it("fills the columns' defaults and maps values as drizzle does (booleans, JSON, null)", () => {
    const graded = bulk.submissions.find((s) => (s as { graded_at_set: number }).graded_at_set === 1) as Record<string, unknown>;
    const ungraded = bulk.submissions.find((s) => (s as { graded_at_set: number }).graded_at_set === 0) as Record<string, unknown>;
    expect(graded).toMatchObject({ passed: 1, score: 80, graded_by: "bench.tutor@example.org" });
    expect(ungraded).toMatchObject({ passed: null, score: null, graded_by: null });
    expect(bulk.attempts[0]).toMatchObject({ answers: "{}" });
    expect(bulk.users.every((u) => (u as { created_at_set: number }).created_at_set === 1)).toBe(true);
  });
});

describe("makeUsers and makeEnrolments", () => {
  it("write what makeUser and makeEnrolment write, ids in input order", async () => {
    const { db, cleanup } = testDb();
    try {
      ensureStates(db);
      const course = makeCourse(db);
      const edition = makeEdition(db, { courseId: course.id });
      const p = makeParticipation(db, { editionId: edition.id, stateCode: "UY", quota: 5 });
      const input = (email: string) => ({
        email,
        name: "Ana Ficticia",
        role: "coordinator" as const,
        password: "una-clave-larga-2027",
        locale: "pt" as const,
        stateCode: "UY",
        institution: "Ministerio (ficticio)",
        position: "Directora",
        signatoryTitle: "Directora (ficticia)",
      });
      const one = await makeUser(db, input("One@Example.org"));
      const [many, plain] = await makeUsers(db, [input("Many@Example.org"), { email: "plain@example.org", name: "Sin Clave", role: "trainee" }]);
      const row = (id: number) => db.$client.prepare("SELECT * FROM users WHERE id = ?").get(id) as Record<string, unknown>;
      const { id: _a, email: e1, password_hash: h1, created_at: _c1, updated_at: _u1, ...a } = row(one.id);
      const { id: _b, email: e2, password_hash: h2, created_at: _c2, updated_at: _u2, ...b } = row((many as { id: number }).id);
      expect(b).toEqual(a);
      expect([e1, e2]).toEqual(["one@example.org", "many@example.org"]);
      expect(String(h2)).toMatch(/^scrypt\$/);
      expect(h1).toBeTruthy();
      expect(row((plain as { id: number }).id)).toMatchObject({ email: "plain@example.org", status: "invited", password_hash: null, locale: null });

      const single = makeEnrolment(db, { editionId: edition.id, participationId: p.id, userId: one.id });
      const [bulkOne, bulkTwo] = makeEnrolments(db, [
        { editionId: edition.id, participationId: p.id, userId: (many as { id: number }).id },
        { editionId: edition.id, participationId: p.id, userId: (plain as { id: number }).id, status: "nominated" },
      ]);
      const enrolment = (id: number) => db.$client.prepare("SELECT * FROM enrolments WHERE id = ?").get(id) as Record<string, unknown>;
      const strip = ({ id: _i, user_id: _u, nominated_at: _n, enrolled_at: en, created_at: _c, ...rest }: Record<string, unknown>) => ({
        ...rest,
        enrolled: en !== null,
      });
      expect(strip(enrolment((bulkOne as { id: number }).id))).toEqual(strip(enrolment(single.id)));
      expect(enrolment((bulkOne as { id: number }).id).user_id).toBe((many as { id: number }).id);
      // insertRows maps each value as drizzle's own insert does: an explicit null stays NULL (not false, not "null")
      const submission = {
        enrolmentId: single.id,
        fileName: "a.pdf",
        fileType: "pdf" as const,
        fileSize: 3,
        fileData: Buffer.from("pdf"),
        submittedAt: "2027-01-01T00:00:00.000Z",
        passed: null,
        score: null,
      };
      const viaDrizzle = db.insert(assignmentSubmissions).values(submission).returning().get().id;
      const [viaBulk] = insertRows(db, assignmentSubmissions, [{ ...submission, enrolmentId: (bulkOne as { id: number }).id }]);
      const sub = (id: number) => db.$client.prepare("SELECT * FROM assignment_submissions WHERE id = ?").get(id) as Record<string, unknown>;
      const { id: _s1, enrolment_id: _e1, created_at: _t1, ...fromDrizzle } = sub(viaDrizzle);
      const { id: _s2, enrolment_id: _e2, created_at: _t2, ...fromBulk } = sub((viaBulk as { id: number }).id);
      expect(fromBulk).toEqual(fromDrizzle);
      expect(fromBulk).toMatchObject({ passed: null, score: null });
      // a column left out gets its default, literal (editions.certificate_bilingual: false) or SQL (created_at)
      const edition2 = { courseId: course.id, name: "Otra", nominationOpensOn: "2027-01-01", nominationClosesOn: "2027-02-01", onlineStartsOn: "2027-03-01", onlineEndsOn: "2027-04-01", faceToFaceStartsOn: "2027-05-01", faceToFaceEndsOn: "2027-06-01", assignmentDueOn: "2027-03-30" };
      const [viaBulkEdition] = insertRows(db, editions, [edition2]);
      const ed = db.$client.prepare("SELECT * FROM editions WHERE id = ?").get((viaBulkEdition as { id: number }).id) as Record<string, unknown>;
      expect(ed).toMatchObject({ certificate_bilingual: 0, status: "draft", name: "Otra" });
      expect(ed.created_at).toMatch(/^20\d\d-/);
      expect(enrolment((bulkTwo as { id: number }).id)).toMatchObject({ user_id: (plain as { id: number }).id, status: "nominated", enrolled_at: null });
    } finally {
      cleanup();
    }
  });
});
