/**
 * vitest's order (files that failed or took longest last time first, from its cache), with the files
 * known to take longest always started first, so that on a clean CI machine (no cache) two workers do
 * not wait at the end for one long file that happened to start last.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";

const LONGEST = [
  "tests/integration/certificates-bulk.test.ts", // 500 certificates, a process killed mid-way
  "tests/integration/role-route-table.test.ts", // every route × every role through Remix
  "tests/integration/start-mode.test.ts", // spawns the start scripts, seeds the demo
];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONGEST.findIndex((name) => f.moduleId.endsWith(name));
      return i === -1 ? LONGEST.length : i;
    };
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map((x) => x.f);
  }
}
