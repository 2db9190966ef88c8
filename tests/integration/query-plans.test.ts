/**
 * The boards' queries use indexes: every SQL statement a board runs is captured and its EXPLAIN QUERY PLAN
 * checked; a full scan of a table that grows with an edition (enrolments, progress, attempts, submissions,
 * users, certificates, audit log) fails the test. The edition is built as the bench builds it, then ANALYZEd.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBenchEdition } from "../../bench/edition";
import { type Db, openDatabase } from "~db/index.server";
import { findOnlineEdition } from "~/domain/online-access.server";
import { progressBoard } from "~/domain/online-results.server";
import { listAuditEntries } from "~/domain/audit.server";
import { editionReport } from "~/domain/reports.server";

const LARGE = ["enrolments", "module_progress", "quiz_attempts", "assignment_submissions", "users", "certificates", "audit_log"];

let dir: string;
let db: Db;
let editionId: number;
let stateCode: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-plans-"));
  const file = path.join(dir, "plans.db");
  const built = await buildBenchEdition(file, 700);
  editionId = built.editionId;
  stateCode = built.stateCode;
  db = openDatabase(file);
}, 120_000);

afterAll(() => {
  db?.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every SQL text prepared while `fn` runs. */
function capture(fn: () => void): string[] {
  const sqlite = db.$client;
  const prepare = sqlite.prepare;
  const seen = new Set<string>();
  sqlite.prepare = ((source: string) => {
    seen.add(source);
    return prepare.call(sqlite, source);
  }) as typeof sqlite.prepare;
  try {
    fn();
  } finally {
    sqlite.prepare = prepare;
  }
  return [...seen];
}

/** The plan lines that scan a large table from end to end. */
function fullScans(sql: string): string[] {
  const params = (sql.match(/\?/g) ?? []).map(() => null); // the plan does not depend on the values here
  const plan = db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return plan
    .map((p) => p.detail)
    .filter((d) => {
      const m = /^SCAN (\w+)/.exec(d);
      return m !== null && LARGE.includes(m[1] as string);
    });
}

describe("the boards' query plans on a large edition", () => {
  it("the online progress board (all states, one state, a status) never scans a large table", () => {
    const edition = findOnlineEdition(db, editionId);
    if (!edition) throw new Error("no edition");
    const statements = [
      ...capture(() => progressBoard({ db, edition, locale: "en" })),
      ...capture(() => progressBoard({ db, edition, locale: "en", state: stateCode })),
      ...capture(() => progressBoard({ db, edition, locale: "en", status: "to-grade", page: 2 })),
    ];
    expect(statements.length).toBeGreaterThan(3);
    const scans = statements.flatMap((sql) => fullScans(sql).map((d) => `${d}  ←  ${sql}`));
    if (process.env.PLANS) for (const sql of statements) console.log(sql, db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(sql.match(/\?/g) ?? []).map(() => null)));
    expect(scans).toEqual([]);
  });

  it("the edition report (all states, one state) and the audit page's filters never scan a large table", () => {
    const staff = { role: "tutor", coordinations: [] };
    const coordinator = { role: "coordinator", coordinations: [{ participationId: 1 }] };
    const statements = [
      ...capture(() => editionReport({ db, editionId, locale: "en" })),
      ...capture(() => editionReport({ db, editionId, stateCode, locale: "en" })),
      ...capture(() => listAuditEntries({ db, reader: staff, filters: { editionId } })),
      ...capture(() => listAuditEntries({ db, reader: staff, filters: { stateCode, from: "2020-01-01", to: "2030-12-31" } })),
      ...capture(() => listAuditEntries({ db, reader: staff, filters: { userId: 5, action: "enrolment.nominate" }, before: 1000 })),
      ...capture(() => listAuditEntries({ db, reader: coordinator, filters: {} })),
    ];
    expect(statements.length).toBeGreaterThan(5);
    const scans = statements.flatMap((sql) => fullScans(sql).map((d) => `${d}  ←  ${sql}`));
    expect(scans).toEqual([]);
  });

  it("the check itself notices a full scan", () => {
    expect(fullScans("SELECT * FROM module_progress WHERE completed_at IS NOT NULL")).not.toEqual([]);
  });
});
