import type { Db, Tx } from "~db/index.server";
import { auditLog } from "~db/schema";

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId?: number | null;
  editionId?: number | null;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit entry. Call it inside the transaction that makes the change. */
export function writeAudit(tx: Tx | Db, entry: AuditEntry): void {
  tx.insert(auditLog)
    .values({
      at: new Date().toISOString(),
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      editionId: entry.editionId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
    })
    .run();
}
