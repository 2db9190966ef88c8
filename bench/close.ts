/**
 * Long work off the request path (issue 11): while the tutor closes the online stage of the 10,000-trainee
 * edition, and then while a bulk issue of its certificates runs, a stream of other requests (the health
 * check and a verification page, one after another) measures how long anyone else waits. Target: no
 * request blocked for more than 200 ms.
 *
 *   npx tsx bench/close.ts
 *   BENCH_TRAINEES=2000 BENCH_ISSUE_SECONDS=10 npx tsx bench/close.ts
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuild, request, signIn, startApp, waitForServer } from "./boards";
import { prepareCertification } from "./certification";
import { buildBenchEdition } from "./edition";

const TARGET_MS = 200;

/** Requests one after another until `stop()`; returns every latency (ms). */
function probe(port: number) {
  const latencies: number[] = [];
  let running = true;
  const paths = ["/healthz", "/verify/BENCHNOSUCHCODE0000"];
  const done = (async () => {
    for (let i = 0; running; i++) {
      const r = await request(port, paths[i % paths.length] as string, { headers: { "Accept-Language": "es" } });
      latencies.push(r.ms);
      await new Promise((res) => setTimeout(res, 5));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return latencies;
    },
  };
}

function summary(name: string, latencies: number[], tookMs: number): boolean {
  const sorted = [...latencies].sort((a, b) => a - b);
  const max = sorted[sorted.length - 1] ?? Number.NaN;
  const p99 = sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))] ?? Number.NaN;
  const ok = max < TARGET_MS;
  console.log(
    `${name.padEnd(34)} took ${(tookMs / 1000).toFixed(1).padStart(6)} s · ${String(sorted.length).padStart(5)} other requests meanwhile · p99 ${p99.toFixed(0).padStart(4)} ms · max ${max.toFixed(0).padStart(5)} ms ${ok ? "✓" : "✗"}<${TARGET_MS}`,
  );
  return ok;
}

const form = (fields: Record<string, string>, cookie: string) => {
  const body = new URLSearchParams(fields).toString();
  return {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(Buffer.byteLength(body)), Cookie: cookie },
  };
};

async function main() {
  const trainees = Number(process.env.BENCH_TRAINEES ?? 10_000);
  const issueSeconds = Number(process.env.BENCH_ISSUE_SECONDS ?? 15);
  const port = Number(process.env.BENCH_PORT ?? 3394);
  ensureBuild();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-close-"));
  const databaseUrl = path.join(dir, "bench.db");
  const edition = await buildBenchEdition(databaseUrl, trainees);
  console.log(`${edition.enrolments} enrolments in the online stage`);
  let app = startApp(databaseUrl, port);
  try {
    await waitForServer(port);
    let tutor = await signIn(port, edition.logins.tutor);

    const idle = probe(port);
    await new Promise((r) => setTimeout(r, 2000));
    summary("nothing else running (baseline)", await idle.stop(), 2000);

    const closing = probe(port);
    const t0 = performance.now();
    const closed = await request(port, `/editions/${edition.editionId}/online/close`, form({ intent: "close", confirm: "on" }, tutor));
    const closeMs = performance.now() - t0;
    if (closed.status >= 400) throw new Error(`closing answered ${closed.status}`);
    const closeOk = summary(`closing the online stage (${closed.status})`, await closing.stop(), closeMs);

    // certification: assessments, sign-offs and approvals written directly (bench/certification.ts), then a bulk issue
    app.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    prepareCertification(databaseUrl, edition.editionId);
    app = startApp(databaseUrl, port);
    await waitForServer(port);
    tutor = await signIn(port, edition.logins.tutor);
    const before = JSON.parse((await request(port, `/editions/${edition.editionId}/certificates/progress`, { headers: { Cookie: tutor } })).body.toString()) as {
      issued: number;
      ready: number;
    };
    const issuing = probe(port);
    const t1 = performance.now();
    void request(port, `/editions/${edition.editionId}/certificates`, form({ intent: "issue" }, tutor)).catch(() => undefined);
    await new Promise((r) => setTimeout(r, issueSeconds * 1000));
    const after = JSON.parse((await request(port, `/editions/${edition.editionId}/certificates/progress`, { headers: { Cookie: tutor } })).body.toString()) as {
      issued: number;
    };
    const issueOk = summary(`bulk issue, first ${issueSeconds} s (${after.issued - before.issued} of ${before.ready})`, await issuing.stop(), performance.now() - t1);
    console.log(
      `\nTarget (issue 11): closing the online stage and bulk issuing never block another request for more than ${TARGET_MS} ms: ${closeOk && issueOk ? "MET" : "NOT MET"}`,
    );
    console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  } finally {
    app.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
