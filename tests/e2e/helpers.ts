import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { type Browser, type BrowserContext, type BrowserContextOptions, expect, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { hashPassword } from "../../app/auth/password.server";
import { E2E_DB } from "../../playwright.config";

export const DEMO_PASSWORD = "aula-demo-2027";

/** Content-Security-Policy violations reported in each page's console, from the first helper call on. */
const cspViolations = new WeakMap<Page, string[]>();
/** React's warnings and errors printed in each page's console (or thrown), from the first helper call on. */
const reactMessages = new WeakMap<Page, string[]>();

/**
 * What React prints when a page is wrong: a development warning ("Warning: React does not recognize the
 * `fetchPriority` prop…"), a production build's minified error (a hydration mismatch is #418–#425) or a
 * hydration failure. Plain resource errors ("Failed to load resource: 404" of a page that answers 404 on
 * purpose) are not React's and are left to the tests that expect them.
 */
const REACT_MESSAGE = /^Warning: |Minified React error|react(js)?\.(org|dev)\/(docs\/)?error|[Hh]ydrat(ion|ing)/;

/** Starts recording CSP violations and React warnings of `page` (signIn and expectAccessible call it). */
export function watchCsp(page: Page): string[] {
  let list = cspViolations.get(page);
  if (!list) {
    const found: string[] = [];
    const react: string[] = [];
    list = found;
    cspViolations.set(page, found);
    reactMessages.set(page, react);
    page.on("console", (msg) => {
      const text = msg.text();
      if (/Content[- ]Security[- ]Policy/i.test(text)) found.push(text);
      else if ((msg.type() === "error" || msg.type() === "warning") && REACT_MESSAGE.test(text)) react.push(text);
    });
    page.on("pageerror", (err) => {
      if (/Content[- ]Security[- ]Policy/i.test(err.message)) found.push(err.message);
      else if (REACT_MESSAGE.test(err.message)) react.push(err.message);
    });
  }
  return list;
}

/** Signs in through the form and asserts that it worked: the browser left /sign-in. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await submitSignIn(page, email, password);
  await expect(page, `sign-in as ${email} stayed on the sign-in page`).not.toHaveURL(/\/sign-in/);
}

/** Signed-in browser states by email, per worker: specs that visit many pages as one person sign in once. */
const signedIn = new Map<string, Awaited<ReturnType<BrowserContext["storageState"]>>>();

/**
 * A new browser context signed in as `email` (through the sign-in form the first time, then with the
 * same session cookie), so that a spec visiting many pages does not meet the per-account sign-in limit.
 */
export async function contextAs(browser: Browser, email: string | undefined, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  if (!email) return browser.newContext(options);
  const saved = signedIn.get(email);
  if (saved) return browser.newContext({ ...options, storageState: saved });
  const context = await browser.newContext(options);
  await signIn(await context.newPage(), email);
  signedIn.set(email, await context.storageState());
  return context;
}

/** Submits the sign-in form and waits for either outcome; for tests of a refused sign-in. */
export async function submitSignIn(page: Page, email: string, password = DEMO_PASSWORD) {
  watchCsp(page);
  await page.goto("/sign-in");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form:has(input[name="password"]) button[type="submit"]').click();
  // wait for the outcome: either we left the sign-in page, or it shows why not
  await Promise.race([
    page.waitForURL((url) => !url.pathname.startsWith("/sign-in"), { timeout: 15_000 }),
    page.getByRole("alert").waitFor({ timeout: 15_000 }),
  ]);
}

/** The axe-core rule sets every page must pass: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * No axe-core violations (WCAG 2.2 A and AA), no CSP violation and no React warning or error reported
 * so far, and no table cell clipped (see expectTablesFit).
 */
export async function expectAccessible(page: Page) {
  const csp = watchCsp(page);
  expect(csp, `CSP violations:\n${csp.join("\n")}`).toEqual([]);
  const react = reactMessages.get(page) ?? [];
  expect(react, `React warnings in the console of ${page.url()}:\n${react.join("\n")}`).toEqual([]);
  const summary = await axeViolations(page);
  expect(summary, summary.join("\n")).toEqual([]);
  await expectTablesFit(page);
}

/** axe-core's minified build (half the size of the `axe.source` that @axe-core/playwright injects). */
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * axe-core's WCAG_TAGS rules on the page's document, as "rule: help (targets)" lines.
 *
 * The same rules and the same `axe.run` as `new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()`,
 * at a third of its cost, which was most of the browser's CPU in the e2e suite: AxeBuilder injected
 * axe's 1.2 MB unminified source twice per call and then opened a blank page to finish the run there
 * (for cross-origin iframes; the app has none). Here the minified source is injected once per
 * document (a client-side navigation keeps the document, and axe with it), and only the violations
 * are reported in full (`resultTypes`: passes are not serialised node by node; every rule still runs
 * on every node, and the assertion is on violations only, as before).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => typeof (window as { axe?: unknown }).axe === "object"))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: typeof import("axe-core") }).axe;
    const results = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  }, WCAG_TAGS);
}

