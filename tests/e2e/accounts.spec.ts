import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, expectAccessible, lastEmailTo, linkIn, signIn, submitSignIn } from "./helpers";

// A demo trainee that no other spec signs in as: this journey changes their password twice.
const EMAIL = "diego.fernandez@example.org";
const RESET_PASSWORD = "una frase nueva y larga";
const CHANGED_PASSWORD = "otra frase distinta y larga";

test.describe.configure({ mode: "serial" });

test("a newer reset link ends the older one; a common password is refused in the person's language", async ({ browser }) => {
  const context = await browser.newContext({ locale: "es-ES" });
  const page = await context.newPage();
  const ask = async () => {
    await page.goto("/forgot-password");
    await page.locator('input[name="email"]').fill(EMAIL);
    await page.locator('form:has(input[name="email"]) button[type="submit"]').click();
    await expect(page.getByRole("status")).toBeVisible();
  };
  await ask();
  const first = linkIn(lastEmailTo(EMAIL)!.text);
  await ask();
  await expectAccessible(page);
  const second = linkIn(lastEmailTo(EMAIL)!.text);
  expect(second).not.toBe(first);

  await page.goto(first);
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.locator('input[name="password"]')).toHaveCount(0);

  await page.goto(second);
  await page.locator('input[name="password"]').fill("password123");
  await page.locator('input[name="confirm"]').fill("password123");
  await page.locator('form:has(input[name="confirm"]) button[type="submit"]').click();
  await expect(page.locator("#f-password-error")).toContainText("más comunes");
  await expectAccessible(page);
  await page.locator('input[name="password"]').fill(RESET_PASSWORD);
  await page.locator('input[name="confirm"]').fill(RESET_PASSWORD);
  await page.locator('form:has(input[name="confirm"]) button[type="submit"]').click();
  await expect(page).toHaveURL(/\/sign-in\?reset=1/);

  await submitSignIn(page, EMAIL, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, EMAIL, RESET_PASSWORD);
  await expect(page).toHaveURL(/\/learning/);
  await context.close();
});

test("changing the password without JavaScript keeps this browser signed in and ends the other sessions", async ({ browser }) => {
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, EMAIL, RESET_PASSWORD);
  await expect(otherPage).toHaveURL(/\/learning/);
  // axe-core needs JavaScript: the account page is checked here, in the browser that has it
  await otherPage.goto("/account");
  await expectAccessible(otherPage);

  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, EMAIL, RESET_PASSWORD);
  await expect(page).toHaveURL(/\/learning/);
  await page.goto("/account");
  await page.getByLabel("Current password").fill(RESET_PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill(RESET_PASSWORD);
  await page.getByLabel("Repeat the new password").fill(RESET_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#f-newPassword-error")).toHaveText("The new password must be different from the current one.");

  await page.getByLabel("Current password").fill(RESET_PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill(CHANGED_PASSWORD);
  await page.getByLabel("Repeat the new password").fill(CHANGED_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password has been changed");
  // still signed in here
  await page.goto("/learning");
  await expect(page).toHaveURL(/\/learning/);
  // signed out elsewhere
  await otherPage.goto("/learning");
  await expect(otherPage).toHaveURL(/\/sign-in/);
  await other.close();
  await context.close();
});
