/**
 * `npm run bench`: page cost of the production server against a bare node:http server serving the same
 * bytes, in the same run, on a 10,000-trainee edition built with the factories in a temporary database.
 *
 *   npm run bench                       # builds if needed, then measures every page
 *   BENCH_TRAINEES=2000 BENCH_SECONDS=2 npm run bench
 *   BENCH_PROFILE=1 npm run bench       # also writes a CPU profile of the app server (bench/profiles/)
 *
 * For each page: requests/s and server CPU-ms per request (app and bare; the ratio is the figure, absolute
 * numbers on a shared machine are noise), single-request median, median and p99 at 100 connections, HTML size,
 * and JavaScript bytes as sent (gzipped). Each figure is printed with its target beside it.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { buildAttendanceBench } from "./attendance-edition";
import { buildBenchEdition, BENCH_PASSWORD } from "./edition";
import { measureCertificates } from "./certificates";
import { benchHeavy } from "./heavy";
import { printSummary, record } from "./summary";
import { openDatabase } from "~db/index.server";
import { ensureStates } from "~db/seed/factories";
import { CPU_SLOWDOWN, launchChromium, measureSlowLink, SLOW_3G, type SlowLinkFigures } from "./slow-link";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TRAINEES = Number(process.env.BENCH_TRAINEES ?? 10_000);
/** Seconds of load per run: 2 (was 3; the ratios moved no more between 2 and 3 s than between two runs). */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
/** Load before each measured run, not counted (connections and JIT warm; see `load`). */
const WARM_UP_MS = Number(process.env.BENCH_WARM_UP_MS ?? 500);
/**
 * Load on the measured pages before the first row, not counted: the server has just started (its first module
 * view compiles the MDX and loads code), and a production server runs warm all day. Without it the first row
 * measured (the module page) carried the new process: p99 96–165 ms against 41–46 ms warm, 28 Nov 09:20.
 */
const SERVER_WARM_UP_MS = Number(process.env.BENCH_SERVER_WARM_UP_MS ?? 3000);
const APP_PORT = Number(process.env.BENCH_PORT ?? 3390);
const BARE_PORT = APP_PORT + 1;
const PROFILE = process.env.BENCH_PROFILE === "1";
/** BENCH_SLOW=0 skips the slow-link (LCP) figures. */
const SLOW = process.env.BENCH_SLOW !== "0";
/** BENCH_LOAD=0 skips the throughput rows (e.g. to measure only the slow-link figures). */
const LOAD = process.env.BENCH_LOAD !== "0";
/** BENCH_SLOW_RUNS: first visits per page on the slow link (the slowest is printed; default 2). */
const SLOW_RUNS = Math.max(1, Number(process.env.BENCH_SLOW_RUNS ?? 2));
/** BENCH_ONLY="module page,sign-in": only these rows. */
const ONLY = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function request(
  port: number,
  pathname: string,
  { method = "GET", headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: pathname, method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

/** CPU time (user + system) of a process so far, in ms, from /proc (Linux). */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/** The server's node process (npx/tsx wrappers spawn a child): the descendant using the most CPU. */
function serverPid(pid: number): number {
  const children = (p: number): number[] => {
    try {
      return fs
        .readFileSync(`/proc/${p}/task/${p}/children`, "utf8")
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  };
  const all: number[] = [pid];
  for (let i = 0; i < all.length; i++) all.push(...children(all[i] as number));
  return all.reduce((best, p) => (cpuMs(p) > cpuMs(best) ? p : best), pid);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

interface Load {
  rps: number;
  cpuPerRequest: number;
  median: number;
  p99: number;
  errors: number;
}

async function load(
  port: number,
  pid: number,
  pathname: string | (() => string),
  headers: Record<string, string>,
  connections = CONNECTIONS,
  expectedStatus = 200,
  manyClients = false,
  writeBefore?: () => void,
  /** Only this much load, not counted (the server's warm-up); what it returns means nothing. */
  warmOnlyMs?: number,
): Promise<Load> {
  const latencies: number[] = [];
  let errors = 0;
  const path = () => (typeof pathname === "string" ? pathname : pathname());
  let client = 0;
  const headersOf = manyClients
    ? () => ({ ...headers, "X-Forwarded-For": `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client++ & 255}` })
    : () => headers;
  /** `connections` loops requesting the page until `until`; `keep` records each request. */
  const run = (until: number, keep: boolean) =>
    Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < until) {
          writeBefore?.();
          const s = performance.now();
          try {
            const r = await request(port, path(), { headers: headersOf() });
            if (keep && r.status !== expectedStatus) errors += 1;
          } catch {
            if (keep) errors += 1;
          }
          if (keep) latencies.push(performance.now() - s);
        }
      }),
    );
  // A warm-up at the same load, not counted, as one does with wrk: every connection open (the first request of
  // each of 100 connections, 2 % of a run, otherwise carried a handshake queued behind 99 others) and the
  // server's code for this page optimised by V8 (the first row measured paid it: p99 116–126 ms against 55
  // after it, 28 Nov). The bare server gets the same warm-up. A production server runs warm all day.
  await run(performance.now() + (warmOnlyMs ?? WARM_UP_MS), false);
  if (warmOnlyMs !== undefined) return { rps: 0, cpuPerRequest: 0, median: 0, p99: 0, errors: 0 };
  const end = performance.now() + SECONDS * 1000;
  const cpu0 = cpuMs(pid);
  const t0 = performance.now();
  await run(end, true);
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = cpuMs(pid) - cpu0;
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / elapsed,
    cpuPerRequest: cpu / Math.max(1, latencies.length),
    median: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
  };
}

