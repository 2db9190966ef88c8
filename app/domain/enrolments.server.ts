/**
 * Nominations: a state's coordinator proposes trainees for their own state, never past its quota.
 *
 * How the quota stays exact: every nomination runs in ONE `BEGIN IMMEDIATE` transaction that counts the
 * enrolled trainees and inserts the new enrolment. SQLite admits one writer at a time, so two
 * nominations can never both see the last free seat — in one process (better-sqlite3 is synchronous) or
 * across several processes sharing the file. See docs/decisions/003-quotas.md.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "~db/index.server";
import { editions, enrolments, type Locale, participations, users } from "~db/schema";
import { TEMPLATE_EXAMPLE_EMAIL } from "./nomination-template";
import { deliverOutbox, queueEmail, writeEmail } from "~/mail.server";
import { participationFacts, seatText, waitlistPosition } from "./email-context.server";
import { DomainError, INVITATION_DAYS, insertInvitedUser, issueToken, publicUrl, queueInvitation } from "./accounts.server";
import { writeAudit } from "./audit.server";
import { localDay } from "./time-zone";
import { canWithdraw } from "./edition-phase";

export interface Nominee {
  name: string;
  email: string;
  institution: string;
  position: string;
  locale?: Locale | null;
}

export interface ActingUser {
  id: number;
  name: string;
}

/** Where a participation's nomination window stands today (calendar days in the edition's time zone). */
export function nominationWindow(edition: typeof editions.$inferSelect, now = new Date()): "open" | "not-yet" | "closed" {
  const d = localDay(now, edition.timeZone);
  if (edition.status === "draft" || d < edition.nominationOpensOn) return "not-yet";
  if (edition.status !== "nominations" || d > edition.nominationClosesOn) return "closed";
  return "open";
}

function loadScope(tx: Tx | Db, participationId: number) {
  const row = tx
    .select({ participation: participations, edition: editions })
    .from(participations)
    .innerJoin(editions, eq(editions.id, participations.editionId))
    .where(eq(participations.id, participationId))
    .get();
  if (!row) throw new DomainError("editions:errors.notFound");
  return row;
}

function countStatus(tx: Tx | Db, participationId: number, status: "enrolled" | "waitlisted"): number {
  return (
    tx
      .select({ n: sql<number>`count(*)` })
      .from(enrolments)
      .where(and(eq(enrolments.participationId, participationId), eq(enrolments.status, status)))
      .get()?.n ?? 0
  );
}

/** 1-based place of an enrolment in its state's waiting list (first come, first served). */
export { waitlistPosition };

/**
 * `account`: "new" (an invitation went out), "updated" (the person already had an account and the
 * institution or position the coordinator typed replaced the older one), "kept" (already had an
 * account with the same details).
 */
type NominationOutcome = {
  enrolmentId: number;
  status: "enrolled" | "waitlisted";
  waitlistPosition: number | null;
  account: "new" | "updated" | "kept";
};

