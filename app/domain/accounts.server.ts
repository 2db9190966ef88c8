import { createHash, randomBytes } from "node:crypto";
import { and, count, eq, gte } from "drizzle-orm";
import type { Db, Tx } from "~db/index.server";
import {
  authTokens,
  coordinatorAppointments,
  enrolments,
  type Locale,
  participations,
  type Role,
  signInAttempts,
  type TokenKind,
  users,
} from "~db/schema";
import type { Actor } from "~/auth/permissions";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { env } from "~/env.server";
import { composeEmail, deliverOutbox, queueEmail } from "~/mail.server";
import { writeAudit } from "./audit.server";

export const INVITATION_DAYS = 7;
export const RESET_HOURS = 1;

export class DomainError extends Error {
  /** `key` is a translation key shown to the person; `field` places it next to a form field. */
  constructor(
    public key: string,
    public field = "form",
    public values?: Record<string, string | number>,
  ) {
    super(key);
  }
}

const hashToken = (raw: string) => createHash("sha256").update(raw).digest("hex");

export function publicUrl(path: string): string {
  return new URL(path, env().PUBLIC_URL).toString();
}

/** Creates a single-use link token; only its hash is stored. Returns the raw token for the link. */
export function issueToken(tx: Tx | Db, userId: number, kind: TokenKind, createdBy: number | null, now = new Date()): string {
  const raw = randomBytes(32).toString("base64url");
  const ms = kind === "invitation" ? INVITATION_DAYS * 86_400_000 : RESET_HOURS * 3_600_000;
  tx.insert(authTokens)
    .values({
      userId,
      kind,
      tokenHash: hashToken(raw),
      expiresAt: new Date(now.getTime() + ms).toISOString(),
      createdBy,
    })
    .run();
  return raw;
}

export type TokenCheck =
  | { ok: true; tokenId: number; user: typeof users.$inferSelect }
  | { ok: false; reason: "invalid" | "expired" | "used" };

export function checkToken(db: Db | Tx, raw: string, kind: TokenKind, now = new Date()): TokenCheck {
  const row = db
    .select({ token: authTokens, user: users })
    .from(authTokens)
    .innerJoin(users, eq(users.id, authTokens.userId))
    .where(and(eq(authTokens.tokenHash, hashToken(raw)), eq(authTokens.kind, kind)))
    .get();
  if (!row) return { ok: false, reason: "invalid" };
  if (row.token.usedAt) return { ok: false, reason: "used" };
  if (row.token.expiresAt <= now.toISOString()) return { ok: false, reason: "expired" };
  if (row.user.status === "disabled") return { ok: false, reason: "invalid" };
  return { ok: true, tokenId: row.token.id, user: row.user };
}

/** Checks a link token and marks it used (inside the caller's transaction); refuses with the reason. */
function consumeToken(tx: Tx, raw: string, kind: TokenKind, now: Date) {
  const check = checkToken(tx, raw, kind, now);
  if (!check.ok) throw new DomainError(`auth.link.${check.reason}`);
  tx.update(authTokens).set({ usedAt: now.toISOString() }).where(eq(authTokens.id, check.tokenId)).run();
  return check.user;
}

export interface NewPerson {
  email: string;
  name: string;
  role: Role;
  locale?: Locale | null;
  institution?: string | null;
  position?: string | null;
  stateCode?: string | null;
}

/** Inserts a person who has not yet activated the account. */
export function insertInvitedUser(tx: Tx | Db, person: NewPerson): typeof users.$inferSelect {
  return tx
    .insert(users)
    .values({
      email: person.email.toLowerCase(),
      name: person.name,
      role: person.role,
      status: "invited",
      locale: person.locale ?? null,
      institution: person.institution ?? null,
      position: person.position ?? null,
      stateCode: person.stateCode ?? null,
    })
    .returning()
    .get();
}

/** Queues the invitation email for a person (inside the caller's transaction). Returns the outbox id. */
export function queueInvitation(
  tx: Tx | Db,
  user: { id: number; email: string; name: string; locale: Locale | null },
  invitedBy: { id: number; name: string } | null,
  fallbackLocale: Locale,
): number {
  const token = issueToken(tx, user.id, "invitation", invitedBy?.id ?? null);
  const locale = user.locale ?? fallbackLocale;
  return queueEmail(
    tx,
    composeEmail("invitation", user.email, locale, {
      name: user.name,
      inviter: invitedBy?.name ?? "IIN-OAS",
      url: publicUrl(`/invitation/${token}`),
      days: INVITATION_DAYS,
    }),
  );
}

/** An admin invites a tutor or an admin: the account exists, inactive, until the link is used. */
export async function inviteStaff({
  db,
  actor,
  person,
  fallbackLocale,
}: {
  db: Db;
  actor: { id: number; name: string };
  person: NewPerson & { role: "admin" | "tutor" };
  fallbackLocale: Locale;
}): Promise<{ userId: number }> {
  const outbox: number[] = [];
  const userId = db.transaction((tx) => {
    const existing = tx.select({ id: users.id }).from(users).where(eq(users.email, person.email.toLowerCase())).get();
    if (existing) throw new DomainError("errors.emailTaken", "email");
    const user = insertInvitedUser(tx, person);
    outbox.push(queueInvitation(tx, user, actor, fallbackLocale));
    writeAudit(tx, {
      actorId: actor.id,
      action: "user.invite",
      entityType: "user",
      entityId: user.id,
      after: { email: user.email, role: user.role },
    });
    return user.id;
  });
  await deliverOutbox(db, outbox);
  return { userId };
}

