/**
 * The CPU work of an issue — drawing the PDF and signing the credential — in a worker thread (./issue-worker.mjs),
 * so an issue, above all a bulk issue of thousands, never holds the server's event loop for a font parse, a
 * state's template, a font subset's compression or a JSON-LD canonicalisation (issue 11, point 4;
 * docs/decisions/009, fifth round, decision 43). The database stays in the main thread.
 *
 * One worker, created on the first job and kept; it holds the process open only while a job is pending. Its
 * inputs are plain data and its functions are pure, so the bytes are the same as in the main thread
 * (tests/integration/certificates-issue-worker.test.ts). Where the worker file is not found (it sits beside this
 * module in the sources, which production runs from: scripts/start.ts under tsx), the work happens here, as before.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type RenderableCertificate, renderers, textsForVersion } from "~certificates/render";
import { CertificateIntegrityError, type RenderContext, renderInput } from "./render.server";
import type { JsonLd } from "./vc/contexts.server";
import { type SigningKey, signWithKeys } from "./vc/sign.server";

type Pending = { resolve: (result: unknown) => void; reject: (err: Error) => void };

let worker: Worker | null = null;
const pending = new Map<number, Pending>();
let nextId = 1;
let file: string | null | undefined;

/** app/domain/certificates/issue-worker.mjs, found upwards from this module (its own folder in the sources, build/server/ when bundled). */
function workerFile(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up++) {
    for (const candidate of [path.join(dir, "issue-worker.mjs"), path.join(dir, "app", "domain", "certificates", "issue-worker.mjs")]) {
      if (existsSync(candidate)) return candidate;
    }
    dir = path.dirname(dir);
  }
  return null;
}

function failAll(err: Error) {
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

function theWorker(): Worker | null {
  if (worker) return worker;
  if (file === undefined) file = workerFile();
  if (!file) return null;
  const w = new Worker(file);
  w.unref();
  w.on("message", ({ id, result, error }: { id: number; result?: unknown; error?: string }) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (pending.size === 0) w.unref();
    if (error !== undefined) p.reject(new Error(error));
    else p.resolve(result);
  });
  w.on("error", (err) => {
    if (worker === w) worker = null;
    failAll(err);
  });
  w.on("exit", (code) => {
    if (worker === w) worker = null;
    failAll(new Error(`the issue worker stopped (exit code ${code})`));
  });
  worker = w;
  return w;
}

function inWorker<T>(w: Worker, message: Record<string, unknown>): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
    w.ref();
    w.postMessage({ id, ...message });
  });
}

/** Draws a certificate as `renderStored` does, in the worker. */
export function renderStoredOffThread(record: Parameters<typeof renderInput>[0], ctx: RenderContext): Promise<Uint8Array> {
  const renderer = renderers[ctx.layoutVersion];
  if (!renderer) return Promise.reject(new CertificateIntegrityError(`certificate ${record.serial}: no renderer for layout version ${ctx.layoutVersion}`));
  const input = renderInput(record, ctx);
  const certificate: RenderableCertificate = { ...input, texts: textsForVersion(ctx.layoutVersion, input, ctx.texts) };
  const w = theWorker();
  return w ? inWorker<Uint8Array>(w, { job: "render", version: ctx.layoutVersion, input: certificate }) : renderer(certificate);
}

/** Signs a built credential with `keys` in turn (vc/sign.server.ts `signWithKeys`), in the worker. */
export function signOffThread({ credential, keys, now }: { credential: JsonLd; keys: SigningKey[]; now: Date }): Promise<JsonLd> {
  const w = theWorker();
  return w ? inWorker<JsonLd>(w, { job: "sign", credential, keys, now: now.toISOString() }) : signWithKeys({ credential, keys, now });
}

/** Whether jobs go to a worker thread (false where its file is missing). */
export function issueWorkerInUse(): boolean {
  return theWorker() !== null;
}

/** Stops the worker (tests); a new one starts with the next job. */
export async function stopIssueWorker(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
