import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { confirmAction, contextAs, expectAccessible, lastEmailTo, linkIn, openE2EDb, signIn, dayFromToday, inviteStates } from "./helpers";

const day = dayFromToday;
const EDITION = "2029 e2e";

test.describe.configure({ mode: "serial" });

let editionPath = "";
let uyPath = ""; // the coordinator's page for Uruguay in the new edition

async function submitAs(page: Page, formSelector: string) {
  await page.locator(`${formSelector} button[type="submit"]`).click();
  await page.waitForLoadState("networkidle");
}

// the tutor's part, in three serial steps with room to spare under the per-test timeout on a busy machine
test("a tutor creates an edition and invites three states with quotas", async ({ browser }) => {
  const page = await (await contextAs(browser, "tutor@example.org")).newPage();
  await page.goto("/editions");
  await page.getByRole("link", { name: "New edition" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New edition" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Name").fill(EDITION);
  await page.getByLabel("Nominations open").fill(day(-1));
  await page.getByLabel("Nominations close").fill(day(30));
  await page.getByLabel("Online stage starts").fill(day(40));
  await page.getByLabel("Online stage ends").fill(day(100));
  await page.getByLabel("Final assignment due").fill(day(95));
  await page.getByLabel("Face-to-face window opens").fill(day(110));
  await page.getByLabel("Face-to-face window closes").fill(day(150));
  await page.getByRole("button", { name: "Create edition" }).click();
  await expect(page.getByRole("heading", { level: 1, name: EDITION })).toBeVisible();
  editionPath = new URL(page.url()).pathname;
  await expect(page.getByText("No state has agreed to take part yet.")).toBeVisible();

  await inviteStates(page, [["Uruguay", "3"], ["Chile", "2"], ["Paraguay", "10"]] as const);
  await expect(page.getByText("Uruguay has no local coordinator.")).toBeVisible();
  await expectAccessible(page);
  await page.context().close();
});

test("the tutor appoints the states' coordinators", async ({ browser }) => {
  expect(editionPath, "the edition of the step before").not.toBe("");
  const page = await (await contextAs(browser, "tutor@example.org")).newPage();
  // a new person for Uruguay (invited by email), existing accounts for Chile and Paraguay
  for (const [state, name, email] of [
    ["Uruguay", "Lucía Techera", "lucia.techera@example.org"],
    ["Chile", "Andrés Muñoz", "coord.cl@example.org"],
    ["Paraguay", "Graciela Benítez", "coord.py@example.org"],
  ] as const) {
    await page.goto(editionPath);
    await page.getByRole("link", { name: `Manage: ${state}` }).click();
    const appoint = page.locator("form:has(input[value=appoint])");
    await appoint.getByLabel("Full name").fill(name);
    await appoint.getByLabel("Email").fill(email);
    await appoint.getByRole("button", { name: "Appoint" }).click();
    await expect(page.getByRole("status")).toContainText(email);
    if (state === "Uruguay") {
      uyPath = (await page.getByRole("link", { name: "Open the state's page" }).getAttribute("href")) ?? "";
      await expectAccessible(page);
    }
  }
  const appointment = lastEmailTo("coord.cl@example.org");
  expect(appointment?.subject).toContain("Chile");
  await page.context().close();
});

test("the tutor opens the nominations", async ({ browser }) => {
  expect(editionPath, "the edition of the steps before").not.toBe("");
  const page = await (await contextAs(browser, "tutor@example.org")).newPage();
  await page.goto(editionPath);
  await confirmAction(page, "Move to: Nominations", "Yes, move to “Nominations”");
  await expect(page.getByRole("status")).toContainText("The edition is now in the phase “Nominations”.");
  await page.context().close();
});

test("the new coordinator activates through the emailed link and nominates up to the quota by form and CSV", async ({ browser }) => {
  const context = await browser.newContext({ locale: "es-UY" });
  const page = await context.newPage();
  const mail = lastEmailTo("lucia.techera@example.org");
  expect(mail?.text).toContain("Hola Lucía Techera");
  await page.goto(linkIn(mail!.text));
  await page.locator('input[name="password"]').fill("una frase segura para lucía");
  await page.locator('input[name="confirm"]').fill("una frase segura para lucía");
  await page.getByRole("button", { name: /Activar/ }).click();
  await expect(page).toHaveURL(/\/coordination$/);
  await page.goto(uyPath);
  await expect(page.getByRole("heading", { level: 1, name: "Uruguay" })).toBeVisible();
  await expectAccessible(page);

  // one by form
  const form = page.locator("form:has(input[value=nominate])");
  await form.locator('input[name="name"]').fill("Florencia Méndez");
  await form.locator('input[name="email"]').fill("florencia.mendez@example.org");
  await form.locator('input[name="institution"]').fill("INAU (ficticio)");
  await form.locator('input[name="position"]').fill("Psicóloga");
  await form.locator('button[type="submit"]').click();
  await expect(page.getByRole("status")).toContainText("Florencia Méndez");
  // the form is empty again, ready for the next person (it kept the values before)
  await expect(form.locator('input[name="name"]')).toHaveValue("");
  await expect(form.locator('input[name="email"]')).toHaveValue("");

  // a CSV with a bad row is refused whole, the row's error shown
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-csv-"));
  const bad = path.join(dir, "bad.csv");
  fs.writeFileSync(bad, "\uFEFFname;email;institution;position\nMartín Silva;martin.silva@example.org;MIDES;Técnico\nSin Correo;no-es-un-correo;MIDES;Técnica\n");
  await page.locator('input[type="file"]').setInputFiles(bad);
  await submitAs(page, "form:has(input[value=import])");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Línea 3");
  await expect(alert).toContainText("correo"); // the column, named in the reader's language
  const count = () =>
    (openE2EDb().prepare("select count(*) n from enrolments e join participations p on p.id = e.participation_id where p.id = ?").get(Number(uyPath.split("/").pop())) as { n: number }).n;
  expect(count()).toBe(1);

  // the corrected file goes in whole: two more → quota of 3 reached
  const good = path.join(dir, "good.csv");
  fs.writeFileSync(good, "name,email,institution,position\nMartín Silva,martin.silva@example.org,MIDES,Técnico\nRocío Duarte,rocio.duarte@example.org,Fiscalía,Fiscal adjunta\n");
  await page.locator('input[type="file"]').setInputFiles(good);
  await submitAs(page, "form:has(input[value=import])");
  await expect(page.getByRole("status")).toContainText("2");
  expect(count()).toBe(3);

  // the next nominee waits on the list, with their place shown
  await form.locator('input[name="name"]').fill("Gonzalo Pereyra");
  await form.locator('input[name="email"]').fill("gonzalo.pereyra@example.org");
  await form.locator('input[name="institution"]').fill("Ministerio del Interior");
  await form.locator('input[name="position"]').fill("Comisario");
  await form.locator('button[type="submit"]').click();
  await expect(page.getByRole("status")).toContainText("lista de espera");
  await expect(page.getByRole("row", { name: /Gonzalo Pereyra/ })).toContainText("N.º 1");

  // withdrawing an enrolled trainee promotes the waitlisted one
  await confirmAction(page, "Retirar: Martín Silva", "Retirar", { reason: { label: /^Motivo/, text: "Cambio de destino." } });
  await expect(page.getByRole("row", { name: /Gonzalo Pereyra/ })).toContainText("Inscrito/a");
  const promotion = lastEmailTo("gonzalo.pereyra@example.org");
  expect(promotion?.subject).toBeTruthy();
  await context.close();
});

test("the promoted trainee, who never activated, reads the promotion on the Outbox page and activates from its link", async ({ browser }) => {
  const to = "gonzalo.pereyra@example.org";
  // the admin's Outbox shows the email (sign-in links masked): it says the state, the edition and the seat
  const adminContext = await browser.newContext({ locale: "en-US" });
  const admin = await adminContext.newPage();
  await signIn(admin, "admin@example.org");
  await admin.goto("/admin/outbox");
  const item = admin.getByRole("listitem").filter({ hasText: to }).first();
  await item.locator("summary").click();
  await expect(item.locator("summary strong")).toContainText("Ya tiene un cupo");
  await expect(item.locator("summary strong")).toContainText(EDITION);
  const shown = (await item.locator("pre").textContent()) ?? "";
  expect(shown).toContain("lista de espera de Uruguay");
  expect(shown).toContain("su inscripción está confirmada");
  expect(shown).toMatch(/hasta el .+ hora de Uruguay/); // the deadline, in the edition's zone, named
  expect(shown).toMatch(/\/invitation\/•+/);
  expect(shown).not.toContain("/learning");
  await expectAccessible(admin);
  await adminContext.close();

  // the link itself is read from the delivered message, as Gonzalo reads it in his own mailbox
  const mail = lastEmailTo(to);
  expect(mail?.subject).toContain("active su cuenta");
  const context = await browser.newContext({ locale: "es-UY" });
  const page = await context.newPage();
  await page.goto(linkIn(mail!.text));
  await expectAccessible(page);
  await page.locator('input[name="password"]').fill("gonzalo tiene una clave larga");
  await page.locator('input[name="confirm"]').fill("gonzalo tiene una clave larga");
  await page.locator('form:has(input[name="confirm"]) button[type="submit"]').click();
  await expect(page).toHaveURL(/\/learning$/);
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(EDITION) })).toBeVisible();
  await expectAccessible(page);
  await context.close();
});

