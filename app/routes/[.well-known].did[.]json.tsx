import { getDb } from "~db/index.server";
import { publishedDidDocument } from "~/domain/certificates/credential.server";
import { jsonDocument } from "~/lib/json-document.server";

/** Public: the institute's did:web document (its credential signing key), for offline verification. */
export async function loader() {
  const doc = await publishedDidDocument({ db: getDb() });
  return jsonDocument(doc, { contentType: "application/did+ld+json", maxAge: 300 });
}
