/**
 * The details of issue 10 that the whole-edition journey (journey.spec.ts) passes by, each proven through
 * the screens: a confirmation without JavaScript (moving the phase, withdrawing with a reason: point 13);
 * forms that empty themselves and say what was saved (point 14); no amber warning on the day the online
 * stage opens (point 16); every stage page links back to its edition, and the coordinator's face-to-face
 * pages show the state's own dates and each trainee's online result (point 18); copying an earlier
 * edition (point 19); and resending an invitation from the roster, read from the admin's Outbox, whose
 * new link activates while the old one has expired (point 8).
 *
 * No SQL writes: everything is done by the person who would do it. The demo's face-to-face cohort
 * (Paraguay, still assessing) is read, not changed. axe runs on every page visited.
 */
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { confirmAction, expectAccessible, openE2EDb, signIn, dayFromToday } from "./helpers";

test.describe.configure({ mode: "serial" });

const STAMP = Date.now().toString(36);
const EDITION = `Details ${STAMP}`;
const day = dayFromToday;
const LATER_DATES = ["Online stage starts", "Online stage ends", "Final assignment due", "Face-to-face window opens", "Face-to-face window closes"];
const PASSWORD = "una frase larga para los detalles";
const P = {
  rosa: { name: "Rosa Etchegaray Detalle", email: `rosa.etchegaray.${STAMP}@details.example.org` }, // reinvited, activates
  tito: { name: "Tito Larrañaga Detalle", email: `tito.larranaga.${STAMP}@details.example.org` }, // withdrawn without JavaScript
};

let editionPath = "";
let statePath = "";
let oldAndNew: [string, string] = ["", ""];
const pages = new Map<string, Page>();
const contexts: BrowserContext[] = [];

async function as(browser: Browser, key: string, email: string, opts: { locale?: string; javaScriptEnabled?: boolean } = {}) {
  const existing = pages.get(key);
  if (existing) return existing;
  const context = await browser.newContext({ locale: opts.locale ?? "en-US", javaScriptEnabled: opts.javaScriptEnabled ?? true });
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, email);
  pages.set(key, page);
  return page;
}
const tutor = (browser: Browser) => as(browser, "tutor", "tutor@example.org");
const coordinator = (browser: Browser) => as(browser, "coord", "coord.uy@example.org", { locale: "es-UY" });

/**
 * Every invitation link sent to a person, oldest first, as their mailbox holds them. The admin's Outbox
 * page masks sign-in links (issue 9), so the links themselves are read from the delivered messages: a
 * read of the mail store, never a write.
 */
function invitationLinks(to: string): string[] {
  const db = openE2EDb();
  try {
    const rows = db.prepare('select text from email_outbox where "to" = ? order by id').all(to) as { text: string }[];
    return rows.flatMap((r) => {
      const url = r.text.match(/https?:\/\/\S+\/invitation\/\S+/)?.[0];
      return url ? [new URL(url).pathname] : [];
    });
  } finally {
    db.close();
  }
}

/**
 * axe-core runs as a script in the page, which a context without JavaScript cannot run: the same URL
 * (the confirmation step is a server-rendered page of its own, `?confirm=…`) is checked in the same
 * person's browser with JavaScript. Opening it posts nothing.
 */
async function expectAccessibleAt(withJs: Page, url: string) {
  await withJs.goto(url);
  await expectAccessible(withJs);
}

test.afterAll(async () => {
  for (const c of contexts) await c.close();
});

test("1. point 14: inviting a state empties the form and says so", async ({ browser }) => {
  const page = await tutor(browser);
  await page.goto("/editions/new");
  await page.getByLabel("Name", { exact: true }).fill(EDITION);
  await page.getByLabel("Nominations open").fill(day(0));
  await page.getByLabel("Nominations close").fill(day(0));
  // the online stage starts tomorrow: withdrawing is allowed only before it starts
  for (const label of LATER_DATES) await page.getByLabel(label).fill(day(1));
  await page.locator("#f-module-01-concepts").check();
  await page.locator("#f-instituteSignatoryId").selectOption({ label: "Tomás Ribeiro" });
  await page.getByRole("button", { name: "Create edition" }).click();
  await expect(page.getByRole("heading", { level: 1, name: EDITION })).toBeVisible();
  editionPath = new URL(page.url()).pathname;

  const invite = page.locator("form:has(input[value=invite])");
  await invite.getByLabel("State").selectOption({ label: "Uruguay" });
  await invite.getByLabel("Seats (quota)").fill("2");
  await invite.getByLabel("Agreement").selectOption("agreed");
  await invite.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByRole("status")).toContainText("Uruguay has been invited.");
  // the form starts over for the next state: default quota, Uruguay no longer offered
  await expect(invite.getByLabel("Seats (quota)")).toHaveValue("5");
  await expect(invite.getByLabel("State").locator("option", { hasText: "Uruguay" })).toHaveCount(0);
  await expectAccessible(page);
});