/**
 * Every table cell on the page can be read whole: its content is not cut inside the cell
 * (scrollWidth > clientWidth), and it lies inside the window and inside any box that clips it
 * (the sideways-scrolling table wrapper), so nobody has to scroll a table to find a key column.
 * Hidden cells (display: none, the visually hidden header row of a stacked table) are skipped.
 */
export async function expectTablesFit(page: Page) {
  const clipped = await page.evaluate(() => {
    const found: string[] = [];
    const viewport = document.documentElement.clientWidth;
    const describe = (cell: Element) => {
      const table = cell.closest("table");
      const label = table?.getAttribute("aria-labelledby");
      const name = (label && document.getElementById(label)?.textContent) || table?.querySelector("caption")?.textContent || "table";
      return `${name.trim().slice(0, 40)} › "${(cell.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40)}"`;
    };
    for (const cell of Array.from(document.querySelectorAll("th, td"))) {
      const el = cell as HTMLElement;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      let hiddenOnPurpose = false;
      for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
        const b0 = box.getBoundingClientRect();
        if (b0.width <= 1 || b0.height <= 1) hiddenOnPurpose = true; // a visually hidden header row
      }
      if (hiddenOnPurpose) continue;
      if (el.scrollWidth > el.clientWidth + 1) {
        found.push(`${describe(el)} is cut inside its cell (${el.scrollWidth} > ${el.clientWidth} px)`);
        continue;
      }
      if (rect.left < -1 || rect.right > viewport + 1) {
        found.push(`${describe(el)} lies outside the window (${Math.round(rect.left)}–${Math.round(rect.right)} of ${viewport} px)`);
        continue;
      }
      for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
        const overflow = getComputedStyle(box).overflowX;
        if (overflow === "visible") continue;
        const b = box.getBoundingClientRect();
        if (rect.left < b.left - 1 || rect.right > b.right + 1) {
          found.push(`${describe(el)} is cut by its scrolling box (${Math.round(rect.right)} > ${Math.round(b.right)} px)`);
          break;
        }
      }
    }
    return found;
  });
  expect(clipped, `table cells cut at ${page.viewportSize()?.width ?? "?"} px on ${page.url()}:\n${clipped.join("\n")}`).toEqual([]);
}

/** Direct read/write access to the e2e server's SQLite file (WAL allows a second connection). */
export function openE2EDb() {
  const db = new Database(E2E_DB);
  db.pragma("busy_timeout = 5000");
  return db;
}

/** The newest email sent to an address, from the outbox. */
export function lastEmailTo(to: string): { subject: string; text: string } | undefined {
  const db = openE2EDb();
  try {
    return db.prepare("select subject, text from email_outbox where \"to\" = ? order by id desc limit 1").get(to) as
      | { subject: string; text: string }
      | undefined;
  } finally {
    db.close();
  }
}

export function linkIn(text: string): string {
  const m = text.match(/https?:\/\/\S+/);
  if (!m) throw new Error(`no link in: ${text}`);
  return new URL(m[0]).pathname;
}

