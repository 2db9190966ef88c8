import { publishedDidDocument } from "~/domain/certificates/credential.server";
import { jsonDocument } from "~/lib/json-document.server";

/** Public: the institute's did:web document (its credential signing key), for offline verification. */
export async function loader() {
  return jsonDocument(await publishedDidDocument({}), { contentType: "application/did+ld+json", maxAge: 300 });
}
