/** The two signatories' approvals of eligible trainees. */
import { eq } from "drizzle-orm";
import type { Db } from "~db/index.server";
import { certificateApprovals, type SigningParty, users } from "~db/schema";
import type { Actor } from "~/auth/permissions";
import { DomainError } from "../accounts.server";
import { writeAudit } from "../audit.server";
import { certificateBoard } from "./board.server";
import { loadEdition, loadParticipation } from "./shared.server";
import { maySignForState } from "./signatures.server";

// ---------------------------------------------------------------------------------------------
// Approvals

/**
 * One signatory approves the eligible trainees of an edition (institute: optionally one state)
 * or of their state. Only trainees eligible right now are approved; approving twice is harmless.
 */
export function approveCertificates({
  db,
  actor,
  editionId,
  party,
  participationId,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  editionId: number;
  party: SigningParty;
  participationId?: number;
  now?: Date;
}): { approved: number } {
  const { edition } = loadEdition(db, editionId);
  if (party === "institute") {
    if (edition.instituteSignatoryId !== actor.id) throw new DomainError("certificates:errors.notInstituteSignatory");
    const me = db.select().from(users).where(eq(users.id, actor.id)).get();
    if (!me?.signaturePng?.length || !me.signatoryTitle || !me.institution) {
      throw new DomainError("certificates:errors.instituteSignatureMissing");
    }
  } else {
    if (!participationId) throw new DomainError("certificates:errors.notFound");
    const p = loadParticipation(db, participationId);
    if (p.editionId !== editionId || !maySignForState(actor, p)) throw new DomainError("certificates:errors.forbidden");
    if (!p.signatorySignaturePng?.length || !p.signatoryName || !p.signatoryTitle || !p.signatoryInstitution) {
      throw new DomainError("certificates:errors.stateSignatureMissing");
    }
  }
  const board = certificateBoard(db, { editionId, participationId });
  const at = now.toISOString();
  let approved = 0;
  db.transaction((tx) => {
    for (const state of board.states) {
      for (const row of state.trainees) {
        // a revoked trainee is re-issued only deliberately, never by a bulk approval
        if (!row.eligible || row.approvals[party] || row.stage === "revoked") continue;
        const inserted = tx
          .insert(certificateApprovals)
          .values({ enrolmentId: row.enrolmentId, party, approvedBy: actor.id, approvedAt: at })
          .onConflictDoNothing()
          .run();
        if (inserted.changes === 0) continue;
        approved++;
        writeAudit(tx, {
          actorId: actor.id,
          action: "certificate.approve",
          entityType: "enrolment",
          entityId: row.enrolmentId,
          editionId,
          after: { party },
        });
      }
    }
  });
  return { approved };
}

