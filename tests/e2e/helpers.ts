import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { hashPassword } from "../../app/auth/password.server";
import { E2E_DB } from "../../playwright.config";

export const DEMO_PASSWORD = "aula-demo-2027";

/** Content-Security-Policy violations reported in each page's console, from the first helper call on. */
const cspViolations = new WeakMap<Page, string[]>();

/** Starts recording CSP violations of `page` (signIn and expectAccessible call it). */
export function watchCsp(page: Page): string[] {
  let list = cspViolations.get(page);
  if (!list) {
    const found: string[] = [];
    list = found;
    cspViolations.set(page, found);
    page.on("console", (msg) => {
      if (/Content[- ]Security[- ]Policy/i.test(msg.text())) found.push(msg.text());
    });
    page.on("pageerror", (err) => {
      if (/Content[- ]Security[- ]Policy/i.test(err.message)) found.push(err.message);
    });
  }
  return list;
}

/** Signs in through the form and asserts that it worked: the browser left /sign-in. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await submitSignIn(page, email, password);
  await expect(page, `sign-in as ${email} stayed on the sign-in page`).not.toHaveURL(/\/sign-in/);
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

/** No axe-core violations (WCAG 2.1 A and AA) on the current page, and no CSP violation reported so far. */
export async function expectAccessible(page: Page) {
  const csp = watchCsp(page);
  expect(csp, `CSP violations:\n${csp.join("\n")}`).toEqual([]);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(summary, summary.join("\n")).toEqual([]);
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
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
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