test("2. point 14: appointing a coordinator and saving a state's details empty the form and say what was saved", async ({ browser }) => {
  const page = await tutor(browser);
  await page.goto(editionPath);
  await page.getByRole("link", { name: "Manage: Uruguay" }).click();
  const appoint = page.locator("form:has(input[value=appoint])");
  await appoint.getByLabel("Full name").fill("Valeria Sosa");
  await appoint.getByLabel("Email").fill("coord.uy@example.org");
  await appoint.getByRole("button", { name: "Appoint" }).click();
  await expect(page.getByRole("status")).toContainText("coord.uy@example.org now coordinates this state.");
  await expect(appoint.getByLabel("Email")).toHaveValue("");
  await expect(appoint.getByLabel("Full name")).toHaveValue("");
  statePath = (await page.getByRole("link", { name: "Open the state's page" }).getAttribute("href")) ?? "";
  expect(statePath).toMatch(/^\/coordination\/\d+$/);
  await page.locator('input[name="faceToFaceVenue"]').fill("Montevideo, sala de prueba");
  await page.locator('input[name="signatoryName"]').fill("Mónica Detalle Ferreira");
  await page.locator('input[name="signatoryTitle"]').fill("Directora (ficticia)");
  await page.locator('input[name="signatoryInstitution"]').fill("INAU (ficticio)");
  await page.locator("form:has(input[name=signatoryName])").getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("This state's agreement, quota, face-to-face format and signatory are up to date.");
  await expectAccessible(page);
});

test("3. point 13 without JavaScript: the tutor opens nominations through the confirmation page", async ({ browser }) => {
  const page = await as(browser, "tutor-nojs", "tutor@example.org", { javaScriptEnabled: false });
  await page.goto(editionPath);
  // without JavaScript the trigger is a link to the confirmation step, not a dialog
  await page.getByRole("link", { name: "Move to: Nominations" }).click();
  await expect(page).toHaveURL(/confirm=/);
  await expect(page.getByText("this cannot be undone")).toBeVisible();
  await expectAccessibleAt(await tutor(browser), page.url());
  await page.getByRole("button", { name: "Yes, move to “Nominations”" }).click();
  // the edition page it returns to was checked by axe in step 1
  await expect(page.getByRole("status")).toContainText("The edition is now in the phase “Nominations”.");
});

test("4. point 14: the coordinator nominates (the form empties, the status says who), and resends an invitation", async ({ browser }) => {
  const page = await coordinator(browser);
  await page.goto(statePath);
  const form = page.locator("form:has(input[value=nominate])");
  for (const [who, position] of [
    [P.rosa, "Psicóloga"],
    [P.tito, "Educador"],
  ] as const) {
    await form.getByLabel("Nombre completo").fill(who.name);
    await form.getByLabel("Correo electrónico").fill(who.email);
    await form.getByLabel("Institución").fill("INAU (ficticio)");
    await form.getByLabel("Cargo").fill(position);
    await form.getByRole("button", { name: "Postular" }).click();
    await expect(page.getByRole("status")).toContainText(`Inscripción confirmada: ${who.name}.`);
    await expect(form.getByLabel("Nombre completo")).toHaveValue("");
    await expect(form.getByLabel("Correo electrónico")).toHaveValue("");
  }
  await expectAccessible(page);
  await page.getByRole("button", { name: `Reenviar la invitación: ${P.rosa.name}` }).click();
  await expect(page.getByRole("status")).toContainText(`Se envió una nueva invitación a ${P.rosa.email}`);
  await expectAccessible(page);
});

test("5. point 8: the admin's Outbox lists both invitations to the person", async ({ browser }) => {
  const admin = await as(browser, "admin", "admin@example.org");
  await admin.goto("/admin/outbox");
  await expect(admin.getByRole("listitem").filter({ hasText: P.rosa.email })).toHaveCount(2);
  await expectAccessible(admin);
  const links = invitationLinks(P.rosa.email);
  expect(links).toHaveLength(2);
  oldAndNew = links as [string, string];
});

