/**
 * The sign-in gate holds across processes: four processes, each with its own connection to one
 * SQLite file, fire five wrong passwords at the same account at the same instant. The IMMEDIATE
 * transaction that counts and records each attempt before its check lets at most five be checked.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { signInAttempts } from "~db/schema";
import { makeUser, testDb } from "../factories";

let t: ReturnType<typeof testDb>;
beforeEach(() => {
  t = testDb();
});
afterEach(() => t.cleanup());

function burst(file: string, startAt: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.resolve("node_modules/.bin/tsx"),
      [path.resolve("tests/integration/fixtures/sign-in-burst.ts"), file, "victim@example.org", String(startAt), "5"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(err))));
  });
}

it("20 wrong passwords from four processes at once: 20 attempts recorded, at most 5 checked", async () => {
  await makeUser(t.db, { email: "victim@example.org", name: "V", role: "trainee", password: "the right password" });
  const startAt = Date.now() + 15_000; // room for four tsx processes to start on a busy machine
  const results = (await Promise.all([0, 1, 2, 3].map(() => burst(t.file, startAt)))).flat();
  expect(results).toHaveLength(20);
  expect(results).not.toContain("ok");
  const rows = t.db.select().from(signInAttempts).all();
  expect(rows).toHaveLength(20);
  expect(rows.filter((r) => r.checked).length).toBeLessThanOrEqual(5);
  expect(rows.filter((r) => r.checked).length).toBeGreaterThanOrEqual(1);
}, 60_000);
