/**
 * The audit trail in the browser (issue 13, "Done when"): the tutor changes a state's quota through the
 * participation page; an admin reading in Spanish opens /audit, filters by the person and by today's
 * date through the form, and finds that change in Spanish words with its before and after values; the
 * CSV of that filter holds it. From a trainee's row on the online board, "History" shows that person's
 * entries. The quota is set back at the end (through the same page). SQL here only reads.
 */
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { contextAs, expectAccessible, openE2EDb, dayFromToday } from "./helpers";

test.describe.configure({ mode: "serial" });

const CURRENT = String(new Date().getUTCFullYear() + 1);
const ONLINE = `${new Date().getUTCFullYear()} · Cohorte B`;
const TUTOR = "Tomás Ribeiro";
const today = dayFromToday(0, "UTC"); // the audit trail shows and filters UTC days
const change = { editionId: 0, participationId: 0, state: "", before: 0, after: 0, auditUrl: "" };

test("the tutor changes a state's quota on the participation page", async ({ browser }) => {
  // read-only: a state of the nominations edition with nobody waiting (a higher quota would promote them)
  const db = openE2EDb();
  try {
    const row = db
      .prepare(
        `select p.id, p.edition_id as editionId, p.state_code as state, p.quota from participations p join editions e on e.id = p.edition_id
         where e.name = ? and not exists (select 1 from enrolments x where x.participation_id = p.id and x.status = 'waitlisted')
         order by p.state_code limit 1`,
      )
      .get(CURRENT) as { id: number; editionId: number; state: string; quota: number };
    Object.assign(change, { editionId: row.editionId, participationId: row.id, before: row.quota, after: row.quota + 3 });
  } finally {
    db.close();
  }
  const context = await contextAs(browser, "tutor@example.org");
  const page = await context.newPage();
  await page.goto("/editions");
  await page.getByRole("link", { name: CURRENT, exact: true }).click();
  await page.locator(`a[href="/editions/${change.editionId}/participations/${change.participationId}"]`).first().click();
  // wait for the participation page itself: the edition page has an h1, a "Seats (quota)" field (inviting a state)
  // and a Save button too, and on a loaded machine the test filled and saved those while the link's page loaded
  // (CI, 28 Nov: "Saved", and no quota change in the trail)
  await expect(page).toHaveURL(new RegExp(`/participations/${change.participationId}$`));
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(CURRENT);
  change.state = (await page.getByRole("heading", { level: 1 }).innerText()).split(" · ")[0]!.trim();
  await page.getByLabel("Seats (quota)").fill(String(change.after));
  await page.getByRole("button", { name: "Save", exact: true }).first().click();
  await expect(page.getByRole("status")).toContainText("Saved");
  await expect(page.getByLabel("Seats (quota)")).toHaveValue(String(change.after)); // what was saved is the new quota
  await expectAccessible(page);
  await context.close();
});

test("in Spanish, the audit page finds the change by person and by today's date, with before and after", async ({ browser }) => {
  const context = await contextAs(browser, "admin@example.org", { locale: "es-UY" });
  const page = await context.newPage();
  await page.goto("/audit");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Registro de auditoría");
  await page.getByLabel("Persona (nombre o correo electrónico)").fill(TUTOR);
  await page.getByLabel("Desde").fill(today);
  await page.getByLabel("Hasta").fill(today);
  // the edition and the kind of change too: the journeys, run beside this file, write many entries by the same
  // tutor today, which pushed this one off the first page
  await page.getByLabel("Edición").selectOption({ label: CURRENT });
  await page.getByLabel("Acción").selectOption({ label: "Cupo modificado" });
  await page.getByRole("button", { name: "Aplicar filtros" }).click();
  await expect(page).toHaveURL(/person=/);
  await expect(page).toHaveURL(/action=participation\.quota/);
  const entry = page.getByRole("row").filter({ hasText: `${TUTOR} modificó el cupo del Estado` }).first();
  await expect(entry).toBeVisible();
  // the quota's line of the change: "Cupo: <before> → <after>"
  const quota = entry.locator("li").filter({ hasText: /^\s*Cupo:/ });
  await expect(quota).toHaveCount(1);
  await expect(quota.locator("del")).toHaveText(String(change.before));
  await expect(quota.locator("ins")).toHaveText(String(change.after));
  await expectAccessible(page);
  change.auditUrl = new URL(page.url()).pathname + new URL(page.url()).search;
  await context.close();
});

test("the CSV of that filter holds the change, in Spanish", async ({ browser }) => {
  const context = await contextAs(browser, "admin@example.org", { locale: "es-UY" });
  const page = await context.newPage();
  await page.goto(change.auditUrl);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Descargar CSV" }).click()]);
  const csv = fs.readFileSync(await download.path(), "utf8");
  const line = csv.split(/\r\n/).find((l) => l.includes("modificó el cupo del Estado"));
  expect(line, csv.slice(0, 600)).toBeDefined();
  expect(line).toContain(TUTOR);
  expect(line).toContain(String(change.before));
  expect(line).toContain(String(change.after));
  await context.close();
});

test("from a trainee's row on the online board, History shows that person's entries", async ({ browser }) => {
  const context = await contextAs(browser, "tutor@example.org");
  const page = await context.newPage();
  const db = openE2EDb();
  const online = db.prepare("select id from editions where name = ?").get(ONLINE) as { id: number }; // read-only
  db.close();
  await page.goto(`/editions/${online.id}/online`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const link = page.getByRole("link", { name: /^History of / }).first();
  const label = (await link.getAttribute("aria-label"))!;
  const name = label.replace(/^History of /, "");
  await link.click();
  await expect(page).toHaveURL(/\/audit\?enrolment=\d+/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`History of ${name}`);
  // every entry shown is about this person (or by them): their name is in each sentence
  const rows = page.getByRole("table").getByRole("row");
  expect(await rows.count()).toBeGreaterThan(1);
  for (const text of (await page.getByRole("table").locator("tbody tr td:nth-child(2)").allInnerTexts()).slice(0, 10)) {
    expect(text).toContain(name);
  }
  await expectAccessible(page);
  await context.close();
});

test("the tutor sets the quota back", async ({ browser }) => {
  const context = await contextAs(browser, "tutor@example.org");
  const page = await context.newPage();
  await page.goto(`/editions/${change.editionId}/participations/${change.participationId}`);
  await page.getByLabel("Seats (quota)").fill(String(change.before));
  await page.getByRole("button", { name: "Save", exact: true }).first().click();
  await expect(page.getByRole("status")).toContainText("Saved");
  await context.close();
});