/** A date `offset` days from today, as the database stores it (YYYY-MM-DD, UTC). */
/**
 * The calendar day `offset` days from today where an edition keeps its dates (its time zone; the default is the
 * institute's, America/Montevideo): the app's own "today". A UTC day would be tomorrow there from 21:00 to
 * midnight local time, and journeys that open nominations "today" failed between 00:00 and 03:00 UTC.
 */
export const dayFromToday = (offset: number, timeZone = "America/Montevideo") =>
  new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + offset * 86_400_000));

/**
 * Test data no single screen creates: an edition already in its online stage, one agreed state and
 * its enrolled trainees (active accounts with `password`). Reaching that through the screens takes
 * the whole journey (tests/e2e/journey.spec.ts does it); specs about what happens *during* the online
 * stage start from here. A retried worker runs beforeAll again: an edition of the same name is reused.
 */
export async function seedOnlineEdition(input: {
  name: string;
  stateCode: string;
  password: string;
  trainees: { email: string; name: string; locale?: string }[];
  quota?: number;
  /** Required module slugs (default: every module). */
  requiredModules?: string[];
  assignmentRequired?: boolean;
}): Promise<{ editionId: number; participationId: number; enrolmentOf: Record<string, number> }> {
  const hash = await hashPassword(input.password);
  const db = openE2EDb();
  try {
    const enrolmentIdOf = (editionId: number, email: string) =>
      (
        db.prepare("select e.id from enrolments e join users u on u.id = e.user_id where e.edition_id = ? and u.email = ?").get(editionId, email) as {
          id: number;
        }
      ).id;
    return db.transaction(() => {
      const existing = db.prepare("select id from editions where name = ?").get(input.name) as { id: number } | undefined;
      if (existing) {
        const participation = db.prepare("select id from participations where edition_id = ?").get(existing.id) as { id: number };
        return {
          editionId: existing.id,
          participationId: participation.id,
          enrolmentOf: Object.fromEntries(input.trainees.map((t) => [t.email, enrolmentIdOf(existing.id, t.email)])),
        };
      }
      const course = db.prepare("select id from courses where slug = 'csec'").get() as { id: number };
      const editionId = (
        db
          .prepare(
            `insert into editions (course_id, name, status, nomination_opens_on, nomination_closes_on, online_starts_on,
               online_ends_on, face_to_face_starts_on, face_to_face_ends_on, assignment_due_on, required_modules,
               quiz_pass_mark, quiz_attempts_allowed, assignment_required)
             values (?, ?, 'online', ?, ?, ?, ?, ?, ?, ?, ?, 70, 3, ?) returning id`,
          )
          .get(
            course.id,
            input.name,
            dayFromToday(-60),
            dayFromToday(-30),
            dayFromToday(-7),
            dayFromToday(30),
            dayFromToday(40),
            dayFromToday(50),
            dayFromToday(25),
            input.requiredModules ? JSON.stringify(input.requiredModules) : null,
            input.assignmentRequired ? 1 : 0,
          ) as { id: number }
      ).id;
      const participationId = (
        db
          .prepare("insert into participations (edition_id, state_code, quota, agreement_status) values (?, ?, ?, 'agreed') returning id")
          .get(editionId, input.stateCode, input.quota ?? Math.max(5, input.trainees.length)) as { id: number }
      ).id;
      const now = new Date().toISOString();
      const enrolmentOf: Record<string, number> = {};
      for (const t of input.trainees) {
        const user = db
          .prepare(
            "insert into users (email, name, role, status, password_hash, state_code, locale) values (?, ?, 'trainee', 'active', ?, ?, ?) returning id",
          )
          .get(t.email, t.name, hash, input.stateCode, t.locale ?? null) as { id: number };
        enrolmentOf[t.email] = (
          db
            .prepare(
              "insert into enrolments (edition_id, participation_id, user_id, status, nominated_at, enrolled_at) values (?, ?, ?, 'enrolled', ?, ?) returning id",
            )
            .get(editionId, participationId, user.id, now, now) as { id: number }
        ).id;
      }
      return { editionId, participationId, enrolmentOf };
    })();
  } finally {
    db.close();
  }
}

