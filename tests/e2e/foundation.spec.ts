import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, expectAccessible, lastEmailTo, linkIn, openE2EDb, signIn, submitSignIn } from "./helpers";

// The demo's current edition is named after next year; the demo's history (last year's closed edition and
// this year's two cohorts) and other specs' editions sit alongside it.
const DEMO_EDITION = String(new Date().getUTCFullYear() + 1);

test.describe("each demo role lands on its own home", () => {
  test("tutor sees the editions", async ({ page }) => {
    await signIn(page, "tutor@example.org");
    await expect(page).toHaveURL(/\/editions$/);
    await expect(page.getByRole("heading", { level: 1, name: "Editions" })).toBeVisible();
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: DEMO_EDITION, exact: true }) });
    await expect(row).toContainText("Nominations");
    await expect(row).toContainText("4"); // four participating states
    await expect(row).toContainText("7 / 15"); // 7 enrolled of 5+4+3+3 seats (Uruguay 1, Chile 4 with 2 waiting, Paraguay 1, El Salvador 1)
    await expect(page.getByText("Tomás Ribeiro")).toBeVisible();
    await expectAccessible(page);
  });

  test("coordinator sees their state's participation with quota and enrolled count", async ({ page }) => {
    await signIn(page, "coord.cl@example.org");
    await expect(page).toHaveURL(/\/coordination$/);
    const card = page.getByRole("region", { name: `Chile · ${DEMO_EDITION}` });
    await expect(card).toBeVisible();
    await expect(card.getByRole("definition").first()).toHaveText("4"); // seats
    await expect(page.getByRole("region", { name: /Uruguay/ })).toHaveCount(0);
    await expectAccessible(page);
  });

  test("trainee sees their enrolment", async ({ page }) => {
    await signIn(page, "trainee@example.org");
    await expect(page).toHaveURL(/\/learning$/);
    await expect(page.getByText("Nominated by Uruguay.")).toBeVisible();
    await expect(page.getByText("Enrolled", { exact: true })).toBeVisible();
    await expectAccessible(page);
  });

  test("admin sees people and can invite a tutor", async ({ page }) => {
    await signIn(page, "admin@example.org");
    await expect(page).toHaveURL(/\/editions$/);
    await page.getByRole("link", { name: "People" }).click();
    await expect(page.getByRole("cell", { name: "tutor@example.org" })).toBeVisible();
    await expectAccessible(page);
  });
});

test("the language switcher shows the same page in all four languages, without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/sign-in");
  const expected = { es: "Iniciar sesión", pt: "Entrar", fr: "Se connecter", en: "Sign in" } as const;
  for (const [lng, heading] of Object.entries(expected)) {
    await page.locator(`form[action="/language"] button[value="${lng}"]`).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.locator("html")).toHaveAttribute("lang", lng);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
  }
  await context.close();
});

test("Accept-Language picks the language when nothing is saved", async ({ browser }) => {
  const context = await browser.newContext({ locale: "pt-BR" });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await expect(page.locator("html")).toHaveAttribute("lang", "pt");
  await context.close();
});