/** The core of a nomination, inside the caller's IMMEDIATE transaction. Returns outbox ids to deliver. */
function nominateInTx(
  tx: Tx,
  actor: ActingUser,
  scope: ReturnType<typeof loadScope>,
  nominee: Nominee,
  fallbackLocale: Locale,
  now: Date,
  outbox: number[],
): NominationOutcome {
  const { participation, edition } = scope;
  const email = nominee.email.toLowerCase();
  let user = tx.select().from(users).where(eq(users.email, email)).get();
  // One neutral answer for every person this state may not nominate (a staff or coordinator account,
  // someone another state nominated or who resides elsewhere): a coordinator learns nothing about
  // other people's accounts from the form.
  const unavailable = () => new DomainError("editions:nominate.unavailable", "email");
  if (user && user.role !== "trainee") throw unavailable();
  const existing = user
    ? tx
        .select({ enrolment: enrolments, stateCode: participations.stateCode })
        .from(enrolments)
        .innerJoin(participations, eq(participations.id, enrolments.participationId))
        .where(and(eq(enrolments.editionId, edition.id), eq(enrolments.userId, user.id)))
        .get()
    : undefined;
  if (existing && existing.enrolment.participationId !== participation.id) throw unavailable();
  if (existing && existing.enrolment.status !== "withdrawn") throw new DomainError("editions:nominate.alreadyNominated", "email");
  if (user?.stateCode && user.stateCode !== participation.stateCode) throw unavailable();

  let invited = false;
  let account: NominationOutcome["account"] = "kept";
  if (user) {
    // what the coordinator typed now is newer than what the account holds: keep it, and say so
    const institution = nominee.institution.trim() || user.institution;
    const position = nominee.position.trim() || user.position;
    if (institution !== user.institution || position !== user.position) {
      const before = { institution: user.institution, position: user.position };
      user = tx.update(users).set({ institution, position, updatedAt: now.toISOString() }).where(eq(users.id, user.id)).returning().get();
      writeAudit(tx, {
        actorId: actor.id,
        action: "user.update",
        entityType: "user",
        entityId: user.id,
        editionId: edition.id,
        before,
        after: { institution, position, via: "nomination" },
      });
      account = "updated";
    }
  } else {
    user = insertInvitedUser(tx, {
      email,
      name: nominee.name,
      role: "trainee",
      locale: nominee.locale ?? null,
      institution: nominee.institution,
      position: nominee.position,
      stateCode: participation.stateCode,
    });
    invited = true;
    account = "new";
  }

  const at = now.toISOString();
  const seatFree = countStatus(tx, participation.id, "enrolled") < participation.quota;
  const status = seatFree ? "enrolled" : "waitlisted";
  const values = {
    status,
    nominatedAt: at,
    nominatedBy: actor.id,
    enrolledAt: seatFree ? at : null,
    withdrawnAt: null,
    withdrawnReason: null,
  } as const;
  const enrolment = existing
    ? tx.update(enrolments).set(values).where(eq(enrolments.id, existing.enrolment.id)).returning().get()
    : tx
        .insert(enrolments)
        .values({ ...values, editionId: edition.id, participationId: participation.id, userId: user.id })
        .returning()
        .get();
  const position = status === "waitlisted" ? waitlistPosition(tx, enrolment) : null;

  const locale = user.locale ?? nominee.locale ?? fallbackLocale;
  if (invited) {
    // the invitation says the course, the state and the seat (app/domain/email-context.server.ts)
    outbox.push(queueInvitation(tx, user, actor, locale, now));
  } else {
    const facts = participationFacts(tx, participation.id, locale);
    outbox.push(
      queueEmail(
        tx,
        writeEmail({
          kind: "nomination",
          to: user.email,
          locale,
          key: `email.nomination.${status}`,
          values: { name: user.name, inviter: actor.name, ...facts, seat: seatText(locale, status, position) },
          url: publicUrl("/learning"),
          days: { starts: facts.onlineStartsOn },
        }),
      ),
    );
  }
  writeAudit(tx, {
    actorId: actor.id,
    action: "enrolment.nominate",
    entityType: "enrolment",
    entityId: enrolment.id,
    editionId: edition.id,
    after: { userId: user.id, email, participationId: participation.id, status, waitlistPosition: position },
  });
  return { enrolmentId: enrolment.id, status, waitlistPosition: position, account };
}

function assertWindowOpen(scope: ReturnType<typeof loadScope>, now: Date) {
  const w = nominationWindow(scope.edition, now);
  if (w !== "open") throw new DomainError(`editions:nominate.window.${w}`, "form");
  if (scope.participation.agreementStatus !== "agreed") throw new DomainError("editions:nominate.notAgreed", "form");
}

/** Nominates one trainee: enrolled while seats remain, otherwise on the waiting list (with its place). */
export async function nominateTrainee({
  db,
  actor,
  participationId,
  trainee,
  fallbackLocale,
  now = new Date(),
}: {
  db: Db;
  actor: ActingUser;
  participationId: number;
  trainee: Nominee;
  fallbackLocale: Locale;
  now?: Date;
}): Promise<NominationOutcome> {
  const outbox: number[] = [];
  const outcome = db.transaction(
    (tx) => {
      const scope = loadScope(tx, participationId);
      assertWindowOpen(scope, now);
      return nominateInTx(tx, actor, scope, trainee, fallbackLocale, now, outbox);
    },
    { behavior: "immediate" },
  );
  await deliverOutbox(db, outbox);
  return outcome;
}