test("6. point 8: the old link has expired, the new one activates", async ({ browser }) => {
  const [oldLink, newLink] = oldAndNew;
  const context = await browser.newContext({ locale: "es-UY" });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(oldLink);
  await expect(page.getByText("Este enlace ha vencido.")).toBeVisible();
  await expectAccessible(page);
  await page.goto(newLink);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('input[name="confirm"]').fill(PASSWORD);
  await page.getByRole("button", { name: /Activar/ }).click();
  await expect(page).not.toHaveURL(/\/invitation\//);
  await expectAccessible(page);
});

test("7. point 13 without JavaScript: the coordinator withdraws a trainee with a reason, through the confirmation page", async ({ browser }) => {
  const page = await as(browser, "coord-nojs", "coord.uy@example.org", { locale: "es-UY", javaScriptEnabled: false });
  await page.goto(statePath);
  await page.getByRole("link", { name: `Retirar: ${P.tito.name}` }).click();
  await expect(page).toHaveURL(/confirm=/);
  await expect(page.getByText(`${P.tito.name} recibe un correo con el motivo`)).toBeVisible();
  await expectAccessibleAt(await coordinator(browser), page.url());
  await page.getByLabel(/^Motivo/).fill("Cambió de funciones en su institución.");
  await page.getByRole("button", { name: "Retirar", exact: true }).click();
  await expect(page.getByRole("status")).toContainText(`Se retiró a ${P.tito.name}.`);
  // the roster it returns to was checked by axe in step 4
  await expect(page.getByRole("row", { name: new RegExp(P.tito.name) })).toContainText("Retirado/a");
});

test("8. points 14 and 16: settings say what was saved; the day the online stage opens raises no warning", async ({ browser }) => {
  const page = await tutor(browser);
  await page.goto(editionPath);
  await page.getByRole("link", { name: "Settings" }).click();
  for (const label of LATER_DATES) await page.getByLabel(label).fill(day(0));
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText(`Settings saved: the dates, rules and signatory of the edition “${EDITION}”.`);
  await confirmAction(page, "Move to: Online stage", "Yes, move to “Online stage”", { what: "this cannot be undone" });
  await expect(page.getByRole("status")).toContainText("The edition is now in the phase “Online stage”.");
  // the online stage opened today: that it cannot move on yet is no one's action now, so no amber alert
  await expect(page.locator(".alert.warn")).toHaveCount(0);
  await expectAccessible(page);
});

for (const sub of ["/online", "/online/close", "/content"]) {
  test(`9. point 18: the online stage's page ${sub} links back to its edition`, async ({ browser }) => {
    const page = await tutor(browser);
    await page.goto(`${editionPath}${sub}`);
    await expectAccessible(page);
    await page.getByRole("link", { name: new RegExp(EDITION) }).first().click();
    await expect(page).toHaveURL(new RegExp(`${editionPath}$`));
  });
}

test("10. point 18: a coordinator's face-to-face pages show the state's dates and each trainee's online result", async ({ browser }) => {
  // the demo's first cohort is in its face-to-face stage; Paraguay is still assessing (read only)
  const page = await as(browser, "coord-py", "coord.py@example.org", { locale: "es-PY" });
  await page.goto("/coordination");
  await page.getByRole("region", { name: /Cohorte A/ }).locator('a[href$="/face-to-face"]').click();
  await expect(page.getByRole("heading", { level: 1, name: "Etapa presencial · Paraguay" })).toBeVisible();
  await expect(page.getByText(/Cohorte A/).first()).toBeVisible();
  // the state's own dates, not only the edition's window
  await expect(page.getByText(/Fechas presenciales de Paraguay:/)).toBeVisible();
  await expectAccessible(page);
  await page.locator('a[href$="/face-to-face/assess"]').first().click();
  // every trainee's card says how their online stage ended (one who failed it is not assessed here)
  await expect(page).toHaveURL(/\/face-to-face\/assess$/);
  const cards = page.locator("fieldset.f2f-assess");
  await expect(cards.first()).toBeVisible();
  for (const card of await cards.all()) await expect(card).toContainText("Etapa en línea:");
  await expectAccessible(page);
});

test("11. point 19: copying an earlier edition copies its states, quotas and signatories, dates a year later", async ({ browser }) => {
  const page = await tutor(browser);
  await page.goto("/editions");
  await page.locator("#f-copy").selectOption({ label: EDITION });
  await page.getByRole("button", { name: "Copy an earlier edition" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `New edition, copied from “${EDITION}”` })).toBeVisible();
  await expectAccessible(page);
  const yearLater = (d: string) => `${Number(d.slice(0, 4)) + 1}${d.slice(4)}`;
  await expect(page.getByLabel("Nominations open")).toHaveValue(yearLater(day(0)));
  await expect(page.getByLabel("Online stage starts")).toHaveValue(yearLater(day(0)));
  const name = await page.getByLabel("Name", { exact: true }).inputValue();
  expect(name).not.toBe(EDITION);
  await page.getByRole("button", { name: "Create edition" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("1 state(s) copied");
  const row = page.getByRole("row", { name: /Uruguay/ });
  await expect(row).toContainText("2");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Manage: Uruguay" }).click();
  await expect(page.locator('input[name="signatoryName"]')).toHaveValue("Mónica Detalle Ferreira");
  await expect(page.locator('input[name="faceToFaceVenue"]')).toHaveValue("Montevideo, sala de prueba");
  await expectAccessible(page);
});
