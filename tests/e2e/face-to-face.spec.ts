/**
 * The face-to-face stage end to end, on its own edition ("2026-f2f-e2e", Paraguay) so the demo data
 * other specs use stays untouched: a coordinator plans two sessions, takes attendance on a phone (one
 * session with the browser offline and back), assesses, is refused sign-off with a trainee unassessed,
 * signs off; a tutor reopens with a reason; the coordinator signs off again; the trainee sees the result.
 */
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { expectAccessible, lastEmailTo, openE2EDb, seedFaceToFaceEdition, signIn } from "./helpers";

const PASSWORD = "f2f-e2e-password-2026";
const COORDINATOR = { email: "coord.f2f.py@example.org", name: "Rosa Aquino" };
const TRAINEES = [
  { email: "f2f.ana@example.org", name: "Ana Benítez" },
  { email: "f2f.carlos@example.org", name: "Carlos Giménez" },
  { email: "f2f.lucia@example.org", name: "Lucía Ortiz" },
];
const PHONE = { width: 390, height: 844 };

const ids = { edition: 0, participation: 0, enrolments: [] as number[] };

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  // SQL only to prepare what no screen creates in one step (seedFaceToFaceEdition says what); everything this
  // spec is about happens through the screens
  const seeded = await seedFaceToFaceEdition({
    name: "2026-f2f-e2e",
    stateCode: "PY",
    venue: "Asunción",
    password: PASSWORD,
    coordinator: COORDINATOR,
    trainees: TRAINEES,
  });
  Object.assign(ids, { edition: seeded.editionId, participation: seeded.participationId, enrolments: seeded.enrolmentIds });
});

const hub = () => `/coordination/${ids.participation}/face-to-face`;
const marksOf = (sessionId: number) => {
  const db = openE2EDb();
  try {
    return db
      .prepare("select u.name, a.status from attendance a join enrolments e on e.id = a.enrolment_id join users u on u.id = e.user_id where a.session_id = ? order by u.name")
      .all(sessionId) as { name: string; status: string }[];
  } finally {
    db.close();
  }
};

async function mark(page: Page, name: string, status: string) {
  await page.getByRole("group", { name }).getByRole("radio", { name: status, exact: true }).check();
}

let context: BrowserContext;
let page: Page;
let sessionIds: number[] = [];

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext({ viewport: PHONE, locale: "en-US" });
  page = await context.newPage();
});
test.afterAll(async () => {
  await context.close();
});

test("a coordinator plans two sessions", async () => {
  await signIn(page, COORDINATOR.email, PASSWORD);
  await page.goto(hub());
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Paraguay");
  await expect(page.getByText("No session planned yet.")).toBeVisible();
  for (const [date, start, end, hours] of [
    ["2026-06-08", "09:00", "13:00", "4"],
    ["2026-06-09", "09:00", "12:30", "3.5"],
  ] as const) {
    await page.locator("#f-new-date").fill(date);
    await page.locator("#f-new-startTime").fill(start);
    await page.locator("#f-new-endTime").fill(end);
    await page.locator("#f-new-hours").fill(hours);
    await page.locator("#f-new-venue").fill("Asunción, Ministerio de la Niñez, sala 2");
    await page.getByRole("button", { name: "Plan the session" }).click();
    await expect(page.getByRole("status").filter({ hasText: "The session is planned." })).toBeVisible();
  }
  await expect(page.getByRole("link", { name: /^Take attendance/ })).toHaveCount(2);
  await expectAccessible(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: "test-results/screenshots/f2f-hub-desktop.png", fullPage: true });
  await page.setViewportSize(PHONE);
  const db = openE2EDb();
  sessionIds = (db.prepare("select id from face_to_face_sessions where participation_id = ? order by date").all(ids.participation) as { id: number }[]).map(
    (r) => r.id,
  );
  db.close();
  expect(sessionIds).toHaveLength(2);
});

