/** The signatories' signature images and titles, and who may sign for a state. */
import { eq } from "drizzle-orm";
import type { Db } from "~db/index.server";
import { participations, users } from "~db/schema";
import { canonicalPng, SIGNATURE_MAX } from "~certificates/png";
import { sha256Hex } from "~certificates/render";
import { type Actor, can } from "~/auth/permissions";
import { DomainError } from "../accounts.server";
import { writeAudit } from "../audit.server";
import { loadParticipation } from "./shared.server";

export const MAX_SIGNATURE_BYTES = 500 * 1024;

// ---------------------------------------------------------------------------------------------
// Signatures

/**
 * A signature image as it may be stored: fully decoded and re-encoded to canonical PNG bytes
 * (certificates/png.ts). Only the returned bytes are stored, never the upload itself.
 */
export function checkSignature(png: Uint8Array): Uint8Array {
  const checked = canonicalPng(png, { maxBytes: MAX_SIGNATURE_BYTES, maxWidth: SIGNATURE_MAX.width, maxHeight: SIGNATURE_MAX.height });
  if (checked.ok) return checked.png;
  if (checked.reason === "tooLarge") throw new DomainError("certificates:errors.signatureTooLarge", "signature", { kb: 500 });
  if (checked.reason === "corrupt") throw new DomainError("certificates:errors.signatureCorrupt", "signature");
  throw new DomainError("certificates:errors.signatureNotPng", "signature");
}

/** The institute signatory's own signature image and title (a tutor or an admin, for themself). */
export function setInstituteSignature({
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
}): void {
  if (actor.role !== "tutor" && actor.role !== "admin") throw new DomainError("certificates:errors.forbidden");
  const png = upload ? checkSignature(upload) : null; // only canonical bytes are stored
  db.transaction((tx) => {
    const before = tx.select().from(users).where(eq(users.id, actor.id)).get();
    if (!png && !before?.signaturePng?.length) throw new DomainError("certificates:errors.signatureRequired", "signature");
    tx.update(users)
      .set({
        signatoryTitle: title,
        institution,
        ...(png ? { signaturePng: Buffer.from(png) } : {}),
        updatedAt: new Date().toISOString(),
      })
      .where(eq(users.id, actor.id))
      .run();
    writeAudit(tx, {
      actorId: actor.id,
      action: "signature.institute.set",
      entityType: "user",
      entityId: actor.id,
      before: { title: before?.signatoryTitle, institution: before?.institution },
      after: { title, institution, signature: png ? sha256Hex(png) : "unchanged" },
    });
  });
}

/**
 * Who may sign for a state (permission `certificate.approveState`): the named signatory through their
 * own account when one is linked to the participation; otherwise its coordinators, on the named
 * signatory's behalf (the certificate then says "approved by X on behalf of Y").
 */
export function maySignForState(actor: Actor, participation: { id: number; editionId: number; signatoryUserId: number | null }): boolean {
  return can(actor, "certificate.approveState", {
    type: "participation",
    editionId: participation.editionId,
    participationId: participation.id,
    signatoryUserId: participation.signatoryUserId,
  });
}

/** The state signatory's name, title, institution and signature image. */
export function setStateSignatory({
  db,
  actor,
  participationId,
  name,
  title,
  institution,
  png: upload,
}: {
  db: Db;
  actor: Actor;
  participationId: number;
  name: string;
  title: string;
  institution: string;
  png: Uint8Array | null;
}): void {
  const png = upload ? checkSignature(upload) : null; // only canonical bytes are stored
  db.transaction((tx) => {
    const p = loadParticipation(tx, participationId);
    if (!maySignForState(actor, p)) throw new DomainError("certificates:errors.forbidden");
    if (!png && !p.signatorySignaturePng?.length) throw new DomainError("certificates:errors.signatureRequired", "signature");
    tx.update(participations)
      .set({
        signatoryName: name,
        signatoryTitle: title,
        signatoryInstitution: institution,
        ...(png ? { signatorySignaturePng: Buffer.from(png) } : {}),
        updatedAt: new Date().toISOString(),
      })
      .where(eq(participations.id, participationId))
      .run();
    writeAudit(tx, {
      actorId: actor.id,
      action: "signature.state.set",
      entityType: "participation",
      entityId: participationId,
      editionId: p.editionId,
      before: { name: p.signatoryName, title: p.signatoryTitle, institution: p.signatoryInstitution },
      after: { name, title, institution, signature: png ? sha256Hex(png) : "unchanged" },
    });
  });
}

