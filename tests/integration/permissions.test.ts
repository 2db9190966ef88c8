import { describe, expect, it } from "vitest";
import { ACTIONS, type Action, type Actor, can, type Resource } from "~/auth/permissions";

// A small world: edition 1 with participations 10 (UY) and 11 (CL); edition 2 with participation 20.
const admin: Actor = { id: 1, role: "admin", coordinations: [], enrolments: [] };
const tutor: Actor = { id: 2, role: "tutor", coordinations: [], enrolments: [] };
const coordinator: Actor = { id: 3, role: "coordinator", coordinations: [{ participationId: 10, editionId: 1 }], enrolments: [] };
const trainee: Actor = { id: 4, role: "trainee", coordinations: [], enrolments: [{ enrolmentId: 100, editionId: 1, participationId: 10 }] };
const actors = { admin, tutor, coordinator, trainee, anonymous: null } as const;
type Who = keyof typeof actors;

const platform: Resource = { type: "platform" };
const edition1: Resource = { type: "edition", editionId: 1 };
const edition2: Resource = { type: "edition", editionId: 2 };
const ownState: Resource = { type: "participation", editionId: 1, participationId: 10 };
const otherState: Resource = { type: "participation", editionId: 1, participationId: 11 };
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
  ["coordination.home", platform, ["coordinator"]],
  ["learning.home", platform, ["trainee"]],
  ["audit.read", platform, ["admin", "tutor", "coordinator"]],
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