test("a nominated trainee activates from the emailed invitation, in their language, and sees the edition", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  const mail = lastEmailTo("florencia.mendez@example.org");
  expect(mail?.subject).toContain("invitación"); // Spanish, the language chosen at nomination
  await page.goto(linkIn(mail!.text));
  await page.locator('input[name="password"]').fill("florencia tiene una clave");
  await page.locator('input[name="confirm"]').fill("florencia tiene una clave");
  await page.locator('form:has(input[name="confirm"]) button[type="submit"]').click();
  await expect(page).toHaveURL(/\/learning$/);
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(EDITION) })).toBeVisible();
  // the language saved at nomination (Spanish) wins over the browser's
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expect(page.getByText("Postulación de Uruguay.")).toBeVisible();
  await context.close();
});

test("a coordinator cannot open another state's page", async ({ page }) => {
  await signIn(page, "coord.cl@example.org");
  const res = await page.goto(uyPath);
  expect(res?.status()).toBe(404);
});

test("the board shows the right counts", async ({ page }) => {
  await signIn(page, "tutor@example.org");
  await page.goto(editionPath);
  const uy = page.getByRole("row", { name: /Uruguay/ });
  await expect(uy.getByRole("cell").nth(1)).toHaveText("3"); // seats
  await expect(uy.getByRole("cell").nth(2)).toHaveText("3"); // enrolled
  await expect(uy.getByRole("cell").nth(3)).toHaveText("0"); // waiting
  await expect(uy).toContainText("Lucía Techera");
});

test("100 parallel nomination requests at 10 seats: exactly 10 enrolled, 90 waitlisted, no errors", async ({ page }) => {
  await signIn(page, "coord.py@example.org");
  await page.goto("/coordination");
  const href = await page.getByRole("link", { name: new RegExp(`Paraguay · ${EDITION}`) }).getAttribute("href");
  const responses = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      page.request.post(href!, {
        form: { intent: "nominate", name: `Participante ${i}`, email: `py.race.${i}@example.org`, institution: "Ministerio", position: "Técnica", locale: "es" },
        maxRedirects: 0,
      }),
    ),
  );
  expect(responses.map((r) => r.status()).filter((s) => s !== 302)).toEqual([]);
  const db = openE2EDb();
  const rows = db
    .prepare("select status, count(*) n, count(distinct user_id) u from enrolments where participation_id = ? group by status order by status")
    .all(Number(href!.split("/").pop())) as { status: string; n: number; u: number }[];
  db.close();
  expect(rows).toEqual([
    { status: "enrolled", n: 10, u: 10 },
    { status: "waitlisted", n: 90, u: 90 },
  ]);
});
