/**
 * Bundles the issue worker (app/domain/certificates/issue-worker-entry.ts) beside the server build, as
 * build/server/issue-worker.mjs, where app/domain/certificates/issue-worker.server.ts looks first when it runs
 * from the bundle (docs/decisions/009, fifth round). Packages stay external (node_modules, as for the server).
 * Run by `npm run build` and by scripts/start.ts after `remix vite:build`; BUILD_DIR as for the server build.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
await build({
  entryPoints: [path.join(root, "app/domain/certificates/issue-worker-entry.ts")],
  outfile: path.join(root, process.env.BUILD_DIR ?? "build", "server", "issue-worker.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
