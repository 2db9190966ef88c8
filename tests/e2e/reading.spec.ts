/**
 * Reading a module on a 390 px phone at a venue: the table of contents, "continue where you left
 * off" (the trainee scrolls to a later section, leaves, comes back and lands on it), the print view, the
 * module's text sent once and kept through a revalidation;
 * and the tutor's translation coverage with the writers' preview. Its own edition and trainee.
 */
import fs from "node:fs";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { expectAccessible, openE2EDb, seedOnlineEdition, signIn as submitSignIn } from "./helpers";

const PASSWORD = "reading-e2e-password";
const TRAINEE = "ines.lectura@example.org";
const MODULE = "04-action-plans";
/** The module before it, which the last reading step marks as completed, and the one before that. */
const OTHER_MODULE = "03-manifestations";
const PREVIOUS_MODULE = "02-legal-framework";
const SHOTS = process.env.SCREENSHOT_DIR ?? "test-results/screenshots";
const moduleTitle = /^title: "(.*)"$/m.exec(fs.readFileSync(path.resolve(`content/csec/es/${MODULE}.mdx`), "utf8"))![1];

let editionId = 0;
let enrolmentId = 0;
/** The section the trainee had on screen when leaving (set by the first step). */
let stoppedAt = { id: "", text: "" };

test.beforeAll(async () => {
  // SQL only to prepare what no screen creates here (seedOnlineEdition says why): an edition in its
  // online stage and an enrolled trainee.
  const seeded = await seedOnlineEdition({
    name: "2026-reading-e2e",
    stateCode: "UY",
    password: PASSWORD,
    trainees: [{ email: TRAINEE, name: "Inés Lectura Cabrera", locale: "es" }],
  });
  editionId = seeded.editionId;
  enrolmentId = seeded.enrolmentOf[TRAINEE]!;
});

async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: "es-UY", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await submitSignIn(page, TRAINEE, PASSWORD);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  return page;
}

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
}

