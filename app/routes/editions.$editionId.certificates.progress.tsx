import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { issueProgress } from "~/domain/certificates.server";

/** How far a bulk issue has come, as JSON (polled by the certificate board). Counts only: no names. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const editionId = Number(params.editionId);
  if (!Number.isInteger(editionId) || editionId <= 0) throw new Response("Not found", { status: 404 });
  const { db } = await requirePermission(request, "edition.certify", { type: "edition", editionId });
  const participationId = Number(new URL(request.url).searchParams.get("participationId")) || undefined;
  try {
    return Response.json(issueProgress(db, { editionId, participationId }), { headers: { "Cache-Control": "no-store" } });
  } catch {
    throw new Response("Not found", { status: 404 });
  }
}
