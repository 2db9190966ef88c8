/**
 * The bench's closing table: every figure of issue 11 that a part of `npm run bench` measured, with its target
 * and ✓/✗, one MET / NOT MET line, and the bench's own time against its 5-minute target. The parts record
 * their figures as they print them (`record`); bench/pages.ts prints the table at the end (`printSummary`).
 */
export interface Figure {
  /** What was measured, e.g. "pages", "slow 3G", "boards (10,000 trainees)". */
  section: string;
  name: string;
  /** The figure as printed, with its unit. */
  value: string;
  /** The target as printed ("≥ 0.10", "< 150 ms"); empty: printed for comparison only. */
  target?: string;
  ok?: boolean;
  /**
   * Not one of issue 11's figures, held to the same target to show how far it is: views after another connection's
   * write ("after a write") and first renders ("cold"). Counted apart, a line for each kind, so the issue's own
   * line says whether the issue's targets are met and these say what such a view still costs.
   */
  beyondIssue?: "after a write" | "cold";
}

const figures: Figure[] = [];

export function record(figure: Figure): void {
  figures.push(figure);
}

/** Prints the table; returns whether every figure with a target met it. */
export function printSummary({ seconds, limitSeconds = 300 }: { seconds: number; limitSeconds?: number }): boolean {
  const bench: Figure = {
    section: "bench",
    name: "npm run bench, whole run",
    value: `${seconds.toFixed(0)} s`,
    target: `< ${limitSeconds} s`,
    ok: seconds < limitSeconds,
  };
  const all = [...figures, bench];
  const w = (k: keyof Figure, min: number) => Math.max(min, ...all.map((f) => String(f[k] ?? "").length));
  const [ws, wn, wv, wt] = [w("section", 7), w("name", 6), w("value", 5), w("target", 6)];
  console.log("\nSummary: every figure with its target (issue 11)\n");
  console.log(`${"section".padEnd(ws)}  ${"figure".padEnd(wn)}  ${"value".padStart(wv)}  ${"target".padEnd(wt)}  met`);
  for (const f of all) {
    const mark = f.ok === undefined ? "" : f.ok ? "✓" : "✗";
    console.log(`${f.section.padEnd(ws)}  ${f.name.padEnd(wn)}  ${f.value.padStart(wv)}  ${(f.target ?? "").padEnd(wt)}  ${mark}`);
  }
  const judged = all.filter((f) => f.ok !== undefined && !f.beyondIssue);
  const missed = judged.filter((f) => !f.ok);
  console.log(
    `\nIssue 11's targets: ${missed.length === 0 ? "MET" : "NOT MET"} (${judged.length - missed.length} of ${judged.length} figures met` +
      `${missed.length ? `; the ${missed.length} marked ✗ above missed` : ""})`,
  );
  const lines = {
    "after a write": "Views after a write (the \", after a write\" rows: another connection commits before each request, so the front cache never answers)",
    cold: "First renders (the \", cold\" rows: every request at a new URL)",
  } as const;
  for (const kind of ["after a write", "cold"] as const) {
    const beyond = all.filter((f) => f.ok !== undefined && f.beyondIssue === kind);
    if (beyond.length > 0) {
      console.log(`${lines[kind]}; not among the issue's figures, held to the same targets: ${beyond.filter((f) => f.ok).length} of ${beyond.length} met`);
    }
  }
  return missed.length === 0;
}
