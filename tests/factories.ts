import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Db, openDatabase } from "~db/index.server";

export * from "~db/seed/factories";

/**
 * A real SQLite file in a fresh temporary folder, migrated. One per test (or per file). Under vitest it
 * starts as a copy of the run's migrated template (tests/global-setup.ts); openDatabase still checks
 * the migrations against it.
 */
export function testDb(): { db: Db; file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-test-"));
  const file = path.join(dir, "test.db");
  const template = process.env.AULA_TEST_TEMPLATE_DB;
  if (template && fs.existsSync(template)) fs.copyFileSync(template, file);
  const db = openDatabase(file);
  return {
    db,
    file,
    cleanup: () => {
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
