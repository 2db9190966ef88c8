import { eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { Db, Tx } from "~db/index.server";
import { emailOutbox, type Locale } from "~db/schema";
import { env } from "~/env.server";
import { fixedT } from "~/i18n/i18n.server";

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
    .values({ ...message, html: null })
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
      await t.sendMail({ from: env().MAIL_FROM, to: msg.to, subject: msg.subject, text: msg.text });
      db.update(emailOutbox).set({ sentAt: new Date().toISOString(), error: null }).where(eq(emailOutbox.id, id)).run();
    } catch (err) {
      console.error(`[mail] could not send message ${id}:`, err);
      db.update(emailOutbox).set({ error: String(err) }).where(eq(emailOutbox.id, id)).run();
    }
  }
}

/** Renders a templated email in the recipient's language from the `email.<kind>` keys. */
export function composeEmail(
  kind: EmailKind,
  to: string,
  locale: Locale,
  values: Record<string, string | number>,
): EmailMessage {
  const t = fixedT(locale);
  return {
    to,
    locale,
    kind,
    subject: t(`email.${kind}.subject`, values),
    text: `${t(`email.${kind}.body`, values)}\n\n— ${t("email.signature")}`,
  };
}
