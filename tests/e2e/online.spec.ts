/**
 * The online stage end to end, in its own edition (so the demo edition other specs rely on is untouched):
 * a trainee studies a module in Spanish, fails then passes its quiz, submits the final assignment;
 * a tutor grades it; closing the stage gives the expected results.
 */
import fs from "node:fs";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { expectAccessible, lastEmailTo, openE2EDb, seedOnlineEdition, signIn as submitSignIn } from "./helpers";

const PASSWORD = "online-e2e-password";
const TRAINEE = "lucia.online@example.org";
const IDLE_TRAINEE = "pablo.online@example.org";
const MODULE = "01-concepts";
const SHOTS = process.env.SCREENSHOT_DIR ?? "test-results/screenshots";

const quiz = JSON.parse(fs.readFileSync(path.resolve("content/csec/es/01-concepts.quiz.json"), "utf8")) as {
  questions: { id: string; answer: string; options: { id: string; text: string; feedback: string }[] }[];
};


/** Signs in and waits until the browser has left the sign-in page (the session cookie is set). */
async function signIn(page: Page, email: string, password?: string) {
  await submitSignIn(page, email, password);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

let editionId = 0;
let enrolmentId = 0;

test.beforeAll(async () => {
  // SQL only to prepare what no screen creates here (seedOnlineEdition says why): an edition in its
  // online stage, one required module and the assignment, two enrolled trainees.
  const seeded = await seedOnlineEdition({
    name: "2026-online-e2e",
    stateCode: "UY",
    password: PASSWORD,
    requiredModules: [MODULE],
    assignmentRequired: true,
    trainees: [
      { email: TRAINEE, name: "Lucía Online Ferreira" },
      { email: IDLE_TRAINEE, name: "Pablo Online Suárez" },
    ],
  });
  editionId = seeded.editionId;
  enrolmentId = seeded.enrolmentOf[TRAINEE]!;
});

async function traineePage(browser: Browser, width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ locale: "es-UY", viewport: { width, height } });
  const page = await context.newPage();
  await signIn(page, TRAINEE, PASSWORD);
  return page;
}

