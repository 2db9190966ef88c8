/**
 * Demo only where asked: the real start script (`--prepare-only`: migrate and prepare the database,
 * then exit) and the real `admin:create` script, spawned on temporary SQLite files.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acceptInvitation } from "~/domain/accounts.server";
import { openDatabase } from "~db/index.server";

let dir: string;
let dbFile: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-start-"));
  dbFile = path.join(dir, "aula.db");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const TSX = path.resolve("node_modules/.bin/tsx");

function run(script: string, args: string[], env: Record<string, string> = {}, timeout = 120_000) {
  const clean = { ...process.env };
  for (const k of ["NODE_ENV", "PUBLIC_URL", "AULA_DEMO", "AULA_ALLOW_DEMO_ACCOUNTS", "SMTP_URL", "VITEST"]) delete clean[k];
  const r = spawnSync(TSX, [script, ...args], {
    env: { ...clean, DATABASE_URL: dbFile, ...env },
    encoding: "utf8",
    timeout,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}
// seeding the demo renders and signs certificates: a few seconds alone, much more on a shared, loaded machine
const start = (args: string[], env: Record<string, string> = {}) => run("scripts/start.ts", ["--prepare-only", ...args], env, 150_000);

function query<T>(sql: string): T[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
const userCount = () => query<{ n: number }>("select count(*) n from users")[0]!.n;

describe("start modes", () => {
  it("a production start on an empty database creates no user (npm run serve; NODE_ENV=production with https)", () => {
    const serve = start(["--production"]);
    expect(serve.status, serve.out).toBe(0);
    expect(userCount()).toBe(0);
    expect(query<{ n: number }>("select count(*) n from states")[0]!.n).toBe(35);
    // asking for the demo does not change that in production
    const https = start(["--demo"], { NODE_ENV: "production", PUBLIC_URL: "https://aula.example.org", AULA_DEMO: "1" });
    expect(https.status, https.out).toBe(0);
    expect(https.out).toContain("never seeded on a production start");
    expect(userCount()).toBe(0);
    // nor does a start that does not ask for it
    expect(start([]).status).toBe(0);
    expect(userCount()).toBe(0);
  }, 180_000); // three starts: 4.5 s alone, 36 s beside the browser tests

  it("npm start seeds the demo into an empty database; a start without the demo then refuses it unless told", () => {
    const demo = start(["--demo"]);
    expect(demo.status, demo.out).toBe(0);
    expect(demo.out).toContain("demo data seeded");
    expect(userCount()).toBeGreaterThan(5);

    const refused = start(["--production"]);
    expect(refused.status).toBe(1);
    expect(refused.out).toContain("Refusing to start");
    expect(refused.out).toContain("AULA_ALLOW_DEMO_ACCOUNTS");
    expect(start([], { NODE_ENV: "production", PUBLIC_URL: "https://aula.example.org", AULA_ALLOW_DEMO_ACCOUNTS: "1" }).status).toBe(0);
  }, 240_000);
});

describe("admin:create", () => {
  it("invites the first admin: prints the link, keeps the email in the outbox; the link activates the account", async () => {
    expect(start(["--production"]).status).toBe(0);
    const r = run("scripts/admin-create.ts", ["first.admin@example.org", "--name", "Primera Admin", "--locale", "es"], {
      PUBLIC_URL: "https://aula.example.org",
    });
    expect(r.status, r.out).toBe(0);
    const link = r.out.match(/https:\/\/aula\.example\.org\/invitation\/([\w-]+)/);
    expect(link, r.out).not.toBeNull();
    expect(r.out).toContain("SMTP_URL is not set");
    const [user] = query<{ id: number; role: string; status: string; name: string; password_hash: string | null }>(
      "select * from users",
    );
    expect(user).toMatchObject({ role: "admin", status: "invited", name: "Primera Admin", password_hash: null });
    const mails = query<{ to: string; kind: string; text: string; locale: string }>("select * from email_outbox");
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: "first.admin@example.org", kind: "invitation", locale: "es" });
    expect(mails[0]!.text).toContain(link![0]);

    // run again before activation: a new link
    const again = run("scripts/admin-create.ts", ["first.admin@example.org"]);
    expect(again.status, again.out).toBe(0);
    expect(again.out).toContain("Invited again");
    const newest = again.out;
    const second = newest.match(/\/invitation\/([\w-]+)/);
    expect(second, newest).not.toBeNull();
    expect(second![1]).not.toBe(link![1]);

    const db = openDatabase(dbFile);
    try {
      // the new link expired the first one
      await expect(acceptInvitation({ db, token: link![1]!, password: "una frase larga y segura" })).rejects.toThrow("auth.link.expired");
      await acceptInvitation({ db, token: second![1]!, password: "una frase larga y segura" });
    } finally {
      db.$client.close();
    }
    expect(query<{ status: string }>("select status from users")[0]!.status).toBe("active");
    const done = run("scripts/admin-create.ts", ["first.admin@example.org"]);
    expect(done.status).toBe(1);
    expect(done.out).toContain("already active");
    expect(run("scripts/admin-create.ts", ["not-an-email"]).status).toBe(2);
  }, 240_000); // 8.6 s alone, 62 s beside the browser tests
});
