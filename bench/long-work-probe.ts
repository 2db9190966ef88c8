/**
 * In-process diagnostic for issue 11 point 4 (docs/decisions/009, fourth round): how long the close of the
 * online stage and a bulk issue hold the event loop at a time, in CPU-ms (what a quiet core would wait) and
 * in wall-clock ms (what this machine under its load waited), without HTTP.
 *
 *   BENCH_TRAINEES=2000 npx tsx bench/long-work-probe.ts        (ISSUE_SECONDS=8: how long the issue runs)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "~db/index.server";
import { bulkIssue } from "~/domain/certificates/issue.server";
import { findOnlineEdition } from "~/domain/online-access.server";
import { closeOnlineStage } from "~/domain/online-results.server";
import { prepareCertification } from "./certification";
import { buildBenchEdition } from "./edition";

/** Runs `work`, calling `mark()` at each point where it yields; prints the longest stretches between marks. */
async function measure(name: string, work: (mark: () => void) => Promise<unknown>) {
  const stretches: { wall: number; cpu: number }[] = [];
  let wall = performance.now();
  let cpu = process.cpuUsage();
  const mark = () => {
    const c = process.cpuUsage(cpu);
    stretches.push({ wall: performance.now() - wall, cpu: (c.user + c.system) / 1000 });
    wall = performance.now();
    cpu = process.cpuUsage();
  };
  // the event loop's own view: the longest gap between 5 ms timer ticks
  let last = performance.now();
  let gap = 0;
  const gaps: { at: number; ms: number; step: number }[] = [];
  const timer = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    // PROBE_GAPS=<file>: every gap over 50 ms, in the monotonic clock of a --cpu-prof profile (µs), to find it there
    if (now - last > 50) gaps.push({ at: Number(process.hrtime.bigint() / 1000n) - (now - last) * 1000, ms: now - last, step: stretches.length });
    last = now;
  }, 5);
  const t0 = performance.now();
  await work(mark).catch((err: Error) => (err.message === "stop" ? undefined : Promise.reject(err)));
  clearInterval(timer);
  if (process.env.PROBE_GAPS) fs.appendFileSync(process.env.PROBE_GAPS, `${JSON.stringify({ name, gaps })}\n`);
  const byCpu = [...stretches].sort((a, b) => b.cpu - a.cpu);
  const byWall = [...stretches].sort((a, b) => b.wall - a.wall);
  console.log(
    `${name}: ${stretches.length} steps in ${((performance.now() - t0) / 1000).toFixed(1)} s; longest step ${byCpu[0]?.cpu.toFixed(0)} CPU-ms ` +
      `(median ${byCpu[Math.floor(byCpu.length / 2)]?.cpu.toFixed(0)}), longest wall ${byWall[0]?.wall.toFixed(0)} ms; longest event-loop gap ${gap.toFixed(0)} ms`,
  );
}

async function main() {
  const n = Number(process.env.BENCH_TRAINEES ?? 2000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-long-work-"));
  const file = path.join(dir, "b.db");
  const ed = await buildBenchEdition(file, n);
  let db = openDatabase(file);
  const tutor = (db.$client.prepare("SELECT id FROM users WHERE email = ?").get(ed.logins.tutor) as { id: number }).id;
  const edition = findOnlineEdition(db, ed.editionId)!;
  const batchSize = Number(process.env.CLOSE_BATCH ?? 50);
  await measure(`close of ${n} trainees, batches of ${batchSize}`, (mark) =>
    closeOnlineStage({ db, actor: { id: tutor }, edition, batchSize, overrideReason: "bench", now: new Date(Date.now() + 200 * 86_400_000), onProgress: mark }),
  );
  db.$client.close();
  prepareCertification(file, ed.editionId);
  db = openDatabase(file);
  const stop = Date.now() + Number(process.env.ISSUE_SECONDS ?? 8) * 1000;
  await measure("bulk issue (per certificate)", (mark) =>
    bulkIssue({
      db,
      actor: { id: tutor },
      editionId: ed.editionId,
      notify: false,
      onProgress: () => {
        mark();
        if (Date.now() > stop) throw new Error("stop");
      },
    }),
  );
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
