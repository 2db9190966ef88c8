/**
 * Past editions from Moodle, through the screen (issue 13, section 5; ADR 011): the tutor uploads the
 * three sample files of docs/moodle-import/ (fictitious people), sees the counts, imports; then anyone
 * types one of their certificate codes on /verify and reads "issued before this platform".
 */
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

const sample = (name: string) => path.resolve("docs/moodle-import", name);

test.describe.configure({ mode: "serial" });

async function tutorOnImportPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, "tutor@example.org");
  await page.goto("/editions");
  await page.getByRole("link", { name: "Import past editions" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Past editions from Moodle" })).toBeVisible();
  return page;
}

test("a certificates file with one bad row imports nothing, and the page names the row", async ({ browser }) => {
  const page = await tutorOnImportPage(browser);
  await expectAccessible(page);
  await page.getByLabel("Course", { exact: true }).fill("Curso semipresencial sobre explotación sexual comercial (Moodle)");
  await page.getByLabel("Edition", { exact: true }).fill("2024");
  await page.getByLabel("Participants (Moodle user list)").setInputFiles(sample("users.csv"));
  await page.getByLabel("Results (grades and course completion)").setInputFiles(sample("results.csv"));
  await page.getByLabel("Certificates (mod_customcert issues)").setInputFiles(sample("certificates-one-bad-row.csv"));
  await page.getByRole("button", { name: "Check the files" }).click();
  // one bad row: nothing to import, and the row is named
  await expect(page.getByRole("alert")).toContainText("Certificates (mod_customcert issues), line 4, column username");
  await expect(page.getByRole("button", { name: /^Import/ })).toHaveCount(0);
  await expectAccessible(page);
  await page.context().close();
});

test("the tutor imports the sample files; one of their codes verifies", async ({ browser }) => {
  const page = await tutorOnImportPage(browser);
  await page.getByLabel("Course", { exact: true }).fill("Curso semipresencial sobre explotación sexual comercial (Moodle)");
  await page.getByLabel("Edition", { exact: true }).fill("2024");
  await page.getByLabel("Participants (Moodle user list)").setInputFiles(sample("users.csv"));
  await page.getByLabel("Results (grades and course completion)").setInputFiles(sample("results.csv"));
  await page.getByLabel("Certificates (mod_customcert issues)").setInputFiles(sample("certificates.csv"));
  await page.getByRole("button", { name: "Check the files" }).click();
  const ready = page.getByRole("region", { name: /^Ready to import/ });
  await expect(ready.getByRole("definition")).toHaveText(["6", "6", "4", "4"]);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Import (6 participants)" }).click();
  await expect(page.getByRole("status")).toContainText("Imported: 6 participants and 4 certificates of 2024.");
  await expectAccessible(page);

  const visitor = await (await browser.newContext({ locale: "es-UY" })).newPage();
  await visitor.goto("/verify");
  await visitor.locator('input[name="code"]').fill("Pw5GrT1kLi");
  await visitor.locator('form:has(input[name="code"]) button[type="submit"]').click();
  await expect(visitor).toHaveURL(/\/verify\/Pw5GrT1kLi$/);
  await expect(visitor.getByText("Emitido antes de esta plataforma")).toBeVisible();
  await expect(visitor.getByText("Marie Joseph")).toBeVisible();
  await expect(visitor.locator("main")).toContainText("Pw5GrT1kLi");
  await expectAccessible(visitor);
  await page.context().close();
  await visitor.context().close();
});