/** The invited person sets a password; the account becomes active. Single use. */
export async function acceptInvitation({
  db,
  token,
  password,
  now = new Date(),
}: {
  db: Db;
  token: string;
  password: string;
  now?: Date;
}): Promise<{ userId: number; role: Role }> {
  const passwordHash = await hashPassword(password);
  return db.transaction((tx) => {
    const user = consumeToken(tx, token, "invitation", now);
    tx.update(users).set({ passwordHash, status: "active", updatedAt: now.toISOString() }).where(eq(users.id, user.id)).run();
    writeAudit(tx, { actorId: user.id, action: "user.activate", entityType: "user", entityId: user.id });
    return { userId: user.id, role: user.role };
  });
}

/** Always answers the same way, whether or not the address has an account. */
export async function requestPasswordReset({ db, email, locale }: { db: Db; email: string; locale: Locale }) {
  const outbox: number[] = [];
  db.transaction((tx) => {
    const user = tx.select().from(users).where(eq(users.email, email.toLowerCase())).get();
    if (!user || user.status === "disabled") return;
    if (user.status === "invited") {
      // never activated: a reset link would not help; a fresh invitation does (the old one may have expired)
      outbox.push(queueInvitation(tx, user, null, locale));
      writeAudit(tx, { actorId: null, action: "user.reinvite", entityType: "user", entityId: user.id, after: { via: "forgot-password" } });
      return;
    }
    const token = issueToken(tx, user.id, "password-reset", null);
    outbox.push(
      queueEmail(
        tx,
        composeEmail("password-reset", user.email, user.locale ?? locale, {
          name: user.name,
          url: publicUrl(`/reset-password/${token}`),
          hours: RESET_HOURS,
        }),
      ),
    );
  });
  await deliverOutbox(db, outbox);
}

export async function resetPassword({
  db,
  token,
  password,
  now = new Date(),
}: {
  db: Db;
  token: string;
  password: string;
  now?: Date;
}): Promise<{ userId: number }> {
  const passwordHash = await hashPassword(password);
  return db.transaction((tx) => {
    const user = consumeToken(tx, token, "password-reset", now);
    tx.update(users).set({ passwordHash, updatedAt: now.toISOString() }).where(eq(users.id, user.id)).run();
    writeAudit(tx, { actorId: user.id, action: "user.resetPassword", entityType: "user", entityId: user.id });
    return { userId: user.id };
  });
}

export async function changePassword({
  db,
  userId,
  currentPassword,
  newPassword,
}: {
  db: Db;
  userId: number;
  currentPassword: string;
  newPassword: string;
}): Promise<void> {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new DomainError("auth.wrongCurrentPassword", "currentPassword");
  }
  const passwordHash = await hashPassword(newPassword);
  db.transaction((tx) => {
    tx.update(users).set({ passwordHash, updatedAt: new Date().toISOString() }).where(eq(users.id, userId)).run();
    writeAudit(tx, { actorId: userId, action: "user.changePassword", entityType: "user", entityId: userId });
  });
}

export type SignInResult = { ok: true; userId: number } | { ok: false; reason: "invalid" | "throttled"; minutes?: number };

/**
 * Email + password sign-in, throttled per account and per address: after SIGN_IN_MAX_FAILURES
 * failures in SIGN_IN_WINDOW_MINUTES the account is refused for the rest of the window
 * (and an address after four times as many, across accounts).
 */
export async function signIn({
  db,
  email,
  password,
  ip,
  now = new Date(),
}: {
  db: Db;
  email: string;
  password: string;
  ip: string;
  now?: Date;
}): Promise<SignInResult> {
  const { SIGN_IN_MAX_FAILURES: max, SIGN_IN_WINDOW_MINUTES: minutes } = env();
  const since = new Date(now.getTime() - minutes * 60_000).toISOString();
  const normalized = email.trim().toLowerCase();
  const failures = (where: ReturnType<typeof and>) =>
    db.select({ n: count() }).from(signInAttempts).where(where).get()?.n ?? 0;
  const byAccount = failures(
    and(eq(signInAttempts.email, normalized), eq(signInAttempts.success, false), gte(signInAttempts.at, since)),
  );
  const byAddress = failures(
    and(eq(signInAttempts.ip, ip), eq(signInAttempts.success, false), gte(signInAttempts.at, since)),
  );
  if (byAccount >= max || byAddress >= max * 4) return { ok: false, reason: "throttled", minutes };

  const user = db.select().from(users).where(eq(users.email, normalized)).get();
  const valid = (await verifyPassword(user?.passwordHash, password)) && user?.status === "active";
  db.insert(signInAttempts).values({ email: normalized, ip, success: valid, at: now.toISOString() }).run();
  if (!valid || !user) {
    return byAccount + 1 >= max ? { ok: false, reason: "throttled", minutes } : { ok: false, reason: "invalid" };
  }
  return { ok: true, userId: user.id };
}

/** The signed-in person with the scopes the permission module needs. */
export function loadActor(db: Db, userId: number) {
  const user = db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      locale: users.locale,
      status: users.status,
    })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!user || user.status !== "active") return null;
  const coordinations = db
    .select({ participationId: coordinatorAppointments.participationId, editionId: participations.editionId })
    .from(coordinatorAppointments)
    .innerJoin(participations, eq(participations.id, coordinatorAppointments.participationId))
    .where(eq(coordinatorAppointments.userId, userId))
    .all();
  const own = db
    .select({
      enrolmentId: enrolments.id,
      editionId: enrolments.editionId,
      participationId: enrolments.participationId,
    })
    .from(enrolments)
    .where(eq(enrolments.userId, userId))
    .all();
  const actor: Actor = { id: user.id, role: user.role, coordinations, enrolments: own };
  return { user, actor };
}

export function setUserLocale(db: Db, userId: number, locale: Locale): void {
  db.update(users).set({ locale, updatedAt: new Date().toISOString() }).where(eq(users.id, userId)).run();
}
