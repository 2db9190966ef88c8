/**
 * The certificate as a W3C Verifiable Credential 2.0 (Open Badges 3.0 `OpenBadgeCredential`) with a
 * proof set of two Data Integrity proofs (`eddsa-rdfc-2022`): one by the institute's key, one by the
 * participating state's key. Revocation is a W3C Bitstring Status List credential signed by the
 * institute and served by the app. See docs/decisions/006-verifiable-credentials.md.
 *
 * Everything here runs offline: contexts are bundled, our DID documents and the status list are
 * built from the database (vc/contexts.server.ts, vc/keys.server.ts).
 */
import { randomInt } from "node:crypto";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as vc from "@digitalbazaar/vc";
import { checkStatus, createCredential as createStatusListCredential, createList } from "@digitalbazaar/vc-bitstring-status-list";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import jsigs from "jsonld-signatures";
import { type Db, getDb } from "~db/index.server";
import { certificates, courses, editions, enrolments, type Locale, LOCALES } from "~db/schema";
import { stateName } from "~/vocabulary";
import { getCourse } from "~/content.server";
import { fixedT } from "~/i18n/i18n.server";
import { publicUrl } from "../accounts.server";
import { type DocumentLoader, documentLoader, type JsonLd, MULTIKEY_V1_CONTEXT, OB_V3_CONTEXT, VC_V2_CONTEXT } from "./vc/contexts.server";
import { didDocument, didOf, issuerKeyMaterial, issuerKeyPair, issuerOfDid, stateIssuer } from "./vc/keys.server";
import { type SigningKey, signWithKeys } from "./vc/sign.server";
import { signOffThread } from "./issue-worker.server";

/** The spec's minimum list size (16 KB of bits), so an index says nothing about who holds it. */
export const STATUS_LIST_LENGTH = 131_072;
export const STATUS_LIST_PATH = "/credentials/status/revocation";

export const statusListUrl = () => publicUrl(STATUS_LIST_PATH);

// ---------------------------------------------------------------------------------------------
// Building the credential

/** What a certificate's credential says; all of it frozen at issue. */
export interface CredentialFacts {
  serial: string;
  verificationCode: string;
  traineeName: string;
  stateCode: string;
  locale: Locale;
  /** ISO timestamp of the issue. */
  issuedAt: string;
  onlineHours: number;
  faceToFaceHours: number;
  /** SHA-256 (hex) of the certificate's PDF. */
  sha256: string;
  courseCode: string;
  courseTitle: string;
  editionName: string;
  stateName: string;
  verifyUrl: string;
  statusListIndex: number;
}

const seconds = (iso: string) => `${iso.slice(0, 19)}Z`;

