/**
 * The route guards: every loader and action that is not public starts with one of these.
 *
 * One policy for every route:
 * - not signed in → redirect to sign-in (and back afterwards);
 * - a platform or institute (staff-only) action and the person is not allowed it → 403, decided
 *   before any lookup, so it reveals nothing;
 * - a malformed or unknown id, an id of another edition than the URL's, or a record outside the
 *   person's scope (another state, another trainee, another edition) → 404, so that ids cannot be
 *   probed.
 *
 * Each guard takes `(request, params, action)`, reads its ids from the route's params with the one
 * id parser, loads the record through the domain and asks the permission module.
 */
import { type Action, ACTIONS, type Actor, can, type Resource, refusedByRole } from "~/auth/permissions";
import { requireUser } from "~/auth/session.server";
import { findCertificate } from "~/domain/certificates.server";
import { getEdition, getParticipation } from "~/domain/editions.server";
import { findOnlineEdition, findStudyEnrolment } from "~/domain/online-access.server";

export type RouteParams = Readonly<Record<string, string | undefined>>;

/** A positive integer id from a URL segment or a form field, or null. */
export function parseId(raw: unknown): number | null {
  if (typeof raw !== "string" || !/^[1-9]\d{0,9}$/.test(raw)) return null;
  const id = Number(raw);
  return id <= Number.MAX_SAFE_INTEGER ? id : null;
}

export const notFound = () => new Response("Not found", { status: 404 });
export const forbidden = () => new Response("Forbidden", { status: 403 });

/** The ids a record carries, from which the resource of any action's type is built. */
interface Scope {
  editionId: number;
  participationId?: number;
  enrolmentId?: number;
  userId?: number;
  signatoryUserId?: number | null;
}

function resourceFor(action: Action, s: Scope): Resource | null {
  switch (ACTIONS[action]) {
    case "platform":
      return { type: "platform" };
    case "edition":
      return { type: "edition", editionId: s.editionId };
    case "participation":
      return s.participationId == null
        ? null
        : { type: "participation", editionId: s.editionId, participationId: s.participationId, signatoryUserId: s.signatoryUserId };
    case "enrolment":
      return s.participationId == null || s.enrolmentId == null || s.userId == null
        ? null
        : { type: "enrolment", editionId: s.editionId, participationId: s.participationId, enrolmentId: s.enrolmentId, userId: s.userId };
    case "certificate":
      return s.participationId == null || s.userId == null
        ? null
        : { type: "certificate", editionId: s.editionId, participationId: s.participationId, userId: s.userId };
  }
}

/** The role check before any lookup (403). */
function checkRole(actor: Actor, action: Action): void {
  if (refusedByRole(actor, action)) throw forbidden();
}

/** The record check after the lookup (404), including that the URL's edition is the record's. */
function checkScope(actor: Actor, action: Action, params: RouteParams, scope: Scope): void {
  if (params.editionId !== undefined && parseId(params.editionId) !== scope.editionId) throw notFound();
  const resource = resourceFor(action, scope);
  if (!resource || !can(actor, action, resource)) throw notFound();
}

/** Signed in and allowed a platform-wide action (403 otherwise). */
export async function requirePermission(request: Request, action: Action) {
  const ctx = await requireUser(request);
  if (!can(ctx.actor, action, { type: "platform" })) throw forbidden();
  return ctx;
}

/** The edition of `params.editionId`, for a person allowed `action` on it. */
export async function requireEdition(request: Request, params: RouteParams, action: Action) {
  const ctx = await requireUser(request);
  checkRole(ctx.actor, action);
  const id = parseId(params.editionId);
  const edition = id ? findOnlineEdition(ctx.db, id) : null;
  const found = id ? getEdition(ctx.db, id) : undefined;
  if (!edition || !found) throw notFound();
  checkScope(ctx.actor, action, params, { editionId: edition.id });
  return { ...ctx, edition, found };
}

/** The participation (one state in one edition) of `params.participationId`, for a person allowed `action` on it. */
export async function requireParticipation(request: Request, params: RouteParams, action: Action) {
  const ctx = await requireUser(request);
  checkRole(ctx.actor, action);
  const id = parseId(params.participationId);
  const participation = id ? getParticipation(ctx.db, id) : undefined;
  if (!participation) throw notFound();
  checkScope(ctx.actor, action, params, {
    editionId: participation.editionId,
    participationId: participation.id,
    signatoryUserId: participation.signatoryUserId,
  });
  const found = getEdition(ctx.db, participation.editionId);
  if (!found) throw notFound();
  return { ...ctx, participation, edition: found.edition, courseSlug: found.courseSlug };
}

/** The enrolment of `params.enrolmentId` (with its edition), for a person allowed `action` on it. */
export async function requireEnrolment(request: Request, params: RouteParams, action: Action) {
  const ctx = await requireUser(request);
  checkRole(ctx.actor, action);
  const id = parseId(params.enrolmentId);
  const enrolment = id ? findStudyEnrolment(ctx.db, id) : null;
  if (!enrolment) throw notFound();
  checkScope(ctx.actor, action, params, {
    editionId: enrolment.editionId,
    participationId: enrolment.participationId,
    enrolmentId: enrolment.enrolmentId,
    userId: enrolment.userId,
  });
  return { ...ctx, enrolment };
}

/** The certificate of `params.serial`, for a person allowed `action` on it. */
export async function requireCertificate(request: Request, params: RouteParams, action: Action) {
  const ctx = await requireUser(request);
  checkRole(ctx.actor, action);
  const serial = params.serial ?? "";
  const found = serial.length > 0 && serial.length <= 100 ? findCertificate(ctx.db, serial) : undefined;
  if (!found) throw notFound();
  checkScope(ctx.actor, action, params, { editionId: found.editionId, participationId: found.participationId, userId: found.userId });
  return { ...ctx, found, may: (other: Action) => can(ctx.actor, other, resourceFor(other, found) ?? { type: "platform" }) };
}

/** Whether the signed-in person may also do `other` on the same record (to show or hide a control). */
export function mayOn(actor: Actor, other: Action, scope: Scope): boolean {
  const resource = resourceFor(other, scope);
  return !!resource && can(actor, other, resource);
}