test("takes attendance on a phone, one tap per person, with a running count", async () => {
  await page.goto(`${hub()}/sessions/${sessionIds[0]}`);
  await expect(page.getByRole("heading", { level: 1, name: "Attendance" })).toBeVisible();
  await expect(page.getByTestId("count-unmarked")).toHaveText("3");
  await mark(page, "Ana Benítez", "Present");
  await mark(page, "Carlos Giménez", "Late");
  await mark(page, "Lucía Ortiz", "Absent");
  await expect(page.getByTestId("count-present")).toHaveText("1");
  await expect(page.getByTestId("count-late")).toHaveText("1");
  await expect(page.getByTestId("count-absent")).toHaveText("1");
  await expect(page.getByTestId("count-unmarked")).toHaveText("0");
  await page.screenshot({ path: "test-results/screenshots/f2f-attendance-phone.png", fullPage: true });
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save attendance" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Attendance saved." })).toBeVisible();
  await expect.poll(() => marksOf(sessionIds[0]!)).toEqual([
    { name: "Ana Benítez", status: "present" },
    { name: "Carlos Giménez", status: "late" },
    { name: "Lucía Ortiz", status: "absent" },
  ]);
});

test("without JavaScript the attendance sheet is a plain form that saves", async ({ browser }) => {
  const noJs = await browser.newContext({ viewport: PHONE, locale: "en-US", javaScriptEnabled: false });
  const p = await noJs.newPage();
  await signIn(p, COORDINATOR.email, PASSWORD);
  await p.goto(`${hub()}/sessions/${sessionIds[0]}`);
  await p.getByRole("group", { name: "Lucía Ortiz" }).getByRole("radio", { name: "Excused", exact: true }).check();
  await p.getByRole("button", { name: "Save attendance" }).click();
  await expect(p.getByRole("status").filter({ hasText: "Attendance saved." })).toBeVisible();
  expect(marksOf(sessionIds[0]!).find((m) => m.name === "Lucía Ortiz")?.status).toBe("excused");
  await noJs.close();
});

test("keeps the marks on the device while offline and sends them when the connection returns", async () => {
  await page.goto(`${hub()}/sessions/${sessionIds[1]}`);
  await expect(page.getByTestId("count-unmarked")).toHaveText("3");
  await context.setOffline(true);
  await mark(page, "Ana Benítez", "Present");
  await mark(page, "Carlos Giménez", "Present");
  await mark(page, "Lucía Ortiz", "Excused");
  await page.getByRole("button", { name: "Save attendance" }).click();
  const offline = page.getByRole("status").filter({ hasText: "Offline — 3 changes kept on this device, will be sent when the connection returns." });
  await expect(offline).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/f2f-attendance-offline-phone.png", fullPage: true });
  const kept = await page.evaluate((key) => window.localStorage.getItem(key), `aula:attendance:${sessionIds[1]}`);
  expect(Object.keys(JSON.parse(kept ?? "{}"))).toHaveLength(3);
  expect(marksOf(sessionIds[1]!)).toEqual([]); // nothing reached the server yet
  await context.setOffline(false);
  await expect(page.getByRole("status").filter({ hasText: "Attendance saved." })).toBeVisible();
  await expect.poll(() => marksOf(sessionIds[1]!)).toEqual([
    { name: "Ana Benítez", status: "present" },
    { name: "Carlos Giménez", status: "present" },
    { name: "Lucía Ortiz", status: "excused" },
  ]);
  expect(await page.evaluate((key) => window.localStorage.getItem(key), `aula:attendance:${sessionIds[1]}`)).toBeNull();
  await page.reload();
  await expect(page.getByRole("group", { name: "Lucía Ortiz" }).getByRole("radio", { name: "Excused" })).toBeChecked();
});

