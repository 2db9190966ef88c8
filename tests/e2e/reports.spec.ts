/**
 * The edition report in the browser (issue 13, "Done when"): the tutor opens the demo's closed edition
 * from its page's link; the funnel on the page matches numbers this test computes itself from the
 * database (read-only: plain rows counted in JavaScript, no aggregate SQL); axe passes with the SVG charts
 * on the page; the CSV and XLSX downloads (clicked, as a person does) hold the same numbers, the XLSX read
 * with exceljs. The coordinator reads their own state's report, and another state's report is refused.
 */
import fs from "node:fs";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { expect, type Page, test } from "@playwright/test";
import { contextAs, expectAccessible, openE2EDb } from "./helpers";

test.describe.configure({ mode: "serial" });

const CLOSED = String(new Date().getUTCFullYear() - 1);
const STAGES = ["Nominated", "Enrolled", "Passed online", "Passed face-to-face", "Certified"] as const;
const en = new Intl.NumberFormat("en-US");

/** The funnel of the closed edition (or one state of it), counted row by row from the database. */
function funnelFromDb(stateCode?: string) {
  const db = openE2EDb();
  try {
    const edition = db.prepare("select id from editions where name = ?").get(CLOSED) as { id: number };
    const rows = db
      .prepare(
        `select e.id, e.status, e.online_result as online, p.state_code as state from enrolments e
         join participations p on p.id = e.participation_id where e.edition_id = ?`,
      )
      .all(edition.id) as { id: number; status: string; online: string | null; state: string }[];
    const mine = rows.filter((r) => !stateCode || r.state === stateCode);
    const f2fPassed = new Set((db.prepare("select enrolment_id as id from face_to_face_assessments where result = 'passed'").all() as { id: number }[]).map((r) => r.id));
    const certified = new Set((db.prepare("select enrolment_id as id from certificates where status = 'valid'").all() as { id: number }[]).map((r) => r.id));
    const participations = db.prepare("select id, state_code as state from participations where edition_id = ?").all(edition.id) as { id: number; state: string }[];
    return {
      editionId: edition.id,
      participations,
      counts: [
        mine.length,
        mine.filter((r) => r.status === "enrolled").length,
        mine.filter((r) => r.online === "passed").length,
        mine.filter((r) => f2fPassed.has(r.id)).length,
        mine.filter((r) => certified.has(r.id)).length,
      ],
    };
  } finally {
    db.close();
  }
}

/** The funnel table on the report page: stage → trainees, as the page shows them. */
async function funnelOnPage(page: Page): Promise<string[]> {
  const table = page.getByRole("table", { name: "From nomination to certificate" });
  const out: string[] = [];
  for (const stage of STAGES) {
    out.push((await table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: stage, exact: true }) }).getByRole("cell").first().innerText()).trim());
  }
  return out;
}

async function downloaded(page: Page, link: string) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: link }).click()]);
  return fs.readFileSync(await download.path());
}

test("the tutor opens the closed edition's report from the edition page: the funnel as the database says", async ({ browser }) => {
  const context = await contextAs(browser, "tutor@example.org");
  const page = await context.newPage();
  await page.goto("/editions");
  await page.getByRole("link", { name: CLOSED, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: CLOSED })).toBeVisible();
  await page.getByRole("link", { name: "Report", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(CLOSED);

  const { counts } = funnelFromDb();
  expect(counts[0]).toBeGreaterThan(counts[4]!); // a funnel that narrows, so a swapped column would show
  expect(counts[4]).toBeGreaterThan(0);
  expect(await funnelOnPage(page)).toEqual(counts.map((n) => en.format(n)));
  // the charts are on the page, drawn on the server as SVG with a title and a description
  const charts = page.locator("svg[role='img']");
  expect(await charts.count()).toBeGreaterThanOrEqual(4);
  await expect(charts.first().locator("title")).toHaveCount(1);
  await expect(charts.first().locator("desc")).toHaveCount(1);
  await expectAccessible(page);
  await context.close();
});

test("the report's XLSX, read with exceljs, holds the CSV's numbers", async ({ browser }) => {
  const context = await contextAs(browser, "tutor@example.org");
  const page = await context.newPage();
  const { editionId, counts } = funnelFromDb();
  await page.goto(`/editions/${editionId}/report`);
  const csv = parse((await downloaded(page, "Download CSV")).toString("utf8").replace(/^\uFEFF/, "")) as string[][];
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await downloaded(page, "Download XLSX")) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const xlsx: string[][] = [];
  sheet.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    xlsx.push(csv[0]!.map((_, i) => (values[i] === null || values[i] === undefined ? "" : String(values[i]))));
  });
  expect(xlsx).toEqual(csv);
  // the total row holds the funnel the database gives (columns: state, quota, then the five stages)
  const total = csv[csv.length - 1]!;
  expect(total[0]).toBe("Total");
  expect(total.slice(2, 7).map(Number)).toEqual(counts);
  expect(csv[0]!.slice(2, 7)).toEqual([...STAGES]);
  await context.close();
});

test("the coordinator reads their own state's report; another state's is refused", async ({ browser }) => {
  const context = await contextAs(browser, "coord.uy@example.org");
  const page = await context.newPage();
  const { participations, counts } = funnelFromDb("UY");
  const uy = participations.find((p) => p.state === "UY")!;
  const other = participations.find((p) => p.state !== "UY")!;
  await page.goto(`/coordination/${uy.id}`);
  await page.getByRole("link", { name: "Report", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/coordination/${uy.id}/report$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Uruguay");
  expect(counts[0]).toBeGreaterThan(0);
  expect(await funnelOnPage(page)).toEqual(counts.map((n) => en.format(n)));
  await expectAccessible(page);

  for (const path of [`/coordination/${other.id}/report.csv`, `/coordination/${other.id}/report.xlsx`, `/coordination/${other.id}/report`]) {
    const response = await page.goto(path);
    expect([403, 404], path).toContain(response!.status());
  }
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page);
  await context.close();
});
