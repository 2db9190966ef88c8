import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCertificate } from "~/auth/guards.server";
import { CertificateIntegrityError, certificatePdf } from "~/domain/certificates.server";

/** One certificate's PDF, re-rendered from its record (and checked against the stored SHA-256). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, found, may } = await requireCertificate(request, params, "certificate.download");
  // A revoked certificate is downloadable by staff only (for the record).
  if (found.certificate.status !== "valid" && !may("certificate.revoke")) {
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
      "Content-Disposition": `attachment; filename="${found.certificate.serial.replace(/[^\w.-]/g, "_")}.pdf"`,
      "Content-Length": String(bytes.length),
      "Cache-Control": "private, no-store",
    },
  });
}
