/**
 * `npm test`: every check, in two phases, stopping after the first phase that fails.
 *   1. at once: typecheck, lint, content:check and the production build (each mostly one core)
 *   2. at once: vitest (one worker; the spawned-server tests find the build current and do not build again)
 *      and Playwright against that build. Measured one after the other on a quiet 2-core machine, vitest
 *      kept 1.2 cores busy for 369 s and Playwright 0.6 cores for 503 s (its time goes to waiting on pages,
 *      not to the CPU): side by side they fill the two cores instead of leaving one idle for 14 minutes.
 *      Their outputs are streamed as they come, each line marked with its step's name.
 * Prints each phase's wall time and the CPU time of its processes, so a slow phase is easy to see.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";

/** `output`: "collect" prints a step's output whole when it ends; "stream" prints each line as it comes, marked. */
type Step = { name: string; script: string; output: "collect" | "stream"; env?: Record<string, string> };

const PHASES: Step[][] = [
  [
    { name: "typecheck", script: "typecheck", output: "collect" },
    { name: "lint", script: "lint", output: "collect" },
    { name: "content:check", script: "content:check", output: "collect" },
    { name: "build", script: "build", output: "collect" },
  ],
  [
    // Playwright and vitest side by side, vitest with two workers: on a fresh clone here (28 Nov, 04:23 UTC) the
    // whole npm test took 739 s so, against 897 s with one vitest worker (then vitest, at 843 s, was the long
    // pole: Playwright keeps only ≈ 0.6 of a core busy). VITEST_MAX_WORKERS set by the caller wins.
    { name: "playwright", script: "test:e2e", output: "stream" },
    { name: "vitest", script: "test:unit", output: "stream", env: { VITEST_MAX_WORKERS: process.env.VITEST_MAX_WORKERS ?? "2" } },
  ],
];

/** CPU seconds of this process's waited-for children (and theirs), from /proc (Linux); 0 elsewhere. */
function childCpuSeconds(): number {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[0] is the state (field 3); cutime and cstime are fields 16 and 17
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

/** Writes whole lines of a stream, each marked with the step's name (the last partial line on flush). */
function linePrinter(name: string) {
  let pending = "";
  return {
    write(chunk: string) {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop()!;
      if (lines.length > 0) process.stdout.write(lines.map((l) => `[${name}] ${l}\n`).join(""));
    },
    flush() {
      if (pending) process.stdout.write(`[${name}] ${pending}\n`);
      pending = "";
    },
  };
}

function run(step: Step): Promise<{ step: Step; code: number; output: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", step.script], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...step.env },
    });
    let output = "";
    const printer = linePrinter(step.name);
    const take = (d: Buffer) => {
      if (step.output === "stream") printer.write(String(d));
      else output += d;
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("close", (code) => {
      printer.flush();
      resolve({ step, code: code ?? 1, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

const summary: string[] = [];
const started = Date.now();
let failed = false;
for (const phase of PHASES) {
  const cpuBefore = childCpuSeconds();
  const phaseStarted = Date.now();
  const parallel = phase.length > 1;
  console.log(`\n▶ ${phase.map((s) => s.name).join(" + ")}`);
  const results = await Promise.all(phase.map((s) => run(s)));
  for (const r of results) {
    console.log(`\n── ${r.step.name} (${r.seconds.toFixed(0)} s${r.code === 0 ? "" : `, FAILED with ${r.code}`}) ──`);
    process.stdout.write(r.output);
    if (r.code !== 0) failed = true;
  }
  const wall = (Date.now() - phaseStarted) / 1000;
  const cpu = childCpuSeconds() - cpuBefore;
  summary.push(
    `${phase.map((s) => s.name).join(" + ")}: ${wall.toFixed(0)} s wall, ${cpu.toFixed(0)} s CPU` +
      (parallel ? ` (${results.map((r) => `${r.step.name} ${r.seconds.toFixed(0)} s`).join(", ")})` : ""),
  );
  if (failed) break;
}
console.log(`\nnpm test ${failed ? "FAILED" : "passed"} in ${((Date.now() - started) / 1000).toFixed(0)} s:`);
for (const line of summary) console.log(`  ${line}`);
process.exit(failed ? 1 : 0);
