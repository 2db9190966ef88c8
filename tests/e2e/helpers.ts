import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import Database from "better-sqlite3";
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
