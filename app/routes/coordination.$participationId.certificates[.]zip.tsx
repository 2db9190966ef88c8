import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireParticipation } from "~/auth/guards.server";
import { stateCertificatesZip } from "~/domain/certificates.server";
import { zipResponse } from "~/lib/files.server";

/** A ZIP of a state's valid certificates (its coordinators and the institute's staff). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, participation } = await requireParticipation(request, params, "participation.view");
  const participationId = participation.id;
  const { zip } = await stateCertificatesZip(db, participationId);
  return zipResponse(zip, `certificates-${participation.stateCode}-${participationId}.zip`);
}
