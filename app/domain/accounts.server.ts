import { createHash, randomBytes } from "node:crypto";
import { and, count, eq, gt, gte, isNull, max, ne, sql } from "drizzle-orm";
import { type Db, preparedOnce, type Tx } from "~db/index.server";
import {
  authTokens,
  coordinatorAppointments,
  enrolments,
  type Locale,
  participations,
  type Role,
  sessions,
  signInAttempts,
  type TokenKind,
  users,
} from "~db/schema";
import type { Actor } from "~/auth/permissions";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { passwordProblem } from "~/auth/password-policy.server";
import { env } from "~/env.server";
import { deliverOutbox, queueEmail, writeEmail } from "~/mail.server";
import { invitationEmail } from "./email-context.server";
import { DEFAULT_TIME_ZONE } from "./time-zone";
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
  // one live link of each kind per account: a new one ends the ones before it
  expireLinks(tx, userId, kind, now);
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

/** Ends every outstanding reset link of an account (they then read as expired). */
function expireResetLinks(tx: Tx | Db, userId: number, now: Date, exceptTokenId?: number): void {
  expireLinks(tx, userId, "password-reset", now, exceptTokenId);
}

/** Ends every outstanding link of one kind of an account (they then read as expired). */
function expireLinks(tx: Tx | Db, userId: number, kind: TokenKind, now: Date, exceptTokenId?: number): void {
  const at = now.toISOString();
  tx.update(authTokens)
    .set({ expiresAt: at })
    .where(
      and(
        eq(authTokens.userId, userId),
        eq(authTokens.kind, kind),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, at),
        exceptTokenId ? ne(authTokens.id, exceptTokenId) : undefined,
      ),
    )
    .run();
}

/** Refuses a new password that is common, repetitive (password-policy.server.ts) or the current one. */
async function assertNewPassword(password: string, currentHash: string | null, field: string): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new DomainError(problem, field);
  if (currentHash && (await verifyPassword(currentHash, password))) throw new DomainError("auth.password.sameAsCurrent", field);
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
  user: { id: number; email: string; name: string; locale: Locale | null; role?: string | null },
  invitedBy: { id: number; name: string } | null,
  fallbackLocale: Locale,
  now = new Date(),
): number {
  const token = issueToken(tx, user.id, "invitation", invitedBy?.id ?? null, now);
  const locale = user.locale ?? fallbackLocale;
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
  return queueEmail(tx, invitationEmail(tx, user, { url: publicUrl(`/invitation/${token}`), inviter: invitedBy?.name ?? "IIN-OAS", locale, expiresAt }));
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

/**
 * The first admin of a fresh installation (`npm run admin:create -- <email>`): an invited admin
 * account and its invitation link, queued in the outbox (and sent when SMTP is set). Run again for
 * a person still invited, it issues a new link; an active account is left alone.
 */
export async function inviteFirstAdmin({
  db,
  email,
  name,
  locale,
}: {
  db: Db;
  email: string;
  name: string;
  locale: Locale;
}): Promise<{ userId: number; url: string; created: boolean }> {
  const outbox: number[] = [];
  const result = db.transaction((tx) => {
    const normalized = email.trim().toLowerCase();
    const existing = tx.select().from(users).where(eq(users.email, normalized)).get();
    if (existing && (existing.status !== "invited" || existing.role !== "admin")) {
      throw new DomainError(existing.status === "active" ? "auth.admin.alreadyActive" : "errors.emailTaken", "email");
    }
    const user = existing ?? insertInvitedUser(tx, { email: normalized, name, role: "admin", locale });
    const now = new Date();
    const token = issueToken(tx, user.id, "invitation", null, now);
    const url = publicUrl(`/invitation/${token}`);
    const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
    outbox.push(queueEmail(tx, invitationEmail(tx, user, { url, inviter: "IIN-OAS", locale: user.locale ?? locale, expiresAt })));
    writeAudit(tx, {
      actorId: null,
      action: "user.invite",
      entityType: "user",
      entityId: user.id,
      after: { email: user.email, role: "admin", via: "admin:create" },
    });
    return { userId: user.id, url, created: !existing };
  });
  await deliverOutbox(db, outbox);
  return result;
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
  await assertNewPassword(password, null, "password");
  const passwordHash = await hashPassword(password);
  return db.transaction((tx) => {
    const user = consumeToken(tx, token, "invitation", now);
    tx.update(users).set({ passwordHash, status: "active", updatedAt: now.toISOString() }).where(eq(users.id, user.id)).run();
    writeAudit(tx, { actorId: user.id, action: "user.activate", entityType: "user", entityId: user.id });
    return { userId: user.id, role: user.role };
  });
}

/**
 * Always answers the same way and in about the same time, whether or not the address has an account:
 * the email is sent after the answer (SMTP takes long enough to tell). A new link ends the older ones.
 * Rate limits (per address, per account) are the route's: app/auth/rate-limit.server.ts.
 */
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
    const now = new Date();
    const token = issueToken(tx, user.id, "password-reset", null, now);
    outbox.push(
      queueEmail(
        tx,
        writeEmail({
          kind: "password-reset",
          to: user.email,
          locale: user.locale ?? locale,
          key: "email.password-reset",
          values: { name: user.name },
          url: publicUrl(`/reset-password/${token}`),
          deadline: { at: new Date(now.getTime() + RESET_HOURS * 3_600_000), timeZone: DEFAULT_TIME_ZONE },
        }),
      ),
    );
  });
  deliverOutbox(db, outbox).catch((err) => console.error("[mail] reset email:", err));
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
  const check = checkToken(db, token, "password-reset", now);
  if (!check.ok) throw new DomainError(`auth.link.${check.reason}`);
  await assertNewPassword(password, check.user.passwordHash, "password");
  const passwordHash = await hashPassword(password);
  return db.transaction((tx) => {
    const user = consumeToken(tx, token, "password-reset", now);
    tx.update(users).set({ passwordHash, updatedAt: now.toISOString() }).where(eq(users.id, user.id)).run();
    // the other reset links die with this one, and so does every session of the account
    expireResetLinks(tx, user.id, now);
    tx.delete(sessions).where(eq(sessions.userId, user.id)).run();
    writeAudit(tx, { actorId: user.id, action: "user.resetPassword", entityType: "user", entityId: user.id });
    return { userId: user.id };
  });
}

