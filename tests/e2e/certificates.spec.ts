/**
 * Co-signed certificates end to end, on an edition of its own ("2026-cert-e2e") so it never meets
 * the other specs' demo data: nothing until both signatories approve; then the trainee downloads
 * a PDF whose text holds their accented name, both signatories and the serial; its QR opens the
 * verification page, which says valid, then revoked; a tampered upload does not match.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { confirmAction, expectAccessible, seedEditionInCertification, signIn } from "./helpers";

const PASSWORD = "cert-e2e-password-2026";
const EDITION = "2026-cert-e2e";
const TRAINEE = "María José Peña Núñez (e2e)";
const INSTITUTE_SIGNATORY = "Laura Méndez Ibáñez (e2e)";
const STATE_SIGNATORY = "Joaquín Suárez Ferrando (e2e)";
const EMAIL = {
  signatory: "cert-signatory@e2e.example.org",
  coordinator: "cert-coordinator@e2e.example.org",
  trainee: "cert-trainee@e2e.example.org",
};
const fixture = (name: string) => path.resolve("tests/fixtures", name);

let ids: { edition: number; participation: number; enrolment: number };
let workDir: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-cert-e2e-"));
  // an edition already in certification (see the helper: the journey walks those stages on screen)
  ids = await seedEditionInCertification({
    edition: EDITION,
    stateCode: "UY",
    password: PASSWORD,
    emails: EMAIL,
    names: { signatory: INSTITUTE_SIGNATORY, coordinator: "Coordinadora Cert (e2e)", trainee: TRAINEE },
    traineeLocale: "es",
  });
});

test.afterAll(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

async function as(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, email, PASSWORD);
  return page;
}

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
}

// the people's pages and what the steps hand on, across the serial steps below
let traineePage: Page;
let tutor: Page;
let visitor: Page;
let pdfPath = "";
let qr = "";
// the edition has no code column value (created by a factory): its name in ASCII
const serial = "CSEC-2026CERTE2E-UY-0001";

test("nothing until both signatories approve; then the institute and the state approve", async ({ browser }) => {
  traineePage = await as(browser, EMAIL.trainee);
  const certificateUrl = `/learning/${ids.enrolment}/certificate`;

  // 1. Nothing yet: both approvals are missing, and the page says from whom.
  await traineePage.goto(certificateUrl);
  await expect(traineePage.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(traineePage.getByText(INSTITUTE_SIGNATORY)).toBeVisible();
  await expect(traineePage.getByRole("link", { name: /PDF/ })).toHaveCount(0);

  // 2. The institute signatory approves the edition's list.
  tutor = await as(browser, EMAIL.signatory);
  await tutor.goto(`/editions/${ids.edition}/certificates`);
  await confirmAction(tutor, "Approve the eligible list for the institute (1)", "Approve 1 certificate(s)");
  await expect(tutor.getByText("Approved: 1 trainees.")).toBeVisible();
  await expect(tutor.getByRole("button", { name: /Issue the approved certificates/ })).toHaveCount(0);

  // Still nothing for the trainee: the state has not approved.
  await traineePage.reload();
  await expect(traineePage.getByRole("link", { name: /PDF/ })).toHaveCount(0);
  // the trainee reads it in Spanish, their language
  await expect(traineePage.getByText(/Aprobación de Uruguay, a cargo de/)).toBeVisible();

  // 3. The coordinator names the state signatory, uploads the signature, approves for the state.
  const coordinator = await as(browser, EMAIL.coordinator);
  await coordinator.goto(`/coordination/${ids.participation}/certificates`);
  await coordinator.getByLabel("Name", { exact: true }).fill(STATE_SIGNATORY);
  await coordinator.getByLabel("Title", { exact: true }).fill("Presidente del Directorio");
  await coordinator.getByLabel("Institution", { exact: true }).fill("Instituto del Niño y Adolescente del Uruguay (INAU)");
  await coordinator.getByLabel("Signature image").setInputFiles(fixture("signature-state.png"));
  await coordinator.getByRole("button", { name: "Save" }).click();
  await expect(coordinator.getByText(/^Saved\./)).toBeVisible();
  await confirmAction(coordinator, /Approve the eligible list on behalf of/, "Approve 1 certificate(s)");
  await expect(coordinator.getByText("Approved: 1 trainees.")).toBeVisible();
});

test("the tutor issues; the trainee's PDF holds their accented name, both signatories and the serial", async () => {
  // 4. The tutor issues (with the progress bar; the action redirects when done).
  await tutor.reload();
  await tutor.getByRole("button", { name: "Issue the approved certificates (1)" }).first().click();
  await expect(tutor.getByText("Certificates issued: 1.")).toBeVisible();
  await expect(tutor.getByRole("link", { name: serial })).toBeVisible();
  await tutor.setViewportSize({ width: 1280, height: 900 });
  await tutor.screenshot({ path: "test-results/certificates-board-1280.png", fullPage: true });

  // 5. The trainee downloads the PDF: their accented name, both signatories, the serial.
  await traineePage.reload();
  const [download] = await Promise.all([
    traineePage.waitForEvent("download"),
    traineePage.getByRole("link", { name: /PDF/ }).click(),
  ]);
  pdfPath = path.join(workDir, "certificate.pdf");
  await download.saveAs(pdfPath);
  const text = run("pdftotext", ["-enc", "UTF-8", pdfPath, "-"]).normalize("NFC");
  expect(text).toContain(TRAINEE);
  expect(text).toContain(INSTITUTE_SIGNATORY);
  expect(text).toContain(STATE_SIGNATORY);
  expect(text).toContain(serial);
});

// 6–8 in three serial steps, with room to spare under the per-test timeout on a busy machine
test("its QR opens the verification page", async ({ browser }) => {
  // 6. The QR code opens the verification page, which says valid.
  run("pdftoppm", ["-r", "150", "-png", "-singlefile", pdfPath, path.join(workDir, "page")]);
  qr = run("zbarimg", ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", path.join(workDir, "page.png")]).trim();
  const baseURL = test.info().project.use.baseURL!;
  expect(qr).toMatch(new RegExp(`^${baseURL.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/verify/[0-9A-HJKMNP-TV-Z]{20}$`));
  visitor = await (await browser.newContext({ locale: "en-US", viewport: { width: 390, height: 844 } })).newPage();
  await visitor.goto(qr);
  await expect(visitor.getByText("Valid certificate")).toBeVisible();
  await expect(visitor.getByText(TRAINEE)).toBeVisible();
  await expect(visitor.getByText(STATE_SIGNATORY, { exact: true })).toBeVisible();
  // the coordinator approved for the named signatory, who has no account of their own
  await expect(visitor.getByText(`on behalf of ${STATE_SIGNATORY}`)).toBeVisible();
  await expect(visitor.locator("body")).not.toContainText("@");
  await visitor.screenshot({ path: "test-results/certificates-verify-390.png", fullPage: true });
  await expectAccessible(visitor);
});

test("the PDF's bytes match on the verification page; one changed byte does not", async () => {
  expect(visitor, "the visitor of the step before").toBeTruthy();
  // 7. Uploading the PDF: the exact bytes match; one changed byte does not.
  await visitor.goto("/verify");
  await expectAccessible(visitor);
  const bytes = fs.readFileSync(pdfPath);
  await visitor.getByLabel("Certificate PDF").setInputFiles({ name: "certificate.pdf", mimeType: "application/pdf", buffer: bytes });
  await visitor.getByRole("button", { name: "Check the file" }).click();
  await expect(visitor.getByText(`This file is exactly certificate ${serial}.`)).toBeVisible();
  const tampered = Buffer.from(bytes);
  tampered[Math.floor(tampered.length / 2)] ^= 0x01;
  await visitor.getByLabel("Certificate PDF").setInputFiles({ name: "certificate.pdf", mimeType: "application/pdf", buffer: tampered });
  await visitor.getByRole("button", { name: "Check the file" }).click();
  await expect(visitor.getByText("This file does not match any certificate we issued.")).toBeVisible();
});

test("after revocation the verification page says revoked", async () => {
  expect(qr, "the QR of the steps before").not.toBe("");
  // 8. The tutor revokes it; the verification page says revoked (the reason stays in the record).
  await tutor.getByText("Correct the name or revoke").click();
  await confirmAction(tutor, `Revoke ${serial}`, "Revoke", { what: "cannot be undone", reason: { label: /Reason for revoking/, text: "Issued in error (e2e)" } });
  await expect(tutor.getByText(`Certificate ${serial} revoked.`)).toBeVisible();
  await visitor.goto(qr);
  await expect(visitor.getByText("Revoked certificate")).toBeVisible();
  await expect(visitor.locator("body")).not.toContainText("Issued in error (e2e)");
  await expectAccessible(visitor);
});
