/**
 * The one way a certificate row comes to exist, for a first issue and for a re-issue alike.
 *
 * The PDF is rendered (async) BEFORE the transaction; then one synchronous transaction
 * (1) advances the state's serial counter only if nobody else did meanwhile (compare-and-set),
 * (2) runs the caller's `before` (a re-issue revokes the old certificate there), (3) inserts the
 * certificate (a partial unique index allows one valid certificate per enrolment) and (4) runs the
 * caller's `after` (audit entries, queued e-mails). A crash before the commit leaves nothing; a
 * crash after leaves a whole certificate. When another issue took the serial, or issued this
 * trainee, between the read and the commit, everything is read again.
 */
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "~db/index.server";
import { certificates, participations } from "~db/schema";
import { sha256Hex } from "~certificates/render";
import { deliverOutbox } from "~/mail.server";
import { newVerificationCode, serialOf } from "./codes.server";
import { credentialForIssue } from "./credential.server";
import { currentRenderContext, withTexts } from "./render.server";
import { renderStoredOffThread } from "./issue-worker.server";
import { isUniqueViolation, SerialTaken } from "./shared.server";

/** What a certificate says, before it has a serial and a verification code. */
export type CertificateDraft = Pick<
  typeof certificates.$inferInsert,
  | "enrolmentId"
  | "traineeName"
  | "stateCode"
  | "locale"
  | "bilingual"
  | "issuedOn"
  | "onlineHours"
  | "faceToFaceHours"
  | "instituteSignatory"
  | "stateSignatory"
>;

export interface Claim<T> {
  participationId: number;
  /** The state's serial counter as read now; the new certificate takes the next number. */
  certificateSeq: number;
  course: { code: string; slug: string };
  edition: { name: string; code: string | null };
  draft: CertificateDraft;
  issuedBy: number;
  at: string;
  /** In the transaction, before the insert. */
  before?: (tx: Tx) => void;
  /** In the transaction, after the insert: audit entries, e-mails to send once committed. */
  after: (tx: Tx, inserted: { id: number; serial: string; sha256: string; verifyUrl: string }) => { result: T; outbox?: number[] };
}

export async function claimSerialAndInsert<T>({
  db,
  what,
  next,
}: {
  db: Db;
  /** For the error when contention never ends. */
  what: string;
  /** Reads the current state: a claim to try, or a final answer (e.g. already issued). */
  next: () => Claim<T> | { done: T };
}): Promise<T> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const claim = next();
    if ("done" in claim) return claim.done;
    const seq = claim.certificateSeq + 1;
    const record = {
      ...claim.draft,
      serial: serialOf(claim.course.code, claim.edition, claim.draft.stateCode, seq),
      verificationCode: newVerificationCode(),
    };
    const ctx = withTexts(record, currentRenderContext(claim.course.slug, claim.edition.name, record.stateCode, record.verificationCode));
    // drawn in the worker thread (render-worker.server.ts): the main thread only waits for the bytes
    const sha256 = sha256Hex(await renderStoredOffThread(record, ctx));
    // the Verifiable Credential, signed by the institute's and the state's keys (ADR 006); its status
    // list index is unique: taken meanwhile, the claim is retried like a taken serial
    const { statusListIndex, credential } = await credentialForIssue({
      db,
      record,
      sha256,
      context: ctx,
      courseCode: claim.course.code,
      issuedAt: new Date(claim.at),
    });
    // signing is CPU work whose awaits resolve as microtasks (no I/O): give the event loop a turn after it
    await turn();
    try {
      const { result, outbox = [] } = db.transaction((tx) => {
        const bumped = tx
          .update(participations)
          .set({ certificateSeq: seq })
          .where(and(eq(participations.id, claim.participationId), eq(participations.certificateSeq, seq - 1)))
          .run();
        if (bumped.changes !== 1) throw new SerialTaken();
        claim.before?.(tx);
        const row = tx
          .insert(certificates)
          .values({ ...record, sha256, renderContext: ctx, statusListIndex, credential, status: "valid", issuedBy: claim.issuedBy, createdAt: claim.at })
          .returning({ id: certificates.id })
          .get();
        return claim.after(tx, { id: row.id, serial: record.serial, sha256, verifyUrl: ctx.verifyUrl });
      });
      await deliverOutbox(db, outbox);
      return result;
    } catch (err) {
      if (err instanceof SerialTaken || isUniqueViolation(err)) continue;
      throw err;
    }
  }
  throw new Error(`could not issue a certificate for ${what}: too much contention`);
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
