/**
 * Signing a built credential with given keys: a proof set of two Data Integrity proofs (eddsa-rdfc-2022),
 * the institute's, then the state's (ADR 006). No database and no network here — the keys come as plain data
 * (keys.server.ts `issuerKeyMaterial`) and signing reads only the bundled JSON-LD contexts — so it runs as well
 * in the issue worker (../issue-worker.mjs, docs/decisions/009 fifth round) as in the main thread. Ed25519
 * signatures are deterministic: the same credential, keys and time give the same bytes in either thread.
 */
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as vc from "@digitalbazaar/vc";
import { documentLoader, type JsonLd, MULTIKEY_V1_CONTEXT } from "./contexts.server";

export interface SigningKey {
  id: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

/** Key pairs made once per key (`Ed25519Multikey.from` imports the key: ≈ 6 % of a certificate's signing). */
const keyPairs = new Map<string, Promise<Ed25519Multikey.Ed25519KeyPair>>();

export function keyPairOf(key: SigningKey): Promise<Ed25519Multikey.Ed25519KeyPair> {
  const cacheKey = `${key.id}|${key.controller}|${key.publicKeyMultibase}|${key.secretKeyMultibase}`;
  let pair = keyPairs.get(cacheKey);
  if (!pair) {
    if (keyPairs.size >= 64) keyPairs.clear();
    pair = Ed25519Multikey.from({ "@context": MULTIKEY_V1_CONTEXT, type: "Multikey", ...key });
    keyPairs.set(cacheKey, pair);
    pair.catch(() => keyPairs.delete(cacheKey));
  }
  return pair;
}

/** Signing needs the contexts only; anything else would be a network request, which never happens. */
const contextsOnly = documentLoader(() => null);

/**
 * The cryptosuite with its canonicalisation remembered for one signing: both proofs of a proof set
 * canonicalise the same credential (without `proof`), which is most of the cost (JSON-LD expansion
 * of the Open Badges context); only the proof options differ.
 */
function signingCryptosuite() {
  const suite = eddsaRdfc2022 as { canonize: (input: JsonLd, options: JsonLd) => Promise<string> };
  const memo = new Map<string, Promise<string>>();
  return {
    ...suite,
    canonize(input: JsonLd, options: JsonLd) {
      const key = JSON.stringify(input);
      let result = memo.get(key);
      if (!result) {
        result = suite.canonize(input, options);
        memo.set(key, result);
      }
      return result;
    },
  };
}

/** Credentials signed in this thread (read by a test: a bulk issue signs none in the main thread). */
export const signingCounts = { signed: 0 };

/** Signs `credential` (not changed) with each key in turn: the first proof, then a proof set. */
export async function signWithKeys({ credential, keys, now }: { credential: JsonLd; keys: SigningKey[]; now: Date }): Promise<JsonLd> {
  signingCounts.signed++;
  const copy = structuredClone(credential);
  const cryptosuite = signingCryptosuite();
  for (const key of keys) {
    const keyPair = await keyPairOf(key);
    const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite, date: now });
    // vc.issue adds to an existing proof: the second call makes a proof set of two
    await vc.issue({ credential: copy, suite, documentLoader: contextsOnly, now });
  }
  return copy;
}
