/**
 * Closing the online stage of a few hundred trainees in batches (issue 11, point 4): each batch is read,
 * computed from its ids and written in its own transaction. The results must equal what the full
 * computation over the whole edition projects (what the close wrote when it computed everything up front),
 * and a close interrupted after some batches resumes where it stopped, with the same time, each trainee
 * audited once.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildBenchEdition } from "../../bench/edition";
import { type Db, openDatabase } from "~db/index.server";
import { auditLog, editions } from "~db/schema";
import { findOnlineEdition, type OnlineEdition } from "~/domain/online-access.server";
import { closeOnlineStage, closePreview, closeProgress, onlineRecords } from "~/domain/online-results.server";
import { encodeReasons } from "~/domain/online-rules";

const TRAINEES = 300;
let dir: string;
let template: string;
let db: Db;
let editionId: number;
let tutorId: number;
const CLOSE_AT = new Date(Date.now() + 200 * 86_400_000); // after the bench edition's online window

// the edition is built once and copied for each test (a real SQLite file each)
beforeEach(async () => {
  if (!template) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-close-batches-"));
    template = path.join(dir, "template.db");
    const built = await buildBenchEdition(template, TRAINEES);
    editionId = built.editionId;
    const t = openDatabase(template);
    // some trainees carry a result already, one overridden (as after a close, an override and a reopen):
    // the batches must replace them exactly as the full computation says
    t.$client.exec(
      `UPDATE enrolments SET online_result = 'passed', online_result_reason = 'all-requirements-met' WHERE id % 5 = 0;
       UPDATE enrolments SET online_result_overridden_by = (SELECT id FROM users WHERE email = 'bench.tutor@example.org'),
         online_result_override_reason = 'Prueba' WHERE id % 25 = 0;
       DELETE FROM module_progress WHERE enrolment_id % 7 = 3;
       -- a quarter of the trainees did everything: every module completed, every quiz at 100, the work passed
       INSERT OR IGNORE INTO module_progress (enrolment_id, module_slug, started_at)
         SELECT e.id, m.slug, '2026-01-01T00:00:00.000Z' FROM enrolments e, (SELECT DISTINCT module_slug AS slug FROM module_progress) m
         WHERE e.id % 4 = 0;
       UPDATE module_progress SET completed_at = started_at WHERE enrolment_id % 4 = 0;
       INSERT INTO quiz_attempts (enrolment_id, module_slug, attempt_no, answers, score, passed, submitted_at)
         SELECT enrolment_id, module_slug, 9, '{}', 100, 1, started_at FROM module_progress WHERE enrolment_id % 4 = 0;
       DELETE FROM assignment_submissions WHERE enrolment_id % 4 = 0;
       INSERT INTO assignment_submissions (enrolment_id, file_name, file_type, file_size, file_data, submitted_at, graded_at, score, passed)
         SELECT id, 'a.pdf', 'pdf', 3, X'255044', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', 80, 1 FROM enrolments WHERE id % 4 = 0;`,
    );
    t.$client.close();
  }
  const file = path.join(dir, `test-${Math.random().toString(36).slice(2)}.db`);
  fs.copyFileSync(template, file);
  db = openDatabase(file);
  tutorId = (db.$client.prepare("SELECT id FROM users WHERE email = 'bench.tutor@example.org'").get() as { id: number }).id;
}, 180_000);

afterEach(() => {
  db?.$client.close();
});

const edition = (): OnlineEdition => findOnlineEdition(db, editionId)!;

/** What the close used to write: every trainee's projected result, from one computation of the whole edition. */
function expectedResults() {
  return onlineRecords(db, edition(), "es")
    .rows.map((r) => ({ id: r.enrolmentId, result: r.projected.result, reason: encodeReasons(r.projected.reasons) }))
    .sort((a, b) => a.id - b.id);
}

function storedResults() {
  return db.$client
    .prepare(
      `SELECT id, online_result AS result, online_result_reason AS reason FROM enrolments
      WHERE edition_id = ? AND status = 'enrolled' ORDER BY id`,
    )
    .all(editionId) as { id: number; result: string; reason: string }[];
}

const resultAudits = () => db.select().from(auditLog).where(eq(auditLog.action, "enrolment.onlineResult")).all();

