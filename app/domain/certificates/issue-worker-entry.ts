/**
 * The issue worker's own code (see ./issue-worker.server.ts): drawing a certificate's PDF and signing its
 * credential, each a pure function of its message. It imports nothing that touches the database, the
 * environment or the app: certificates/render.ts and ./vc/sign.server.ts only.
 *
 * Loaded two ways: bundled into build/server/issue-worker.mjs by `npm run build` (scripts/build-issue-worker.mjs;
 * what production runs, native module loading), or from the sources through tsx (./issue-worker.mjs: dev, vitest).
 *
 * Messages in: { id, job: "render", version, input } (a RenderableCertificate) or { id, job: "sign", credential,
 * keys, now }. Out: { id, result } or { id, error }.
 */
import { parentPort } from "node:worker_threads";
import { renderers } from "../../../certificates/render";
import { signWithKeys } from "./vc/sign.server";

type Message =
  | { id: number; job: "render"; version: number; input: Parameters<(typeof renderers)[number]>[0] }
  | { id: number; job: "sign"; credential: Record<string, unknown>; keys: Parameters<typeof signWithKeys>[0]["keys"]; now: string };

async function run(message: Message): Promise<unknown> {
  if (message.job === "render") {
    const renderer = renderers[message.version];
    if (!renderer) throw new Error(`no renderer for layout version ${message.version}`);
    return renderer(message.input);
  }
  if (message.job === "sign") return signWithKeys({ credential: message.credential, keys: message.keys, now: new Date(message.now) });
  throw new Error(`unknown job ${(message as { job: string }).job}`);
}

parentPort?.on("message", async (message: Message) => {
  try {
    const result = await run(message);
    parentPort?.postMessage({ id: message.id, result }, result instanceof Uint8Array ? [result.buffer as ArrayBuffer] : []);
  } catch (err) {
    parentPort?.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) });
  }
});
