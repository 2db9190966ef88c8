import type { LoaderFunctionArgs } from "@remix-run/node";
import { publishedDidDocument } from "~/domain/certificates/credential.server";
import { jsonDocument } from "~/lib/json-document.server";

/** Public: a state's did:web document (did:web:<host>:states:<code>), once the state has signed a credential. */
export async function loader({ params }: LoaderFunctionArgs) {
  const doc = await publishedDidDocument({ stateCode: params.stateCode ?? "" });
  return jsonDocument(doc, { contentType: "application/did+ld+json", maxAge: 300 });
}
