import path from "node:path";
import { expect, test } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

test("a tutor reaches the signature page from their account and uploads a signature through it", async ({ page }) => {
  await signIn(page, "tutor@example.org");
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My account");
  await page.getByRole("link", { name: "Signature for certificates" }).click();
  await expect(page).toHaveURL(/\/account\/signature$/);
  // its own page, not the account page it is nested under
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Signature for certificates");
  await expectAccessible(page);
  await page.getByLabel("Title", { exact: true }).fill("Coordinadora académica");
  await page.getByLabel("Institution").fill("Instituto Interamericano del Niño, la Niña y Adolescentes");
  await page.getByLabel("Signature image").setInputFiles(path.resolve("tests/fixtures/signature-institute.png"));
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved.");
  await expect(page.getByRole("img", { name: /^Signature of / })).toBeVisible();
});

test("an unknown address answers a 404 page with a title, in the visitor's language, that passes axe", async ({ browser }) => {
  const context = await browser.newContext({ locale: "es-UY" });
  const page = await context.newPage();
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page).toHaveTitle(/Aula$/); // it had no <title> at all
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page);
  await context.close();
});
