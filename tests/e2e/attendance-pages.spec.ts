/**
 * A large state's attendance sheet comes in pages of 50 (docs/decisions/009, fourth round), on its own
 * edition ("2026-f2f-pages-e2e") so the demo stays untouched: the coordinator marks someone on page 1,
 * goes to page 2 without saving, marks there and saves once; both marks reach the server, the running
 * count is the whole session's on every page, and each page passes axe.
 */
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { expectAccessible, openE2EDb, seedFaceToFaceEdition, signIn } from "./helpers";

const PASSWORD = "f2f-pages-e2e-password-2026";
const COORDINATOR = { email: "coord.pages.py@example.org", name: "Marta Cáceres" };
const COUNT = 55;
const name = (i: number) => `Persona ${String(i).padStart(2, "0")} (ficticia)`;
const PHONE = { width: 390, height: 844 };
const ids = { participation: 0 };

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  // SQL only to prepare what no screen creates in one step (seedFaceToFaceEdition says what), here with 55
  // enrolled trainees (the journey reaches that stage through the screens with a few)
  const seeded = await seedFaceToFaceEdition({
    name: "2026-f2f-pages-e2e",
    stateCode: "PY",
    venue: "Asunción",
    password: PASSWORD,
    coordinator: COORDINATOR,
    trainees: Array.from({ length: COUNT }, (_, i) => ({ email: `f2f.pages.${i + 1}@example.org`, name: name(i + 1) })),
    quota: COUNT,
  });
  ids.participation = seeded.participationId;
});

const pager = () => page.getByRole("navigation", { name: "Pages of the attendance sheet" });
const hub = () => `/coordination/${ids.participation}/face-to-face`;
let context: BrowserContext;
let page: Page;
let sessionId = 0;

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext({ viewport: PHONE, locale: "en-US" });
  page = await context.newPage();
});
test.afterAll(async () => {
  await context.close();
});

const marks = () => {
  const db = openE2EDb();
  try {
    return db
      .prepare("select u.name, a.status from attendance a join enrolments e on e.id = a.enrolment_id join users u on u.id = e.user_id where a.session_id = ? order by u.name")
      .all(sessionId) as { name: string; status: string }[];
  } finally {
    db.close();
  }
};

test("the coordinator plans a session and opens its sheet: page 1 of 2", async () => {
  await signIn(page, COORDINATOR.email, PASSWORD);
  await page.goto(hub());
  await page.locator("#f-new-date").fill("2026-06-10");
  await page.locator("#f-new-startTime").fill("09:00");
  await page.locator("#f-new-endTime").fill("13:00");
  await page.locator("#f-new-hours").fill("4");
  await page.locator("#f-new-venue").fill("Asunción, sala 3");
  await page.getByRole("button", { name: "Plan the session" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The session is planned." })).toBeVisible();
  await page.getByRole("link", { name: /^Take attendance/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Attendance" })).toBeVisible();
  sessionId = Number(/sessions\/(\d+)/.exec(page.url())?.[1]);
  await expect(pager().getByText("Page 1 of 2 (1–50 of 55)")).toBeVisible();
  await expect(page.getByRole("group", { name: /^Persona / })).toHaveCount(50);
  await expect(page.getByTestId("count-unmarked")).toHaveText("55");
  await expectAccessible(page);
});

test("marks someone on page 1, goes to page 2 unsaved, marks there and saves once: both reach the server", async () => {
  await page.getByRole("group", { name: name(1) }).getByRole("radio", { name: "Late", exact: true }).check();
  await expect(page.getByTestId("count-late")).toHaveText("1");
  await pager().getByRole("link", { name: /Next page/ }).click();
  await expect(pager().getByText("Page 2 of 2 (51–55 of 55)")).toBeVisible();
  await expect(page.getByRole("group", { name: /^Persona / })).toHaveCount(5);
  await expect(page.getByRole("status")).toContainText("1 change not sent yet");
  await page.getByRole("group", { name: name(55) }).getByRole("radio", { name: "Absent", exact: true }).check();
  await page.screenshot({ path: "test-results/screenshots/f2f-attendance-page-2-phone.png", fullPage: true });
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save attendance" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Attendance saved." })).toBeVisible();
  await expect.poll(marks).toEqual([
    { name: name(1), status: "late" },
    { name: name(55), status: "absent" },
  ]);
  // the count is the session's, on either page
  await expect(page.getByTestId("count-unmarked")).toHaveText("53");
  await page.getByRole("link", { name: /Previous page/ }).click();
  await expect(page.getByRole("group", { name: name(1) }).getByRole("radio", { name: "Late", exact: true })).toBeChecked();
  await expect(page.getByTestId("count-unmarked")).toHaveText("53");
});

test("'mark the rest present' on page 2 marks page 2's people only", async () => {
  await page.getByRole("link", { name: /Next page/ }).click();
  await page.getByRole("button", { name: /Mark the 4 not marked as present/ }).click();
  await page.getByRole("button", { name: "Save attendance" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Attendance saved." })).toBeVisible();
  await expect.poll(() => marks().length).toBe(6);
  expect(marks().filter((m) => m.status === "present").map((m) => m.name)).toEqual([name(51), name(52), name(53), name(54)]);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: "test-results/screenshots/f2f-attendance-page-2-desktop.png", fullPage: true });
});