export class NominationImportError extends Error {
  constructor(public rows: { row: number; column: string | null; error: { key: string; values?: Record<string, string | number> } }[]) {
    super("nomination import refused");
  }
}

/**
 * Nominates every row of a CSV in one transaction, in file order: all or nothing. Any row the
 * domain refuses (duplicate in the file, enrolled for another state, not a trainee, the template's
 * example row…) is reported with its line and the whole import is rolled back. Rows the caller already
 * found invalid come in `invalid`: every other row is still checked, so the answer lists every problem
 * of the file at once.
 */
export async function importNominations({
  db,
  actor,
  participationId,
  rows,
  lines,
  invalid = [],
  fallbackLocale,
  now = new Date(),
}: {
  db: Db;
  actor: ActingUser;
  participationId: number;
  rows: Nominee[];
  /** Each row's line in the file (default: the header is line 1, rows follow without gaps). */
  lines?: number[];
  invalid?: NominationImportError["rows"];
  fallbackLocale: Locale;
  now?: Date;
}): Promise<{ enrolled: number; waitlisted: number }> {
  const outbox: number[] = [];
  const result = db.transaction(
    (tx) => {
      const scope = loadScope(tx, participationId);
      assertWindowOpen(scope, now);
      const errors: NominationImportError["rows"] = [...invalid];
      const seen = new Map<string, number>();
      let enrolled = 0;
      let waitlisted = 0;
      rows.forEach((nominee, i) => {
        const row = lines?.[i] ?? i + 2; // line 1 is the header
        const email = nominee.email.toLowerCase();
        if (email === TEMPLATE_EXAMPLE_EMAIL) {
          errors.push({ row, column: "email", error: { key: "editions:nominate.templateExample" } });
          return;
        }
        const first = seen.get(email);
        if (first) {
          errors.push({ row, column: "email", error: { key: "editions:nominate.duplicateInFile", values: { row: first } } });
          return;
        }
        seen.set(email, row);
        try {
          const outcome = nominateInTx(tx, actor, scope, nominee, fallbackLocale, now, outbox);
          if (outcome.status === "enrolled") enrolled++;
          else waitlisted++;
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          errors.push({ row, column: err.field === "form" ? null : err.field, error: { key: err.key, values: err.values } });
        }
      });
      // rolls everything back
      if (errors.length > 0) throw new NominationImportError(errors.sort((a, b) => a.row - b.row));
      return { enrolled, waitlisted };
    },
    { behavior: "immediate" },
  );
  await deliverOutbox(db, outbox);
  return result;
}

/**
 * Moves the first people of the waiting list into free seats (inside the caller's transaction) and
 * tells them by email. Returns the outbox ids to deliver after commit.
 */
export function promoteFromWaitlist(tx: Tx, actor: ActingUser, participationId: number): number[] {
  const { participation, edition } = loadScope(tx, participationId);
  const free = participation.quota - countStatus(tx, participationId, "enrolled");
  if (free <= 0) return [];
  const next = tx
    .select({ enrolment: enrolments, user: users })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(eq(enrolments.participationId, participationId), eq(enrolments.status, "waitlisted")))
    .orderBy(asc(enrolments.nominatedAt), asc(enrolments.id))
    .limit(free)
    .all();
  const outbox: number[] = [];
  const at = new Date().toISOString();
  for (const { enrolment, user } of next) {
    tx.update(enrolments).set({ status: "enrolled", enrolledAt: at }).where(eq(enrolments.id, enrolment.id)).run();
    writeAudit(tx, {
      actorId: actor.id,
      action: "enrolment.promote",
      entityType: "enrolment",
      entityId: enrolment.id,
      editionId: edition.id,
      before: { status: "waitlisted" },
      after: { status: "enrolled" },
    });
    const locale = user.locale ?? "es";
    const facts = participationFacts(tx, participationId, locale);
    // a person who never activated cannot sign in: the email carries a fresh invitation link instead
    const invited = user.status === "invited";
    const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
    const url = invited ? publicUrl(`/invitation/${issueToken(tx, user.id, "invitation", actor.id)}`) : publicUrl("/learning");
    outbox.push(
      queueEmail(
        tx,
        writeEmail({
          kind: invited ? "promotion-invited" : "promotion",
          to: user.email,
          locale,
          key: invited ? "email.promotion-invited" : "email.promotion",
          values: { name: user.name, ...facts },
          url,
          deadline: invited ? { at: expiresAt, timeZone: facts.timeZone } : null,
          days: { starts: facts.onlineStartsOn },
        }),
      ),
    );
  }
  return outbox;
}

