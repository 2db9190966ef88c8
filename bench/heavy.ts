/**
 * The 10,000-trainee edition's boards and long work, as `npm run bench` (bench/pages.ts) runs them on its own
 * server and edition (issue 11, points 2 and 4):
 *  1. the boards of the online stage (edition, online board and its filters, the coordinator's state page,
 *     the exports), one request at a time: < 150 ms and < 300 KB each;
 *  2. closing the online stage through the real action while /healthz is requested every 50 ms: longest wait
 *     < 200 ms;
 *  3. the edition moved on into certification (bench/certification.ts, SQL), then the face-to-face and
 *     certificates boards and the coordinator's pages of that phase;
 *  4. the first BENCH_ISSUE_SECONDS (10) of a bulk issue of the whole edition, probed the same way.
 */
import { measureBoards } from "./boards";
import { prepareCertification } from "./certification";
import { measureClose, measureIssue, TARGET_MS } from "./close";
import type { BenchEdition } from "./edition";

/** Requests per board (the median is printed): 5 in npm run bench (bench/boards.ts alone: 7). */
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 5);

export async function benchHeavy({
  port,
  databaseUrl,
  edition,
  cookies,
}: {
  port: number;
  databaseUrl: string;
  edition: BenchEdition;
  cookies: { tutor: string; coordinator: string };
}): Promise<boolean> {
  const results: { name: string; ok: boolean }[] = [];
  console.log(`\nBoards of the ${edition.enrolments.toLocaleString("en")}-trainee edition, online stage (target: 200, < 150 ms, < 300 KB)`);
  results.push(
    ...(await measureBoards({
      port,
      edition,
      cookies,
      names: ["edition board", "online board", "coordinator's state page", "online CSV", "roster CSV"],
      samples: SAMPLES,
    })),
  );
  const only = process.env.BENCH_ONLY;
  const longWork = !only || only.includes("close");
  if (longWork) results.push({ name: "close", ok: await measureClose({ port, editionId: edition.editionId, tutor: cookies.tutor }) });
  const t0 = Date.now();
  const { certificates } = prepareCertification(databaseUrl, edition.editionId);
  console.log(
    `\nThe edition moved on into certification (${certificates} certificates, written with SQL in ${((Date.now() - t0) / 1000).toFixed(0)} s)`,
  );
  results.push(
    ...(await measureBoards({
      port,
      edition,
      cookies,
      names: ["certificates", "face-to-face board", "coordinator's face-to-face", "coordinator's certificates", "assessments CSV", "edition board"],
      samples: SAMPLES,
    })),
  );
  if (longWork) {
    const seconds = Number(process.env.BENCH_ISSUE_SECONDS ?? 10);
    results.push({ name: "issue", ok: await measureIssue({ port, editionId: edition.editionId, tutor: cookies.tutor, seconds }) });
  }
  const missed = results.filter((r) => !r.ok).map((r) => r.name);
  console.log(
    `\nTargets (issue 11): every board < 150 ms and < 300 KB, answering 200; closing and bulk issuing never keep another request waiting ${TARGET_MS} ms: ${missed.length === 0 ? "MET" : `NOT MET (${missed.join(", ")})`}`,
  );
  return missed.length === 0;
}
