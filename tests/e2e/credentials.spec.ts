/**
 * The certificate's Verifiable Credential, end to end on the running app (its own edition
 * "2026-vc-e2e"): both signatories approve and the tutor issues through the screens; the trainee
 * downloads the credential (.json) and finds "Add to LinkedIn"; an independent verifier in a
 * separate process (tests/e2e/tools/verify-credential.ts), which fetches only the app's public DID
 * documents and status list over HTTP, finds two proofs by two keys and a valid status, and fails
 * after one changed byte of the subject, a removed proof, and the revocation made on screen.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { confirmAction, expectAccessible, seedEditionInCertification, signIn } from "./helpers";

const PASSWORD = "vc-e2e-password-2026";
const EDITION = "2026-vc-e2e";
const TRAINEE = "Inês Araújo Cortés (vc-e2e)";
const EMAIL = {
  signatory: "vc-signatory@e2e.example.org",
  coordinator: "vc-coordinator@e2e.example.org",
  trainee: "vc-trainee@e2e.example.org",
};
const fixture = (name: string) => path.resolve("tests/fixtures", name);

let ids: { edition: number; participation: number; enrolment: number };
let workDir: string;
let credentialPath: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-vc-e2e-"));
  credentialPath = path.join(workDir, "credential.json");
  // an edition already in certification (see the helper: the journey walks those stages on screen)
  ids = await seedEditionInCertification({
    edition: EDITION,
    stateCode: "PY",
    password: PASSWORD,
    emails: EMAIL,
    names: { signatory: "Laura Méndez Ibáñez (vc-e2e)", coordinator: "Coordinadora VC (e2e)", trainee: TRAINEE },
    traineeLocale: "en",
  });
});

test.afterAll(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

async function as(browser: Browser, email: string, locale = "en-US"): Promise<Page> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  await signIn(page, email, PASSWORD);
  return page;
}

interface VerifierOutput {
  verified: boolean;
  proofs: number;
  verificationMethods: string[];
  issuer: string;
  state: string;
  instituteProof: boolean;
  stateProof: boolean;
  revoked: boolean | null;
  fetched: string[];
  error: string | null;
}

/** The independent verifier, in its own process; it gets only the credential file. */
function verifyInSeparateProcess(credential: unknown): VerifierOutput {
  const file = path.join(workDir, `candidate-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(credential));
  const out = execFileSync(process.execPath, ["--import", "tsx", "tests/e2e/tools/verify-credential.ts", file], {
    encoding: "utf8",
    timeout: 40_000,
  });
  return JSON.parse(out.trim().split("\n").pop()!) as VerifierOutput;
}

test("both signatories approve and the tutor issues", async ({ browser }) => {
  const tutor = await as(browser, EMAIL.signatory);
  await tutor.goto(`/editions/${ids.edition}/certificates`);
  await confirmAction(tutor, "Approve the eligible list for the institute (1)", "Approve 1 certificate(s)");
  await expect(tutor.getByText("Approved: 1 trainees.")).toBeVisible();

  const coordinator = await as(browser, EMAIL.coordinator);
  await coordinator.goto(`/coordination/${ids.participation}/certificates`);
  await coordinator.getByLabel("Name", { exact: true }).fill("Rosa Benítez Ayala (vc-e2e)");
  await coordinator.getByLabel("Title", { exact: true }).fill("Ministra");
  await coordinator.getByLabel("Institution", { exact: true }).fill("Ministerio de la Niñez y la Adolescencia");
  await coordinator.getByLabel("Signature image").setInputFiles(fixture("signature-state.png"));
  await coordinator.getByRole("button", { name: "Save" }).click();
  await expect(coordinator.getByText(/^Saved\./)).toBeVisible();
  await confirmAction(coordinator, /Approve the eligible list on behalf of/, "Approve 1 certificate(s)");
  await expect(coordinator.getByText("Approved: 1 trainees.")).toBeVisible();

  await tutor.reload();
  await tutor.getByRole("button", { name: "Issue the approved certificates (1)" }).first().click();
  await expect(tutor.getByText("Certificates issued: 1.")).toBeVisible();
});

test("the trainee downloads the credential and finds Add to LinkedIn", async ({ browser }) => {
  const page = await as(browser, EMAIL.trainee);
  await page.goto(`/learning/${ids.enrolment}/certificate`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /digital credential \(JSON\)/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^[A-Za-z0-9_.-]+\.json$/);
  await download.saveAs(credentialPath);
  const credential = JSON.parse(fs.readFileSync(credentialPath, "utf8"));
  expect(credential.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
  expect(credential.credentialSubject.name).toBe(TRAINEE);
  expect(credential.evidence[0].description).toMatch(/SHA-256 is [0-9a-f]{64}\./);

  const linkedIn = new URL((await page.getByRole("link", { name: "Add to LinkedIn" }).getAttribute("href"))!);
  expect(linkedIn.origin + linkedIn.pathname).toBe("https://www.linkedin.com/profile/add");
  const q = Object.fromEntries(linkedIn.searchParams);
  expect(q.startTask).toBe("CERTIFICATION_NAME");
  expect(q.organizationName).toBe("Inter-American Children’s Institute (IIN-OAS)");
  expect(credential.issuer.name).toBe(q.organizationName);
  expect(q.issueYear).toBe(String(new Date().getUTCFullYear()));
  expect(q.certId).toMatch(/-PY-0001$/);
  expect(q.certUrl).toBe(credential.id);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/credential-trainee-390.png", fullPage: true });
  await expectAccessible(page);
});

test("a separate process verifies two proofs by two keys from the public DID documents and status list", () => {
  const credential = JSON.parse(fs.readFileSync(credentialPath, "utf8"));
  const baseURL = test.info().project.use.baseURL!;
  const ok = verifyInSeparateProcess(credential);
  expect(ok, JSON.stringify(ok)).toMatchObject({ verified: true, proofs: 2, instituteProof: true, stateProof: true, revoked: false });
  expect(new Set(ok.verificationMethods).size).toBe(2);
  expect(ok.state).toBe(`${ok.issuer}:states:py`);
  expect(ok.fetched.sort()).toEqual([`${baseURL}/.well-known/did.json`, `${baseURL}/credentials/status/revocation`, `${baseURL}/states/py/did.json`]);
});

test("the separate verifier fails after one changed byte of the subject", () => {
  const credential = JSON.parse(fs.readFileSync(credentialPath, "utf8"));
  const tampered = structuredClone(credential);
  tampered.credentialSubject.name = tampered.credentialSubject.name.replace("I", "J");
  const bad = verifyInSeparateProcess(tampered);
  expect(bad).toMatchObject({ verified: false, instituteProof: false, stateProof: false });
});

test("the separate verifier fails after a proof is removed: the other one alone is not enough", () => {
  const credential = JSON.parse(fs.readFileSync(credentialPath, "utf8"));
  expect(credential.proof).toHaveLength(2);
  const single = { ...credential, proof: [credential.proof[1]] };
  expect(verifyInSeparateProcess(single)).toMatchObject({ verified: false, proofs: 1 });
});

test("the verification page says who signed, in the visitor's language", async ({ browser }) => {
  const credential = JSON.parse(fs.readFileSync(credentialPath, "utf8"));
  const verifyPath = new URL(credential.id).pathname;
  const expected: Record<string, RegExp> = {
    "en-US": /^Signed by the institute, Inter-American Children’s Institute \(IIN-OAS\), and by the state of Paraguay; not revoked\.$/,
    "es-ES": /^Firmado por el instituto, .+ \(IIN-OEA\), y por el Estado de Paraguay; no revocado\.$/,
    "pt-BR": /^Assinado pelo instituto, .+ \(IIN-OEA\), e pelo Estado \(Paraguai\); não revogado\.$/,
    "fr-FR": /^Signé par l’institut, .+ \(IIN-OEA\), et par l’État \(Paraguay\) ; non révoqué\.$/,
  };
  for (const [locale, sentence] of Object.entries(expected)) {
    const page = await (await browser.newContext({ locale })).newPage();
    await page.goto(verifyPath);
    await expect(page.getByText(sentence)).toBeVisible();
    if (locale === "en-US") {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: "test-results/credential-verify-390.png", fullPage: true });
      await expectAccessible(page);
    }
    await page.context().close();
  }
});

test("after the tutor revokes it on screen, the status list says so", async ({ browser }) => {
  const tutor = await as(browser, EMAIL.signatory);
  await tutor.goto(`/editions/${ids.edition}/certificates`);
  await tutor.getByText("Correct the name or revoke").click();
  await confirmAction(tutor, /^Revoke /, "Revoke", { reason: { label: /^Reason for revoking/, text: "Issued in error (vc-e2e)" } });
  await expect(tutor.getByText(/^Certificate .+ revoked\./)).toBeVisible();

  const credential = JSON.parse(fs.readFileSync(credentialPath, "utf8"));
  const out = verifyInSeparateProcess(credential);
  expect(out).toMatchObject({ verified: false, instituteProof: true, stateProof: true, revoked: true });

  const visitor = await (await browser.newContext({ locale: "en-US" })).newPage();
  await visitor.goto(new URL(credential.id).pathname);
  await expect(visitor.getByText(/and by the state of Paraguay; revoked in the institute's status list\./)).toBeVisible();
  await expectAccessible(visitor);
});
