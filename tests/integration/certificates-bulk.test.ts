/**
 * Bulk issue is idempotent and resumable: a process issuing 200 certificates (five states) is killed
 * (SIGKILL) once some but not all are committed; running it again issues the rest. Exactly 200 valid
 * certificates, 200 distinct serials, no gaps in any state's sequence. (It issued 500: 220 s of the suite's
 * CPU beside the browser tests, for nothing 200 does not show: each certificate commits on its own.)
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/auth/permissions";
import { approveCertificates } from "~/domain/certificates.server";
import { testDb } from "../factories";
import { certificateWorld } from "./fixtures/certificate-world";

const STATES = ["AR", "BR", "CL", "MX", "UY"];
const PER_STATE = 40;
const TOTAL = STATES.length * PER_STATE;
const script = path.resolve("tests/integration/fixtures/bulk-issue.ts");

let t: ReturnType<typeof testDb>;
let editionId: number;
let tutorId: number;

beforeAll(async () => {
  t = testDb();
  const world = await certificateWorld(t.db, { states: STATES, traineesPerState: PER_STATE });
  editionId = world.edition.id;
  tutorId = world.tutor.id;
  const tutor: Actor = { id: tutorId, role: "tutor", coordinations: [], enrolments: [] };
  approveCertificates({ db: t.db, actor: tutor, editionId, party: "institute" });
  for (const s of world.states) {
    const coordinator: Actor = {
      id: s.coordinator.id,
      role: "coordinator",
      coordinations: [{ participationId: s.participation.id, editionId }],
      enrolments: [],
    };
    approveCertificates({ db: t.db, actor: coordinator, editionId, party: "state", participationId: s.participation.id });
  }
  t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
}, 120_000);
afterAll(() => t.cleanup());

function run(): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", script, t.file, String(editionId), String(tutorId)], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "test" },
  });
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );

describe("bulk issue survives a crash", () => {
  it(`kill -9 mid-way, run again: ${TOTAL} certificates, none twice, none lost, no gaps`, async () => {
    const probe = new Database(t.file, { readonly: true });
    probe.pragma("busy_timeout = 5000");
    const count = () => (probe.prepare("select count(*) as n from certificates").get() as { n: number }).n;

    const first = run();
    let stderr = "";
    first.stderr!.on("data", (d) => {
      stderr += d;
    });
    const firstExit = exited(first);
    const deadline = Date.now() + 90_000;
    let atKill = 0;
    while (Date.now() < deadline) {
      atKill = count();
      if (atKill >= 40) break;
      if (first.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 15));
    }
    first.kill("SIGKILL");
    const { signal } = await firstExit;
    expect(signal, stderr).toBe("SIGKILL");
    const afterKill = count();
    expect(afterKill).toBeGreaterThan(0);
    expect(afterKill).toBeLessThan(TOTAL);

    const second = run();
    let out = "";
    second.stdout!.on("data", (d) => {
      out += d;
    });
    second.stderr!.on("data", (d) => {
      stderr += d;
    });
    const { code } = await exited(second);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(out.trim().split("\n").pop()!);
    expect(result.issued).toBe(TOTAL - afterKill);
    expect(result.failed).toBe(0);

    const rows = probe.prepare("select serial, state_code as state, status, enrolment_id as e from certificates").all() as {
      serial: string;
      state: string;
      status: string;
      e: number;
    }[];
    expect(rows).toHaveLength(TOTAL);
    expect(rows.every((r) => r.status === "valid")).toBe(true);
    expect(new Set(rows.map((r) => r.serial)).size).toBe(TOTAL);
    expect(new Set(rows.map((r) => r.e)).size).toBe(TOTAL);
    for (const state of STATES) {
      const seqs = rows
        .filter((r) => r.state === state)
        .map((r) => Number(r.serial.slice(r.serial.lastIndexOf("-") + 1)))
        .sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: PER_STATE }, (_, i) => i + 1));
      const counter = probe.prepare("select certificate_seq as n from participations where state_code = ?").get(state) as { n: number };
      expect(counter.n).toBe(PER_STATE);
    }
    // every certificate was audited exactly once
    const audits = probe.prepare("select count(*) as n from audit_log where action = 'certificate.issue'").get() as { n: number };
    expect(audits.n).toBe(TOTAL);
    // a third run has nothing left to do
    const third = run();
    let out3 = "";
    third.stdout!.on("data", (d) => {
      out3 += d;
    });
    await exited(third);
    expect(JSON.parse(out3.trim())).toEqual({ issued: 0, skipped: 0, failed: 0, unrenderable: [] });
    probe.close();
  }, 420_000); // each certificate is rendered and its credential signed twice (ADR 006)
});
