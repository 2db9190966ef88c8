import { getDb } from "~db/index.server";
import { statusListCredential } from "~/domain/certificates/credential.server";
import { jsonDocument } from "~/lib/json-document.server";

/** Public: the institute-signed Bitstring Status List credential; a revoked certificate's bit is 1. */
export async function loader() {
  const doc = await statusListCredential(getDb());
  return jsonDocument(doc, { contentType: "application/vc+ld+json", maxAge: 0 });
}
