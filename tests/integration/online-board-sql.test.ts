/**
 * The online board's counts and pages come from aggregate SQL (`boardSql`); the CSV computes every row in
 * full (`onlineRecords`). Both must agree for every filter: same counts per state, same trainees in the same
 * order on every page.
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

describe("online board from aggregate SQL", () => {
  for (const status of [null, ...BOARD_STATUSES]) {
    for (const scoped of [false, true]) {
      it(`agrees with the full computation: status ${status ?? "any"}${scoped ? ", one state" : ""}`, () => {
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
      });
    }
  }

  it("has trainees in every status, so the comparison above means something", () => {
    for (const status of BOARD_STATUSES) {
      expect(progressBoard({ db, edition, locale: "es", status }).matching, status).toBeGreaterThan(0);
    }
  });
});
