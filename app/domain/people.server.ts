/** What a person keeps on their own account page beyond sign-in: their signatory details. */
import { eq } from "drizzle-orm";
import type { Db } from "~db/index.server";
import { users } from "~db/schema";

/** The name, title, institution and signature image a staff member signs certificates with. */
export function signatoryProfile({ db, userId }: { db: Db; userId: number }) {
  const me = db
    .select({ name: users.name, title: users.signatoryTitle, institution: users.institution, png: users.signaturePng })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!me) throw new Error(`no user ${userId}`);
  return me;
}
