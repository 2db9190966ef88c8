import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

/**
 * Pictures of the main pages at phone and desktop widths, for people to look at
 * (test-results/screenshots/), and one check: nothing makes the page wider than the screen.
 */
const shots: { name: string; as?: string; path: string; locale: string; open?: RegExp }[] = [
  { name: "landing-es", path: "/", locale: "es-UY" },
  { name: "sign-in-fr", path: "/sign-in", locale: "fr-FR" },
  { name: "tutor-editions-en", as: "tutor@example.org", path: "/editions", locale: "en-US" },
  { name: "coordinator-home-es", as: "coord.uy@example.org", path: "/coordination", locale: "es-UY" },
  { name: "trainee-home-pt", as: "camila.rojas@example.org", path: "/learning", locale: "pt-BR" },
  { name: "admin-users-es", as: "admin@example.org", path: "/admin/users", locale: "es-UY" },
  { name: "edition-board-en", as: "tutor@example.org", path: "/editions/1", locale: "en-US" },
  { name: "participation-fr", as: "tutor@example.org", path: "/editions/1/participations/2", locale: "fr-FR" },
  { name: "state-nominations-es", as: "coord.uy@example.org", path: "/coordination/1", locale: "es-UY" },
  { name: "face-to-face-hub-es", as: "coord.uy@example.org", path: "/coordination/1/face-to-face", locale: "es-UY" },
  // the demo trainee's course (online stage open), reached from her home: its id depends on the demo's history
  { name: "course-page-en", as: "trainee@example.org", path: "/learning", locale: "en-US", open: /^Open the course$/ },
  { name: "verify-fr", path: "/verify", locale: "fr-FR" },
];

for (const shot of shots) {
  for (const [width, height, label] of [
    [390, 844, "phone"],
    [1280, 800, "desktop"],
  ] as const) {
    test(`screenshot ${shot.name} ${label}`, async ({ browser }) => {
      const context = await browser.newContext({ locale: shot.locale, viewport: { width, height } });
      const page = await context.newPage();
      if (shot.as) await signIn(page, shot.as);
      await page.goto(shot.path);
      if (shot.open) {
        await page.getByRole("link", { name: shot.open }).click();
        await expect(page).not.toHaveURL(new RegExp(`${shot.path}$`));
      }
      await page.screenshot({ path: `test-results/screenshots/${shot.name}-${label}.png`, fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await context.close();
    });
  }
}
