import { checkDatabase } from "~/domain/health.server";

export function loader() {
  checkDatabase();
  return new Response("ok", { headers: { "Cache-Control": "no-store" } });
}
