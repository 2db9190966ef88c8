/**
 * Issue 11, point 4 (docs/decisions/009, fifth round): a bulk issue draws its PDFs and signs its credentials in
 * the issue worker (app/domain/certificates/issue-worker.mjs), never in the main thread, and what the worker makes
 * is byte for byte what the main thread makes: each PDF re-rendered here hashes to the stored SHA-256, each
 * credential signed again here with the same keys and time has the same proofs.
 *
 * Structural, not timed: the main thread's own counters (font programs compressed or reused by the template
 * code, credentials signed) stay where they were during the issue, so the test cannot flake on a busy machine.
 */
import { afterAll, afterEach, beforeEach, expect, it } from "vitest";
import type { Db } from "~db/index.server";
import { certificates } from "~db/schema";
import { bulkIssue, certificatePdf } from "~/domain/certificates.server";
import { signingKeys } from "~/domain/certificates/credential.server";
import {
  issueWorkerInUse,
  issueWorkerRunning,
  prepareIssueWorker,
  setIssueWorker,
  stopIssueWorker,
} from "~/domain/certificates/issue-worker.server";
import { signingCounts, signWithKeys } from "~/domain/certificates/vc/sign.server";
import { fontProgramCounts } from "~certificates/template";
import { testDb } from "../factories";
import { approveByBothParties, certificateWorld, tutorActor } from "./fixtures/certificate-world";

let t: ReturnType<typeof testDb>;
let db: Db;
let world: Awaited<ReturnType<typeof certificateWorld>>;

beforeEach(async () => {
  t = testDb();
  db = t.db;
  world = await certificateWorld(db);
});
afterEach(() => t.cleanup());
// off by default in vitest (issue-worker.server.ts): on here
setIssueWorker(true);
afterAll(() => stopIssueWorker());


it("draws and signs in the worker, with the bytes the main thread makes", async () => {
  approveByBothParties(db, world);
  expect(issueWorkerInUse()).toBe(true);
  const fontsBefore = fontProgramCounts.compressed + fontProgramCounts.reused;
  const signedBefore = signingCounts.signed;

  const r = await bulkIssue({ db, actor: tutorActor(world.tutor.id), editionId: world.edition.id, notify: false });
  const issued = db.select().from(certificates).all();
  expect(r.issued).toBe(issued.length);
  expect(issued.length).toBeGreaterThanOrEqual(4);
  // nothing of the drawing or the signing ran in this thread
  expect(fontProgramCounts.compressed + fontProgramCounts.reused).toBe(fontsBefore);
  expect(signingCounts.signed).toBe(signedBefore);

  for (const c of issued) {
    // re-rendered in this thread: certificatePdf throws unless the bytes hash to the stored SHA-256
    const pdf = await certificatePdf(db, c);
    expect(Buffer.from(pdf.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    // signed again in this thread with the same keys and time: the same proofs
    const stored = c.credential as Record<string, unknown>;
    const { proof, ...unsigned } = stored;
    expect(Array.isArray(proof) && proof.length).toBe(2);
    const again = await signWithKeys({ credential: unsigned, keys: await signingKeys(db, c.stateCode), now: new Date(c.createdAt) });
    expect(JSON.stringify(again)).toBe(JSON.stringify(stored));
  }
  expect(signingCounts.signed).toBe(signedBefore + issued.length);
  // the worker's start (tsx compiles the renderer and loads pdf-lib, fontkit and jsonld: ≈ 2.5 CPU-s) on a busy machine
}, 90_000);

it("the certificates board starts the worker before the first issue, and the issue uses that one", async () => {
  await stopIssueWorker();
  expect(issueWorkerRunning()).toBe(false);
  prepareIssueWorker(); // what the board's loader does when certificates are ready to issue
  expect(issueWorkerRunning()).toBe(true);
  approveByBothParties(db, world);
  const signedBefore = signingCounts.signed;
  const r = await bulkIssue({ db, actor: tutorActor(world.tutor.id), editionId: world.edition.id, notify: false });
  expect(r.issued).toBeGreaterThanOrEqual(4);
  expect(signingCounts.signed).toBe(signedBefore); // signed in the worker, not here
  prepareIssueWorker(); // once running, nothing more
  expect(issueWorkerRunning()).toBe(true);
}, 90_000);
