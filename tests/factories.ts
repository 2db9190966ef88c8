import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Db, openDatabase } from "~db/index.server";

export * from "~db/seed/factories";

/** A real SQLite file in a fresh temporary folder, migrated. One per test (or per file). */
export function testDb(): { db: Db; file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-test-"));
  const file = path.join(dir, "test.db");
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
