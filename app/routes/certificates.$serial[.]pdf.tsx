import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCertificate } from "~/auth/guards.server";
import { CertificateIntegrityError, certificatePdf } from "~/domain/certificates.server";
import { contentDisposition } from "~/domain/file-names";

/** One certificate's PDF, re-rendered from its record (and checked against the stored SHA-256). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, found, may } = await requireCertificate(request, params, "certificate.download");
  // A revoked certificate is downloadable by staff only (for the record). After its holder's data
  // was erased, nobody can render it again: the holder keeps their PDF (docs/decisions/012).
  if ((found.certificate.status !== "valid" && !may("certificate.revoke")) || found.certificate.holderErasedAt) {
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
