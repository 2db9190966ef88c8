import { eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { Db, Tx } from "~db/index.server";
import { emailOutbox, type Locale } from "~db/schema";
import { env } from "~/env.server";
import { fixedT } from "~/i18n/i18n.server";
import { endOfDay } from "~/domain/time-zone";
import { formatDate, formatDateTime } from "~/lib/format";

export type EmailKind =
  | "invitation"
  | "password-reset"
  | "appointment"
  | "signatory-invitation"
  | "signatory-appointment"
  | "nomination"
  | "promotion"
  | "promotion-invited"
  | "notice";

export interface EmailMessage {
  to: string;
  locale: Locale;
  kind: EmailKind;
  subject: string;
  text: string;
  html?: string | null;
}

let transport: nodemailer.Transporter | null | undefined;
function smtp(): nodemailer.Transporter | null {
  if (transport === undefined) {
    const url = env().SMTP_URL;
    transport = url ? nodemailer.createTransport(url) : null;
  }
  return transport;
}

/**
 * Queues an email in the outbox (inside the caller's transaction, so it exists only if the change
 * does). Returns the outbox id; call `deliverOutbox` after the transaction commits.
 */
export function queueEmail(tx: Tx | Db, message: EmailMessage): number {
  const row = tx
    .insert(emailOutbox)
    .values({ ...message, html: message.html ?? null })
    .returning({ id: emailOutbox.id })
    .get();
  return row.id;
}

/**
 * Sends queued messages through SMTP when SMTP_URL is set. Without SMTP the outbox is the mailbox:
 * an admin reads it in the app. Failures are recorded on the row, never thrown at the person.
 */
export async function deliverOutbox(db: Db, ids: number[]): Promise<void> {
  const t = smtp();
  if (!t) return;
  for (const id of ids) {
    const msg = db.select().from(emailOutbox).where(eq(emailOutbox.id, id)).get();
    if (!msg || msg.sentAt) continue;
    try {
      await t.sendMail({ from: env().MAIL_FROM, to: msg.to, subject: msg.subject, text: msg.text, ...(msg.html ? { html: msg.html } : {}) });
      db.update(emailOutbox).set({ sentAt: new Date().toISOString(), error: null }).where(eq(emailOutbox.id, id)).run();
    } catch (err) {
      console.error(`[mail] could not send message ${id}:`, err);
      db.update(emailOutbox).set({ error: String(err) }).where(eq(emailOutbox.id, id)).run();
    }
  }
}

/**
 * What every email is made of (issue 10, point 7), read from one translation key `<key>`:
 * - `<key>.subject`: names the course and the action;
 * - a greeting (`email.greeting`);
 * - `<key>.why`: why the person gets it (course, edition, state, their role or seat);
 * - `<key>.details` (optional): the facts of the case (a reason, a score);
 * - `<key>.next` + the link: what to do next, with a link that fits the account's state;
 * - `<key>.also` (optional): more to know after the next step;
 * - `<key>.deadline` (optional): by when, the date shown in the edition's time zone, naming it;
 * - a footer: who sent it (`email.signature`) and why this address gets it (`<key>.footer`).
 * The text part is what the outbox shows; a simple HTML part goes along when SMTP sends it.
 */
export interface EmailContent {
  kind: EmailKind;
  to: string;
  locale: Locale;
  /** translation key of the email, e.g. `email.invitation` or `course:email.graded` */
  key: string;
  values: Record<string, string | number>;
  /** the link of the next step; the first link of the email (the journey test reads the first one) */
  url?: string | null;
  /**
   * By when: a deadline day (ends 23:59 in the zone) or an instant, formatted in `timeZone` naming
   * it, given to the texts as `{{deadline}}`.
   */
  deadline?: { day?: string | null; at?: string | Date | null; timeZone: string } | null;
  /** calendar days (YYYY-MM-DD) given to the texts as long dates in the reader's language */
  days?: Record<string, string | null | undefined>;
}

export interface EmailParts {
  subject: string;
  greeting: string;
  why: string;
  details: string | null;
  next: string | null;
  url: string | null;
  /** more to know after the next step (e.g. where anyone can verify a certificate) */
  also: string | null;
  deadline: string | null;
  signature: string;
  footer: string;
}

/** The email's parts in the recipient's language (a missing optional part is null). */
export function emailParts(c: EmailContent): EmailParts {
  const t = fixedT(c.locale);
  const values: Record<string, string | number> = { ...c.values };
  for (const [name, day] of Object.entries(c.days ?? {})) if (day) values[name] = formatDate(day, c.locale, "long");
  if (c.deadline) {
    const when = c.deadline.day ? endOfDay(c.deadline.day, c.deadline.timeZone) : c.deadline.at;
    values.deadline = formatDateTime(when, c.locale, c.deadline.timeZone);
  }
  const optional = (part: string): string | null => {
    const text = t(`${c.key}.${part}`, { ...values, defaultValue: "" });
    return text ? text : null;
  };
  return {
    subject: t(`${c.key}.subject`, values),
    greeting: t("email.greeting", values),
    why: t(`${c.key}.why`, values),
    details: optional("details"),
    next: optional("next"),
    url: c.url ?? null,
    also: optional("also"),
    deadline: c.deadline ? optional("deadline") : null,
    signature: t("email.signature"),
    footer: optional("footer") ?? t("email.footer", values),
  };
}

/** Plain text: paragraphs separated by a blank line, the link on its own line after "what next". */
export function emailText(p: EmailParts): string {
  const next = p.next && p.url ? `${p.next}\n${p.url}` : (p.next ?? p.url);
  return [p.greeting, p.why, p.details, next, p.also, p.deadline, `— ${p.signature}\n${p.footer}`].filter(Boolean).join("\n\n");
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);
const paragraph = (s: string) => `<p>${escapeHtml(s).replace(/\n/g, "<br>")}</p>`;

/** A simple, accessible HTML part: the same paragraphs, the link as a real link, the footer set apart. */
export function emailHtml(p: EmailParts, locale: Locale): string {
  const body = [paragraph(p.greeting), paragraph(p.why), p.details ? paragraph(p.details) : ""];
  if (p.next) body.push(paragraph(p.next));
  if (p.url) body.push(`<p><a href="${escapeHtml(p.url)}">${escapeHtml(p.url)}</a></p>`);
  if (p.also) body.push(paragraph(p.also));
  if (p.deadline) body.push(`<p><strong>${escapeHtml(p.deadline)}</strong></p>`);
  body.push(`<hr><footer><p>${escapeHtml(p.signature)}</p><p>${escapeHtml(p.footer)}</p></footer>`);
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(p.subject)}</title></head><body>${body.join("")}</body></html>`;
}

/** Writes an email from its parts (see `EmailContent`), in the recipient's language. */
export function writeEmail(c: EmailContent): EmailMessage {
  const p = emailParts(c);
  return { to: c.to, locale: c.locale, kind: c.kind, subject: p.subject, text: emailText(p), html: emailHtml(p, c.locale) };
}
