/**
 * A state's named signatory with their own account (issue 12, point 5; ADR 005): the tutor names the
 * signatory by email on the participation page; an existing account is linked, a new person is
 * invited (the invitation says why: to sign the certificates of <state> in <edition>). Once linked,
 * only that account approves and signs the state's certificates (`certificate.approveState`); its
 * coordinators no longer approve on the signatory's behalf. Unlinking restores that path.
 */
import { and, eq, inArray, ne } from "drizzle-orm";
import type { Db, Tx } from "~db/index.server";
import { editions, enrolments, type Locale, participations, users } from "~db/schema";
import { sha256Hex } from "~certificates/render";
import type { Actor } from "~/auth/permissions";
import { deliverOutbox, queueEmail, writeEmail } from "~/mail.server";
import { participationFacts } from "../email-context.server";
import { DomainError, INVITATION_DAYS, insertInvitedUser, issueToken, publicUrl } from "../accounts.server";
import { writeAudit } from "../audit.server";
import { checkSignature } from "./signatures.server";

interface Acting {
  id: number;
  name: string;
}

const nowIso = () => new Date().toISOString();

/** The participation's signatory account (name, email, whether activated), or null. */
export function signatoryAccountOf(db: Db, participationId: number) {
  const row = db
    .select({ userId: users.id, name: users.name, email: users.email, status: users.status, role: users.role })
    .from(participations)
    .innerJoin(users, eq(users.id, participations.signatoryUserId))
    .where(eq(participations.id, participationId))
    .get();
  return row ?? null;
}

/** The email that tells a signatory why they get an account or a new state to sign for. */
function queueSignatoryEmail(
  tx: Tx,
  user: { id: number; email: string; name: string; locale: Locale | null; status: string },
  p: { id: number; stateCode: string },
  _edition: { name: string },
  invitedBy: Acting,
  fallbackLocale: Locale,
): number {
  const locale = user.locale ?? fallbackLocale;
  const values = { name: user.name, inviter: invitedBy.name, ...participationFacts(tx, p.id, locale) };
  if (user.status === "invited") {
    const now = new Date();
    const token = issueToken(tx, user.id, "invitation", invitedBy.id, now);
    return queueEmail(
      tx,
      writeEmail({
        kind: "signatory-invitation",
        to: user.email,
        locale,
        key: "email.signatory-invitation",
        values,
        url: publicUrl(`/invitation/${token}`),
        deadline: { at: new Date(now.getTime() + INVITATION_DAYS * 86_400_000), timeZone: values.timeZone },
      }),
    );
  }
  return queueEmail(
    tx,
    writeEmail({
      kind: "signatory-appointment",
      to: user.email,
      locale,
      key: "email.signatory-appointment",
      values,
      url: publicUrl(`/coordination/${p.id}/certificates`),
    }),
  );
}

/**
 * Names a state's signatory by email: an existing account (a signatory's, or a coordinator's) is
 * linked; a new person is invited with the `signatory` role. The participation's printed signatory
 * name becomes the account's name, and a signature the person already saved is carried over.
 */
export async function nameStateSignatory({
  db,
  actor,
  participationId,
  person,
  fallbackLocale,
}: {
  db: Db;
  actor: Acting;
  participationId: number;
  person: { email: string; name: string; locale?: Locale | null };
  fallbackLocale: Locale;
}): Promise<{ userId: number; invited: boolean }> {
  const outbox: number[] = [];
  const result = db.transaction((tx) => {
    const p = tx.select().from(participations).where(eq(participations.id, participationId)).get();
    if (!p) throw new DomainError("editions:errors.notFound");
    const edition = tx.select().from(editions).where(eq(editions.id, p.editionId)).get()!;
    if (edition.status === "closed") throw new DomainError("editions:errors.signatoryClosed", "email");
    const email = person.email.trim().toLowerCase();
    let user = tx.select().from(users).where(eq(users.email, email)).get();
    let invited = false;
    if (user) {
      if (user.role === "admin" || user.role === "tutor") throw new DomainError("editions:errors.signatoryIsStaff", "email");
      if (user.role === "trainee") {
        const enrolled = tx.select({ id: enrolments.id }).from(enrolments).where(eq(enrolments.userId, user.id)).get();
        if (enrolled) throw new DomainError("editions:errors.signatoryIsTrainee", "email");
        tx.update(users).set({ role: "signatory", updatedAt: nowIso() }).where(eq(users.id, user.id)).run();
      }
      if (p.signatoryUserId === user.id) throw new DomainError("editions:errors.alreadySignatory", "email");
      invited = user.status === "invited";
    } else {
      user = insertInvitedUser(tx, { email, name: person.name, role: "signatory", locale: person.locale ?? null, stateCode: p.stateCode });
      invited = true;
    }
    // the name printed on the certificates is the account's; a signature already saved comes along
    const carried = user.role === "signatory" && user.signaturePng?.length && user.signatoryTitle && user.institution;
    tx.update(participations)
      .set({
        signatoryUserId: user.id,
        signatoryName: user.name,
        ...(carried
          ? { signatoryTitle: user.signatoryTitle, signatoryInstitution: user.institution, signatorySignaturePng: user.signaturePng }
          : {}),
        updatedAt: nowIso(),
      })
      .where(eq(participations.id, participationId))
      .run();
    outbox.push(queueSignatoryEmail(tx, user, p, edition, actor, user.locale ?? person.locale ?? fallbackLocale));
    writeAudit(tx, {
      actorId: actor.id,
      action: "participation.nameSignatory",
      entityType: "participation",
      entityId: participationId,
      editionId: p.editionId,
      before: { signatoryUserId: p.signatoryUserId, signatoryName: p.signatoryName },
      after: { signatoryUserId: user.id, email: user.email, invited },
    });
    return { userId: user.id, invited };
  });
  await deliverOutbox(db, outbox);
  return result;
}

