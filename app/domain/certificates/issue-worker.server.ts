/**
 * The CPU work of an issue — drawing the PDF and signing the credential — in a worker thread, so an issue,
 * above all a bulk issue of thousands, never holds the server's event loop for a font parse, a state's
 * template, a font subset's compression or a JSON-LD canonicalisation (issue 11, point 4; docs/decisions/009,
 * fifth round, decision 43). The database stays in the main thread.
 *
 * One worker, created on the first job and kept; it holds the process open only while a job is pending. Its
 * code is ./issue-worker-entry.ts: from the bundle (build/server/, production) the worker is the same entry
 * bundled beside it by `npm run build` (build/server/issue-worker.mjs); from the sources (dev, vitest) it is
 * ./issue-worker.mjs, which loads the entry through tsx. Its inputs are plain data and its functions pure, so
 * the bytes are the same as in the main thread (tests/integration/certificates-issue-worker.test.ts). Where
 * neither file is found, or the worker cannot start, the work happens here, as before; the jobs of a worker
 * that dies are done here too, and the next job starts a new one.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type RenderableCertificate, renderers, textsForVersion } from "~certificates/render";
import { CertificateIntegrityError, type RenderContext, renderInput } from "./render.server";
import type { JsonLd } from "./vc/contexts.server";
import { type SigningKey, signWithKeys } from "./vc/sign.server";

type Job = { job: "render"; version: number; input: RenderableCertificate } | { job: "sign"; credential: JsonLd; keys: SigningKey[]; now: string };
type Pending = { job: Job; resolve: (result: unknown) => void; reject: (err: Error) => void };

let worker: Worker | null = null;
const pending = new Map<number, Pending>();
let nextId = 1;
let file: string | null | undefined;

/** The worker beside this module (the bundled one in build/server/, the tsx one in the sources), else the sources' one found upwards. */
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

/** A job done in this thread: where there is no worker, and for the jobs of a worker that died. */
function runHere(job: Job): Promise<unknown> {
  if (job.job === "sign") return signWithKeys({ credential: job.credential, keys: job.keys, now: new Date(job.now) });
  const renderer = renderers[job.version];
  if (!renderer) return Promise.reject(new Error(`no renderer for layout version ${job.version}`));
  return renderer(job.input);
}

let answered = false;

/** The worker died (it could not start, or crashed): its pending jobs are done here; one that never answered is not started again. */
function workerLost(w: Worker, err: Error) {
  if (worker === w) worker = null;
  if (!answered) file = null;
  console.error(`[certificates] the issue worker stopped (${err.message}); ${answered ? "a new one starts with the next job" : "issuing in the main thread"}`);
  const jobs = [...pending.values()];
  pending.clear();
  for (const p of jobs) runHere(p.job).then(p.resolve, p.reject);
}

/**
 * Off inside vitest: each test file would start its own worker (seconds of CPU per file on a busy machine,
 * beside the browser tests); tests/integration/certificates-issue-worker.test.ts turns it on and holds the worker's
 * bytes equal to these. Everywhere else (dev, production, the e2e tests' server, the bench) it is on.
 */
let enabled = !process.env.VITEST;

export function setIssueWorker(on: boolean): void {
  enabled = on;
}

function theWorker(): Worker | null {
  if (!enabled) return null;
  if (worker) return worker;
  if (file === undefined) file = workerFile();
  if (!file) return null;
  const w = new Worker(file);
  w.unref();
  w.on("message", ({ id, result, error }: { id: number; result?: unknown; error?: string }) => {
    answered = true;
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (pending.size === 0) w.unref();
    if (error !== undefined) p.reject(new Error(error));
    else p.resolve(result);
  });
  w.on("error", (err) => workerLost(w, err));
  w.on("exit", (code) => {
    if (worker === w) workerLost(w, new Error(`exit code ${code}`));
  });
  worker = w;
  return w;
}

function inWorker<T>(job: Job): Promise<T> {
  const w = theWorker();
  if (!w) return runHere(job) as Promise<T>;
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { job, resolve: resolve as (r: unknown) => void, reject });
    w.ref();
    w.postMessage({ id, ...job });
  });
}

/** Draws a certificate as `renderStored` does, in the worker. */
export function renderStoredOffThread(record: Parameters<typeof renderInput>[0], ctx: RenderContext): Promise<Uint8Array> {
  if (!renderers[ctx.layoutVersion]) return Promise.reject(new CertificateIntegrityError(`certificate ${record.serial}: no renderer for layout version ${ctx.layoutVersion}`));
  const input = renderInput(record, ctx);
  return inWorker<Uint8Array>({ job: "render", version: ctx.layoutVersion, input: { ...input, texts: textsForVersion(ctx.layoutVersion, input, ctx.texts) } });
}

/** Signs a built credential with `keys` in turn (vc/sign.server.ts `signWithKeys`), in the worker. */
export function signOffThread({ credential, keys, now }: { credential: JsonLd; keys: SigningKey[]; now: Date }): Promise<JsonLd> {
  return inWorker<JsonLd>({ job: "sign", credential, keys, now: now.toISOString() });
}

/**
 * Starts the worker now if it is not running, so that the next issue does not wait for it to load its code
 * (seconds on a busy machine): the certificates board calls it when certificates are ready to issue, while the
 * tutor reads the board. Nothing else: no job, no database; an idle worker does not hold the process open.
 */
export function prepareIssueWorker(): void {
  try {
    theWorker();
  } catch (err) {
    // the first job will try again, or issue in the main thread
    console.error(`[certificates] the issue worker could not start (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** Whether a worker is running now (without starting one). */
export function issueWorkerRunning(): boolean {
  return worker !== null;
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
