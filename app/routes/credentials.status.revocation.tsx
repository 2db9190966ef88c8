import { publishedStatusList } from "~/domain/certificates/credential.server";
import { jsonDocument } from "~/lib/json-document.server";

/** Public: the institute-signed Bitstring Status List credential; a revoked certificate's bit is 1. */
export async function loader() {
  return jsonDocument(await publishedStatusList(), { contentType: "application/vc+ld+json", maxAge: 0 });
}