test.describe.serial("reading a module on a phone", () => {
  test("the trainee opens a long module from the course page and reads on to a later section", async ({ browser }) => {
    const page = await phone(browser);
    await page.goto(`/learning/${enrolmentId}`);
    await expectAccessible(page);
    await page.getByRole("link", { name: moduleTitle, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/modules/${MODULE}$`));
    const toc = page.getByRole("navigation", { name: "Contenido" });
    await expect(toc).toBeVisible();
    await expect(toc.getByRole("link").first()).toBeVisible();
    await expectAccessible(page);
    await noSidewaysScroll(page);
    await page.screenshot({ path: `${SHOTS}/reading-module-toc-phone.png` });

    // The reader scrolls down, section after section, to the sixth heading of the text.
    const headings = page.locator(".module-body h2[id], .module-body h3[id]");
    const targetId = (await headings.nth(6).getAttribute("id"))!;
    const recorded = page.waitForResponse(
      (r) => r.request().method() === "POST" && r.url().includes(`/modules/${MODULE}`) && (r.request().postData() ?? "").includes(targetId),
    );
    for (let i = 1; i <= 6; i += 1) {
      await headings.nth(i).evaluate((el) => el.scrollIntoView({ block: "start" }));
      await page.waitForTimeout(150);
    }
    stoppedAt = await page.evaluate(() => {
      const line = window.innerHeight * 0.4;
      let found: Element | null = null;
      for (const h of Array.from(document.querySelectorAll(".module-body h2[id], .module-body h3[id]"))) {
        if (h.getBoundingClientRect().top <= line) found = h;
      }
      return { id: found?.id ?? "", text: found?.textContent?.trim() ?? "" };
    });
    expect(stoppedAt.id).toBe(targetId);
    await recorded;
    await page.screenshot({ path: `${SHOTS}/reading-module-later-section-phone.png` });
    await page.context().close();
  });

  test("the trainee leaves, comes back later and lands on the section where they stopped", async ({ browser }) => {
    const page = await phone(browser);
    await page.goto(`/learning/${enrolmentId}`);
    const offer = page.getByRole("link", { name: `Continuar en «${stoppedAt.text}»` });
    await expect(offer).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/reading-course-continue-phone.png`, fullPage: true });
    await offer.click();
    await expect(page).toHaveURL(new RegExp(`/modules/${MODULE}#${stoppedAt.id}$`));
    await expect(page.locator(`[id="${stoppedAt.id}"]`)).toBeInViewport();
    await expectAccessible(page);

    // Opening the module again from the top, the page offers the same section.
    await page.getByRole("link", { name: "Etapa en línea" }).click();
    await page.getByRole("link", { name: moduleTitle, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/modules/${MODULE}$`));
    const again = page.getByRole("link", { name: `Continuar en «${stoppedAt.text}»` });
    await expect(again).toBeVisible();
    await expect(page.locator(`[id="${stoppedAt.id}"]`)).not.toBeInViewport();
    await again.click();
    await expect(page.locator(`[id="${stoppedAt.id}"]`)).toBeInViewport();
    await page.screenshot({ path: `${SHOTS}/reading-module-continued-phone.png` });
    await page.context().close();
  });

  test("a contents link jumps to its section and becomes the place to continue", async ({ browser }) => {
    const page = await phone(browser);
    await page.goto(`/learning/${enrolmentId}/modules/${MODULE}`);
    const toc = page.getByRole("navigation", { name: "Contenido" });
    const link = toc.getByRole("link").nth(2);
    const name = (await link.textContent())!.trim();
    const recorded = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(`/modules/${MODULE}`));
    await link.click();
    await expect(page.getByRole("heading", { name, exact: true })).toBeInViewport();
    await recorded;
    await page.reload();
    await expect(page.getByRole("link", { name: `Continuar en «${name}»` })).toBeVisible();
    await page.context().close();
  });

  test("the print view shows the module without the site's navigation", async ({ browser }) => {
    const page = await phone(browser);
    await page.goto(`/learning/${enrolmentId}/modules/${MODULE}`);
    await page.getByRole("link", { name: "Imprimir o guardar como PDF" }).click();
    await expect(page).toHaveURL(/\?print=1$/);
    await expect(page.getByRole("heading", { level: 1, name: moduleTitle })).toBeVisible();
    await expect(page.locator(".site-header")).toBeHidden();
    await expect(page.getByRole("navigation", { name: "Contenido" })).toHaveCount(0);
    await expect(page.locator(".module-body h2").first()).toBeVisible();
    await expectAccessible(page);
    await noSidewaysScroll(page);
    await page.emulateMedia({ media: "print" });
    await page.screenshot({ path: `${SHOTS}/reading-print-view-phone.png` });
    await page.context().close();
  });

  test("the module's text comes once with the page and stays in place as the page changes around it", async ({ browser }) => {
    // Another module than the steps above read: marking it completed leaves theirs as they were, should they run
    // again. A retry of this step would find it completed by the first attempt: SQL puts it back as it was, which
    // no screen does (a trainee cannot take back "completed").
    const db = openE2EDb();
    db.prepare("UPDATE module_progress SET completed_at = NULL WHERE enrolment_id = ? AND module_slug = ?").run(enrolmentId, OTHER_MODULE);
    db.close();
    const page = await phone(browser);
    const response = await page.goto(`/learning/${enrolmentId}/modules/${OTHER_MODULE}`);
    const body = page.locator("#module-body");
    const firstHeading = (await body.locator("h2").first().textContent())!.trim();
    // a run of plain text from the body's last paragraphs (no markup inside, nothing JSON or HTML would escape; the
    // first ones may repeat the module's summary, which the page's data carries)
    const snippet = await body.evaluate((el) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let last = "";
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const run = /[\p{L}\p{N} ,.;:()-]{48}/u.exec(n.textContent ?? "");
        if (run && run[0].trim().length === 48) last = run[0];
      }
      return last;
    });
    expect(snippet).toHaveLength(48);
    // the document carries the body once: in its markup, not a second time in the page's data for the scripts
    const html = await response!.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts.join("").length).toBeGreaterThan(1000); // the page's data is there
    expect(scripts.filter((text) => text.includes(snippet))).toEqual([]);
    expect(html).toContain(snippet);

    // once the scripts have taken over the page, a revalidation (marking the module read) keeps the same text nodes
    await page.waitForFunction(() => {
      const el = document.getElementById("module-body");
      return !!el && Object.keys(el).some((k) => k.startsWith("__reactFiber"));
    });
    await body.locator("h2").first().evaluate((h) => {
      (h as unknown as { kept: boolean }).kept = true;
    });
    await page.getByRole("button", { name: "Marcar como completado" }).click();
    await expect(page.getByText("El módulo quedó marcado como completado.")).toBeVisible();
    await expect(page.getByText("Completó este módulo.")).toBeVisible(); // the page's data was loaded again
    expect(await body.locator("h2").first().evaluate((h) => (h as unknown as { kept?: boolean }).kept === true)).toBe(true);
    await expect(body.locator("h2").first()).toHaveText(firstHeading);

    // back to the module before inside the page, and on again: each body as its data brings it
    const pager = page.getByRole("navigation", { name: "Módulo anterior y siguiente" });
    await pager.getByRole("link", { name: /^←/ }).click();
    await expect(page).toHaveURL(new RegExp(`/modules/${PREVIOUS_MODULE}$`));
    await expect(body.locator("h2").first()).toBeVisible();
    await expect(body.locator("h2").first()).not.toHaveText(firstHeading);
    await pager.getByRole("link", { name: /→$/ }).click();
    await expect(page).toHaveURL(new RegExp(`/modules/${OTHER_MODULE}$`));
    await expect(body.locator("h2").first()).toHaveText(firstHeading);
    await expect(body).toContainText(snippet);
    await expectAccessible(page);
    await page.context().close();
  });
});

test.describe.serial("translation coverage and the writers' preview", () => {
  test("a tutor sees the four statuses and previews a module with its quiz and the check's findings", async ({ browser }) => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await submitSignIn(page, "tutor@example.org");
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    await page.goto(`/editions/${editionId}/content`);
    await expect(page.getByRole("table")).toBeVisible();
    await expect(page.locator("tbody tr")).toHaveCount(6);
    await expectAccessible(page);
    await page.locator(`a[href="/editions/${editionId}/content/en/${MODULE}"]`).click();
    await expect(page).toHaveURL(new RegExp(`/content/en/${MODULE}$`));
    const quiz = page.locator(".quiz-preview");
    await expect(quiz.locator(".is-answer")).toHaveCount(8);
    await expect(quiz.locator(".explanation").first()).not.toContainText("No explanation yet");
    await expect(page.locator("#findings-title")).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/content-preview-en.png` });
    await context.close();
  });

  test("the preview switches to the same module in Portuguese, whatever state its text is in", async ({ browser }) => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await submitSignIn(page, "tutor@example.org");
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    await page.goto(`/editions/${editionId}/content/en/${MODULE}`);
    await page.getByRole("navigation", { name: /other languages/ }).getByRole("link", { name: /Portuguese/ }).click();
    await expect(page).toHaveURL(new RegExp(`/content/pt/${MODULE}$`));
    await expect(page.locator("#findings-title .badge")).toBeVisible();
    await expectAccessible(page);
    await context.close();
  });
});