describe("closing the online stage in batches", () => {
  it("writes what the full computation projects, batch by batch, with an audit row for each changed result", async () => {
    const expected = expectedResults();
    expect(expected).toHaveLength(TRAINEES);
    // the comparison means something: both results occur, and some stored results will change
    expect(new Set(expected.map((r) => r.result))).toEqual(new Set(["passed", "not-passed"]));
    const before = storedResults();
    const changed = expected.filter((r, i) => r.result !== before[i]!.result || r.reason !== before[i]!.reason || r.id % 25 === 0).length;
    expect(changed).toBeGreaterThan(0);
    expect(changed).toBeLessThan(TRAINEES);

    const seen: number[] = [];
    const counts = await closeOnlineStage({
      db,
      actor: { id: tutorId },
      edition: edition(),
      now: CLOSE_AT,
      batchSize: 37,
      overrideReason: "Cierre de prueba",
      onProgress: ({ done, total }) => {
        expect(total).toBe(TRAINEES);
        seen.push(done);
      },
    });
    expect(seen).toEqual([...Array.from({ length: Math.floor(TRAINEES / 37) }, (_, i) => (i + 1) * 37), TRAINEES]);
    expect(storedResults()).toEqual(expected);
    const passed = expected.filter((r) => r.result === "passed").length;
    expect(counts).toEqual({ passed, notPassed: TRAINEES - passed });
    expect(resultAudits()).toHaveLength(changed);
    const overrides = db.$client
      .prepare("SELECT COUNT(*) AS n FROM enrolments WHERE edition_id = ? AND online_result_overridden_by IS NOT NULL")
      .get(editionId) as { n: number };
    expect(overrides.n).toBe(0);
    const ed = db.select().from(editions).where(eq(editions.id, editionId)).get()!;
    expect(ed.onlineClosedAt).toBe(CLOSE_AT.toISOString());
    expect(ed.onlineClosingAt).toBeNull();
    expect(closeProgress(db, editionId)).toMatchObject({ state: "closed", done: TRAINEES, total: TRAINEES, passed });
  });

  it("resumes an interrupted close where it stopped: same time, every trainee once", async () => {
    const expected = expectedResults();
    let batches = 0;
    // the process "dies" after the third batch committed
    await expect(
      closeOnlineStage({
        db,
        actor: { id: tutorId },
        edition: edition(),
        now: CLOSE_AT,
        batchSize: 50,
        overrideReason: "Cierre de prueba",
        onProgress: () => {
          batches += 1;
          if (batches === 3) throw new Error("crash");
        },
      }),
    ).rejects.toThrow("crash");
    expect(closeProgress(db, editionId)).toMatchObject({ state: "interrupted", startedAt: CLOSE_AT.toISOString(), done: 150, total: TRAINEES });
    expect(edition().onlineClosedAt).toBeNull();
    const auditsSoFar = resultAudits().length;
    // the page says so, and shows one page of trainees, never all of them
    const preview = closePreview({ db, edition: edition(), locale: "es", page: 2, pageSize: 100 });
    expect(preview.progress.state).toBe("interrupted");
    expect(preview.rows).toHaveLength(100);
    expect(preview.pages).toBe(3);

    const later = new Date(CLOSE_AT.getTime() + 3_600_000);
    const done: number[] = [];
    await closeOnlineStage({
      db,
      actor: { id: tutorId },
      edition: edition(),
      now: later,
      batchSize: 50,
      overrideReason: "Cierre de prueba",
      onProgress: (p) => done.push(p.done),
    });
    // only the remaining 150, continuing from the count already done
    expect(done).toEqual([200, 250, 300]);
    expect(storedResults()).toEqual(expected);
    const times = db.$client.prepare("SELECT DISTINCT online_result_at AS at FROM enrolments WHERE edition_id = ?").all(editionId);
    expect(times).toEqual([{ at: CLOSE_AT.toISOString() }]);
    expect(edition().onlineClosedAt).toBe(CLOSE_AT.toISOString());
    const audits = resultAudits();
    expect(audits.length).toBeGreaterThan(auditsSoFar);
    expect(new Set(audits.map((a) => a.entityId)).size).toBe(audits.length);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "edition.closeOnlineStage")).all()).toHaveLength(1);
  });

  it("counts the ungraded assignments in SQL and refuses without a reason, writing nothing", async () => {
    const preview = closePreview({ db, edition: edition(), locale: "es" });
    expect(preview.ungraded.length).toBeLessThanOrEqual(20);
    const fullCount = onlineRecords(db, edition(), "es").rows.filter((r) => r.assignment === "submitted").length;
    expect(preview.ungradedCount).toBe(fullCount);
    expect(fullCount).toBeGreaterThan(0);
    await expect(closeOnlineStage({ db, actor: { id: tutorId }, edition: edition(), now: CLOSE_AT })).rejects.toMatchObject({
      key: "course:close.errors.ungraded",
    });
    expect(db.select().from(editions).where(eq(editions.id, editionId)).get()!.onlineClosingAt).toBeNull();
    expect(resultAudits()).toHaveLength(0);
  });
});