async function singleMedian(port: number, pathname: string | (() => string), headers: Record<string, string>, n = 15): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await request(port, typeof pathname === "string" ? pathname : pathname(), { headers });
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  return percentile(times, 50);
}

/** JavaScript a first visit downloads, as sent (gzip): the entry script and every modulepreload. */
async function jsBytes(html: string): Promise<number> {
  const urls = new Set<string>();
  for (const m of html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)) urls.add(m[1] as string);
  for (const m of html.matchAll(/import\("([^"]+\.js)"\)|from "([^"]+\.js)"|import "([^"]+\.js)"/g)) {
    const u = m[1] ?? m[2] ?? m[3];
    if (u?.startsWith("/")) urls.add(u);
  }
  let total = 0;
  for (const u of urls) {
    const r = await request(APP_PORT, u, { headers: { "Accept-Encoding": "gzip" } });
    total += r.body.length;
  }
  return total;
}

function waitForServer(port: number, pathname = "/healthz", timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      request(port, pathname)
        .then(() => resolve())
        .catch(() => (Date.now() > until ? reject(new Error(`no server on ${port}`)) : setTimeout(attempt, 300)));
    };
    attempt();
  });
}

function startApp(databaseUrl: string): ChildProcess {
  const args = ["--import", "tsx"];
  if (PROFILE) args.push("--cpu-prof", `--cpu-prof-dir=${path.join(root, "bench/profiles")}`);
  args.push("scripts/start.ts", "--no-build");
  return spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PORT: String(APP_PORT),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${APP_PORT}`,
      SIGN_IN_MAX_FAILURES: "1000",
      // X-Forwarded-For from this machine is the client's address, as behind a production proxy (`manyClients`)
      TRUST_PROXY: "loopback",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/** A bare node:http server answering every request with the bytes it is given (same status, type, encoding). */
const BARE_SERVER = `
const http = require("node:http");
let page = { status: 200, type: "text/html", body: Buffer.alloc(0) };
process.on("message", (m) => { page = { status: m.status, type: m.type, body: Buffer.from(m.body, "base64") }; process.send("ok"); });
http.createServer((req, res) => {
  res.writeHead(page.status, { "Content-Type": page.type, "Content-Length": page.body.length });
  res.end(page.body);
}).listen(${BARE_PORT}, "127.0.0.1", () => process.send("ready"));
`;

async function signIn(email: string): Promise<string> {
  const body = new URLSearchParams({ email, password: BENCH_PASSWORD }).toString();
  const r = await request(APP_PORT, "/sign-in", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(Buffer.byteLength(body)) },
    body,
  });
  const cookies = ([] as string[]).concat(r.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]);
  if (cookies.length === 0) throw new Error(`sign-in failed for ${email}: ${r.status}`);
  return cookies.join("; ");
}

interface Page {
  name: string;
  path: string;
  as?: "tutor" | "coordinator" | "trainee" | "f2fCoordinator";
  /** app/static throughput (≥), p99 at 100 connections (ms), one request (ms), HTML (KB), JS gzipped (KB). */
  targets: { ratio?: number; p99?: number; single?: number; html?: number; js?: number };
  /** A URL no request has asked for before, each time (a `?bench=` query the loaders ignore): the render cache is cold. */
  cold?: boolean;
  /**
   * Another connection commits a write before each request (`writeBefore` in `load`), as on a live edition where
   * people answer quizzes and coordinators take attendance: the front cache never answers (every write ends every
   * kept page), so each view runs its loaders and Remix, and the render cache saves the render if the page's
   * data did not change.
   */
  afterWrite?: boolean;
  /**
   * Each request from another client address (`X-Forwarded-For`, which the bench's server trusts from loopback,
   * as a production server behind its proxy does: TRUST_PROXY): a page limited per address (ADR 007) is measured
   * answering people, not refusing one bench (the limit itself: tests/integration/certificates-routes.test.ts).
   */
  manyClients?: boolean;
}

/**
 * The front cache (scripts/front-cache.ts) answers a repeat view while the database is unchanged; each of those
 * pages is also measured after a write (the render cache answers) and cold, every request at a new URL, i.e. a
 * first render plus keeping it. Those rows come after every repeat view: at 100 connections they leave a second
 * of queued renders and their garbage behind, which the next row measured would otherwise carry.
 */
function withColdRows(pages: Page[]): Page[] {
  if (process.env.BENCH_COLD === "0") return pages; // e.g. to profile repeat views alone
  const cached = pages.filter((p) => p.targets.ratio);
  return [
    ...pages,
    ...cached.map((p) => ({ ...p, name: `${p.name}, after a write`, afterWrite: true })),
    ...cached.map((p) => ({ ...p, name: `${p.name}, cold`, cold: true })),
  ];
}

let coldCounter = 0;
/** The page's URL for each request: always the same one, or a new one each time for a cold row. */
function urlOf(page: Page): string | (() => string) {
  if (!page.cold) return page.path;
  const sep = page.path.includes("?") ? "&" : "?";
  return () => `${page.path}${sep}bench=${++coldCounter}`;
}
const once = (u: string | (() => string)) => (typeof u === "string" ? u : u());

const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "–");
const mark = (ok: boolean | undefined) => (ok === undefined ? " " : ok ? "✓" : "✗");

/** Certificates rendered per CPU-second in this process (bench/certificates.ts), against ≥ 100 on one core. */
async function certificateRow(): Promise<void> {
  // 200 certificates: the CPU-ms each settle within ~5 % after a hundred; 400 took a minute here under load
  const f = await measureCertificates(Number(process.env.BENCH_CERTIFICATES ?? 200));
  record({ section: "certificates", name: "rendered per CPU-second (one core)", value: `${fmt(f.perCpuSecond, 0)}/s`, target: "≥ 100/s", ok: f.perCpuSecond >= 100 });
  console.log(
    `Certificates (bench/certificates.ts, ${f.count} of a bulk issue, one core): ${fmt(f.cpuMsEach, 2)} CPU-ms each = ` +
      `${fmt(f.perCpuSecond, 0)}/CPU-s ${mark(f.perCpuSecond >= 100)}≥100; wall ${fmt(f.perSecond, 0)}/s; ` +
      `a certificate with no cached template ${fmt(f.coldMs, 0)} ms; ${fmt(f.meanKiB)} KiB each`,
  );
}

async function main() {
  const started = performance.timeOrigin; // the process's start: tsx and the imports count too
  if (!ONLY || ONLY.some((o) => "certificate rendering".startsWith(o))) await certificateRow();
  const serverBuild = path.join(root, "build/server/index.js");
  if (!fs.existsSync(serverBuild) || process.env.BENCH_BUILD === "1") {
    console.log("Building…");
    const r = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-bench-"));
  const databaseUrl = path.join(dir, "bench.db");
  // The database migrated and its states in first; then the servers start (loading the app takes seconds)
  // while the edition is built: each state is its own short transaction, so the app's start-up writes
  // (states, ended sessions, retention) wait a fraction of a second at most.
  const migrated = openDatabase(databaseUrl);
  ensureStates(migrated);
  migrated.$client.close();
  const app = startApp(databaseUrl);
  const bare = spawn(process.execPath, ["-e", BARE_SERVER], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const bareReady = new Promise<void>((resolve, reject) => {
    bare.once("message", () => resolve());
    bare.once("exit", (code) => reject(new Error(`the bare server stopped (${code}): is port ${BARE_PORT} taken? Set BENCH_PORT`)));
  });
  const stop = () => {
    app.kill("SIGTERM");
    bare.kill("SIGTERM");
  };
  process.on("exit", stop);
  try {
    console.log(`Building a ${TRAINEES.toLocaleString("en")}-trainee edition in ${databaseUrl} (the servers start meanwhile)…`);
    const t0 = Date.now();
    const ed = await buildBenchEdition(databaseUrl, TRAINEES);
    const buildSeconds = (Date.now() - t0) / 1000;
    console.log(
      `  ${ed.enrolments} enrolments in ${buildSeconds.toFixed(1)} s (${Object.entries(ed.seconds)
        .map(([k, v]) => `${k}: ${v.toFixed(1)} s`)
        .join("; ")})`,
    );
    record({
      section: "edition build",
      name: `${ed.enrolments.toLocaleString("en")} trainees with the factories`,
      value: `${buildSeconds.toFixed(1)} s`,
      target: "< 30 s",
      ok: buildSeconds < 30,
    });
    const f2f = await buildAttendanceBench(databaseUrl, 285);
    const t1 = Date.now();
    await Promise.all([waitForServer(APP_PORT), bareReady]);
    console.log(`  servers answering ${((Date.now() - t1) / 1000).toFixed(1)} s after the edition was built`);
    const appPid = serverPid(app.pid as number);
    // the writer of the ', after a write' rows: its own connection, like another process of a live edition; a
    // table of its own, so that no page's data changes and the render cache can answer what the front cache cannot
    const writer = new Database(databaseUrl);
    writer.pragma("synchronous = OFF"); // the load generator's writes cost it no fsync
    writer.exec("CREATE TABLE IF NOT EXISTS bench_writes (at REAL NOT NULL)");
    const insertWrite = writer.prepare("INSERT INTO bench_writes (at) VALUES (?)");
    const writeBefore = () => {
      insertWrite.run(performance.now());
    };
    const barePid = bare.pid as number;
    const cookies = {
      tutor: await signIn(ed.logins.tutor),
      coordinator: await signIn(ed.logins.coordinator),
      trainee: await signIn(ed.logins.trainee),
      f2fCoordinator: await signIn(f2f.coordinator),
    };
    const attendancePath = `/coordination/${f2f.participationId}/face-to-face/sessions/${f2f.sessionId}`;
    const pages: Page[] = withColdRows([
      { name: "module page", path: `/learning/${ed.traineeEnrolmentId}/modules/${ed.moduleSlug}`, as: "trainee", targets: { ratio: 0.1, p99: 100, js: 100 } },
      { name: "course page", path: `/learning/${ed.traineeEnrolmentId}`, as: "trainee", targets: { ratio: 0.1, p99: 100, js: 100 } },
      { name: "sign-in", path: "/sign-in", targets: { ratio: 0.1, p99: 100, js: 100 } },
      { name: `attendance sheet (${f2f.trainees})`, path: attendancePath, as: "f2fCoordinator", targets: { js: 100 } },
      { name: "verify/<code>", path: "/verify/BENCHNOSUCHCODE0000", targets: {}, manyClients: true },
    ]);
    console.log(
      `\n${CONNECTIONS} connections (boards, exports and the attendance sheet: 10), ${SECONDS} s per run; app = production server (npm run serve), bare = node:http with the same bytes;` +
        "\nratio = app req/s ÷ bare req/s; CPU ratio = bare CPU-ms ÷ app CPU-ms per request (the steadier of the two on a busy machine);" +
        "\n', after a write' = another connection commits before each request (the front cache never answers; the render cache does)" +
        "\n', cold' = every request at a new URL (a first render, then kept by the render cache); bare p99 = the bare server's own p99" +
        "\n(the load generator shares the machine's cores with both servers, so it caps the bare server too)\n",
    );
    const header = [
      "page".padEnd(26),
      "status",
      "HTML KB".padStart(8),
      "JS gz KB".padStart(13),
      "one req ms".padStart(15),
      "app req/s".padStart(10),
      "bare req/s".padStart(11),
      "ratio".padStart(14),
      "CPU ratio".padStart(14),
      "app CPU-ms".padStart(11),
      "bare CPU-ms".padStart(12),
      "median ms".padStart(10),
      "p99 ms".padStart(14),
      "bare p99".padStart(9),
    ];
    console.log(header.join(" "));
    const chosen = (name: string) => !ONLY || ONLY.some((o) => name.startsWith(o));
    const pageHeaders = (page: Page): Record<string, string> => ({
      "Accept-Encoding": "gzip",
      "Accept-Language": "es",
      ...(page.as ? { Cookie: cookies[page.as] } : {}),
    });
    const measured = pages.filter((p) => LOAD && chosen(p.name));
    const warming = measured.filter((p) => p.targets.ratio && !p.cold && !p.afterWrite);
    for (const page of warming) {
      await load(APP_PORT, appPid, page.path, pageHeaders(page), CONNECTIONS, 200, false, undefined, SERVER_WARM_UP_MS / warming.length);
    }
    for (const page of measured) {
      const headers = pageHeaders(page);
      const url = urlOf(page);
      const firstStart = performance.now();
      const first = await request(APP_PORT, once(url), { headers });
      const firstMs = performance.now() - firstStart;
      const plain = await request(APP_PORT, once(url), { headers: { ...headers, "Accept-Encoding": "identity" } });
      const type = String(first.headers["content-type"] ?? "text/html");
      const isHtml = type.startsWith("text/html");
      const js = isHtml ? (await jsBytes(plain.body.toString("utf8"))) / 1024 : Number.NaN;
      const single = await singleMedian(APP_PORT, url, headers, firstMs > 2000 ? 3 : page.targets.single ? 7 : 15);
      // the bare server sends exactly what the app sent (gzip-encoded when the app's reply was)
      const bareBody = first.headers["content-encoding"] === "gzip" ? first.body : plain.body;
      await new Promise<void>((resolve) => {
        bare.once("message", () => resolve());
        bare.send({ status: first.status, type, body: bareBody.toString("base64") });
      });
      const heavy = page.targets.single !== undefined || page.name.includes("CSV") || page.name.startsWith("attendance");
      // boards, exports and the 285-person sheet are measured at 10 connections (their target is the single request)
      const conns = heavy ? 10 : CONNECTIONS;
      const a =
        heavy && single > 1000
          ? null
          : await load(APP_PORT, appPid, url, headers, conns, first.status, page.manyClients, page.afterWrite ? writeBefore : undefined);
      const b = await load(BARE_PORT, barePid, page.path, headers, conns, first.status);
      // throughput ratio; on a starved machine the load generator (this process) caps the bare server too,
      // so the CPU ratio (bare CPU-ms per request / app CPU-ms per request) is printed beside it
      const ratio = a ? a.rps / b.rps : Number.NaN;
      const cpuRatio = a ? b.cpuPerRequest / a.cpuPerRequest : Number.NaN;
      const t = page.targets;
      const row = [
        page.name.padEnd(26),
        String(first.status).padStart(6),
        `${fmt(plain.body.length / 1024)}${t.html ? `${mark(plain.body.length / 1024 < t.html)}<${t.html}` : ""}`.padStart(8),
        `${fmt(js)}${t.js ? ` ${mark(js <= t.js)}≤${t.js}` : ""}`.padStart(13),
        `${fmt(single)}${t.single ? ` ${mark(single < t.single)}<${t.single}` : ""}`.padStart(15),
        (a ? fmt(a.rps, 0) : "skipped").padStart(10),
        fmt(b.rps, 0).padStart(11),
        `${fmt(ratio, 3)}${t.ratio ? ` ${mark(ratio >= t.ratio)}≥${t.ratio}` : ""}`.padStart(14),
        `${fmt(cpuRatio, 3)}${t.ratio ? ` ${mark(cpuRatio >= t.ratio)}≥${t.ratio}` : ""}`.padStart(14),
        (a ? fmt(a.cpuPerRequest, 2) : "–").padStart(11),
        fmt(b.cpuPerRequest, 3).padStart(12),
        (a ? fmt(a.median, 0) : "–").padStart(10),
        `${a ? fmt(a.p99, 0) : "–"}${t.p99 ? ` ${mark(a ? a.p99 < t.p99 : false)}<${t.p99}` : ""}`.padStart(14),
        fmt(b.p99, 0).padStart(9),
      ];
      console.log(row.join(" ") + (a?.errors ? `  (${a.errors} errors)` : ""));
      const section = "pages";
      const judge = (ok: boolean, target: number | undefined) => (target === undefined ? undefined : ok);
      const beyondIssue = page.cold ? "cold" : page.afterWrite ? "after a write" : undefined;
      record({ section, name: `${page.name}: req/s ratio`, value: fmt(ratio, 3), target: t.ratio ? `≥ ${t.ratio}` : "", ok: judge(ratio >= (t.ratio ?? 0), t.ratio), beyondIssue });
      record({ section, name: `${page.name}: CPU ratio`, value: fmt(cpuRatio, 3), target: t.ratio ? `≥ ${t.ratio}` : "", ok: judge(cpuRatio >= (t.ratio ?? 0), t.ratio), beyondIssue });
      if (t.p99) record({ section, name: `${page.name}: p99 at ${conns} conn.`, value: `${a ? fmt(a.p99, 0) : "–"} ms`, target: `< ${t.p99} ms`, ok: a ? a.p99 < t.p99 : false, beyondIssue });
      if (t.js && !page.cold && !page.afterWrite) record({ section, name: `${page.name}: JS gzipped`, value: `${fmt(js)} KB`, target: `≤ ${t.js} KB`, ok: js <= t.js });
    }
    console.log(
      "\nTargets (issue 11): ratio ≥ 0.10 and p99 < 100 ms on module, course and sign-in pages; boards < 150 ms and < 300 KB;" +
        " ≤ 100 KB gzipped JS; LCP < 2.5 s on slow 3G (below).",
    );
    if (SLOW) {
      const slowPages = pages.filter((p) => !p.cold && !p.afterWrite && ["module page", "sign-in", "attendance sheet"].some((n) => p.name.startsWith(n)) && chosen(p.name));
      console.log(
        `\nA first visit on slow 3G in Chromium (${SLOW_3G.latency} ms RTT, ${(SLOW_3G.downloadThroughput * 8) / 1024} kbit/s, ${CPU_SLOWDOWN}× CPU slowdown, 390 px wide, empty cache)\n`,
      );
      console.log(["page".padEnd(26), "LCP ms".padStart(14), "JS gz KB".padStart(13), "CLS".padStart(7), "  largest paint"].join(" "));
      const browser = await launchChromium();
      try {
        for (const page of slowPages) {
          const runs: SlowLinkFigures[] = [];
          // a person meets a running server: its first render of the route (with BENCH_LOAD=0 nothing warmed it) is
          // not theirs; and each visit is at a URL of its own (a query the loaders ignore), so neither the front
          // cache nor the render cache answers it: the cold cost of a first visit after the data changed
          const at = (n: number | string) => `${page.path}${page.path.includes("?") ? "&" : "?"}slow=${n}`;
          await request(APP_PORT, at("warm"), { headers: { "Accept-Language": "es", ...(page.as ? { Cookie: cookies[page.as] } : {}) } });
          for (let i = 0; i < SLOW_RUNS; i++) {
            runs.push(await measureSlowLink(browser, `http://127.0.0.1:${APP_PORT}${at(i)}`, { cookie: page.as ? cookies[page.as] : undefined }));
          }
          runs.sort((x, y) => x.lcpMs - y.lcpMs);
          const r = runs[runs.length - 1] as SlowLinkFigures; // the slowest run
          if (SLOW_RUNS > 1) console.log(`  ${page.name}: LCP of each run ${runs.map((x) => fmt(x.lcpMs, 0)).join(", ")} ms`);
          const kb = r.jsBytes / 1024;
          record({ section: "slow 3G", name: `${page.name}: LCP`, value: `${fmt(r.lcpMs, 0)} ms`, target: "< 2500 ms", ok: r.lcpMs < 2500 });
          record({ section: "slow 3G", name: `${page.name}: JS as sent`, value: `${fmt(kb)} KB`, target: "≤ 100 KB", ok: kb <= 100 });
          console.log(
            [
              page.name.padEnd(26),
              `${fmt(r.lcpMs, 0)} ${mark(r.lcpMs < 2500)}<2500`.padStart(14),
              `${fmt(kb)} ${mark(kb <= 100)}≤100`.padStart(13),
              fmt(r.cls, 3).padStart(7),
              ` ${r.lcpElement}`,
            ].join(" "),
          );
        }
      } finally {
        await browser.close();
      }
    }
    await heavyRows(databaseUrl, ed, cookies);
    printSummary({ seconds: (Date.now() - started) / 1000 });
    console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
    console.log(`Bench took ${((Date.now() - started) / 1000).toFixed(0)} s (target < 300 s)`);
  } finally {
    stop();
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The boards, the close and the bulk issue of the 10,000-trainee edition (bench/heavy.ts); BENCH_HEAVY=0 skips them. */
async function heavyRows(databaseUrl: string, ed: Awaited<ReturnType<typeof buildBenchEdition>>, cookies: { tutor: string; coordinator: string }) {
  if (process.env.BENCH_HEAVY === "0") return;
  await benchHeavy({ port: APP_PORT, databaseUrl, edition: ed, cookies });
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
