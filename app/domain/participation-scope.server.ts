import { getEdition, getParticipation } from "~/domain/editions.server";
import { authorize, requireUser } from "~/auth/session.server";
import type { Action } from "~/auth/permissions";

/**
 * Loads a participation from a URL id and checks the actor may act on it. Another state's or another
 * edition's participation answers 404, so that ids reveal nothing.
 */
export async function requireParticipation(request: Request, participationId: string | undefined, action: Action) {
  const ctx = await requireUser(request);
  const id = Number(participationId);
  const participation = Number.isInteger(id) ? getParticipation(ctx.db, id) : undefined;
  if (!participation) throw new Response("Not found", { status: 404 });
  authorize(ctx.actor, action, { type: "participation", editionId: participation.editionId, participationId: participation.id }, { hide: true });
  const found = getEdition(ctx.db, participation.editionId)!;
  return { ...ctx, participation, edition: found.edition, courseSlug: found.courseSlug };
}
