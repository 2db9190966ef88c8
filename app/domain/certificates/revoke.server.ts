/** Revocation and re-issue with a corrected name. */
import { and, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "~db/index.server";
import { certificates, enrolments, users } from "~db/schema";
import { type Actor, can } from "~/auth/permissions";
import { deliverOutbox } from "~/mail.server";
import { DomainError, publicUrl } from "../accounts.server";
import { writeAudit } from "../audit.server";
import { claimSerialAndInsert } from "./claim.server";
import { issueDay } from "./codes.server";
import { loadEdition, loadParticipation, queueCertificateEmail } from "./shared.server";

// ---------------------------------------------------------------------------------------------
// Revocation and re-issue

export function findCertificate(db: Db | Tx, serial: string) {
  return db
    .select({
      certificate: certificates,
      editionId: enrolments.editionId,
      participationId: enrolments.participationId,
      userId: enrolments.userId,
    })
    .from(certificates)
    .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
    .where(eq(certificates.serial, serial))
    .get();
}

/** A certificate of this edition by its serial, or undefined (also for another edition's serial). */
export function findEditionCertificate(db: Db | Tx, editionId: number, serial: string) {
  const found = findCertificate(db, serial);
  return found && found.editionId === editionId ? found : undefined;
}

/** The serial if it names a certificate of this edition (for notices built from the URL), else null. */
export function serialInEdition(db: Db, editionId: number, serial: string | null): string | null {
  return serial && findEditionCertificate(db, editionId, serial) ? serial : null;
}

export async function revokeCertificate({
  db,
  actor,
  editionId,
  serial,
  reason,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  /** The edition of the page the request came from: another edition's serial is not found. */
  editionId: number;
  serial: string;
  reason: string;
  now?: Date;
}): Promise<void> {
  const outbox: number[] = [];
  db.transaction((tx) => {
    const found = findEditionCertificate(tx, editionId, serial);
    if (!found) throw new DomainError("certificates:errors.notFound");
    if (!can(actor, "certificate.revoke", { type: "certificate", ...found })) throw new DomainError("certificates:errors.forbidden");
    if (found.certificate.status !== "valid") throw new DomainError("certificates:errors.alreadyRevoked");
    const at = now.toISOString();
    tx.update(certificates)
      .set({ status: "revoked", revokedAt: at, revokedReason: reason, revokedBy: actor.id })
      .where(and(eq(certificates.id, found.certificate.id), eq(certificates.status, "valid")))
      .run();
    writeAudit(tx, {
      actorId: actor.id,
      action: "certificate.revoke",
      entityType: "certificate",
      entityId: found.certificate.id,
      editionId: found.editionId,
      before: { status: "valid" },
      after: { status: "revoked", reason },
    });
    const trainee = tx.select().from(users).where(eq(users.id, found.userId)).get()!;
    outbox.push(
      queueCertificateEmail(tx, "revoked", trainee, {
        serial,
        reason,
        verifyUrl: publicUrl(`/verify/${found.certificate.verificationCode}`),
      }, found.certificate.enrolmentId),
    );
  });
  await deliverOutbox(db, outbox);
}

/**
 * Corrects the trainee's name and re-issues: a new certificate (new serial, new code, same
 * signatories and hours), the old one revoked with the reason and pointing to the new one.
 * On a revoked certificate that nothing replaced, this is the deliberate re-issue that brings
 * the trainee back (revocation takes them out of bulk issuing).
 */
export async function reissueCertificate({
  db,
  actor,
  editionId,
  serial,
  traineeName,
  reason,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  /** The edition of the page the request came from: another edition's serial is not found. */
  editionId: number;
  serial: string;
  traineeName: string;
  reason: string;
  now?: Date;
}): Promise<{ serial: string }> {
  const name = traineeName.normalize("NFC").replace(/\s+/g, " ").trim();
  return claimSerialAndInsert({
    db,
    what: serial,
    next: () => {
      const found = findEditionCertificate(db, editionId, serial);
      if (!found) throw new DomainError("certificates:errors.notFound");
      if (!can(actor, "certificate.revoke", { type: "certificate", ...found })) throw new DomainError("certificates:errors.forbidden");
      const old = found.certificate;
      // nobody may re-issue under a name the holder asked to have erased (docs/decisions/012)
      if (old.holderErasedAt) throw new DomainError("certificates:errors.holderErased");
      // A valid certificate is revoked and replaced; a revoked one that nothing replaced yet is
      // deliberately issued anew (the only way back into issuing after a revocation).
      if (old.status !== "valid" && old.replacedById != null) throw new DomainError("certificates:errors.alreadyRevoked");
      const wasValid = old.status === "valid";
      if (!wasValid) {
        const current = db
          .select({ id: certificates.id })
          .from(certificates)
          .where(and(eq(certificates.enrolmentId, old.enrolmentId), eq(certificates.status, "valid")))
          .get();
        if (current) throw new DomainError("certificates:errors.alreadyRevoked");
      }
      const participation = loadParticipation(db, found.participationId);
      const { edition, course } = loadEdition(db, found.editionId);
      const trainee = db.select().from(users).where(eq(users.id, found.userId)).get()!;
      const at = now.toISOString();
      return {
        participationId: participation.id,
        certificateSeq: participation.certificateSeq,
        course,
        edition,
        draft: {
          enrolmentId: old.enrolmentId,
          traineeName: name,
          stateCode: old.stateCode,
          locale: trainee.locale ?? old.locale,
          bilingual: old.bilingual,
          issuedOn: issueDay(now, edition.timeZone),
          onlineHours: old.onlineHours,
          faceToFaceHours: old.faceToFaceHours,
          instituteSignatory: old.instituteSignatory,
          stateSignatory: old.stateSignatory,
        },
        issuedBy: actor.id,
        at,
        before: (tx) => {
          if (!wasValid) return;
          const revoked = tx
            .update(certificates)
            .set({ status: "revoked", revokedAt: at, revokedReason: reason, revokedBy: actor.id })
            .where(and(eq(certificates.id, old.id), eq(certificates.status, "valid")))
            .run();
          if (revoked.changes !== 1) throw new DomainError("certificates:errors.alreadyRevoked");
        },
        after: (tx, inserted) => {
          const linked = tx
            .update(certificates)
            .set({ replacedById: inserted.id })
            .where(and(eq(certificates.id, old.id), isNull(certificates.replacedById)))
            .run();
          if (linked.changes !== 1) throw new DomainError("certificates:errors.alreadyRevoked");
          if (trainee.name !== name) {
            tx.update(users).set({ name, updatedAt: at }).where(eq(users.id, trainee.id)).run();
            writeAudit(tx, {
              actorId: actor.id,
              action: "user.correctName",
              entityType: "user",
              entityId: trainee.id,
              before: { name: trainee.name },
              after: { name },
            });
          }
          if (wasValid) {
            writeAudit(tx, {
              actorId: actor.id,
              action: "certificate.revoke",
              entityType: "certificate",
              entityId: old.id,
              editionId: edition.id,
              before: { status: "valid" },
              after: { status: "revoked", reason, replacedBy: inserted.serial },
            });
          }
          writeAudit(tx, {
            actorId: actor.id,
            action: "certificate.reissue",
            entityType: "certificate",
            entityId: inserted.id,
            editionId: edition.id,
            before: { serial: old.serial, traineeName: old.traineeName },
            after: { serial: inserted.serial, enrolmentId: old.enrolmentId, sha256: inserted.sha256, traineeName: name },
          });
          const outbox = [
            queueCertificateEmail(tx, "reissued", { ...trainee, name }, {
              oldSerial: old.serial,
              serial: inserted.serial,
              reason,
              url: publicUrl(`/learning/${old.enrolmentId}/certificate`),
              verifyUrl: inserted.verifyUrl,
            }, old.enrolmentId),
          ];
          return { result: { serial: inserted.serial }, outbox };
        },
      };
    },
  });
}

