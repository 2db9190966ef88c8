/**
 * The online board's counts and pages come from the statuses stored in each enrolment (`boardSql`, kept by
 * triggers: app/domain/board-status.server.ts); the CSV computes every row in full from the raw rows
 * (`onlineRecords`). Both must agree for every filter: same counts per state, same trainees in the same order
 * on every page — at first, after writes of every kind to the rows the statuses derive from, and after the
 * edition's rules change.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBenchEdition } from "../../bench/edition";
import { type Db, openDatabase } from "~db/index.server";
import { findOnlineEdition, type OnlineEdition } from "~/domain/online-access.server";
import { progressBoard } from "~/domain/online-results.server";
import { BOARD_STATUSES } from "~/domain/online-rules";

let dir: string;
let db: Db;
let edition: OnlineEdition;
let stateCode: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-board-sql-"));
  const file = path.join(dir, "board.db");
  const built = await buildBenchEdition(file, 240);
  stateCode = built.stateCode;
  db = openDatabase(file);
  // results recorded for some trainees (as a close or an override would), so the result filters have rows
  db.$client.exec(
    `UPDATE enrolments SET online_result = CASE WHEN id % 3 = 0 THEN 'passed' ELSE 'not-passed' END WHERE id % 4 = 0`,
  );
  // some trainees have not started (the bench's trainees all have): no progress, attempts or submission
  db.$client.exec(
    `DELETE FROM module_progress WHERE enrolment_id % 11 = 5; DELETE FROM quiz_attempts WHERE enrolment_id % 11 = 5;
     DELETE FROM assignment_submissions WHERE enrolment_id % 11 = 5`,
  );
  const found = findOnlineEdition(db, built.editionId);
  if (!found) throw new Error("no edition");
  edition = found;
}, 120_000);

afterAll(() => {
  db?.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function expectAgreement(status: (typeof BOARD_STATUSES)[number] | null, scoped: boolean) {
  const state = scoped ? stateCode : null;
  const full = progressBoard({ db, edition, locale: "es", state, status, pageSize: null });
  const pageSize = 7;
  const first = progressBoard({ db, edition, locale: "es", state, status, pageSize });
  expect(first.summary).toEqual(full.summary);
  expect(first.total).toBe(full.total);
  expect(first.matching).toBe(full.matching);
  expect(first.pages).toBe(Math.max(1, Math.ceil(full.matching / pageSize)));
  for (const page of [1, 2, first.pages]) {
    const one = progressBoard({ db, edition, locale: "es", state, status, page, pageSize });
    expect(one.page).toBe(Math.min(page, first.pages));
    expect(one.rows).toEqual(full.rows.slice((one.page - 1) * pageSize, one.page * pageSize));
  }
}

function expectAllAgree() {
  for (const status of [null, ...BOARD_STATUSES]) for (const scoped of [false, true]) expectAgreement(status, scoped);
}

describe("online board from the stored statuses", () => {
  for (const status of [null, ...BOARD_STATUSES]) {
    for (const scoped of [false, true]) {
      it(`agrees with the full computation: status ${status ?? "any"}${scoped ? ", one state" : ""}`, () => {
        expectAgreement(status, scoped);
      });
    }
  }

  it("has trainees in every status, so the comparison above means something", () => {
    for (const status of BOARD_STATUSES) {
      expect(progressBoard({ db, edition, locale: "es", status }).matching, status).toBeGreaterThan(0);
    }
  });

  // Raw SQL on purpose: the triggers must follow every writer, including ones that bypass the domain.
  const ids = () => (db.$client.prepare("SELECT id FROM enrolments WHERE edition_id = ? AND status = 'enrolled' ORDER BY id").all(edition.id) as { id: number }[]).map((r) => r.id);
  const slugs = () => progressBoard({ db, edition, locale: "es" }).modules;
  it("still agrees after progress is written, completed, un-completed and deleted", () => {
    const [a, b, c, d] = ids().filter((id) => id % 11 === 5);
    const required = slugs().filter((m) => m.required && !m.hasQuiz);
    const any = slugs()[0];
    if (!a || !b || !c || !d || !any) throw new Error("fixture");
    const slug = (required[0] ?? any).slug;
    db.$client.prepare("INSERT INTO module_progress (enrolment_id, module_slug, started_at) VALUES (?, ?, '2026-01-01')").run(a, slug);
    db.$client.prepare("INSERT INTO module_progress (enrolment_id, module_slug, started_at, completed_at) VALUES (?, ?, '2026-01-01', '2026-01-02')").run(b, slug);
    expectAllAgree();
    db.$client.prepare("UPDATE module_progress SET completed_at = '2026-01-03' WHERE enrolment_id = ?").run(a);
    db.$client.prepare("UPDATE module_progress SET completed_at = NULL WHERE enrolment_id = ?").run(b);
    expectAllAgree();
    db.$client.prepare("DELETE FROM module_progress WHERE enrolment_id IN (?, ?)").run(a, b);
    db.$client.prepare("UPDATE module_progress SET completed_at = NULL WHERE id IN (SELECT id FROM module_progress WHERE completed_at IS NOT NULL ORDER BY id LIMIT 5)").run();
    expectAllAgree();
  });

  it("still agrees after quiz attempts are added, re-scored and deleted", () => {
    const quiz = slugs().find((m) => m.required && m.hasQuiz);
    if (!quiz) throw new Error("the bench course has a required module with a quiz");
    const [c] = ids().filter((id) => id % 11 === 5);
    // attempts whose score decides a completed module: the trainee's only attempt at that quiz, passed
    const some = db.$client
      .prepare(
        `SELECT q.id, q.enrolment_id AS e FROM quiz_attempts q
        JOIN module_progress m ON m.enrolment_id = q.enrolment_id AND m.module_slug = q.module_slug AND m.completed_at IS NOT NULL
        WHERE q.module_slug = ? AND q.score >= ?
          AND (SELECT COUNT(*) FROM quiz_attempts o WHERE o.enrolment_id = q.enrolment_id AND o.module_slug = q.module_slug) = 1
        ORDER BY q.id LIMIT 6`,
      )
      .all(quiz.slug, edition.quizPassMark) as { id: number; e: number }[];
    expect(some.length).toBe(6);
    db.$client.prepare("INSERT INTO quiz_attempts (enrolment_id, module_slug, attempt_no, score, passed, answers, submitted_at) SELECT ?, ?, 1, 100, 1, answers, submitted_at FROM quiz_attempts LIMIT 1").run(c, quiz.slug);
    expectAllAgree();
    for (const r of some) db.$client.prepare("UPDATE quiz_attempts SET score = 0 WHERE id = ?").run(r.id);
    expectAllAgree();
    db.$client.prepare("DELETE FROM quiz_attempts WHERE id IN (?, ?)").run(some[0]?.id, some[1]?.id);
    db.$client.prepare("DELETE FROM quiz_attempts WHERE enrolment_id = ?").run(c);
    expectAllAgree();
  });

  it("still agrees after submissions are written, graded and deleted", () => {
    const [d] = ids().filter((id) => id % 11 === 5).slice(3);
    const some = db.$client.prepare("SELECT id FROM assignment_submissions ORDER BY id LIMIT 6").all() as { id: number }[];
    db.$client.prepare("INSERT INTO assignment_submissions (enrolment_id, body, submitted_at) VALUES (?, 'x', '2026-01-01')").run(d);
    expectAllAgree();
    db.$client.prepare("UPDATE assignment_submissions SET graded_at = '2026-01-02', passed = 1, score = 90 WHERE id = ?").run(some[0]?.id);
    db.$client.prepare("UPDATE assignment_submissions SET graded_at = '2026-01-02', passed = 0, score = 10 WHERE id = ?").run(some[1]?.id);
    db.$client.prepare("UPDATE assignment_submissions SET graded_at = NULL, passed = NULL, score = NULL WHERE id = ?").run(some[2]?.id);
    expectAllAgree();
    db.$client.prepare("DELETE FROM assignment_submissions WHERE id = ? OR enrolment_id = ?").run(some[3]?.id, d);
    expectAllAgree();
  });

  it("recomputes the edition when its rules change (pass mark, required modules)", () => {
    db.$client.prepare("UPDATE editions SET quiz_pass_mark = 95 WHERE id = ?").run(edition.id);
    edition = { ...edition, quizPassMark: 95 };
    expectAllAgree();
    const first = slugs().find((m) => m.required);
    db.$client.prepare("UPDATE editions SET required_modules = ? WHERE id = ?").run(JSON.stringify([first?.slug]), edition.id);
    edition = findOnlineEdition(db, edition.id) ?? edition;
    expectAllAgree();
  });
});
