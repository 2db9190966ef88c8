/**
 * The boards on the 10,000-trainee edition (issue 11, "Boards that scale"): each board's single-request time
 * (median) and HTML size against the targets (< 150 ms, < 300 KB), its status, and the exports' time and size.
 * The edition is built with the factories (bench/edition.ts) and moved on into certification
 * (bench/certification.ts), so the face-to-face and certificates boards carry a full edition's data.
 *
 *   npx tsx bench/boards.ts                        # builds the production app if needed
 *   BENCH_TRAINEES=2000 npx tsx bench/boards.ts
 *
 * `measureBoards` is what `npm run bench` (bench/pages.ts) can call with its own server and edition.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { prepareCertification } from "./certification";
import { BENCH_PASSWORD, type BenchEdition, buildBenchEdition } from "./edition";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  ms: number;
}

export function request(
  port: number,
  pathname: string,
  {
    method = "GET",
    headers = {},
    body,
    fresh = false,
  }: { method?: string; headers?: Record<string, string>; body?: string; /** a connection of its own (no keep-alive) */ fresh?: boolean } = {},
): Promise<Reply> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: pathname, method, headers, agent: fresh ? false : agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - start }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

export function startApp(databaseUrl: string, port: number): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "--no-build"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SIGN_IN_MAX_FAILURES: "1000",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

