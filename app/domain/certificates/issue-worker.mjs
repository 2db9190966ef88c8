/**
 * The CPU work of issuing a certificate, in a worker thread (issue 11, point 4; docs/decisions/009, fifth round):
 * drawing its PDF (parsing fonts, building a state's template, encoding and compressing font subsets, the QR
 * code) and signing its credential (JSON-LD expansion and canonicalisation, Ed25519), so that an issue — above
 * all a bulk issue of thousands — never holds the server's event loop. The main thread keeps the database.
 *
 * Plain ESM on purpose: it loads the TypeScript modules (certificates/render.ts and ./vc/sign.server.ts, which
 * import no database, environment or app module) with tsx's scoped `tsImport`, so it runs the same under tsx
 * (dev, and production: scripts/start.ts runs under tsx from the source tree), under vitest and under plain
 * node, on Node 20, 22 and 24.
 *
 * Messages in: { id, job: "render", version, input } (a RenderableCertificate) or { id, job: "sign", credential,
 * keys, now }. Out: { id, result } or { id, error }. Both are pure functions of their input (fonts.ts makes glyph
 * lookup history-free; Ed25519 is deterministic): the same bytes as in the main thread.
 */
import { parentPort } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const render = tsImport("../../../certificates/render.ts", import.meta.url);
const sign = tsImport("./vc/sign.server.ts", import.meta.url);
// unhandled until the first job; a failed import is reported with that job
render.catch(() => undefined);
sign.catch(() => undefined);

async function run(message) {
  if (message.job === "render") {
    const { renderers } = await render;
    const renderer = renderers[message.version];
    if (!renderer) throw new Error(`no renderer for layout version ${message.version}`);
    return renderer(message.input);
  }
  if (message.job === "sign") {
    const { signWithKeys } = await sign;
    return signWithKeys({ credential: message.credential, keys: message.keys, now: new Date(message.now) });
  }
  throw new Error(`unknown job ${message.job}`);
}

parentPort?.on("message", async (message) => {
  try {
    const result = await run(message);
    parentPort?.postMessage({ id: message.id, result }, result instanceof Uint8Array ? [result.buffer] : []);
  } catch (err) {
    parentPort?.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) });
  }
});
