/**
 * npm run content:check [-- <content-dir>]
 * Validates every course under the content directory (default: content/) and prints the
 * translation status of every module in every language (complete / stale / summary only / missing).
 * Prints each problem and exits 1, or prints a one-line summary and exits 0.
 */
import path from "node:path";
import { checkContentReport } from "../app/content/check.server";
import { LOCALES } from "../app/content/schema";

const dir = path.resolve(process.argv[2] ?? "content");
const report = await checkContentReport(dir);

const label = { complete: "complete", stale: "STALE", summary: "SUMMARY ONLY", missing: "MISSING" } as const;
const courses = [...new Set(report.statuses.map((row) => row.course))];
for (const course of courses) {
  const rows = report.statuses.filter((row) => row.course === course);
  const slugs = [...new Set(rows.map((row) => row.slug))];
  const width = Math.max(6, ...slugs.map((slug) => slug.length));
  console.log(`${course}: translation status`);
  console.log(`  ${"module".padEnd(width)}  ${LOCALES.map((l) => l.padEnd(12)).join(" ")}`);
  for (const slug of slugs) {
    const cells = LOCALES.map((locale) => {
      const row = rows.find((r) => r.slug === slug && r.locale === locale);
      return (row ? label[row.status] : "-").padEnd(12);
    });
    console.log(`  ${slug.padEnd(width)}  ${cells.join(" ")}`);
  }
}

if (report.errors.length > 0) {
  console.error("");
  for (const error of report.errors) console.error(error);
  console.error(`\ncontent:check failed: ${report.errors.length} problem(s) in ${dir}`);
  process.exit(1);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
console.log(
  `content:check OK: ${plural(report.courses, "course")}, ${report.modules} modules × ${report.locales} locales (${plural(report.moduleFiles, "module file")}, ${plural(report.quizFiles, "quiz file")})`,
);
