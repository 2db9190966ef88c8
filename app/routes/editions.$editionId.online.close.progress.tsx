import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireEdition } from "~/auth/guards.server";
import { closeProgress } from "~/domain/online-results.server";

/** How far a close of the online stage has come, as JSON (polled by the close page while it runs). Counts only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, edition } = await requireEdition(request, params, "edition.grade");
  const { state, done, total } = closeProgress(db, edition.id);
  return Response.json({ state, done, total }, { headers: { "Cache-Control": "no-store" } });
}