export async function waitForServer(port: number, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await request(port, "/healthz");
      return;
    } catch {
      if (Date.now() > until) throw new Error(`no server on ${port}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

export async function signIn(port: number, email: string): Promise<string> {
  const body = new URLSearchParams({ email, password: BENCH_PASSWORD }).toString();
  const r = await request(port, "/sign-in", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(Buffer.byteLength(body)) },
    body,
  });
  const cookies = ([] as string[]).concat(r.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]);
  if (cookies.length === 0) throw new Error(`sign-in failed for ${email}: ${r.status}`);
  return cookies.join("; ");
}

export function ensureBuild(): void {
  if (fs.existsSync(path.join(root, "build/server/index.js")) && process.env.BENCH_BUILD !== "1") return;
  console.log("Building…");
  const r = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "–");
const mark = (ok: boolean) => (ok ? "✓" : "✗");

interface Board {
  name: string;
  path: string;
  as: "tutor" | "coordinator";
  /** Boards: < 150 ms and < 300 KB of HTML. Exports and the poll: time only. */
  kind: "board" | "export" | "poll";
}

/** Measures every board and export of the edition on a running server; prints one line each. */
export async function measureBoards({
  port,
  edition,
  cookies,
  samples = Number(process.env.BENCH_SAMPLES ?? 7),
  names,
}: {
  port: number;
  edition: Pick<BenchEdition, "editionId" | "participationId" | "stateCode">;
  cookies: { tutor: string; coordinator: string };
  samples?: number;
  /** Only these rows (by name prefix); the rest are skipped. */
  names?: string[];
}): Promise<{ name: string; ok: boolean }[]> {
  const e = edition.editionId;
  const p = edition.participationId;
  const boards: Board[] = [
    { name: "certificates board", path: `/editions/${e}/certificates`, as: "tutor", kind: "board" },
    { name: "certificates, one state", path: `/editions/${e}/certificates?state=${edition.stateCode}`, as: "tutor", kind: "board" },
    { name: "certificates, ready, p. 3", path: `/editions/${e}/certificates?stage=ready&page=3`, as: "tutor", kind: "board" },
    { name: "certificates, search", path: `/editions/${e}/certificates?q=Pe%C3%B1a%2012`, as: "tutor", kind: "board" },
    { name: "certificates progress poll", path: `/editions/${e}/certificates/progress`, as: "tutor", kind: "poll" },
    { name: "face-to-face board", path: `/editions/${e}/face-to-face`, as: "tutor", kind: "board" },
    { name: "online board", path: `/editions/${e}/online`, as: "tutor", kind: "board" },
    { name: "online board, one state", path: `/editions/${e}/online?state=${edition.stateCode}`, as: "tutor", kind: "board" },
    { name: "online board, to grade, p. 2", path: `/editions/${e}/online?status=to-grade&page=2`, as: "tutor", kind: "board" },
    { name: "edition board", path: `/editions/${e}`, as: "tutor", kind: "board" },
    { name: "coordinator's state page", path: `/coordination/${p}`, as: "coordinator", kind: "board" },
    { name: "coordinator's face-to-face", path: `/coordination/${p}/face-to-face`, as: "coordinator", kind: "board" },
    { name: "coordinator's certificates", path: `/coordination/${p}/certificates`, as: "coordinator", kind: "board" },
    { name: "online CSV (streamed)", path: `/editions/${e}/online/csv`, as: "tutor", kind: "export" },
    { name: "roster CSV (streamed)", path: `/coordination/${p}/roster.csv`, as: "coordinator", kind: "export" },
    { name: "assessments CSV (streamed)", path: `/coordination/${p}/face-to-face/assessments.csv`, as: "coordinator", kind: "export" },
  ];
  console.log(
    `\n${"board (one request at a time)".padEnd(30)} status ${"HTML KB".padStart(12)} ${"one request ms (median)".padStart(24)} ${"first ms".padStart(9)}`,
  );
  const results: { name: string; ok: boolean }[] = [];
  const only = process.env.BENCH_ONLY?.split(",").map((o) => o.trim());
  const chosen = (b: Board) => (!names || names.some((n) => b.name.startsWith(n))) && (!only || only.some((o) => b.name.startsWith(o)));
  // every request at a new URL (`bench=N`, which the loaders ignore): the render cache never answers, each
  // figure is what a tutor pays after the data changed (COMMON.md: measure cold)
  let n = 0;
  const cold = (p: string) => `${p}${p.includes("?") ? "&" : "?"}bench=${Date.now()}-${n++}`;
  for (const b of boards.filter(chosen)) {
    const headers: Record<string, string> = { "Accept-Language": "es", "Accept-Encoding": "identity", Cookie: cookies[b.as] };
    // the first request is printed apart: it also pays the route's first compilation and, for the online
    // board, the one-time computation of the edition's stored statuses (docs/decisions/009, fourth round)
    const first = await request(port, cold(b.path), { headers });
    const times: number[] = [];
    for (let i = 0; i < (first.ms > 2000 ? 3 : samples); i++) times.push((await request(port, cold(b.path), { headers })).ms);
    const ms = median(times);
    const kb = first.body.length / 1024;
    const isBoard = b.kind === "board";
    const ok = first.status === 200 && (!isBoard || (ms < 150 && kb < 300));
    results.push({ name: b.name, ok });
    console.log(
      [
        b.name.padEnd(30),
        String(first.status).padStart(6),
        `${fmt(kb)}${isBoard ? ` ${mark(kb < 300)}<300` : ""}`.padStart(12),
        `${fmt(ms)}${isBoard ? ` ${mark(ms < 150)}<150` : ""}`.padStart(24),
        fmt(first.ms, 0).padStart(9),
      ].join(" "),
    );
  }
  return results;
}

async function main() {
  const trainees = Number(process.env.BENCH_TRAINEES ?? 10_000);
  const port = Number(process.env.BENCH_PORT ?? 3392);
  ensureBuild();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-boards-"));
  const databaseUrl = path.join(dir, "bench.db");
  const t0 = Date.now();
  const edition = await buildBenchEdition(databaseUrl, trainees);
  const { certificates } = prepareCertification(databaseUrl, edition.editionId);
  console.log(`${edition.enrolments} enrolments, ${certificates} certificates, built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const app = startApp(databaseUrl, port);
  try {
    await waitForServer(port);
    const cookies = { tutor: await signIn(port, edition.logins.tutor), coordinator: await signIn(port, edition.logins.coordinator) };
    await measureBoards({ port, edition, cookies });
    console.log(`\nTargets (issue 11): every board < 150 ms and < 300 KB of HTML, answering 200. Single requests, one at a time.`);
    console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  } finally {
    app.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