/**
 * Test data no single screen creates: an edition already in its face-to-face stage (June 2026), one
 * agreed state with an in-person format, its coordinator and its enrolled trainees (active accounts with
 * `password`). Reaching that stage through the screens is the whole journey (journey.spec.ts does it);
 * specs about what happens *during* the face-to-face stage (face-to-face, attendance-pages) start here.
 * A retried worker runs beforeAll again: what exists already (same names, same emails) is reused.
 */
export async function seedFaceToFaceEdition(input: {
  name: string;
  stateCode: string;
  venue: string;
  password: string;
  coordinator: { email: string; name: string };
  trainees: { email: string; name: string }[];
  quota?: number;
}): Promise<{ editionId: number; participationId: number; enrolmentIds: number[] }> {
  const hash = await hashPassword(input.password);
  const db = openE2EDb();
  try {
    return db.transaction(() => {
      const course = db.prepare("select id from courses where slug = 'csec'").get() as { id: number };
      db.prepare(
        `insert into editions (course_id, name, status, nomination_opens_on, nomination_closes_on, online_starts_on, online_ends_on,
           face_to_face_starts_on, face_to_face_ends_on)
         values (?, ?, 'face-to-face', '2026-01-05', '2026-02-15', '2026-03-01', '2026-05-15', '2026-06-01', '2026-06-30')
         on conflict do nothing`,
      ).run(course.id, input.name);
      const editionId = (db.prepare("select id from editions where name = ?").get(input.name) as { id: number }).id;
      db.prepare(
        `insert into participations (edition_id, state_code, quota, agreement_status, face_to_face_modality, face_to_face_venue)
         values (?, ?, ?, 'agreed', 'in-person', ?) on conflict do nothing`,
      ).run(editionId, input.stateCode, input.quota ?? Math.max(5, input.trainees.length), input.venue);
      const participationId = (
        db.prepare("select id from participations where edition_id = ? and state_code = ?").get(editionId, input.stateCode) as { id: number }
      ).id;
      const user = (email: string, name: string, role: string) => {
        db.prepare(
          `insert into users (email, name, role, status, password_hash, locale, state_code) values (?, ?, ?, 'active', ?, 'en', ?)
           on conflict do nothing`,
        ).run(email, name, role, hash, input.stateCode);
        return (db.prepare("select id from users where email = ?").get(email) as { id: number }).id;
      };
      const coordinator = user(input.coordinator.email, input.coordinator.name, "coordinator");
      db.prepare("insert into coordinator_appointments (participation_id, user_id) values (?, ?) on conflict do nothing").run(participationId, coordinator);
      const at = new Date().toISOString();
      const enrolmentIds = input.trainees.map((t) => {
        const userId = user(t.email, t.name, "trainee");
        db.prepare(
          `insert into enrolments (edition_id, participation_id, user_id, status, nominated_at, enrolled_at)
           values (?, ?, ?, 'enrolled', ?, ?) on conflict do nothing`,
        ).run(editionId, participationId, userId, at, at);
        return (db.prepare("select id from enrolments where edition_id = ? and user_id = ?").get(editionId, userId) as { id: number }).id;
      });
      return { editionId, participationId, enrolmentIds };
    })();
  } finally {
    db.close();
  }
}

/**
 * An edition already in certification, for the specs that start there (certificates, credentials).
 *
 * SQL only for what the whole-edition journey (journey.spec.ts) walks through the screens and these
 * specs would otherwise repeat: an institute signatory (a tutor, signature uploaded), a coordinator of
 * one state whose face-to-face stage is signed off, and one trainee who passed both stages. What these
 * specs test (approvals, issue, download, verification, revocation) then happens on screen.
 */
