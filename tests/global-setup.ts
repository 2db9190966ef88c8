/**
 * vitest globalSetup: migrates one template SQLite file per run; testDb() (tests/factories.ts) copies it
 * for each test, which is still a real, fresh SQLite file per test but skips re-running every migration.
 * Workers inherit process.env from this process.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "~db/index.server";

export default function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-template-"));
  const file = path.join(dir, "template.db");
  const db = openDatabase(file);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  process.env.AULA_TEST_TEMPLATE_DB = file;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
