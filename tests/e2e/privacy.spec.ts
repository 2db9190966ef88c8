/**
 * A person's data through the screens: a trainee downloads their own data from "My account"; an
 * admin invites a person, downloads everything the platform holds about them from their page, is
 * refused an erasure with a mistyped confirmation, erases them, and the person's name and email are
 * gone from the people list and the outbox. The retention page saves its periods. The export and
 * erasure of the demo's graduate (who holds a certificate) are at the end of demo.spec.ts, after that
 * spec's own sign-ins as her.
 */
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { expectAccessible, signIn } from "./helpers";

test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const person = { name: `Rosario Quintana ${stamp}`, email: `rosario.quintana.${stamp}@example.org` };

async function unzipDownload(download: import("@playwright/test").Download) {
  const file = await download.path();
  return unzipSync(new Uint8Array(fs.readFileSync(file)));
}

test("a trainee downloads their own data from their account page", async ({ page }) => {
  await signIn(page, "trainee@example.org");
  // one's name in the header opens "My account"
  await page.getByRole("link", { name: "María José Peña Núñez" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /Your data|Sus datos|Seus dados|Vos données/ })).toBeVisible();
  await expectAccessible(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /\(ZIP\)/ }).click()]);
  const files = await unzipDownload(download);
  const profile = JSON.parse(strFromU8(files["person.json"]!));
  expect(profile.email).toBe("trainee@example.org");
  expect(profile.passwordHash).toBeUndefined();
  expect(Object.keys(files)).toEqual(expect.arrayContaining(["enrolments.json", "certificates.json", "emails.json", "audit.json"]));
  expect(JSON.parse(strFromU8(files["enrolments.json"]!)).length).toBeGreaterThan(0);
});

test("an admin exports a person's data, then erases it on request", async ({ page }) => {
  await signIn(page, "admin@example.org");
  await page.goto("/admin/users");
  // the person: invited through the same page (an email to them is then in the outbox)
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByRole("button", { name: "Send invitation", exact: true }).click();
  await expect(page.getByRole("status")).toContainText(person.email);

  await page.getByRole("link", { name: person.name }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(person.name);
  await expect(page.getByRole("definition").filter({ hasText: /^1$/ })).toHaveCount(2); // one email, one audit entry
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/privacy/person-desktop.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/privacy/person-phone.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download everything/ }).click()]);
  const files = await unzipDownload(download);
  expect(JSON.parse(strFromU8(files["person.json"]!))).toMatchObject({ name: person.name, email: person.email, status: "invited" });
  const emails = JSON.parse(strFromU8(files["emails.json"]!)) as { text: string }[];
  expect(emails).toHaveLength(1);
  // the invitation link is masked: an export never signs anyone in
  expect(emails[0]!.text).toContain("/invitation/••••••••");

  // a mistyped confirmation is refused, and nothing changes
  await page.getByLabel("Reason for the erasure").fill("Request of 2026-11-20, ref. DP-17");
  await page.getByLabel(/To confirm, type the email address/).fill("someone.else@example.org");
  await page.getByRole("button", { name: "Erase this person's data" }).click();
  await expect(page.getByText("Type the person's email address exactly as shown to confirm.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(person.name);
  await expectAccessible(page);

  await page.getByLabel(/To confirm, type the email address/).fill(person.email.toUpperCase());
  await page.getByRole("button", { name: "Erase this person's data" }).click();
  await expect(page.getByRole("status")).toHaveText("The person's data was erased.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Erased person");
  await expect(page.getByText(/Data erased on/)).toBeVisible();
  await expect(page.getByRole("link", { name: /Download everything/ })).toHaveCount(0);
  await expectAccessible(page);

  await page.goto("/admin/users");
  await expect(page.getByText(person.name)).toHaveCount(0);
  await expect(page.getByText(person.email)).toHaveCount(0);
  await page.goto("/admin/outbox");
  await expect(page.getByText(person.email)).toHaveCount(0);
});

test("an admin sets the retention periods, in Spanish", async ({ browser }) => {
  const context = await browser.newContext({ locale: "es-UY" });
  const page = await context.newPage();
  await signIn(page, "admin@example.org");
  await page.getByRole("link", { name: "Privacidad" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Privacidad y conservación");
  await expectAccessible(page);
  const emails = page.getByLabel(/Correos: días/);
  await emails.fill("0");
  await page.getByRole("button", { name: "Guardar plazos" }).click();
  await expect(page.locator("#f-emailsDays-error")).toBeVisible();
  // a value that differs from run to run, so the page must show what this run saved
  const days = String(400 + (Date.now() % 300));
  await emails.fill(days);
  await page.getByRole("button", { name: "Guardar plazos" }).click();
  await expect(page.getByRole("status")).toHaveText("Se guardaron los plazos de conservación.");
  await page.screenshot({ path: "test-results/privacy/retention-es.png", fullPage: true });
  await expect(page.getByLabel(/Correos: días/)).toHaveValue(days);
  await expectAccessible(page);
  await context.close();
});
