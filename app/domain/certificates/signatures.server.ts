/** The signatories' signature images and titles, and who may sign for a state. */
import { eq } from "drizzle-orm";
import type { Db } from "~db/index.server";
import { participations, users } from "~db/schema";
import { assertPng, sha256Hex } from "~certificates/render";
import { type Actor, can } from "~/auth/permissions";
import { DomainError } from "../accounts.server";
import { writeAudit } from "../audit.server";
import { loadParticipation } from "./shared.server";

export const MAX_SIGNATURE_BYTES = 500 * 1024;

// ---------------------------------------------------------------------------------------------
// Signatures

function checkSignature(png: Uint8Array): void {
  if (png.length > MAX_SIGNATURE_BYTES) throw new DomainError("certificates:errors.signatureTooLarge", "signature", { kb: 500 });
  let ok = false;
  try {
    ok = assertPng(png);
  } catch {
    ok = false;
  }
  if (!ok) throw new DomainError("certificates:errors.signatureNotPng", "signature");
}

/** The institute signatory's own signature image and title (a tutor or an admin, for themself). */
export function setInstituteSignature({
  db,
  actor,
  title,
  institution,
  png,
}: {
  db: Db;
  actor: Actor;
  title: string;
  institution: string;
  png: Uint8Array | null;
}): void {
  if (actor.role !== "tutor" && actor.role !== "admin") throw new DomainError("certificates:errors.forbidden");
  if (png) checkSignature(png);
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

/** Who may sign for a state: its coordinator (acting for the named signatory) or the named signatory's own account. */
export function maySignForState(actor: Actor, participation: { id: number; editionId: number; signatoryUserId: number | null }): boolean {
  return (
    can(actor, "participation.signOff", { type: "participation", editionId: participation.editionId, participationId: participation.id }) ||
    participation.signatoryUserId === actor.id
  );
}


/** The state signatory's name, title, institution and signature image. */
export function setStateSignatory({
  db,
  actor,
  participationId,
  name,
  title,
  institution,
  png,
}: {
  db: Db;
  actor: Actor;
  participationId: number;
  name: string;
  title: string;
  institution: string;
  png: Uint8Array | null;
}): void {
  if (png) checkSignature(png);
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