test.describe.serial("online stage", () => {
  // the course page, then the module, in two serial steps with room to spare on a busy machine
  test("a trainee opens the course in Spanish, nothing done yet", async ({ browser }) => {
    const page = await traineePage(browser);
    await page.goto(`/learning/${enrolmentId}`);
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.getByRole("heading", { level: 2, name: "Su avance" })).toBeVisible();
    await expect(page.locator("progress")).toHaveAttribute("value", "0");
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/online-course-es-desktop.png`, fullPage: true });
    await page.context().close();
  });

  test("a trainee studies a module in Spanish and completes it", async ({ browser }) => {
    const page = await traineePage(browser);
    await page.goto(`/learning/${enrolmentId}`);
    await page.getByRole("link", { name: /^Comenzar:/ }).click();
    await expect(page).toHaveURL(new RegExp(`/learning/${enrolmentId}/modules/${MODULE}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveAttribute("lang", "es");
    await expect(page.locator(".module-body")).toHaveAttribute("lang", "es");
    await expect(page.locator(".module-body h2").first()).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/online-module-es-desktop.png` });
    await page.getByRole("button", { name: "Marcar como completado" }).click();
    await expect(page.getByRole("status")).toContainText("completado");
    await expect(page.getByText("Completó este módulo.")).toBeVisible();
    await page.context().close();
  });

  test("phone-sized course and module pages", async ({ browser }) => {
    const page = await traineePage(browser, 390, 844);
    await page.goto(`/learning/${enrolmentId}`);
    await page.screenshot({ path: `${SHOTS}/online-course-es-phone.png`, fullPage: true });
    await page.goto(`/learning/${enrolmentId}/modules/${MODULE}`);
    await page.screenshot({ path: `${SHOTS}/online-module-es-phone.png` });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);
    await page.context().close();
  });

  test("the quiz sends no answers before submission; the trainee fails, then passes", async ({ browser }) => {
    const page = await traineePage(browser);
    const response = await page.goto(`/learning/${enrolmentId}/modules/${MODULE}/quiz`);
    const html = (await response?.text()) ?? "";
    for (const q of quiz.questions) {
      for (const o of q.options) expect(html).not.toContain(o.feedback.slice(0, 40));
    }
    expect(html).not.toContain('"answer"');
    await expectAccessible(page);

    // first attempt: every answer wrong
    for (const q of quiz.questions) {
      const wrong = q.options.find((o) => o.id !== q.answer)!;
      await page.locator(`input[name="q:${q.id}"][value="${wrong.id}"]`).check();
    }
    await page.getByRole("button", { name: "Enviar respuestas" }).click();
    await expect(page.getByRole("heading", { name: "Retroalimentación del intento 1" })).toBeVisible();
    await expect(page.getByText(/Obtuvo 0\s%/)).toBeVisible();
    // attempts remain: no per-question correctness yet, or the quiz could be solved by elimination (issue 9, point 16)
    await expect(page.locator(".quiz-results li")).toHaveCount(0);

    // second attempt: every answer right
    for (const q of quiz.questions) await page.locator(`input[name="q:${q.id}"][value="${q.answer}"]`).check();
    await page.getByRole("button", { name: "Enviar respuestas" }).click();
    await expect(page.getByRole("heading", { name: "Retroalimentación del intento 2" })).toBeVisible();
    await expect(page.getByText(/Obtuvo 100\s%.*aprobó/)).toBeVisible();
    await expect(page.getByRole("row", { name: /^2 .*100\s?%/ })).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/online-quiz-feedback-es-desktop.png`, fullPage: true });

    await page.goto(`/learning/${enrolmentId}`);
    const card = page.locator(".module-item").first();
    await expect(card.locator(".badge")).toHaveText("Cuestionario aprobado");
    await page.context().close();
  });

  test("the assignment refuses a renamed executable and accepts a PDF", async ({ browser }) => {
    const page = await traineePage(browser);
    await page.goto(`/learning/${enrolmentId}/assignment`);
    await expectAccessible(page);
    await page.getByLabel("Texto del trabajo").fill("Propuesta: fortalecer la derivación entre salud y protección, ver https://example.org/ruta.");
    await page.getByLabel("Documento").setInputFiles({
      name: "trabajo.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0x90)]),
    });
    await page.getByRole("button", { name: "Entregar el trabajo" }).click();
    await expect(page.locator("#f-file-error")).toContainText("no es un documento PDF, DOCX u ODT");

    await page.getByLabel("Documento").setInputFiles({
      name: "trabajo-final.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"),
    });
    await page.getByRole("button", { name: "Entregar el trabajo" }).click();
    await expect(page.getByRole("status")).toContainText("Su trabajo fue entregado.");
    await expect(page.getByRole("link", { name: /Descargar trabajo-final\.pdf/ })).toBeVisible();
    await expect(page.getByRole("link", { name: "https://example.org/ruta" })).toHaveAttribute("rel", /nofollow/);
    await page.context().close();
  });

  test("a tutor follows progress, grades the assignment, and the trainee is emailed in Spanish", async ({ page }) => {
    await signIn(page, "tutor@example.org");
    await page.goto(`/editions/${editionId}/online`);
    await expect(page.getByRole("heading", { level: 1, name: "Online stage: progress" })).toBeVisible();
    const row = page.getByRole("row", { name: /Lucía Online Ferreira/ });
    await expect(row).toContainText("1 / 1");
    await expect(row).toContainText("100%");
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/online-board-en-desktop.png`, fullPage: true });

    await page.locator("#filter-status").selectOption("to-grade");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/status=to-grade/);
    await expect(page.getByRole("row", { name: /Pablo Online Suárez/ })).toHaveCount(0);

    const csv = await page.request.get(`/editions/${editionId}/online/csv`);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect(await csv.text()).toContain("Lucía Online Ferreira");

    await page.getByRole("link", { name: "Assignment of Lucía Online Ferreira" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Lucía Online Ferreira" })).toBeVisible();
    await page.getByLabel("Score (0–100)").fill("85");
    await page.getByLabel("Yes, passed").check();
    await page.getByLabel("Written feedback").fill("Muy buen análisis de la ruta de protección.");
    await page.getByRole("button", { name: "Save the grade and notify" }).click();
    await expect(page.getByRole("status")).toContainText("saved");
    await expectAccessible(page);

    const mail = lastEmailTo(TRAINEE);
    expect(mail?.subject).toContain("calificado");
    expect(mail?.text).toContain("85/100");
    expect(mail?.text).toContain(`/learning/${enrolmentId}/assignment`);
  });

  test("closing the stage records the expected results; a tutor overrides one with a reason", async ({ page }) => {
    await signIn(page, "tutor@example.org");
    await page.goto(`/editions/${editionId}/online/close`);
    await expect(page.getByRole("row", { name: /Lucía Online Ferreira/ })).toContainText("Passed");
    await page.getByRole("button", { name: "Close the online stage" }).click();
    await expect(page.locator("#confirm-error")).toBeVisible();
    await page.getByLabel(/I confirm/).check();
    // the stage ends in 30 days: closing now needs a written reason, and nothing is closed without one
    await expect(page.getByText(/Closing it before then needs a written reason/)).toBeVisible();
    await page.getByRole("button", { name: "Close the online stage" }).click();
    await expect(page.locator("#f-overrideReason-error")).toContainText("write the reason to close it earlier");
    await page.getByLabel(/I confirm/).check();
    await page.getByLabel(/^Reason to close anyway/).fill("Every assignment is graded; the face-to-face stage starts earlier this year.");
    await page.getByRole("button", { name: "Close the online stage" }).click();
    await expect(page.getByRole("status")).toContainText("1 passed, 1 not passed");
    const idle = page.getByRole("row", { name: /Pablo Online Suárez/ });
    await expect(idle).toContainText("Not passed");
    await expect(idle).toContainText("Required modules not completed");
    await expect(idle).toContainText("Final assignment not submitted.");
    await expectAccessible(page);

    await idle.getByText("Change the result of Pablo Online Suárez").click();
    await idle.getByLabel("New result").selectOption("passed");
    await idle.getByLabel("Reason (recorded)").fill("Medical leave documented; completed the work offline.");
    await idle.getByRole("button", { name: "Change the result" }).click();
    await expect(page.getByRole("status")).toContainText("changed");
    await expect(page.getByRole("row", { name: /Pablo Online Suárez/ })).toContainText("Changed by a tutor");

    const db = openE2EDb();
    try {
      const rows = db
        .prepare(
          "select u.email, e.online_result r, e.online_result_reason reason, e.online_result_override_reason o from enrolments e join users u on u.id = e.user_id where e.edition_id = ? order by u.email",
        )
        .all(editionId) as { email: string; r: string; reason: string; o: string | null }[];
      expect(rows).toEqual([
        { email: TRAINEE, r: "passed", reason: "all-requirements-met", o: null },
        {
          email: IDLE_TRAINEE,
          r: "passed",
          reason: `modules-incomplete:${MODULE};quiz-not-taken:${MODULE};assignment-not-submitted`,
          o: "Medical leave documented; completed the work offline.",
        },
      ]);
      const closed = db.prepare("select online_closed_at c, status from editions where id = ?").get(editionId) as {
        c: string | null;
        status: string;
      };
      expect(closed.c).not.toBeNull();
      expect(closed.status).toBe("online"); // moving the lifecycle is a separate, explicit step
    } finally {
      db.close();
    }
  });

  test("after the close the trainee sees the result and the modules are closed", async ({ browser }) => {
    const page = await traineePage(browser);
    await page.goto(`/learning/${enrolmentId}`);
    await expect(page.getByRole("heading", { name: /Resultado de la etapa en línea/ })).toContainText("Aprobado");
    await expect(page.getByText(/La etapa en línea se cerró el/)).toBeVisible();
    await page.goto(`/learning/${enrolmentId}/modules/${MODULE}`);
    await expect(page.locator(".module-body")).toHaveCount(0);
    await page.context().close();
  });

  test("another trainee's enrolment answers 404", async ({ page }) => {
    await signIn(page, "trainee@example.org");
    const response = await page.goto(`/learning/${enrolmentId}`);
    expect(response?.status()).toBe(404);
    const file = await page.request.get(`/learning/${enrolmentId}/assignment/file`);
    expect(file.status()).toBe(404);
  });
});