/** The unsigned credential: a pure function of the certificate's frozen facts. */
export function buildCredential(f: CredentialFacts): JsonLd {
  const t = fixedT(f.locale);
  const institute = { id: didOf("institute"), type: ["Profile"], name: t("certificates:credential.institute") };
  const stateProfile = { id: didOf(stateIssuer(f.stateCode)), type: ["Profile"], name: f.stateName };
  const values = { course: f.courseTitle, edition: f.editionName, state: f.stateName, online: f.onlineHours, faceToFace: f.faceToFaceHours };
  const pdfDigest = Buffer.from(f.sha256, "hex").toString("base64");
  return {
    "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: f.verifyUrl,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: t("certificates:credential.name", values),
    issuer: institute,
    validFrom: seconds(f.issuedAt),
    credentialSubject: {
      type: ["AchievementSubject"],
      name: f.traineeName,
      identifier: [{ type: "IdentityObject", identityType: "name", hashed: false, identityHash: f.traineeName }],
      achievement: {
        id: publicUrl(`/courses/${encodeURIComponent(f.courseCode)}/${encodeURIComponent(f.editionName)}`),
        type: ["Achievement"],
        achievementType: "Certificate",
        name: f.courseTitle,
        description: t("certificates:credential.description", values),
        criteria: { narrative: t("certificates:credential.criteria", values) },
        creator: institute,
      },
      // the state that assessed the face-to-face stage and co-signs the credential
      source: stateProfile,
    },
    evidence: [
      {
        id: f.verifyUrl,
        type: ["Evidence"],
        name: t("certificates:credential.evidenceName", { serial: f.serial }),
        description: t("certificates:credential.evidenceDescription", { sha256: f.sha256 }),
        mediaType: "application/pdf",
        digestSRI: `sha256-${pdfDigest}`,
      },
    ],
    credentialStatus: {
      id: `${statusListUrl()}#${f.statusListIndex}`,
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: String(f.statusListIndex),
      statusListCredential: statusListUrl(),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Our own documents, resolved from the database (never the network)

async function resolveOwn(db: Db, url: string): Promise<JsonLd | null> {
  if (url === statusListUrl()) return statusListCredential(db);
  const [did, fragment] = url.split("#");
  const issuer = issuerOfDid(did);
  if (!issuer) return null;
  const doc = didDocument(db, issuer);
  if (!doc) return null;
  if (!fragment) return doc;
  const method = (doc.verificationMethod as JsonLd[]).find((m) => m.id === url);
  return method ? { "@context": MULTIKEY_V1_CONTEXT, ...method } : null;
}

export const appDocumentLoader = (db: Db): DocumentLoader => documentLoader((url) => resolveOwn(db, url));

// ---------------------------------------------------------------------------------------------
// Signing

/** Signs a built credential with the institute's key, then the state's: a proof set of two (vc/sign.server.ts). */
export async function signCredential({ db, credential, stateCode, now = new Date() }: { db: Db; credential: JsonLd; stateCode: string; now?: Date }) {
  return signWithKeys({ credential, keys: await signingKeys(db, stateCode), now });
}

/** The institute's key and the state's, in the order they sign. */
export async function signingKeys(db: Db, stateCode: string): Promise<SigningKey[]> {
  return [await issuerKeyMaterial({ db, issuer: "institute" }), await issuerKeyMaterial({ db, issuer: stateIssuer(stateCode) })];
}

/** A status list index nobody holds yet (random, so an index tells nothing about issue order). */
export function freeStatusListIndex(db: Db): number {
  for (let attempt = 0; attempt < 64; attempt++) {
    const index = randomInt(STATUS_LIST_LENGTH);
    const taken = db.select({ id: certificates.id }).from(certificates).where(eq(certificates.statusListIndex, index)).get();
    if (!taken) return index;
  }
  throw new Error("the revocation status list is full");
}

/**
 * Builds and signs the credential of a certificate about to be issued. The caller stores
 * `statusListIndex` and `credential` with the certificate row, in its transaction; a unique
 * violation on the index (someone took it meanwhile) is retried like a taken serial.
 */
export async function prepareCredential({ db, facts, now = new Date() }: { db: Db; facts: Omit<CredentialFacts, "statusListIndex">; now?: Date }) {
  const statusListIndex = freeStatusListIndex(db);
  // signed in the issue worker (issue-worker.server.ts): JSON-LD canonicalisation never holds the event loop
  const credential = await signOffThread({ credential: buildCredential({ ...facts, statusListIndex }), keys: await signingKeys(db, facts.stateCode), now });
  return { statusListIndex, credential };
}

// ---------------------------------------------------------------------------------------------
// The revocation status list

let statusListCache: { key: string; doc: JsonLd } | null = null;

/** The institute-signed Bitstring Status List credential: a certificate's bit is 1 once revoked. */
export async function statusListCredential(db: Db): Promise<JsonLd> {
  const revoked = db
    .select({ index: certificates.statusListIndex })
    .from(certificates)
    .where(and(eq(certificates.status, "revoked"), isNotNull(certificates.statusListIndex)))
    .all()
    .map((r) => r.index as number)
    .sort((a, b) => a - b);
  const keyPair = await issuerKeyPair({ db, issuer: "institute" });
  const key = `${statusListUrl()}|${keyPair.publicKeyMultibase}|${revoked.join(",")}`;
  if (statusListCache?.key === key) return statusListCache.doc;
  const list = await createList({ length: STATUS_LIST_LENGTH });
  for (const index of revoked) list.setStatus(index, true);
  const unsigned = await createStatusListCredential({ id: statusListUrl(), list, statusPurpose: "revocation" });
  const now = new Date();
  const credential = { ...unsigned, issuer: didOf("institute"), validFrom: seconds(now.toISOString()) };
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022, date: now });
  const doc = await vc.issue({ credential, suite, documentLoader: appDocumentLoader(db), now });
  statusListCache = { key, doc };
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Verifying

export interface CredentialCheck {
  /** Both proofs verify, by the issuer's key and by the state's, and the certificate is not revoked. */
  verified: boolean;
  instituteProof: boolean;
  stateProof: boolean;
  /** null when the status could not be read. */
  revoked: boolean | null;
  issuerDid: string | null;
  stateDid: string | null;
  error: string | null;
}

// biome-ignore lint/suspicious/noExplicitAny: results of untyped libraries
const controllerOf = (r: any): string | null => r?.purposeResult?.controller?.id ?? null;

/**
 * The verification policy, as any verifier applies it: every proof verifies (eddsa-rdfc-2022,
 * assertionMethod of its controller's DID document); one proof is by the issuer, one by the state
 * named as `credentialSubject.source`, with two distinct keys; the status bit is 0.
 */
export async function checkCredential({ credential, documentLoader: loader }: { credential: JsonLd; documentLoader: DocumentLoader }): Promise<CredentialCheck> {
  const issuerDid: string | null = typeof credential.issuer === "string" ? credential.issuer : (credential.issuer?.id ?? null);
  const stateDid: string | null = credential.credentialSubject?.source?.id ?? null;
  const result: CredentialCheck = { verified: false, instituteProof: false, stateProof: false, revoked: null, issuerDid, stateDid, error: null };
  try {
    const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    const proofs: JsonLd[] = [credential.proof ?? []].flat();
    // each proof by its own controller
    const each = await jsigs.verify(credential, { suite, purpose: new jsigs.purposes.AssertionProofPurpose(), documentLoader: loader });
    const results: JsonLd[] = each.results ?? [];
    const verifiedBy = new Set(results.filter((r) => r.verified).map(controllerOf));
    const methods = new Set(proofs.map((p) => p.verificationMethod));
    const allVerified = results.length === proofs.length && results.every((r) => r.verified);
    result.instituteProof = allVerified && !!issuerDid && verifiedBy.has(issuerDid);
    result.stateProof = allVerified && !!stateDid && stateDid !== issuerDid && verifiedBy.has(stateDid);
    // the credential as a whole: dates, issuer proof, status list (its own signature and issuer)
    const whole = await vc.verifyCredential({ credential, suite, documentLoader: loader, checkStatus });
    const status = whole.statusResult?.results?.[0];
    result.revoked = status?.verified ? status.status === true : null;
    result.verified = result.instituteProof && result.stateProof && methods.size === 2 && proofs.length === 2 && result.revoked === false;
    if (!result.verified) {
      result.error = each.error?.message ?? whole.error?.message ?? whole.statusResult?.error?.message ?? null;
    }
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Certificates and their credentials

type CertificateRow = typeof certificates.$inferSelect;

/** The facts of a stored certificate (frozen render context; current course data only for old rows). */
function factsOf(db: Db, c: CertificateRow): Omit<CredentialFacts, "statusListIndex"> {
  const found = db
    .select({ slug: courses.slug, code: courses.code, editionName: editions.name })
    .from(enrolments)
    .innerJoin(editions, eq(editions.id, enrolments.editionId))
    .innerJoin(courses, eq(courses.id, editions.courseId))
    .where(eq(enrolments.id, c.enrolmentId))
    .get()!;
  const ctx = c.renderContext;
  const locale = (LOCALES as readonly string[]).includes(c.locale) ? c.locale : "es";
  return {
    serial: c.serial,
    verificationCode: c.verificationCode,
    traineeName: c.traineeName,
    stateCode: c.stateCode,
    locale,
    issuedAt: c.createdAt,
    onlineHours: c.onlineHours,
    faceToFaceHours: c.faceToFaceHours,
    sha256: c.sha256,
    courseCode: found.code,
    courseTitle: ctx?.courseTitle[locale] ?? getCourse(found.slug)?.title[locale] ?? found.slug,
    editionName: ctx?.editionName ?? found.editionName,
    stateName: ctx?.stateName[locale] ?? stateName(c.stateCode, locale),
    verifyUrl: ctx?.verifyUrl ?? publicUrl(`/verify/${c.verificationCode}`),
  };
}

/**
 * The signed credential of a certificate. Certificates issued before credentials existed get theirs
 * on first request (both parties had approved them); a revoked one without a credential gets none.
 */
export async function certificateCredential({ db, certificate }: { db: Db; certificate: CertificateRow }): Promise<JsonLd | null> {
  if (certificate.credential) return certificate.credential;
  for (let attempt = 0; attempt < 8; attempt++) {
    const current = db.select().from(certificates).where(eq(certificates.id, certificate.id)).get();
    if (!current) return null;
    if (current.credential) return current.credential;
    if (current.status !== "valid") return null;
    const { statusListIndex, credential } = await prepareCredential({ db, facts: factsOf(db, current) });
    try {
      db.update(certificates)
        .set({ statusListIndex, credential })
        .where(and(eq(certificates.id, current.id), isNull(certificates.credential)))
        .run();
    } catch (err) {
      if ((err as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") continue; // index taken meanwhile
      throw err;
    }
  }
  const stored = db.select().from(certificates).where(eq(certificates.id, certificate.id)).get();
  return stored?.credential ?? null;
}

/** Verifies a stored certificate's credential with the app's own (offline) documents. */
export async function checkCertificateCredential({ db, certificate }: { db: Db; certificate: CertificateRow }): Promise<CredentialCheck | null> {
  const credential = await certificateCredential({ db, certificate });
  if (!credential) return null;
  return checkCredential({ credential, documentLoader: appDocumentLoader(db) });
}

/** LinkedIn's "add to profile" link for a certification. */
export function linkedInAddToProfileUrl(input: { name: string; organizationName: string; issuedOn: string; certId: string; certUrl: string }): string {
  const [year, month] = input.issuedOn.split("-");
  const params = new URLSearchParams({
    startTask: "CERTIFICATION_NAME",
    name: input.name,
    organizationName: input.organizationName,
    issueYear: String(Number(year)),
    issueMonth: String(Number(month)),
    certUrl: input.certUrl,
    certId: input.certId,
  });
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}

/** A published DID document: the institute's (its key made on first request), or a state's once it has signed. */
export async function publishedDidDocument({ db = getDb(), stateCode }: { db?: Db; stateCode?: string }): Promise<JsonLd | null> {
  if (!stateCode) {
    await issuerKeyPair({ db, issuer: "institute" });
    return didDocument(db, "institute");
  }
  if (!/^[a-z]{2}$/.test(stateCode)) return null;
  return didDocument(db, stateIssuer(stateCode));
}

/** What the public verification page says about a certificate's credential (null: it has none). */
export async function credentialCheckByCode({ db, code, locale }: { db: Db; code: string; locale: Locale }) {
  const certificate = db.select().from(certificates).where(eq(certificates.verificationCode, code)).get();
  if (!certificate) return null;
  const credential = await certificateCredential({ db, certificate });
  if (!credential) return null;
  const check = await checkCredential({ credential, documentLoader: appDocumentLoader(db) });
  if (check.error) console.error(`credential of ${certificate.serial} did not verify: ${check.error}`);
  return {
    verified: check.verified,
    signed: check.instituteProof && check.stateProof,
    revoked: check.revoked,
    // the issuer is its DID; its name in the reader's language
    instituteName: fixedT(locale)("certificates:credential.institute"),
    /** Where the public keys are: the two DIDs. */
    keys: { institute: check.issuerDid, state: check.stateDid },
  };
}

/** The trainee's "Add to LinkedIn" link for a certificate. */
export function linkedInForCertificate({ serial, issuedOn, verificationCode, courseTitle, locale }: { serial: string; issuedOn: string; verificationCode: string; courseTitle: string; locale: Locale }) {
  return linkedInAddToProfileUrl({
    name: courseTitle,
    organizationName: fixedT(locale)("certificates:credential.institute"),
    issuedOn,
    certId: serial,
    certUrl: publicUrl(`/verify/${verificationCode}`),
  });
}

/**
 * The credential columns of a certificate being issued (or re-issued), from the same frozen facts as
 * its PDF; insert them with the row. `issuedAt` must be the row's `createdAt`.
 */
export async function credentialForIssue({
  db,
  record,
  sha256,
  context,
  courseCode,
  issuedAt,
}: {
  db: Db;
  record: Pick<CertificateRow, "serial" | "verificationCode" | "traineeName" | "stateCode" | "locale" | "onlineHours" | "faceToFaceHours">;
  sha256: string;
  context: { courseTitle: Record<Locale, string>; editionName: string; stateName: Record<Locale, string>; verifyUrl: string };
  courseCode: string;
  issuedAt: Date;
}): Promise<{ statusListIndex: number; credential: JsonLd }> {
  return prepareCredential({
    db,
    now: issuedAt,
    facts: {
      ...record,
      sha256,
      courseCode,
      issuedAt: issuedAt.toISOString(),
      courseTitle: context.courseTitle[record.locale],
      editionName: context.editionName,
      stateName: context.stateName[record.locale],
      verifyUrl: context.verifyUrl,
    },
  });
}

/** The published revocation status list (the process database). */
export function publishedStatusList({ db = getDb() }: { db?: Db } = {}): Promise<JsonLd> {
  return statusListCredential(db);
}
