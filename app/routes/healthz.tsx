import { sql } from "drizzle-orm";
import { getDb } from "~db/index.server";

export function loader() {
  getDb().get(sql`select 1`);
  return new Response("ok", { headers: { "Cache-Control": "no-store" } });
}
