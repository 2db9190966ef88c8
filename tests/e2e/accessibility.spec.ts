import { expect, type Page, test } from "@playwright/test";
import { contextAs, expectAccessible } from "./helpers";

/**
 * WCAG 2.2 A and AA (axe-core) on pages an audit of the demo found wanting, for the roles that see
 * them, at phone and desktop widths: the 404 page, the tutor's online board and the tutor's view of
 * /coordination, and the other boards whose tables stack into cards on a phone.
 */
const pages: { name: string; as?: string; path: string; locale: string; open?: (page: Page) => Promise<void> }[] = [
  { name: "404, signed out", path: "/no-such-page", locale: "en-US" },
  { name: "404, tutor", as: "tutor@example.org", path: "/editions/999999", locale: "es-UY" },
  { name: "tutor's online board", as: "tutor@example.org", path: "/editions/1/online", locale: "en-US" },
  { name: "tutor's /coordination", as: "tutor@example.org", path: "/coordination", locale: "en-US" },
  { name: "tutor's certificates board", as: "tutor@example.org", path: "/editions/1/certificates", locale: "fr-FR" },
  { name: "tutor's face-to-face board", as: "tutor@example.org", path: "/editions/1/face-to-face", locale: "pt-BR" },
  { name: "tutor's edition board", as: "tutor@example.org", path: "/editions/1", locale: "en-US" },
  { name: "coordinator's roster", as: "coord.uy@example.org", path: "/coordination/1", locale: "es-UY" },
  { name: "coordinator's assessment", as: "coord.uy@example.org", path: "/coordination/1/face-to-face/assess", locale: "es-UY" },
  // the demo seeds several editions: the trainee's enrolment is found as she finds it, by clicking her course
  {
    name: "trainee's course page",
    as: "trainee@example.org",
    path: "/learning",
    locale: "es-UY",
    open: async (page) => {
      await page.getByRole("link", { name: /Cohorte B/ }).first().click();
      await expect(page).toHaveURL(/\/learning\/\d+$/);
    },
  },
];

// each page is its own test and shares nothing: they spread over the workers
test.describe.configure({ mode: "parallel" });

for (const p of pages) {
  for (const [width, label] of [
    [390, "phone"],
    [1280, "desktop"],
  ] as const) {
    test(`axe (WCAG 2.2 AA): ${p.name}, ${label}`, async ({ browser }) => {
      const context = await contextAs(browser, p.as, { locale: p.locale, viewport: { width, height: 844 } });
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(p.path);
      if (p.open) await p.open(page);
      await expectAccessible(page);
      await context.close();
    });
  }
}
