import type { Role } from "~/vocabulary";

/**
 * The one permission module. Loaders and actions call `can()` (through `authorize()` on the
 * server); the UI may call it too, but only to hide what the server would refuse anyway.
 */
export interface Actor {
  id: number;
  role: Role;
  /** Participations (one state in one edition) this person coordinates. */
  coordinations: { participationId: number; editionId: number }[];
  /** This person's own enrolments. */
  enrolments: { enrolmentId: number; editionId: number; participationId: number }[];
}

export type Resource =
  | { type: "platform" }
  | { type: "edition"; editionId: number }
  | { type: "participation"; editionId: number; participationId: number; signatoryUserId?: number | null }
  | { type: "enrolment"; editionId: number; participationId: number; enrolmentId: number; userId: number }
  | { type: "certificate"; editionId: number; participationId: number; userId: number };

export const ACTIONS = {
  // platform
  "users.manage": "platform",
  "outbox.read": "platform",
  "editions.list": "platform",
  "editions.create": "platform",
  "coordination.home": "platform",
  "learning.home": "platform",
  /** The audit trail: staff read all of it, a coordinator the entries about their states (filtered in the query). */
  "audit.read": "platform",
  // one edition
  "edition.view": "edition",
  "edition.manage": "edition",
  "edition.progress": "edition",
  "edition.grade": "edition",
  "edition.certify": "edition",
  // one participation (a state in an edition)
  "participation.view": "participation",
  "participation.manage": "participation",
  "participation.nominate": "participation",
  "participation.assess": "participation",
  "participation.signOff": "participation",
  "participation.reopen": "participation",
  /** A state's certificate page: its coordinators, staff, and the state's named signatory. */
  "participation.certificates": "participation",
  // one enrolment
  "enrolment.view": "enrolment",
  "enrolment.study": "enrolment",
  // certificates
  "certificate.download": "certificate",
  "certificate.revoke": "certificate",
} as const satisfies Record<string, Resource["type"]>;

export type Action = keyof typeof ACTIONS;

const isStaff = (a: Actor) => a.role === "admin" || a.role === "tutor";
const coordinates = (a: Actor, participationId: number) =>
  a.role === "coordinator" && a.coordinations.some((c) => c.participationId === participationId);
const coordinatesIn = (a: Actor, editionId: number) =>
  a.role === "coordinator" && a.coordinations.some((c) => c.editionId === editionId);
const enrolledIn = (a: Actor, editionId: number) => a.enrolments.some((e) => e.editionId === editionId);

export function can(actor: Actor | null, action: Action, resource: Resource): boolean {
  if (!actor) return false;
  if (ACTIONS[action] !== resource.type) return false;
  switch (action) {
    case "users.manage":
    case "outbox.read":
      return actor.role === "admin";
    case "coordination.home":
      return actor.role === "coordinator";
    case "learning.home":
      return actor.role === "trainee";
    case "audit.read":
      return isStaff(actor) || actor.role === "coordinator";
    case "editions.list":
    case "editions.create":
    case "edition.manage":
    case "edition.progress":
    case "edition.grade":
    case "edition.certify":
    case "participation.manage":
    case "participation.reopen":
    case "certificate.revoke":
      return isStaff(actor);
    case "edition.view": {
      const r = resource as Extract<Resource, { type: "edition" }>;
      return isStaff(actor) || coordinatesIn(actor, r.editionId) || enrolledIn(actor, r.editionId);
    }
    case "participation.view":
    case "participation.nominate": {
      const r = resource as Extract<Resource, { type: "participation" }>;
      return isStaff(actor) || coordinates(actor, r.participationId);
    }
    case "participation.certificates": {
      const r = resource as Extract<Resource, { type: "participation" }>;
      return isStaff(actor) || coordinates(actor, r.participationId) || (r.signatoryUserId != null && r.signatoryUserId === actor.id);
    }
    case "participation.assess":
    case "participation.signOff": {
      const r = resource as Extract<Resource, { type: "participation" }>;
      return coordinates(actor, r.participationId);
    }
    case "enrolment.view": {
      const r = resource as Extract<Resource, { type: "enrolment" }>;
      return isStaff(actor) || coordinates(actor, r.participationId) || r.userId === actor.id;
    }
    case "enrolment.study": {
      const r = resource as Extract<Resource, { type: "enrolment" }>;
      return actor.role === "trainee" && r.userId === actor.id && actor.enrolments.some((e) => e.enrolmentId === r.enrolmentId);
    }
    case "certificate.download": {
      const r = resource as Extract<Resource, { type: "certificate" }>;
      return isStaff(actor) || coordinates(actor, r.participationId) || r.userId === actor.id;
    }
  }
}

/**
 * The guards' 403 question, asked before any lookup: is `action` reserved to roles this person does
 * not have, whatever the record? True for platform actions and the institute's (staff) actions,
 * whose URLs reveal nothing. Actions scoped to a state or a person (a participation, an enrolment,
 * a certificate) answer false here: a refusal there is a 404, so that ids cannot be probed.
 */
export function refusedByRole(actor: Actor, action: Action): boolean {
  switch (action) {
    case "users.manage":
    case "outbox.read":
    case "coordination.home":
    case "learning.home":
    case "audit.read":
    case "editions.list":
    case "editions.create":
      return !can(actor, action, { type: "platform" });
    case "edition.manage":
    case "edition.progress":
    case "edition.grade":
    case "edition.certify":
    case "participation.manage":
    case "participation.reopen":
    case "certificate.revoke":
      return !isStaff(actor);
    default:
      return false;
  }
}
