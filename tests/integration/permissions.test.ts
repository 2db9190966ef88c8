import { describe, expect, it } from "vitest";
import { ACTIONS, type Action, type Actor, can, type Resource } from "~/auth/permissions";

// A small world: edition 1 with participations 10 (UY) and 11 (CL); edition 2 with participation 20.
const admin: Actor = { id: 1, role: "admin", coordinations: [], enrolments: [] };
const tutor: Actor = { id: 2, role: "tutor", coordinations: [], enrolments: [] };
const coordinator: Actor = { id: 3, role: "coordinator", coordinations: [{ participationId: 10, editionId: 1 }], enrolments: [] };
const trainee: Actor = { id: 4, role: "trainee", coordinations: [], enrolments: [{ enrolmentId: 100, editionId: 1, participationId: 10 }] };
/** A state's named signatory with their own account (issue 12, point 5): signs participation 10 only. */
const signatory: Actor = { id: 6, role: "signatory", coordinations: [], enrolments: [] };
const actors = { admin, tutor, coordinator, trainee, signatory, anonymous: null } as const;
type Who = keyof typeof actors;

const platform: Resource = { type: "platform" };
const edition1: Resource = { type: "edition", editionId: 1 };
const edition2: Resource = { type: "edition", editionId: 2 };
const ownState: Resource = { type: "participation", editionId: 1, participationId: 10 };
const otherState: Resource = { type: "participation", editionId: 1, participationId: 11 };
/** UY, whose named signatory (id 6) has an account. */
const ownStateSigned: Resource = { type: "participation", editionId: 1, participationId: 10, signatoryUserId: 6 };
/** CL, whose named signatory is someone else's account. */
const otherStateSigned: Resource = { type: "participation", editionId: 1, participationId: 11, signatoryUserId: 7 };
const otherEdition: Resource = { type: "participation", editionId: 2, participationId: 20 };
const ownEnrolment: Resource = { type: "enrolment", editionId: 1, participationId: 10, enrolmentId: 100, userId: 4 };
const otherEnrolment: Resource = { type: "enrolment", editionId: 1, participationId: 11, enrolmentId: 101, userId: 5 };
const ownCertificate: Resource = { type: "certificate", editionId: 1, participationId: 10, userId: 4 };
const otherCertificate: Resource = { type: "certificate", editionId: 1, participationId: 11, userId: 5 };

// [action, resource, the roles allowed]; every other role is denied. ARCHITECTURE.md's role table.
const table: [Action, Resource, Who[]][] = [
  ["users.manage", platform, ["admin"]],
  ["outbox.read", platform, ["admin"]],
  ["editions.list", platform, ["admin", "tutor"]],
  ["editions.create", platform, ["admin", "tutor"]],
  ["legacy.import", platform, ["admin", "tutor"]],
  ["coordination.home", platform, ["coordinator"]],
  ["learning.home", platform, ["trainee"]],
  ["audit.read", platform, ["admin", "tutor", "coordinator"]],
  ["signing.home", platform, ["signatory"]],
  ["signature.own", platform, ["admin", "tutor", "signatory"]],
  ["edition.view", edition1, ["admin", "tutor", "coordinator", "trainee"]],
  ["edition.view", edition2, ["admin", "tutor"]],
  ["edition.manage", edition1, ["admin", "tutor"]],
  ["edition.progress", edition1, ["admin", "tutor"]],
  ["edition.grade", edition1, ["admin", "tutor"]],
  ["edition.certify", edition1, ["admin", "tutor"]],
  ["participation.view", ownState, ["admin", "tutor", "coordinator"]],
  ["participation.view", otherState, ["admin", "tutor"]],
  ["participation.view", otherEdition, ["admin", "tutor"]],
  ["participation.manage", ownState, ["admin", "tutor"]],
  ["participation.nominate", ownState, ["admin", "tutor", "coordinator"]],
  ["participation.nominate", otherState, ["admin", "tutor"]],
  ["participation.nominate", otherEdition, ["admin", "tutor"]],
  ["participation.assess", ownState, ["coordinator"]],
  ["participation.assess", otherState, []],
  ["participation.signOff", ownState, ["coordinator"]],
  ["participation.signOff", otherEdition, []],
  ["participation.reopen", ownState, ["admin", "tutor"]],
  ["participation.certificates", ownState, ["admin", "tutor", "coordinator"]],
  ["participation.certificates", otherState, ["admin", "tutor"]],
  // the state's named signatory (here the trainee's id, any account) sees the state's certificate page
  ["participation.certificates", { ...otherState, signatoryUserId: 4 } as Resource, ["admin", "tutor", "trainee"]],
  // a signatory's account: its own state's certificate page and approval, nothing else of the coordinator's
  ["participation.certificates", ownStateSigned, ["admin", "tutor", "coordinator", "signatory"]],
  ["participation.certificates", otherStateSigned, ["admin", "tutor"]],
  ["participation.view", ownStateSigned, ["admin", "tutor", "coordinator"]],
  ["participation.nominate", ownStateSigned, ["admin", "tutor", "coordinator"]],
  ["participation.assess", ownStateSigned, ["coordinator"]],
  ["participation.signOff", ownStateSigned, ["coordinator"]],
  ["participation.manage", ownStateSigned, ["admin", "tutor"]],
  // approval: the coordinator on the signatory's behalf while no account is linked; the account once it is
  ["certificate.approveState", ownState, ["coordinator"]],
  ["certificate.approveState", otherState, []],
  ["certificate.approveState", ownStateSigned, ["signatory"]],
  ["certificate.approveState", otherStateSigned, []],
  ["enrolment.view", ownEnrolment, ["admin", "tutor", "coordinator", "trainee"]],
  ["enrolment.view", otherEnrolment, ["admin", "tutor"]],
  ["enrolment.study", ownEnrolment, ["trainee"]],
  ["enrolment.study", otherEnrolment, []],
  ["certificate.download", ownCertificate, ["admin", "tutor", "coordinator", "trainee"]],
  ["certificate.download", otherCertificate, ["admin", "tutor"]],
  ["certificate.revoke", ownCertificate, ["admin", "tutor"]],
];

describe("can(): every role × every action", () => {
  it("covers every action at least once", () => {
    const covered = new Set(table.map(([a]) => a));
    expect([...covered].sort()).toEqual(Object.keys(ACTIONS).sort());
  });

  for (const [action, resource, allowed] of table) {
    for (const who of Object.keys(actors) as Who[]) {
      const expected = allowed.includes(who);
      it(`${who} ${expected ? "may" : "may not"} ${action} on ${JSON.stringify(resource)}`, () => {
        expect(can(actors[who], action, resource)).toBe(expected);
      });
    }
  }

  it("refuses an action applied to the wrong kind of resource", () => {
    expect(can(admin, "participation.view", edition1)).toBe(false);
  });
});
