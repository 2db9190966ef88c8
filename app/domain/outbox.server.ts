/**
 * The outbox as the admin reads it: every email the app sent or kept. Links that sign someone in
 * (invitations, password resets) are shown masked, so that reading the outbox never lets one admin
 * use another person's link; "resend" sends that person a fresh link instead.
 */
import { desc, eq } from "drizzle-orm";
import type { Db } from "~db/index.server";
import { emailOutbox, type Locale, users } from "~db/schema";
import { deliverOutbox } from "~/mail.server";
import { DomainError, queueInvitation, requestPasswordReset } from "./accounts.server";
import { writeAudit } from "./audit.server";

const SIGN_IN_LINK = /(\/(?:invitation|reset-password)\/)[^\s"'<>)]+/g;

/** An email's text with every invitation or reset link's token replaced by dots. */
export function maskSignInLinks(text: string): string {
  return text.replace(SIGN_IN_LINK, "$1••••••••");
}

type Resend = "invitation" | "password-reset" | null;

function resendKind(m: { kind: string; text: string }): Resend {
  if (m.kind === "password-reset") return "password-reset";
  return /\/invitation\//.test(m.text) ? "invitation" : null;
}

export function listOutbox({ db, limit = 200 }: { db: Db; limit?: number }) {
  return db
    .select({
      id: emailOutbox.id,
      to: emailOutbox.to,
      subject: emailOutbox.subject,
      text: emailOutbox.text,
      kind: emailOutbox.kind,
      createdAt: emailOutbox.createdAt,
      sentAt: emailOutbox.sentAt,
    })
    .from(emailOutbox)
    .orderBy(desc(emailOutbox.id))
    .limit(limit)
    .all()
    .map(({ text, ...m }) => ({ ...m, text: maskSignInLinks(text), resendable: resendKind({ kind: m.kind, text }) !== null }));
}

/**
 * Sends the recipient of an invitation or reset email a fresh link (the stored tokens are hashed, so
 * the old link cannot be shown): an invitation while their account is still invited, a reset while
 * it is active. Audited.
 */
export async function resendSignInLink({
  db,
  actor,
  messageId,
  fallbackLocale,
}: {
  db: Db;
  actor: { id: number; name: string };
  messageId: number;
  fallbackLocale: Locale;
}): Promise<void> {
  const message = db.select().from(emailOutbox).where(eq(emailOutbox.id, messageId)).get();
  const kind = message ? resendKind(message) : null;
  if (!message || !kind) throw new DomainError("admin.outbox.errors.notResendable");
  const user = db.select().from(users).where(eq(users.email, message.to)).get();
  if (kind === "invitation") {
    if (!user || user.status !== "invited") throw new DomainError("admin.outbox.errors.alreadyActive");
    const outbox = db.transaction((tx) => {
      const id = queueInvitation(tx, user, actor, fallbackLocale);
      writeAudit(tx, { actorId: actor.id, action: "user.reinvite", entityType: "user", entityId: user.id });
      return id;
    });
    await deliverOutbox(db, [outbox]);
    return;
  }
  if (!user || user.status !== "active") throw new DomainError("admin.outbox.errors.notResendable");
  await requestPasswordReset({ db, email: user.email, locale: user.locale ?? fallbackLocale });
  writeAudit(db, { actorId: actor.id, action: "user.resendReset", entityType: "user", entityId: user.id });
}
