/**
 * `npm test`: every check, in three phases, stopping at the first phase that fails.
 *   1. at once: typecheck, lint, content:check and the production build (each mostly one core)
 *   2. vitest (two workers; the spawned-server test finds the build current and does not build again)
 *   3. Playwright against that build
 * Prints each phase's wall time and the CPU time of its processes, so a slow phase is easy to see.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";

type Step = { name: string; script: string };

const PHASES: Step[][] = [
  [
    { name: "typecheck", script: "typecheck" },
    { name: "lint", script: "lint" },
    { name: "content:check", script: "content:check" },
    { name: "build", script: "build" },
  ],
  [{ name: "vitest", script: "test:unit" }],
  [{ name: "playwright", script: "test:e2e" }],
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

function run(step: Step, parallel: boolean): Promise<{ step: Step; code: number; output: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    // in a parallel phase, outputs are collected and printed whole, one step after the other
    const child = spawn("npm", ["run", "--silent", step.script], { stdio: parallel ? ["ignore", "pipe", "pipe"] : "inherit" });
    let output = "";
    child.stdout?.on("data", (d) => {
      output += d;
    });
    child.stderr?.on("data", (d) => {
      output += d;
    });
    child.on("close", (code) => resolve({ step, code: code ?? 1, output, seconds: (Date.now() - started) / 1000 }));
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
  const results = await Promise.all(phase.map((s) => run(s, parallel)));
  for (const r of results) {
    if (parallel) {
      console.log(`\n── ${r.step.name} (${r.seconds.toFixed(0)} s${r.code === 0 ? "" : `, FAILED with ${r.code}`}) ──`);
      process.stdout.write(r.output);
    }
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
