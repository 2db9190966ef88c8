/**
 * npm run content:check [-- <content-dir>]
 * Validates every course under the content directory (default: content/).
 * Prints each problem and exits 1, or prints a one-line summary and exits 0.
 */
import path from "node:path";
import { checkContentReport } from "../app/content/check.server";

const dir = path.resolve(process.argv[2] ?? "content");
const report = await checkContentReport(dir);

if (report.errors.length > 0) {
  for (const error of report.errors) console.error(error);
  console.error(`\ncontent:check failed: ${report.errors.length} problem(s) in ${dir}`);
  process.exit(1);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
console.log(
  `content:check OK: ${plural(report.courses, "course")}, ${report.modules} modules × ${report.locales} locales (${plural(report.moduleFiles, "module file")}, ${plural(report.quizFiles, "quiz file")})`,
);
