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
import { hashPassword } from "../../app/auth/password.server";
import { expectAccessible, openE2EDb, signIn as submitSignIn } from "./helpers";

const PASSWORD = "languages-e2e-password";
const LOCALES = ["es", "en", "pt", "fr"] as const;
const MODULES = fs
  .readdirSync(path.resolve("content/csec/es"))
  .filter((name) => name.endsWith(".mdx"))
  .map((name) => name.slice(0, -".mdx".length))
  .sort();
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const enrolmentOf: Record<string, number> = {};

test.beforeAll(async () => {
  // SQL only to prepare what no screen creates here: an edition in its online stage with one
  // enrolled trainee per language (their saved language preference).
  const hash = await hashPassword(PASSWORD);
  const db = openE2EDb();
  try {
    const existing = db.prepare("select id from editions where name = '2026-languages-e2e'").get();
    if (existing) {
      // a retried worker runs beforeAll again: reuse what the first run prepared
      for (const locale of LOCALES) {
        enrolmentOf[locale] = (
          db.prepare("select e.id from enrolments e join users u on u.id = e.user_id where u.email = ?").get(`leitura.${locale}@example.org`) as {
            id: number;
          }
        ).id;
      }
      return;
    }
    const course = db.prepare("select id from courses where slug = 'csec'").get() as { id: number };
    const editionId = (
      db
        .prepare(
          `insert into editions (course_id, name, status, nomination_opens_on, nomination_closes_on, online_starts_on,
             online_ends_on, face_to_face_starts_on, face_to_face_ends_on, quiz_pass_mark, quiz_attempts_allowed, assignment_required)
           values (?, '2026-languages-e2e', 'online', ?, ?, ?, ?, ?, ?, 70, 3, 0) returning id`,
        )
        .get(course.id, day(-60), day(-30), day(-7), day(30), day(40), day(50)) as { id: number }
    ).id;
    const participation = db
      .prepare("insert into participations (edition_id, state_code, quota, agreement_status) values (?, 'BR', 8, 'agreed') returning id")
      .get(editionId) as { id: number };
    const now = new Date().toISOString();
    for (const locale of LOCALES) {
      const user = db
        .prepare(
          "insert into users (email, name, role, status, password_hash, state_code, locale) values (?, ?, 'trainee', 'active', ?, 'BR', ?) returning id",
        )
        .get(`leitura.${locale}@example.org`, `Leitura Teste ${locale.toUpperCase()}`, hash, locale) as { id: number };
      enrolmentOf[locale] = (
        db
          .prepare(
            "insert into enrolments (edition_id, participation_id, user_id, status, nominated_at, enrolled_at) values (?, ?, ?, 'enrolled', ?, ?) returning id",
          )
          .get(editionId, participation.id, user.id, now, now) as { id: number }
      ).id;
    }
  } finally {
    db.close();
  }
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
