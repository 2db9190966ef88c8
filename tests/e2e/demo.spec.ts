/**
 * The demo as a visitor walks it (issue 13, point 1): each printed login, signed in through the form,
 * lands on its home and finds data of every stage; axe-core on every page visited. Read-only except
 * for the trainee's quiz attempt (the demo trainee exists for that). No SQL.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

const YEAR = new Date().getUTCFullYear();
const CLOSED = String(YEAR - 1);
const FACE_TO_FACE = `${YEAR} · Cohorte A`;
const ONLINE = `${YEAR} · Cohorte B`;
const CURRENT = String(YEAR + 1);

test.describe.configure({ mode: "serial" });

/** From the editions list, opens an edition's page and returns its path. */
async function openEdition(page: Page, name: string): Promise<string> {
  await page.goto("/editions");
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return new URL(page.url()).pathname;
}

test("the tutor finds an edition in every phase", async ({ page }) => {
  await signIn(page, "tutor@example.org");
  await expect(page).toHaveURL(/\/editions$/);
  for (const [name, phase] of [
    [CURRENT, "Nominations"],
    [ONLINE, "Online stage"],
    [FACE_TO_FACE, "Face-to-face stage"],
    [CLOSED, "Closed"],
  ] as const) {
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
    await expect(row).toContainText(phase);
  }
  await expectAccessible(page);
});

test("the tutor's board of the face-to-face cohort: two states signed off, Paraguay not yet", async ({ page }) => {
  await signIn(page, "tutor@example.org");
  const edition = await openEdition(page, FACE_TO_FACE);
  await expectAccessible(page);
  await page.goto(`${edition}/face-to-face`);
  await expect(page.getByRole("heading", { level: 1, name: "Face-to-face stage by state" })).toBeVisible();
  await expect(page.getByRole("row", { name: /^Uruguay/ })).toContainText("Signed off");
  await expect(page.getByRole("row", { name: /^Paraguay/ })).toContainText("Not signed off");
  await expectAccessible(page);
});

test("the tutor follows the online cohort's progress", async ({ page }) => {
  await signIn(page, "tutor@example.org");
  await page.goto(`${await openEdition(page, ONLINE)}/online`);
  await expect(page.getByRole("heading", { level: 1, name: "Online stage: progress" })).toBeVisible();
  await expect(page.getByRole("row", { name: /María José Peña Núñez/ })).toContainText("2 / 6");
  await expectAccessible(page);
});

test("the tutor finds last year's certificates, the corrected one among them", async ({ page }) => {
  await signIn(page, "tutor@example.org");
  await page.goto(`${await openEdition(page, CLOSED)}/certificates`);
  await expect(page.getByRole("heading", { level: 1, name: "Certificates" })).toBeVisible();
  await expect(page.getByText(`CSEC-${CLOSED}-UY-0004`).first()).toBeVisible();
  await expect(page.getByText("Lucía Fernández Olivera").first()).toBeVisible();
  await expectAccessible(page);
});

test("the admin reads the emails the demo's history sent", async ({ page }) => {
  await signIn(page, "admin@example.org");
  await expect(page).toHaveURL(/\/editions$/);
  await page.getByRole("link", { name: "Outbox" }).click();
  await expect(page.getByText("graduate@example.org").first()).toBeVisible();
  await expectAccessible(page);
});

test("the coordinator of Paraguay finds the face-to-face stage half done", async ({ page }) => {
  await signIn(page, "coord.py@example.org");
  await expect(page).toHaveURL(/\/coordination$/);
  await expect(page.getByRole("region", { name: `Paraguay · ${FACE_TO_FACE}` })).toBeVisible();
  await expectAccessible(page);
  const href = await page.getByRole("link", { name: new RegExp(`Paraguay · ${FACE_TO_FACE}`) }).first().getAttribute("href");
  await page.goto(`${href}/face-to-face`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText("Attendance taken").first()).toBeVisible(); // the sessions held
  await expect(page.getByText(/Take attendance/).first()).toBeVisible(); // and one still to take
  await expectAccessible(page);
});

test("the institute's signatory has her signature on file", async ({ page }) => {
  await signIn(page, "director@example.org");
  await expect(page).toHaveURL(/\/editions$/);
  await expect(page.getByRole("link", { name: CLOSED, exact: true })).toBeVisible();
  await page.goto("/account/signature");
  await expect(page.getByRole("heading", { level: 1, name: "Signature for certificates" })).toBeVisible();
  await expect(page.getByRole("img").first()).toBeVisible();
  await expectAccessible(page);
});

/** The demo trainee's third module: the first two are done (db/seed/demo-people.ts). */
const NEXT_MODULE = fs
  .readdirSync("content/csec/es")
  .filter((f) => f.endsWith(".quiz.json"))
  .sort()[2]!
  .replace(".quiz.json", "");
let course = "";

test("the demo trainee opens her course and reads the next module", async ({ page }) => {
  await signIn(page, "trainee@example.org");
  await expect(page).toHaveURL(/\/learning$/);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Open the course" }).click();
  await expect(page).toHaveURL(/\/learning\/\d+$/);
  course = new URL(page.url()).pathname;
  await expectAccessible(page);
  await page.goto(`${course}/modules/${NEXT_MODULE}`);
  await expect(page.locator(".module-body")).toBeVisible();
  await expectAccessible(page);
});

test("the demo trainee takes the module's quiz", async ({ page }) => {
  await signIn(page, "trainee@example.org");
  const quiz = JSON.parse(fs.readFileSync(`content/csec/en/${NEXT_MODULE}.quiz.json`, "utf8")) as { questions: { id: string; answer: string }[] };
  await page.goto(`${course}/modules/${NEXT_MODULE}/quiz`);
  for (const q of quiz.questions) await page.locator(`input[name="q:${q.id}"][value="${q.answer}"]`).check();
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.getByText(/You scored 100%/)).toBeVisible();
  await expectAccessible(page);
});

let graduateCourse = "";

test("the graduate sees her face-to-face result", async ({ page }) => {
  await signIn(page, "graduate@example.org");
  await expect(page).toHaveURL(/\/learning$/);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Open the course" }).click();
  await expect(page).toHaveURL(/\/learning\/\d+$/);
  const course = new URL(page.url()).pathname;
  await page.getByRole("link", { name: "Face-to-face stage" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Your face-to-face result" })).toBeVisible();
  await expect(page.getByText("Passed", { exact: true })).toBeVisible();
  await expect(page.getByText(/You attended \d+ of 20 hours/)).toBeVisible();
  await expectAccessible(page);
  graduateCourse = course;
});

test("the graduate downloads her corrected certificate and opens its verification page", async ({ page }) => {
  await signIn(page, "graduate@example.org");
  await page.goto(`${graduateCourse}/certificate`);
  await expect(page.getByText(`CSEC-${CLOSED}-UY-0004`)).toBeVisible();
  await expectAccessible(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /PDF/ }).click()]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aula-demo-")), "certificate.pdf");
  await download.saveAs(file);
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).normalize("NFC");
  expect(text).toContain("Lucía Fernández Olivera");
  expect(text).toContain(`CSEC-${CLOSED}-UY-0004`);
  expect(text).toContain("Carmen Villalba Ortiz");

  // the public verification page of the corrected certificate (the revoked one: tests/integration/demo.test.ts)
  await page.getByRole("link", { name: "See its public verification page" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText(`CSEC-${CLOSED}-UY-0004`).first()).toBeVisible();
  await expect(page.getByText("Lucía Fernández Olivera").first()).toBeVisible();
  await expectAccessible(page);
});
