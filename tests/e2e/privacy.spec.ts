/**
 * A person's data through the screens: a trainee downloads their own data from "My account"; an
 * admin invites a person, downloads everything the platform holds about them from their page, is
 * refused an erasure with a mistyped confirmation, erases them, and the person's name and email are
 * gone from the people list and the outbox. The retention page saves its periods. Then the demo's
 * graduate (who holds a certificate): the admin exports her data, erases her through the screen, and
 * afterwards no table holds her name or email, the closed edition's report totals read the same on the
 * page, and her certificate's verification page says what ADR 012 decided (valid, holder erased on request).
 */
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { contextAs, expectAccessible, openE2EDb, signIn } from "./helpers";

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

// ---- the demo's graduate: export, then erasure (issue 13, "Done when") ----------------------------

const GRADUATE = { email: "graduate@example.org", name: "Lucía Fernández Olivera", typedName: "Lucia Fernandes Olivera" };
const CLOSED = String(new Date().getUTCFullYear() - 1);
const graduate = { userId: 0, code: "", serial: "", totalsBefore: [] as string[] };

/** The closed edition's report, reached through the editions list as the admin: the total rows of its figures by state. */
async function reportTotals(page: import("@playwright/test").Page): Promise<string[]> {
  await page.goto("/editions");
  await page.getByRole("link", { name: CLOSED, exact: true }).click();
  await page.getByRole("link", { name: "Report", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(CLOSED);
  const cells: string[] = [];
  for (const name of ["Stages and seats by state", "Attendance and quiz averages by state"]) {
    const total = page.getByRole("table", { name }).getByRole("row").last();
    await expect(total).toContainText("Total");
    cells.push(...(await total.getByRole("cell").allInnerTexts()).map((c) => c.trim()));
  }
  expect(cells.length).toBeGreaterThan(8);
  await expectAccessible(page);
  return cells;
}

/** Every text (and blob) cell of every table in the server's database, read-only. */
function cellsMatching(pattern: RegExp): string[] {
  const db = openE2EDb();
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").pluck().all() as string[];
    const found: string[] = [];
    for (const table of tables) {
      for (const row of db.prepare(`select * from "${table}"`).all() as Record<string, unknown>[]) {
        for (const [column, v] of Object.entries(row)) {
          const text = typeof v === "string" ? v : Buffer.isBuffer(v) ? v.toString("utf8") : null;
          if (text && pattern.test(text)) found.push(`${table}.${column}`);
        }
      }
    }
    return found;
  } finally {
    db.close();
  }
}
// her two spellings in full: the journey's own trainee is corrected to "Ana Lía Fernández Olivera", another person
const TRACES = /graduate@example\.org|Luc[ií]a Fern[aá]nde[zs] Olivera/i;

test("the admin exports the graduate's data: the ZIP holds her enrolment and her certificate", async ({ browser }) => {
  // read-only: who she is and her valid certificate's code, to check the pages against
  const db = openE2EDb();
  try {
    graduate.userId = (db.prepare("select id from users where email = ?").get(GRADUATE.email) as { id: number }).id;
    const cert = db
      .prepare(
        "select c.verification_code as code, c.serial from certificates c join enrolments e on e.id = c.enrolment_id where e.user_id = ? and c.status = 'valid'",
      )
      .get(graduate.userId) as { code: string; serial: string };
    Object.assign(graduate, cert);
  } finally {
    db.close();
  }
  expect(cellsMatching(TRACES).length).toBeGreaterThan(0); // the scan finds her before: it can fail after
  const context = await contextAs(browser, "admin@example.org");
  const page = await context.newPage();
  graduate.totalsBefore = await reportTotals(page);

  await page.goto("/admin/users");
  await page.getByRole("link", { name: GRADUATE.name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(GRADUATE.name);
  await expectAccessible(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download everything/ }).click()]);
  const files = await unzipDownload(download);
  expect(JSON.parse(strFromU8(files["person.json"]!))).toMatchObject({ name: GRADUATE.name, email: GRADUATE.email });
  const enrolments = JSON.parse(strFromU8(files["enrolments.json"]!)) as { edition: string; status: string; quizAttempts: unknown[] }[];
  expect(enrolments.find((e) => e.edition === CLOSED)).toMatchObject({ status: "enrolled" });
  const certs = JSON.parse(strFromU8(files["certificates.json"]!)) as { serial: string; status: string; pdf: string | null }[];
  // the revoked one (her name mistyped) and its re-issue
  expect(certs.map((c) => c.status).sort()).toEqual(["revoked", "valid"]);
  const valid = certs.find((c) => c.status === "valid")!;
  expect(valid.serial).toBe(graduate.serial);
  expect(strFromU8(files[valid.pdf!]!.slice(0, 5))).toBe("%PDF-");
  await context.close();
});

test("the admin erases the graduate through the screen, with the confirmation", async ({ browser }) => {
  const context = await contextAs(browser, "admin@example.org");
  const page = await context.newPage();
  await page.goto(`/admin/users/${graduate.userId}`);
  await page.getByLabel("Reason for the erasure").fill("Request of the holder, ref. DP-23");
  await page.getByLabel(/To confirm, type the email address/).fill(GRADUATE.email);
  await page.getByRole("button", { name: "Erase this person's data" }).click();
  await expect(page.getByRole("status")).toHaveText("The person's data was erased.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Erased person");
  await expectAccessible(page);
  await context.close();
});

test("after erasure: no table holds her name or email; the report's totals are unchanged", async ({ browser }) => {
  expect(cellsMatching(TRACES)).toEqual([]);
  const context = await contextAs(browser, "admin@example.org");
  const page = await context.newPage();
  expect(await reportTotals(page)).toEqual(graduate.totalsBefore);
  await context.close();
});

test("her certificate still verifies: valid, the holder's data erased on request, no name", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/verify/${graduate.code}`);
  await expect(page.getByText("Valid certificate")).toBeVisible();
  await expect(page.getByText(/The holder's personal data was erased at their request on/)).toBeVisible();
  await expect(page.getByText(graduate.serial)).toBeVisible();
  await expect(page.locator("body")).not.toContainText(/Fern[aá]nde[zs]/);
  await expectAccessible(page);
  await context.close();
});
