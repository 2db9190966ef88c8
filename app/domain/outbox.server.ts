/** The outbox as the admin reads it: every email the app sent or kept. */
import { desc } from "drizzle-orm";
import type { Db } from "~db/index.server";
import { emailOutbox } from "~db/schema";

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
    .all();
}