/** Sends the named signatory a fresh invitation while they have not activated their account. */
export async function resendSignatoryInvitation({
  db,
  actor,
  participationId,
  fallbackLocale,
}: {
  db: Db;
  actor: Acting;
  participationId: number;
  fallbackLocale: Locale;
}): Promise<{ email: string }> {
  const outbox: number[] = [];
  const email = db.transaction((tx) => {
    const p = tx.select().from(participations).where(eq(participations.id, participationId)).get();
    if (!p) throw new DomainError("editions:errors.notFound");
    const user = p.signatoryUserId ? tx.select().from(users).where(eq(users.id, p.signatoryUserId)).get() : undefined;
    if (!user) throw new DomainError("editions:errors.noSignatoryAccount");
    if (user.status !== "invited") throw new DomainError("editions:errors.signatoryActive");
    const edition = tx.select().from(editions).where(eq(editions.id, p.editionId)).get()!;
    outbox.push(queueSignatoryEmail(tx, user, p, edition, actor, fallbackLocale));
    writeAudit(tx, { actorId: actor.id, action: "user.reinvite", entityType: "user", entityId: user.id, editionId: p.editionId });
    return user.email;
  });
  await deliverOutbox(db, outbox);
  return { email };
}

/**
 * Unlinks the signatory's account from the participation (the printed name stays): its coordinators
 * approve on the signatory's behalf again. Approvals already given stay theirs.
 */
export function unlinkStateSignatory({ db, actor, participationId }: { db: Db; actor: Acting; participationId: number }): void {
  db.transaction((tx) => {
    const p = tx.select().from(participations).where(eq(participations.id, participationId)).get();
    if (!p) throw new DomainError("editions:errors.notFound");
    if (!p.signatoryUserId) throw new DomainError("editions:errors.noSignatoryAccount");
    tx.update(participations).set({ signatoryUserId: null, updatedAt: nowIso() }).where(eq(participations.id, participationId)).run();
    writeAudit(tx, {
      actorId: actor.id,
      action: "participation.unlinkSignatory",
      entityType: "participation",
      entityId: participationId,
      editionId: p.editionId,
      before: { signatoryUserId: p.signatoryUserId },
    });
  });
}

/** A state signatory's own signature, title and institution (from their account). */
export function ownStateSignature({ db, actor }: { db: Db; actor: Actor }) {
  const me = db
    .select({ name: users.name, title: users.signatoryTitle, institution: users.institution, png: users.signaturePng })
    .from(users)
    .where(eq(users.id, actor.id))
    .get();
  if (!me) throw new DomainError("certificates:errors.notFound");
  // before a first save, what the tutor entered for the state is the starting point
  const first = db
    .select({ title: participations.signatoryTitle, institution: participations.signatoryInstitution })
    .from(participations)
    .where(eq(participations.signatoryUserId, actor.id))
    .get();
  return { name: me.name, title: me.title ?? first?.title ?? null, institution: me.institution ?? first?.institution ?? null, png: me.png };
}

/**
 * A state signatory saves their own signature image, title and institution: kept on their account
 * and written to every state they sign for whose edition is not closed (what issued certificates
 * print is frozen in them). One transaction, audited.
 */
export function setOwnStateSignature({
  db,
  actor,
  title,
  institution,
  png: upload,
}: {
  db: Db;
  actor: Actor;
  title: string;
  institution: string;
  png: Uint8Array | null;
}): { states: number } {
  if (actor.role !== "signatory") throw new DomainError("certificates:errors.forbidden");
  const png = upload ? checkSignature(upload) : null; // only canonical bytes are stored
  return db.transaction((tx) => {
    const me = tx.select().from(users).where(eq(users.id, actor.id)).get();
    if (!me) throw new DomainError("certificates:errors.notFound");
    const image = png ? Buffer.from(png) : me.signaturePng;
    if (!image?.length) throw new DomainError("certificates:errors.signatureRequired", "signature");
    tx.update(users)
      .set({ signatoryTitle: title, institution, signaturePng: image, updatedAt: nowIso() })
      .where(eq(users.id, actor.id))
      .run();
    const open = tx
      .select({ id: participations.id, editionId: participations.editionId })
      .from(participations)
      .innerJoin(editions, eq(editions.id, participations.editionId))
      .where(and(eq(participations.signatoryUserId, actor.id), ne(editions.status, "closed")))
      .all();
    if (open.length) {
      tx.update(participations)
        .set({ signatoryName: me.name, signatoryTitle: title, signatoryInstitution: institution, signatorySignaturePng: image, updatedAt: nowIso() })
        .where(inArray(participations.id, open.map((o) => o.id)))
        .run();
    }
    for (const o of open) {
      writeAudit(tx, {
        actorId: actor.id,
        action: "signature.state.set",
        entityType: "participation",
        entityId: o.id,
        editionId: o.editionId,
        after: { name: me.name, title, institution, signature: png ? sha256Hex(png) : "unchanged" },
      });
    }
    return { states: open.length };
  });
}