/**
 * Withdraws a trainee before the online stage starts. If they held a seat, the first person on the
 * waiting list moves up automatically and is told by email.
 */
export async function withdrawTrainee({
  db,
  actor,
  participationId,
  enrolmentId,
  reason,
  now = new Date(),
  fallbackLocale = "es",
}: {
  db: Db;
  actor: ActingUser;
  participationId: number;
  enrolmentId: number;
  reason: string;
  now?: Date;
  fallbackLocale?: Locale;
}): Promise<{ promoted: number }> {
  const outbox: number[] = [];
  let promoted = 0;
  db.transaction(
    (tx) => {
      // the ownership check is in the query: the enrolment must belong to this participation
      const enrolment = tx
        .select()
        .from(enrolments)
        .where(and(eq(enrolments.id, enrolmentId), eq(enrolments.participationId, participationId)))
        .get();
      if (!enrolment) throw new DomainError("editions:errors.notFound");
      if (enrolment.status === "withdrawn") throw new DomainError("editions:withdraw.already");
      const { edition } = loadScope(tx, participationId);
      if (!canWithdraw(edition, localDay(now, edition.timeZone))) throw new DomainError("editions:withdraw.tooLate");
      if (!reason.trim()) throw new DomainError("editions:withdraw.reasonRequired", "reason");
      tx.update(enrolments)
        .set({ status: "withdrawn", withdrawnAt: now.toISOString(), withdrawnReason: reason })
        .where(eq(enrolments.id, enrolmentId))
        .run();
      // the person is told, in their language, why and by whom
      const person = tx.select().from(users).where(eq(users.id, enrolment.userId)).get()!;
      const locale = person.locale ?? fallbackLocale;
      const facts = participationFacts(tx, participationId, locale);
      outbox.push(
        queueEmail(
          tx,
          writeEmail({
            kind: "notice",
            to: person.email,
            locale,
            key: "editions:email.withdrawn",
            values: { name: person.name, ...facts, coordinator: actor.name, reason },
          }),
        ),
      );
      writeAudit(tx, {
        actorId: actor.id,
        action: "enrolment.withdraw",
        entityType: "enrolment",
        entityId: enrolmentId,
        editionId: edition.id,
        before: { status: enrolment.status },
        after: { status: "withdrawn", reason },
      });
      if (enrolment.status === "enrolled") {
        const ids = promoteFromWaitlist(tx, actor, participationId);
        promoted = ids.length;
        outbox.push(...ids);
      }
    },
    { behavior: "immediate" },
  );
  await deliverOutbox(db, outbox);
  return { promoted };
}

/** The state's people for one edition: enrolled, then the waiting list in order, then withdrawn. */
export function participationRoster(db: Db, participationId: number) {
  const rows = db
    .select({
      enrolmentId: enrolments.id,
      userId: enrolments.userId,
      status: enrolments.status,
      nominatedAt: enrolments.nominatedAt,
      withdrawnAt: enrolments.withdrawnAt,
      name: users.name,
      email: users.email,
      institution: users.institution,
      position: users.position,
      accountStatus: users.status,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(eq(enrolments.participationId, participationId))
    .orderBy(asc(enrolments.nominatedAt), asc(enrolments.id))
    .all();
  const order = { enrolled: 0, nominated: 1, waitlisted: 2, withdrawn: 3 } as const;
  let place = 0;
  return rows
    .sort((a, b) => order[a.status] - order[b.status])
    .map((r) => ({ ...r, waitlistPosition: r.status === "waitlisted" ? ++place : null }));
}
