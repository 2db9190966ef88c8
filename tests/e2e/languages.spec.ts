/**
 * Every module in every language, as a trainee reading in that language sees it: the text is in the
 * language (no fallback notice), with its contents, and the page is accessible.
 *
 * PENDING THE WRITERS' BRANCHES: the pt and fr cases pass only once the full Portuguese and French
 * texts (branches content-pt and content-fr) are merged. Until then they fail on the fallback notice,
 * by design: issue 14 is done when they pass. (en and es pass on their own.)
 */
import fs from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { expectAccessible, seedOnlineEdition, signIn as submitSignIn } from "./helpers";

const PASSWORD = "languages-e2e-password";
const LOCALES = ["es", "en", "pt", "fr"] as const;
const MODULES = fs
  .readdirSync(path.resolve("content/csec/es"))
  .filter((name) => name.endsWith(".mdx"))
  .map((name) => name.slice(0, -".mdx".length))
  .sort();
const enrolmentOf: Record<string, number> = {};

test.beforeAll(async () => {
  // SQL only to prepare what no screen creates here (seedOnlineEdition says why): an edition in its
  // online stage with one enrolled trainee per language (their saved language preference).
  const seeded = await seedOnlineEdition({
    name: "2026-languages-e2e",
    stateCode: "BR",
    quota: 8,
    password: PASSWORD,
    trainees: LOCALES.map((locale) => ({ email: `leitura.${locale}@example.org`, name: `Leitura Teste ${locale.toUpperCase()}`, locale })),
  });
  for (const locale of LOCALES) enrolmentOf[locale] = seeded.enrolmentOf[`leitura.${locale}@example.org`]!;
});

for (const locale of LOCALES) {
  test.describe.serial(`every module in ${locale}`, () => {
    let page: Page;
    test.beforeAll(async ({ browser }) => {
      page = await (await browser.newContext({ locale })).newPage();
      await submitSignIn(page, `leitura.${locale}@example.org`, PASSWORD);
      await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    });
    test.afterAll(async () => {
      await page.context().close();
    });

    for (const slug of MODULES) {
      test(`${slug} reads in ${locale}, without a fallback notice`, async () => {
        await page.goto(`/learning/${enrolmentOf[locale]}/modules/${slug}`);
        await expect(page.locator("html")).toHaveAttribute("lang", locale);
        await expect(page.locator(".module-body")).toHaveAttribute("lang", locale);
        await expect(page.locator('.alert.warn[role="note"]')).toHaveCount(0);
        await expect(page.locator("nav.toc")).toBeVisible();
        await expectAccessible(page);
      });
    }
  });
}
