import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseId, requireEdition } from "~/auth/guards.server";
import { issueProgress } from "~/domain/certificates.server";

/** How far a bulk issue has come, as JSON (polled by the certificate board). Counts only: no names. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, edition } = await requireEdition(request, params, "edition.certify");
  const editionId = edition.id;
  const participationId = parseId(new URL(request.url).searchParams.get("participationId")) ?? undefined;
  try {
    return Response.json(issueProgress(db, { editionId, participationId }), { headers: { "Cache-Control": "no-store" } });
  } catch {
    throw new Response("Not found", { status: 404 });
  }
}
