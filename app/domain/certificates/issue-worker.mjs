/**
 * The issue worker from the sources (dev, vitest; see ./issue-worker.server.ts): plain ESM that loads the
 * TypeScript entry (./issue-worker-entry.ts) with tsx's scoped `tsImport`, so it runs under tsx, under vitest
 * and under plain node alike, on Node 20, 22 and 24. Production runs the same entry bundled by `npm run build`
 * (build/server/issue-worker.mjs), which starts in a fraction of the time (no TypeScript to resolve and compile).
 */
import { tsImport } from "tsx/esm/api";

await tsImport("./issue-worker-entry.ts", import.meta.url);
