import { sql } from "drizzle-orm";
import { getDb } from "~db/index.server";

/** Throws when the database does not answer (the health check's only question). */
export function checkDatabase(): void {
  getDb().get(sql`select 1`);
}
