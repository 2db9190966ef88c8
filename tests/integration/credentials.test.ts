/**
 * The certificate's Verifiable Credential on a real SQLite file: built from the certificate, signed by
 * the institute's and the state's keys (a proof set of two), verified offline with the app's own DID
 * documents and status list; tampering, a removed proof and revocation each fail verification.
 */
import { createDecipheriv } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~db/index.server";
import { certificates, credentialKeys } from "~db/schema";
import type { Actor } from "~/auth/permissions";
import { approveCertificates, findCertificate, issueCertificate, revokeCertificate } from "~/domain/certificates.server";
import {
  appDocumentLoader,
  certificateCredential,
  checkCredential,
  linkedInAddToProfileUrl,
  statusListCredential,
} from "~/domain/certificates/credential.server";
import { didDocument, didOf, issuerKeyPair, stateIssuer } from "~/domain/certificates/vc/keys.server";
import { credentialKey } from "~/env.server";
import { testDb } from "../factories";
import { certificateWorld, tutorActor } from "./fixtures/certificate-world";

let t: ReturnType<typeof testDb>;
let db: Db;
let world: Awaited<ReturnType<typeof certificateWorld>>;

beforeEach(async () => {
  t = testDb();
  db = t.db;
  world = await certificateWorld(db, { states: ["UY"], traineesPerState: 1 });
});
afterEach(() => t.cleanup());

async function issueOne() {
  const [uy] = world.states;
  const coordinator: Actor = {
    id: uy!.coordinator.id,
    role: "coordinator",
    coordinations: [{ participationId: uy!.participation.id, editionId: world.edition.id }],
    enrolments: [],
  };
  approveCertificates({ db, actor: tutorActor(world.tutor.id), editionId: world.edition.id, party: "institute" });
  approveCertificates({ db, actor: coordinator, editionId: world.edition.id, party: "state", participationId: uy!.participation.id });
  const { serial } = await issueCertificate({ db, actor: tutorActor(world.tutor.id), enrolmentId: uy!.trainees[0]!.enrolment.id, notify: false });
  return findCertificate(db, serial)!.certificate;
}