/**
 * A signed-in person changes their password: every other session of theirs ends, the one given in
 * `keepSessionId` (this browser's) goes on, and so do pages open without JavaScript.
 */
export async function changePassword({
  db,
  userId,
  currentPassword,
  newPassword,
  keepSessionId = null,
}: {
  db: Db;
  userId: number;
  currentPassword: string;
  newPassword: string;
  keepSessionId?: string | null;
}): Promise<void> {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new DomainError("auth.wrongCurrentPassword", "currentPassword");
  }
  await assertNewPassword(newPassword, user.passwordHash, "newPassword");
  const passwordHash = await hashPassword(newPassword);
  const now = new Date();
  db.transaction((tx) => {
    tx.update(users).set({ passwordHash, updatedAt: now.toISOString() }).where(eq(users.id, userId)).run();
    tx.delete(sessions)
      .where(keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId))
      .run();
    expireResetLinks(tx, userId, now);
    writeAudit(tx, { actorId: userId, action: "user.changePassword", entityType: "user", entityId: userId });
  });
}

export type SignInResult =
  | { ok: true; userId: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/** The wait before the next check once a pair has `failures` recent failures (0 while under the free ones). */
export function signInDelayMs(failures: number): number {
  const { SIGN_IN_MAX_FAILURES: free, SIGN_IN_MAX_DELAY_MINUTES: maxMinutes } = env();
  if (failures < free) return 0;
  return Math.min(SIGN_IN_BASE_DELAY_MS * 2 ** (failures - free), maxMinutes * 60_000);
}
const SIGN_IN_BASE_DELAY_MS = 30_000;

/**
 * Email + password sign-in, throttled per account *and* address pair by slowing down, never by
 * locking the owner out (docs/decisions/007): SIGN_IN_MAX_FAILURES failures in SIGN_IN_WINDOW_MINUTES
 * are checked at once; after that each check waits 30 s, then twice as long each time (up to
 * SIGN_IN_MAX_DELAY_MINUTES) after the pair's last failure. A success starts the pair afresh.
 *
 * The attempt is counted and recorded in one IMMEDIATE transaction *before* the password is checked,
 * so parallel requests (and other processes) see each other: 20 parallel guesses record 20 attempts
 * and check at most SIGN_IN_MAX_FAILURES. Unknown and known emails go the same way and take the
 * same time. The route adds per-address and per-account request limits (app/auth/rate-limit.server.ts).
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
  const { SIGN_IN_WINDOW_MINUTES: minutes } = env();
  const since = new Date(now.getTime() - minutes * 60_000).toISOString();
  const normalized = email.trim().toLowerCase();
  const pair = and(eq(signInAttempts.email, normalized), eq(signInAttempts.ip, ip));

  const gate = db.transaction(
    (tx) => {
      const lastSuccess =
        tx.select({ id: max(signInAttempts.id) }).from(signInAttempts).where(and(pair, eq(signInAttempts.success, true))).get()
          ?.id ?? 0;
      // failures (and checks still under way) of this pair since its last success, in the window
      const recent = tx
        .select({ n: count(), last: max(signInAttempts.at) })
        .from(signInAttempts)
        .where(
          and(
            pair,
            eq(signInAttempts.success, false),
            eq(signInAttempts.checked, true),
            gte(signInAttempts.at, since),
            gt(signInAttempts.id, lastSuccess),
          ),
        )
        .get();
      const failures = recent?.n ?? 0;
      const waitMs = failures > 0 && recent?.last ? Date.parse(recent.last) + signInDelayMs(failures) - now.getTime() : 0;
      const checked = waitMs <= 0;
      const row = tx
        .insert(signInAttempts)
        .values({ email: normalized, ip, success: false, checked, at: now.toISOString() })
        .returning({ id: signInAttempts.id })
        .get();
      return { attemptId: row.id, checked, waitMs, failures };
    },
    { behavior: "immediate" },
  );
  if (!gate.checked) return { ok: false, reason: "throttled", retryAfterSeconds: Math.ceil(gate.waitMs / 1000) };

  const user = db.select().from(users).where(eq(users.email, normalized)).get();
  const valid = (await verifyPassword(user?.passwordHash, password)) && user?.status === "active";
  if (valid && user) {
    db.update(signInAttempts).set({ success: true }).where(eq(signInAttempts.id, gate.attemptId)).run();
    return { ok: true, userId: user.id };
  }
  const delay = signInDelayMs(gate.failures + 1);
  return delay > 0 ? { ok: false, reason: "throttled", retryAfterSeconds: Math.ceil(delay / 1000) } : { ok: false, reason: "invalid" };
}

/** The signed-in person with the scopes the permission module needs. */
export function loadActor(db: Db, userId: number) {
  // every request runs these three: built once per database (db/index.server.ts)
  const user = preparedOnce(db, "actor-user", (d) =>
    d
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        role: users.role,
        locale: users.locale,
        status: users.status,
      })
      .from(users)
      .where(eq(users.id, sql.placeholder("userId")))
      .prepare(),
  ).get({ userId });
  if (!user || user.status !== "active") return null;
  const coordinations = preparedOnce(db, "actor-coordinations", (d) =>
    d
      .select({ participationId: coordinatorAppointments.participationId, editionId: participations.editionId })
      .from(coordinatorAppointments)
      .innerJoin(participations, eq(participations.id, coordinatorAppointments.participationId))
      .where(eq(coordinatorAppointments.userId, sql.placeholder("userId")))
      .prepare(),
  ).all({ userId });
  const own = preparedOnce(db, "actor-enrolments", (d) =>
    d
      .select({
        enrolmentId: enrolments.id,
        editionId: enrolments.editionId,
        participationId: enrolments.participationId,
      })
      .from(enrolments)
      .where(eq(enrolments.userId, sql.placeholder("userId")))
      .prepare(),
  ).all({ userId });
  const actor: Actor = { id: user.id, role: user.role, coordinations, enrolments: own };
  return { user, actor };
}

export function setUserLocale(db: Db, userId: number, locale: Locale): void {
  db.update(users).set({ locale, updatedAt: new Date().toISOString() }).where(eq(users.id, userId)).run();
}
