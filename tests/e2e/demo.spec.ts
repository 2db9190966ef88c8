/**
 * The demo as a visitor walks it (issue 13, point 1): each printed login, signed in through the form,
 * lands on its home and finds data of every stage; axe-core on every page visited. Read-only except
 * for the trainee's quiz attempt (the demo trainee exists for that) and, last, the admin's export and
 * erasure of the graduate through the screens (issue 13: no table holds her name afterwards, the closed
 * edition's report totals read the same, her certificate still verifies as ADR 012 decided). No SQL
 * writes (the erasure checks read the database).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { contextAs, expectAccessible, openE2EDb, signIn } from "./helpers";

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

// ---- then the demo's graduate: export, then erasure (issue 13, "Done when") -----------------------
// Here, after every test above that signs in as her, in this serial file: in a spec of their own, these
// erased her while this file could still be signing in as her on the other worker (order-dependent).

async function unzipDownload(download: import("@playwright/test").Download) {
  const file = await download.path();
  return unzipSync(new Uint8Array(fs.readFileSync(file)));
}

const GRADUATE = { email: "graduate@example.org", name: "Lucía Fernández Olivera", typedName: "Lucia Fernandes Olivera" };
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