describe("the certificate's credential", () => {
  it("is an Open Badges 3.0 credential with two proofs by two keys, verified offline", async () => {
    const certificate = await issueOne();
    // signed at issue and stored with the row
    expect(certificate.credential).not.toBeNull();
    expect(certificate.statusListIndex).toBeGreaterThanOrEqual(0);
    const vc = (await certificateCredential({ db, certificate }))!;
    expect(vc).toEqual(certificate.credential);
    expect(vc.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(vc.issuer.id).toBe(didOf("institute"));
    expect(vc.issuer.name).toBe("Instituto Interamericano del Niño, la Niña y Adolescentes (IIN-OEA)"); // the trainee reads Spanish
    expect(vc.credentialSubject.source.id).toBe(didOf(stateIssuer("UY")));
    expect(vc.credentialSubject.name).toBe("María José Peña Núñez");
    expect(vc.evidence[0].description).toContain(certificate.sha256);
    expect(vc.proof).toHaveLength(2);
    expect(new Set(vc.proof.map((p: { verificationMethod: string }) => p.verificationMethod)).size).toBe(2);
    expect(vc.proof.every((p: { cryptosuite: string }) => p.cryptosuite === "eddsa-rdfc-2022")).toBe(true);

    const check = await checkCredential({ credential: vc, documentLoader: appDocumentLoader(db) });
    expect(check).toMatchObject({ verified: true, instituteProof: true, stateProof: true, revoked: false, error: null });
    // stored once: a second request returns the same signed document
    expect(await certificateCredential({ db, certificate: findCertificate(db, certificate.serial)!.certificate })).toEqual(vc);
  });

  it("fails when a byte of its subject changes, when a proof is removed, and once revoked", async () => {
    const certificate = await issueOne();
    const vc = (await certificateCredential({ db, certificate }))!;
    const loader = appDocumentLoader(db);

    const tampered = structuredClone(vc);
    tampered.credentialSubject.name = tampered.credentialSubject.name.replace("M", "N");
    expect(await checkCredential({ credential: tampered, documentLoader: loader })).toMatchObject({ verified: false, instituteProof: false, stateProof: false });

    for (const keep of [0, 1]) {
      const oneProof = { ...structuredClone(vc), proof: vc.proof[keep] };
      const check = await checkCredential({ credential: oneProof, documentLoader: loader });
      expect(check.verified).toBe(false);
    }

    await revokeCertificate({ db, actor: tutorActor(world.tutor.id), editionId: world.edition.id, serial: certificate.serial, reason: "issued by mistake" });
    expect(await checkCredential({ credential: vc, documentLoader: loader })).toMatchObject({
      verified: false,
      instituteProof: true,
      stateProof: true,
      revoked: true,
    });
  });

  it("keeps private keys encrypted at rest and publishes the public ones as DID documents", async () => {
    await issueOne();
    const keys = db.select().from(credentialKeys).all();
    expect(keys.map((k) => k.issuer).sort()).toEqual(["institute", "state:UY"]);
    for (const k of keys) {
      // AES-256-GCM under CREDENTIAL_KEY: iv (12) + tag (16) + ciphertext; decrypts to the key pair's secret
      const raw = Buffer.from(k.secretKeyEncrypted, "base64");
      const decipher = createDecipheriv("aes-256-gcm", credentialKey(), raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const secret = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
      expect(secret).toMatch(/^z[1-9A-HJ-NP-Za-km-z]+$/);
      expect(k.secretKeyEncrypted).not.toContain(secret);
      const pair = await issuerKeyPair({ db, issuer: k.issuer as "institute" });
      expect(pair.secretKeyMultibase).toBe(secret);
      // tampered ciphertext is refused by the GCM tag
      raw[raw.length - 1]! ^= 1;
      const bad = createDecipheriv("aes-256-gcm", credentialKey(), raw.subarray(0, 12));
      bad.setAuthTag(raw.subarray(12, 28));
      expect(() => Buffer.concat([bad.update(raw.subarray(28)), bad.final()])).toThrow();
    }
    const doc = didDocument(db, stateIssuer("UY"))!;
    expect(doc.id).toMatch(/^did:web:.+:states:uy$/);
    expect(doc.assertionMethod).toEqual([`${doc.id}#key-1`]);
    expect(doc.verificationMethod[0].publicKeyMultibase).toBe(keys.find((k) => k.issuer === "state:UY")!.publicKeyMultibase);
    const list = await statusListCredential(db);
    expect(list.type).toContain("BitstringStatusListCredential");
    expect(list.proof.verificationMethod).toBe(`${didOf("institute")}#key-1`);
  });

  it("a certificate issued before credentials existed gets its credential on first request", async () => {
    const certificate = await issueOne();
    db.update(certificates).set({ credential: null, statusListIndex: null }).where(eq(certificates.id, certificate.id)).run();
    const old = findCertificate(db, certificate.serial)!.certificate;
    const vc = (await certificateCredential({ db, certificate: old }))!;
    expect(vc.validFrom).toBe(`${certificate.createdAt.slice(0, 19)}Z`);
    expect(await checkCredential({ credential: vc, documentLoader: appDocumentLoader(db) })).toMatchObject({ verified: true });
    expect(findCertificate(db, certificate.serial)!.certificate.credential).toEqual(vc);
  });

  it("a revoked certificate issued before credentials existed gets none", async () => {
    const certificate = await issueOne();
    db.update(certificates).set({ credential: null, statusListIndex: null }).where(eq(certificates.id, certificate.id)).run();
    await revokeCertificate({ db, actor: tutorActor(world.tutor.id), editionId: world.edition.id, serial: certificate.serial, reason: "issued by mistake" });
    expect(await certificateCredential({ db, certificate: findCertificate(db, certificate.serial)!.certificate })).toBeNull();
  });

  it("builds LinkedIn's add-to-profile link", () => {
    const url = new URL(
      linkedInAddToProfileUrl({ name: "Curso", organizationName: "IIN-OEA", issuedOn: "2027-03-09", certId: "CSEC-2027B-UY-0001", certUrl: "https://x.example/verify/ABC" }),
    );
    expect(url.origin + url.pathname).toBe("https://www.linkedin.com/profile/add");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      startTask: "CERTIFICATION_NAME",
      name: "Curso",
      organizationName: "IIN-OEA",
      issueYear: "2027",
      issueMonth: "3",
      certUrl: "https://x.example/verify/ABC",
      certId: "CSEC-2027B-UY-0001",
    });
  });
});
