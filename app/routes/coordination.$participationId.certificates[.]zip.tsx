import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorize, requireUser } from "~/auth/session.server";
import { loadParticipation, stateCertificatesZip } from "~/domain/certificates.server";
import { contentDisposition } from "~/domain/file-names";

/** A ZIP of a state's valid certificates (its coordinators and the institute's staff). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requireUser(request);
  const participationId = Number(params.participationId);
  if (!Number.isInteger(participationId) || participationId <= 0) throw new Response("Not found", { status: 404 });
  let participation: ReturnType<typeof loadParticipation>;
  try {
    participation = loadParticipation(db, participationId);
  } catch {
    throw new Response("Not found", { status: 404 });
  }
  authorize(actor, "participation.view", { type: "participation", editionId: participation.editionId, participationId }, { hide: true });
  const { zip } = await stateCertificatesZip(db, participationId);
  return new Response(Buffer.from(zip), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": contentDisposition(`certificates-${participation.stateCode}-${participationId}.zip`),
      "Content-Length": String(zip.length),
      "Cache-Control": "private, no-store",
    },
  });
}