export async function seedEditionInCertification(opts: {
  edition: string;
  stateCode: string;
  password: string;
  emails: { signatory: string; coordinator: string; trainee: string };
  names: { signatory: string; coordinator: string; trainee: string };
  traineeLocale: string;
}): Promise<{ edition: number; participation: number; enrolment: number }> {
  const hash = await hashPassword(opts.password);
  const db = openE2EDb();
  try {
    const now = new Date().toISOString();
    const day = dayFromToday;
    const insertUser = db.prepare(
      "insert into users (email, name, role, status, password_hash, locale, institution, signatory_title, signature_png) values (?, ?, ?, 'active', ?, ?, ?, ?, ?) returning id",
    );
    const signatory = insertUser.get(
      opts.emails.signatory,
      opts.names.signatory,
      "tutor",
      hash,
      "en",
      "Instituto Interamericano del Niño, la Niña y Adolescentes (IIN-OEA)",
      "Directora General",
      fs.readFileSync(path.resolve("tests/fixtures/signature-institute.png")),
    ) as { id: number };
    const coordinator = insertUser.get(opts.emails.coordinator, opts.names.coordinator, "coordinator", hash, "en", null, null, null) as { id: number };
    const trainee = insertUser.get(opts.emails.trainee, opts.names.trainee, "trainee", hash, opts.traineeLocale, null, null, null) as { id: number };
    const course = db.prepare("select id from courses where slug = 'csec'").get() as { id: number };
    const edition = db
      .prepare(
        `insert into editions (course_id, name, status, nomination_opens_on, nomination_closes_on, online_starts_on, online_ends_on,
           face_to_face_starts_on, face_to_face_ends_on, institute_signatory_id, online_hours)
         values (?, ?, 'certification', ?, ?, ?, ?, ?, ?, ?, 60) returning id`,
      )
      .get(course.id, opts.edition, day(-200), day(-170), day(-160), day(-60), day(-50), day(-10), signatory.id) as { id: number };
    const participation = db
      .prepare(
        "insert into participations (edition_id, state_code, quota, agreement_status, face_to_face_hours, signed_off_at, signed_off_by) values (?, ?, 5, 'agreed', 16, ?, ?) returning id",
      )
      .get(edition.id, opts.stateCode, now, coordinator.id) as { id: number };
    db.prepare("insert into coordinator_appointments (participation_id, user_id) values (?, ?)").run(participation.id, coordinator.id);
    const enrolment = db
      .prepare(
        "insert into enrolments (edition_id, participation_id, user_id, status, nominated_at, enrolled_at, online_result, online_result_at) values (?, ?, ?, 'enrolled', ?, ?, 'passed', ?) returning id",
      )
      .get(edition.id, participation.id, trainee.id, now, now, now) as { id: number };
    db.prepare("insert into face_to_face_assessments (enrolment_id, score, result, recorded_by, recorded_at) values (?, 85, 'passed', ?, ?)").run(
      enrolment.id,
      coordinator.id,
      now,
    );
    return { edition: edition.id, participation: participation.id, enrolment: enrolment.id };
  } finally {
    db.close();
  }
}

/** On an edition's board, the tutor invites each state with its seats (agreement: agreed), as a person does. */
export async function inviteStates(page: Page, seats: readonly (readonly [state: string, quota: string])[]) {
  for (const [state, quota] of seats) {
    const form = page.locator("form:has(input[value=invite])");
    await form.getByLabel("State").selectOption({ label: state });
    await form.getByLabel("Seats (quota)").fill(quota);
    await form.getByLabel("Agreement").selectOption("agreed");
    await form.getByRole("button", { name: "Invite" }).click();
    await expect(page.getByRole("status")).toContainText(`${state} has been invited.`);
  }
}

/**
 * A confirmed action (app/components/confirm.tsx): clicks the button, checks that the confirmation
 * (a modal dialog with JavaScript, a step of its own without) says `what`, fills `reason` if asked,
 * and confirms. Returns the confirmation's locator, already gone when this returns.
 */
export async function confirmAction(
  page: Page,
  trigger: string | RegExp,
  confirm: string | RegExp,
  opts: { what?: string | RegExp; reason?: { label: string | RegExp; text: string } } = {},
) {
  await page.getByRole("button", { name: trigger }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  if (opts.what) await expect(dialog).toContainText(opts.what);
  if (opts.reason) await dialog.getByLabel(opts.reason.label).fill(opts.reason.text);
  await dialog.getByRole("button", { name: confirm, exact: typeof confirm === "string" }).click();
  await expect(dialog).toBeHidden();
}
