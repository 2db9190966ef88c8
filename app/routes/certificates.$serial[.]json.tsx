import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCertificate } from "~/auth/guards.server";
import { certificateCredential } from "~/domain/certificates/credential.server";

/** One certificate's Verifiable Credential (Open Badges 3.0, signed by the institute and the state). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, found, may } = await requireCertificate(request, params, "certificate.download");
  // as with the PDF: a revoked certificate is for staff only
  if (found.certificate.status !== "valid" && !may("certificate.revoke")) {
    throw new Response("Not found", { status: 404 });
  }
  const credential = await certificateCredential({ db, certificate: found.certificate });
  if (!credential) throw new Response("Not found", { status: 404 });
  return new Response(JSON.stringify(credential, null, 2), {
    headers: {
      "Content-Type": "application/vc+ld+json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${found.certificate.serial.replace(/[^\w.-]/g, "_")}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
