/**
 * `databaseVersion` (db/index.server.ts) is what the front cache compares to decide that a kept page still holds:
 * every write any page shows must change it, and `uncountedWrite`s (bookkeeping no page shows) must not.
 * In production, db/index.server.ts runs as two copies — bundled into the Remix build, where the loaders write,
 * and under tsx for scripts/start.ts's front cache, which reads — so the second half checks two module instances
 * against one connection: the first fix kept the uncounted rows in a module's own map, which the other copy never
 * saw (every session touch ended every kept page in production).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

let dir = "";
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-db-version-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function freshCopy() {
  vi.resetModules();
  return (await import("~db/index.server")) as typeof import("~db/index.server");
}

describe("databaseVersion", () => {
  it("changes with a write, with another connection's commit, and not with an uncounted write", async () => {
    const { openDatabase, databaseVersion, uncountedWrite } = await freshCopy();
    const db = openDatabase(path.join(dir, "a.db"));
    const sqlite = db.$client;
    sqlite.exec("create table t (x integer)");
    const v0 = databaseVersion(sqlite);
    uncountedWrite(sqlite, () => sqlite.prepare("insert into t values (1)").run());
    expect(databaseVersion(sqlite)).toBe(v0);
    sqlite.prepare("insert into t values (2)").run();
    const v1 = databaseVersion(sqlite);
    expect(v1).not.toBe(v0);
    // another connection (another process, a maintenance script) commits
    const Database = (await import("better-sqlite3")).default;
    const other = new Database(path.join(dir, "a.db"));
    other.prepare("insert into t values (3)").run();
    other.close();
    expect(databaseVersion(sqlite)).not.toBe(v1);
    sqlite.close();
  });

  it("reads the same in two copies of the module sharing one connection, as in production", async () => {
    const writer = await freshCopy(); // the Remix build's copy: the loaders' writes
    const reader = await freshCopy(); // scripts/start.ts's copy: the front cache
    expect(reader.databaseVersion).not.toBe(writer.databaseVersion); // two instances indeed
    const db = writer.openDatabase(path.join(dir, "b.db"));
    const sqlite = db.$client;
    sqlite.exec("create table t (x integer)");
    const v0 = reader.databaseVersion(sqlite);
    writer.uncountedWrite(sqlite, () => sqlite.prepare("insert into t values (1)").run());
    expect(reader.databaseVersion(sqlite)).toBe(v0);
    expect(writer.databaseVersion(sqlite)).toBe(v0);
    sqlite.prepare("insert into t values (2)").run();
    expect(reader.databaseVersion(sqlite)).not.toBe(v0);
    expect(reader.databaseVersion(sqlite)).toBe(writer.databaseVersion(sqlite));
    sqlite.close();
  });
});