test("assesses, is refused sign-off with a trainee unassessed, then signs off", async () => {
  await page.goto(`${hub()}/assess`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Assessment");
  const ana = page.getByRole("group", { name: "Ana Benítez" });
  await ana.getByLabel(/^Score/).fill("88");
  await ana.getByRole("radio", { name: "Passed", exact: true }).check();
  await ana.getByLabel("Comment for the trainee").fill("Participación destacada en los talleres.");
  const carlos = page.getByRole("group", { name: "Carlos Giménez" });
  await carlos.getByLabel(/^Score/).fill("72");
  await carlos.getByRole("radio", { name: "Passed", exact: true }).check();
  // Lucía attended 0 % of the hours: flagged
  await expect(page.getByRole("group", { name: "Lucía Ortiz" })).toContainText("below 75%");
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screenshots/f2f-assess-phone.png", fullPage: true });
  await page.getByRole("button", { name: "Save assessments" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Assessments saved (2 changed)." })).toBeVisible();

  await page.getByRole("link", { name: "Sign-off", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Sign-off");
  await expectAccessible(page);
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Sign off the results" }).click();
  await expect(page.getByRole("alert")).toContainText("Lucía Ortiz");
  await expect(page.getByRole("alert")).toContainText("not assessed yet");
  await page.screenshot({ path: "test-results/screenshots/f2f-sign-off-refused-phone.png", fullPage: true });

  await page.getByRole("link", { name: "Assessment", exact: true }).click();
  const lucia = page.getByRole("group", { name: "Lucía Ortiz" });
  await lucia.getByLabel(/^Score/).fill("70");
  // "passed" below the required attendance is refused, with a clear message
  await lucia.getByRole("radio", { name: "Passed", exact: true }).check();
  await page.getByRole("button", { name: "Save assessments" }).click();
  await expect(page.getByRole("group", { name: "Lucía Ortiz" })).toContainText("needs the required attendance");
  await page.getByRole("group", { name: "Lucía Ortiz" }).getByLabel(/^Score/).fill("20");
  await page.getByRole("group", { name: "Lucía Ortiz" }).getByRole("radio", { name: "Not passed" }).check();
  await page.getByRole("group", { name: "Lucía Ortiz" }).getByLabel("Comment for the trainee").fill("No asistió a las sesiones.");
  await page.getByRole("button", { name: "Save assessments" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Assessments saved" })).toBeVisible();

  await page.getByRole("link", { name: "Sign-off", exact: true }).click();
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Sign off the results" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The results are signed off." })).toBeVisible();
  await expect(page.getByText(`Signed off by ${COORDINATOR.name}`)).toBeVisible();
  // locked: no more taking attendance
  await page.goto(hub());
  await expect(page.getByRole("link", { name: /^Take attendance/ })).toHaveCount(0);
});

test("a tutor reopens with a reason; the coordinator is told, corrects and signs off again", async ({ browser }) => {
  const tutorContext = await browser.newContext({ locale: "en-US" });
  const tutor = await tutorContext.newPage();
  await signIn(tutor, "tutor@example.org");
  await tutor.goto(`/editions/${ids.edition}/face-to-face`);
  const row = tutor.getByRole("row").filter({ hasText: "Paraguay" });
  await expect(row).toContainText("Signed off");
  await expect(row).toContainText("3 / 3");
  await expectAccessible(tutor);
  await row.getByText("Reopen…").click();
  await row.getByLabel(/Why reopen/).fill("Carlos presentó la constancia del taller final.");
  await row.getByRole("button", { name: "Reopen Paraguay" }).click();
  await expect(tutor.getByRole("status")).toContainText("The results of Paraguay are reopened");
  await expect(tutor.getByRole("row").filter({ hasText: "Paraguay" })).toContainText("Not signed off");
  await tutorContext.close();
  expect(lastEmailTo(COORDINATOR.email)?.text).toContain("Carlos presentó la constancia del taller final.");

  await page.goto(`${hub()}/assess`);
  await page.getByRole("group", { name: "Carlos Giménez" }).getByLabel(/^Score/).fill("80");
  await page.getByRole("button", { name: "Save assessments" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Assessments saved (1 changed)." })).toBeVisible();
  await page.getByRole("link", { name: "Sign-off", exact: true }).click();
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Sign off the results" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The results are signed off." })).toBeVisible();
});

test("the trainee sees the sessions, their attendance and their result", async ({ browser }) => {
  const traineeContext = await browser.newContext({ locale: "en-US", viewport: PHONE });
  const trainee = await traineeContext.newPage();
  await signIn(trainee, TRAINEES[0]!.email, PASSWORD);
  await trainee.goto(`/learning/${ids.enrolments[0]}/face-to-face`);
  await expect(trainee.getByRole("heading", { level: 1 })).toHaveText("Face-to-face stage");
  await expect(trainee.getByRole("listitem").filter({ hasText: "Asunción, Ministerio de la Niñez, sala 2" })).toHaveCount(2);
  await expect(trainee.getByText("You attended 7.5 of 7.5 hours (100%); 75% is required.")).toBeVisible();
  const result = trainee.getByRole("region", { name: "Your face-to-face result" });
  await expect(result).toContainText("Passed");
  await expect(result).toContainText("Score: 88 / 100");
  await expect(result).toContainText("Participación destacada en los talleres.");
  await expectAccessible(trainee);
  await trainee.screenshot({ path: "test-results/screenshots/f2f-trainee-phone.png", fullPage: true });
  // another trainee's page is not found
  const other = await trainee.goto(`/learning/${ids.enrolments[1]}/face-to-face`);
  expect(other?.status()).toBe(404);
  await traineeContext.close();
});
