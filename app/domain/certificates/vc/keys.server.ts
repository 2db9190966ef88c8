/**
 * Issuer keys and their did:web identities.
 *
 * One Ed25519 key pair per issuer: the institute, and each state ("state:UY"). A key is made the
 * first time it is needed; its secret half is stored encrypted with AES-256-GCM under CREDENTIAL_KEY
 * (app/env.server.ts), its public half is published in the issuer's DID document:
 *   institute      did:web:<host>            → https://<host>/.well-known/did.json
 *   a state (UY)   did:web:<host>:states:uy  → https://<host>/states/uy/did.json
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { eq } from "drizzle-orm";
import type { Db } from "~db/index.server";
import { credentialKeys } from "~db/schema";
import { credentialKey, env } from "~/env.server";
import { DID_V1_CONTEXT, type JsonLd, MULTIKEY_V1_CONTEXT } from "./contexts.server";
import { keyPairOf, type SigningKey } from "./sign.server";

export type Issuer = "institute" | `state:${string}`;

export const stateIssuer = (stateCode: string): Issuer => `state:${stateCode.toUpperCase()}`;

/** did:web of the app's host (PUBLIC_URL), with the port percent-encoded as did:web requires. */
export function instituteDid(): string {
  const host = new URL(env().PUBLIC_URL).host;
  return `did:web:${host.replace(/:/g, "%3A")}`;
}

export function didOf(issuer: Issuer): string {
  if (issuer === "institute") return instituteDid();
  return `${instituteDid()}:states:${issuer.slice("state:".length).toLowerCase()}`;
}

/** The issuer a DID of ours names, or null when it is not one of ours. */
export function issuerOfDid(did: string): Issuer | null {
  const base = instituteDid();
  if (did === base) return "institute";
  const m = did.startsWith(`${base}:states:`) ? /^[a-z]{2}$/.exec(did.slice(`${base}:states:`.length)) : null;
  return m ? stateIssuer(m[0]) : null;
}

const keyIdOf = (issuer: Issuer) => `${didOf(issuer)}#key-1`;

function encrypt(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", credentialKey(), iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString("base64");
}

function decrypt(stored: string): string {
  const raw = Buffer.from(stored, "base64");
  const decipher = createDecipheriv("aes-256-gcm", credentialKey(), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("A credential signing key cannot be decrypted: CREDENTIAL_KEY is not the key it was stored with.");
  }
}

function storedKey(db: Db, issuer: Issuer) {
  return db.select().from(credentialKeys).where(eq(credentialKeys.issuer, issuer)).get();
}

/** The issuer's public key, or null when it never signed anything. */
export function publicKeyOf(db: Db, issuer: Issuer): string | null {
  return storedKey(db, issuer)?.publicKeyMultibase ?? null;
}

/** The issuer's key as plain data, with its secret (for signing here or in the issue worker, ./sign.server.ts), made and stored on first need. */
export async function issuerKeyMaterial({ db, issuer }: { db: Db; issuer: Issuer }): Promise<SigningKey> {
  let row = storedKey(db, issuer);
  if (!row) {
    const generated = await Ed25519Multikey.generate();
    const exported = await generated.export({ publicKey: true, secretKey: true });
    // two first signatures at once: the first insert wins, both then use the stored key
    db.insert(credentialKeys)
      .values({
        issuer,
        publicKeyMultibase: exported.publicKeyMultibase,
        secretKeyEncrypted: encrypt(exported.secretKeyMultibase),
      })
      .onConflictDoNothing()
      .run();
    row = storedKey(db, issuer)!;
  }
  return { id: keyIdOf(issuer), controller: didOf(issuer), publicKeyMultibase: row.publicKeyMultibase, secretKeyMultibase: decrypt(row.secretKeyEncrypted) };
}

/** The issuer's key pair (with its secret, for signing), made and stored on first need. */
export async function issuerKeyPair({ db, issuer }: { db: Db; issuer: Issuer }): Promise<Ed25519Multikey.Ed25519KeyPair> {
  return keyPairOf(await issuerKeyMaterial({ db, issuer }));
}

/** The public verification method of an issuer, as a Multikey document. */
export function verificationMethodOf(issuer: Issuer, publicKeyMultibase: string): JsonLd {
  return {
    "@context": MULTIKEY_V1_CONTEXT,
    id: keyIdOf(issuer),
    type: "Multikey",
    controller: didOf(issuer),
    publicKeyMultibase,
  };
}

/** The DID document of an issuer (null when it has no key yet). */
export function didDocument(db: Db, issuer: Issuer): JsonLd | null {
  const publicKeyMultibase = publicKeyOf(db, issuer);
  if (!publicKeyMultibase) return null;
  const { "@context": _, ...method } = verificationMethodOf(issuer, publicKeyMultibase);
  return {
    "@context": [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT],
    id: didOf(issuer),
    verificationMethod: [method],
    assertionMethod: [method.id],
  };
}
