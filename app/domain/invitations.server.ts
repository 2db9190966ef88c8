/**
 * "Resend invitation": wherever a person was invited and has not activated the account (the admin's
 * people list, the coordinator's roster, the coordinator appointment on a state's page), a fresh link
 * replaces the older ones (issueToken ends them). Limited per person and day; audited.
 */
import { and, eq, gte, sql } from "drizzle-orm";
import type { Db } from "~db/index.server";
import { authTokens, coordinatorAppointments, enrolments, type Locale, users } from "~db/schema";
import { deliverOutbox } from "~/mail.server";
import { DomainError, queueInvitation } from "./accounts.server";
import { writeAudit } from "./audit.server";

/** Invitation links one person may receive in 24 hours (the first invitation included). */
export const INVITATIONS_PER_DAY = 4;

/** Where the resend was asked from: the ownership check for the person invited. */
export type InvitationScope =
  | { kind: "platform" }
  | { kind: "coordinator"; participationId: number }
  | { kind: "trainee"; participationId: number };

export async function resendInvitation({
  db,
  actor,
  userId,
  scope,
  fallbackLocale,
  now = new Date(),
}: {
  db: Db;
  actor: { id: number; name: string };
  userId: number;
  scope: InvitationScope;
  fallbackLocale: Locale;
  now?: Date;
}): Promise<{ email: string }> {
  const outbox: number[] = [];
  const email = db.transaction(
    (tx) => {
      const user = tx.select().from(users).where(eq(users.id, userId)).get();
      const inScope =
        user &&
        (scope.kind === "platform" ||
          (scope.kind === "coordinator" &&
            tx
              .select({ id: coordinatorAppointments.id })
              .from(coordinatorAppointments)
              .where(and(eq(coordinatorAppointments.participationId, scope.participationId), eq(coordinatorAppointments.userId, userId)))
              .get()) ||
          (scope.kind === "trainee" &&
            tx
              .select({ id: enrolments.id })
              .from(enrolments)
              .where(and(eq(enrolments.participationId, scope.participationId), eq(enrolments.userId, userId)))
              .get()));
      if (!user || !inScope) throw new DomainError("editions:errors.notFound");
      if (user.status !== "invited") throw new DomainError("invitations.alreadyActive", "form", { name: user.name });
      const since = new Date(now.getTime() - 86_400_000).toISOString();
      const recent =
        tx
          .select({ n: sql<number>`count(*)` })
          .from(authTokens)
          .where(and(eq(authTokens.userId, userId), eq(authTokens.kind, "invitation"), gte(authTokens.createdAt, since)))
          .get()?.n ?? 0;
      if (recent >= INVITATIONS_PER_DAY) throw new DomainError("invitations.tooMany", "form", { name: user.name, count: INVITATIONS_PER_DAY });
      outbox.push(queueInvitation(tx, user, actor, user.locale ?? fallbackLocale));
      writeAudit(tx, { actorId: actor.id, action: "user.reinvite", entityType: "user", entityId: user.id, after: { via: scope.kind } });
      return user.email;
    },
    { behavior: "immediate" },
  );
  await deliverOutbox(db, outbox);
  return { email };
}
