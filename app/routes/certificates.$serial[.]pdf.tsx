import type { LoaderFunctionArgs } from "@remix-run/node";
import { can } from "~/auth/permissions";
import { authorize, requireUser } from "~/auth/session.server";
import { CertificateIntegrityError, certificatePdf, findCertificate } from "~/domain/certificates.server";
import { contentDisposition } from "~/domain/file-names";

/** One certificate's PDF, re-rendered from its record (and checked against the stored SHA-256). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requireUser(request);
  const found = findCertificate(db, params.serial ?? "");
  if (!found) throw new Response("Not found", { status: 404 });
  const resource = { type: "certificate" as const, editionId: found.editionId, participationId: found.participationId, userId: found.userId };
  authorize(actor, "certificate.download", resource, { hide: true });
  // A revoked certificate is downloadable by staff only (for the record).
  if (found.certificate.status !== "valid" && !can(actor, "certificate.revoke", resource)) {
    throw new Response("Not found", { status: 404 });
  }
  let bytes: Uint8Array;
  try {
    bytes = await certificatePdf(db, found.certificate);
  } catch (err) {
    if (err instanceof CertificateIntegrityError) console.error(err.message);
    throw err;
  }
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": contentDisposition(`${found.certificate.serial}.pdf`),
      "Content-Length": String(bytes.length),
      "Cache-Control": "private, no-store",
    },
  });
}