test.describe("invitations", () => {
  test("an admin invites a tutor, whose link sets a password and signs them in; the link then refuses reuse", async ({
    page,
    browser,
  }) => {
    await signIn(page, "admin@example.org");
    await page.goto("/admin/users");
    await page.getByLabel("Full name").fill("Renata Quispe");
    await page.getByLabel("Email").fill("renata.quispe@example.org");
    await page.locator("#f-locale").selectOption("es");
    await page.getByRole("button", { name: "Send invitation", exact: true }).click();
    await expect(page.getByRole("status")).toContainText("renata.quispe@example.org");

    const mail = lastEmailTo("renata.quispe@example.org");
    expect(mail?.subject).toContain("Aula"); // Spanish subject, chosen by the recipient's language
    expect(mail?.text).toContain("Hola Renata Quispe");
    const path = linkIn(mail!.text);

    const guest = await browser.newContext({ locale: "es-ES" });
    const invited = await guest.newPage();
    await invited.goto(path);
    await expect(invited.getByRole("heading", { level: 1 })).toHaveText("Active su cuenta");
    await expectAccessible(invited);
    await invited.locator('input[name="password"]').fill("una frase larga y segura");
    await invited.locator('input[name="confirm"]').fill("una frase larga y segura");
    await invited.getByRole("button", { name: /Activar/ }).click();
    await expect(invited).toHaveURL(/\/editions$/);
    await expect(invited.getByText("Renata Quispe")).toBeVisible();

    await invited.goto(path);
    await expect(invited.getByRole("alert")).toContainText("ya se ha usado");
    await guest.close();
  });

  test("an expired link is refused with a clear message", async ({ page }) => {
    await signIn(page, "admin@example.org");
    await page.goto("/admin/users");
    await page.getByLabel("Full name").fill("Kenji Watanabe");
    await page.getByLabel("Email").fill("kenji.watanabe@example.org");
    await page.locator("#f-locale").selectOption("en");
    await page.getByRole("button", { name: "Send invitation", exact: true }).click();
    await expect(page.getByRole("status")).toBeVisible();
    const path = linkIn(lastEmailTo("kenji.watanabe@example.org")!.text);
    // SQL only for what no screen does: time passing. The link's expiry is moved into the past.
    const db = openE2EDb();
    db.prepare(
      "update auth_tokens set expires_at = '2000-01-01T00:00:00.000Z' where user_id = (select id from users where email = ?)",
    ).run("kenji.watanabe@example.org");
    db.close();
    await page.goto(path);
    await expect(page.getByRole("alert")).toHaveText("This link has expired.");
    await expect(page.locator('input[name="password"]')).toHaveCount(0);
    // not a dead end: "forgot password" sends a never-activated account a fresh invitation
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.goto(path);
    await page.getByRole("link", { name: "Get a new link" }).click();
    await page.getByLabel("Email").fill("kenji.watanabe@example.org");
    await page.getByRole("button", { name: "Send the link" }).click();
    await expect(page.getByRole("status")).toBeVisible();
    const fresh = linkIn(lastEmailTo("kenji.watanabe@example.org")!.text);
    expect(fresh).not.toBe(path);
    await page.goto(fresh);
    await expect(page.locator('input[name="password"]')).toBeVisible();
    await expectAccessible(page);
  });

  test("bad input on the invitation form gets translated errors and writes nothing", async ({ browser }) => {
    const context = await browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    await signIn(page, "admin@example.org");
    await page.goto("/admin/users");
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    // the browser's maxlength is a convenience; the server must refuse on its own
    await page.locator('input[name="name"]').evaluate((el) => el.removeAttribute("maxlength"));
    await page.locator('input[name="name"]').fill("x".repeat(121));
    await page.locator('input[name="email"]').fill("not-an-email");
    await page.locator('form:has(input[name="name"]) button[type="submit"]').click();
    await expect(page.locator("#f-name-error")).toContainText("120");
    await expect(page.locator("#f-email-error")).toContainText("adresse");
    await page.locator('input[name="name"]').fill("");
    await page.locator('form:has(input[name="name"]) button[type="submit"]').click();
    await expect(page.locator("#f-name-error")).toHaveText("Ce champ est obligatoire.");
    // nothing was written for what this form submitted (other specs create users in parallel)
    const written = openE2EDb()
      .prepare("select count(*) n from users where email = 'not-an-email' or name like 'xxxxxxxxxx%' or name = ''")
      .get() as { n: number };
    expect(written.n).toBe(0);
    await context.close();
  });
});

test("five wrong passwords throttle the account, and even the right one is then refused", async ({ page }) => {
  for (let i = 1; i <= 5; i++) {
    await submitSignIn(page, "ana.hernandez@example.org", `wrong-password-${i}`);
    await expect(page.getByRole("alert")).toBeVisible();
  }
  await expect(page.getByRole("alert")).toContainText("Too many failed attempts");
  await submitSignIn(page, "ana.hernandez@example.org", DEMO_PASSWORD);
  await expect(page.getByRole("alert")).toContainText("Too many failed attempts");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("sign-out ends the session", async ({ page }) => {
  await signIn(page, "coord.sv@example.org");
  await expect(page).toHaveURL(/\/coordination$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/coordination");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fcoordination/);
});

test("a trainee cannot open the tutor's pages", async ({ page }) => {
  await signIn(page, "joaquin.pereira@example.org");
  const res = await page.goto("/editions");
  expect(res?.status()).toBe(403);
  const res2 = await page.goto("/admin/outbox");
  expect(res2?.status()).toBe(403);
});

test("the landing and sign-in pages are accessible", async ({ page }) => {
  await page.goto("/");
  await expectAccessible(page);
  await page.goto("/sign-in");
  await expectAccessible(page);
});
