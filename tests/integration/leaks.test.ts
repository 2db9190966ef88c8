/**
 * Smaller leaks (issue 9, point 16), through the real Remix handler: ids from the form checked
 * against the URL's edition, notices that print only what the server knows, and a public
 * verification page without the revocation's free-text reason. (Nominations' neutral refusal:
 * nominations.test.ts; quiz feedback: online.test.ts; the outbox: the role × route table.)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-leaks-"));
process.env.DATABASE_URL = path.join(dir, "leaks.db");

const { getDb } = await import("~db/index.server");
const { editions, participations, certificates } = await import("~db/schema");
const { createSession } = await import("~/auth/sessions.server");
const { loadActor } = await import("~/domain/accounts.server");
const { approveCertificates, bulkIssue, revokeCertificate } = await import("~/domain/certificates.server");
const { makeEdition, makeParticipation } = await import("~db/seed/factories");
const { certificateWorld } = await import("./fixtures/certificate-world");
const { loadRemixApp } = await import("./helpers/remix-app");

const db = getDb();
let world: Awaited<ReturnType<typeof certificateWorld>>;
let app: Awaited<ReturnType<typeof loadRemixApp>>;
let tutorCookie = "";
const other = { editionId: 0, uy: 0, cl: 0 };

beforeAll(async () => {
  world = await certificateWorld(db, { password: "leaks-test-password-1" });
  const e2 = makeEdition(db, { courseId: world.course.id, name: "2028", instituteSignatoryId: world.tutor.id });
  other.editionId = e2.id;
  other.uy = makeParticipation(db, { editionId: e2.id, stateCode: "UY", quota: 5 }).id;
  other.cl = makeParticipation(db, { editionId: e2.id, stateCode: "CL", quota: 5 }).id;
  // no screen moves the nomination dates into the past: both editions' nominations closed long ago
  db.update(editions).set({ nominationOpensOn: "2020-01-01", nominationClosesOn: "2020-01-02" }).run();
  tutorCookie = (await createSession(db, world.tutor.id)).split(";")[0]!;
  app = await loadRemixApp();
}, 60_000);

afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function send(url: string, init: { method?: string; body?: FormData; cookie?: string } = {}) {
  const headers = new Headers({ Host: "localhost", Origin: "http://localhost", "Sec-Fetch-Site": "same-origin" });
  if (init.cookie) headers.set("Cookie", init.cookie);
  return app.handle(new Request(`http://localhost${url}`, { method: init.method ?? "GET", headers, body: init.body }));
}

const quota = (id: number) => db.select({ q: participations.quota }).from(participations).where(eq(participations.id, id)).get()!.q;

describe("ids from the form belong to the URL's edition", () => {
  it("reallocating seats through edition 1's page refuses another edition's participations and moves nothing", async () => {
    const form = new FormData();
    form.set("intent", "reallocate");
    form.set("fromParticipationId", String(other.uy));
    form.set("toParticipationId", String(other.cl));
    form.set("seats", "2");
    const res = await send(`/editions/${world.edition.id}`, { method: "POST", body: form, cookie: tutorCookie });
    expect(res.status).toBe(400);
    expect([quota(other.uy), quota(other.cl)]).toEqual([5, 5]);
  });
});

describe("notices print only what the server knows", () => {
  const evil = "Call +1 555 0100 to keep your seat";
  it("an edition's board ignores an unknown phase or state in ?moved= and ?invited=", async () => {
    const res = await send(`/editions/${world.edition.id}?moved=${encodeURIComponent(evil)}&invited=${encodeURIComponent(evil)}`, { cookie: tutorCookie });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain("555 0100");
  });
  it("a state's page shows an appointed email only from its coordinators, never from ?invited=", async () => {
    const p = world.states[0]!.participation.id;
    const res = await send(`/editions/${world.edition.id}/participations/${p}?invited=${encodeURIComponent("attacker@evil.example")}`, { cookie: tutorCookie });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain("attacker@evil.example");
    const coordinator = world.states[0]!.coordinator;
    const ok = await send(`/editions/${world.edition.id}/participations/${p}?invited=${coordinator.id}`, { cookie: tutorCookie });
    expect(await ok.text()).toContain(coordinator.email);
  });
  it("a coordinator's page names a nominee only from the roster, never from ?nominated=", async () => {
    const p = world.states[0]!.participation.id;
    const coordCookie = (await createSession(db, world.states[0]!.coordinator.id)).split(";")[0]!;
    const res = await send(`/coordination/${p}?nominated=${encodeURIComponent(evil)}&withdrawn=${encodeURIComponent(evil)}&imported=${encodeURIComponent(evil)}`, {
      cookie: coordCookie,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain("555 0100");
  });
});

describe("the public verification page", () => {
  it("shows that a certificate was revoked and when, not the free-text reason", async () => {
    const actor = (id: number) => loadActor(db, id)!.actor;
    approveCertificates({ db, actor: actor(world.tutor.id), editionId: world.edition.id, party: "institute" });
    for (const s of world.states) {
      approveCertificates({ db, actor: actor(s.coordinator.id), editionId: world.edition.id, party: "state", participationId: s.participation.id });
    }
    await bulkIssue({ db, actor: world.tutor, editionId: world.edition.id, notify: false });
    const cert = db.select().from(certificates).get()!;
    await revokeCertificate({ db, actor: actor(world.tutor.id), editionId: world.edition.id, serial: cert.serial, reason: "Plagio comprobado en el trabajo final, expediente 42" });
    for (const url of [`/verify/${cert.verificationCode}`, `/verify/${cert.verificationCode}.data`]) {
      const res = await send(url);
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).not.toContain("expediente 42");
    }
    const page = await (await send(`/verify/${cert.verificationCode}`)).text();
    expect(page).toContain("revoked");
  });
});

describe("the certificates board", () => {
  it("revokes through edition 2028's page nothing of edition 2027, and prints no serial from the URL", async () => {
    const actor = (id: number) => loadActor(db, id)!.actor;
    approveCertificates({ db, actor: actor(world.tutor.id), editionId: world.edition.id, party: "institute" });
    for (const s of world.states) {
      approveCertificates({ db, actor: actor(s.coordinator.id), editionId: world.edition.id, party: "state", participationId: s.participation.id });
    }
    await bulkIssue({ db, actor: world.tutor, editionId: world.edition.id, notify: false });
    const cert = db.select().from(certificates).where(eq(certificates.status, "valid")).get()!;
    // another edition's serial, posted to edition 2028's board: not found there, nothing revoked
    const form = new FormData();
    form.set("intent", "revoke");
    form.set("serial", cert.serial);
    form.set("reason", "wrong page");
    const res = await send(`/editions/${other.editionId}/certificates`, { method: "POST", body: form, cookie: tutorCookie });
    expect(res.status).toBeLessThan(500);
    expect(db.select().from(certificates).where(eq(certificates.id, cert.id)).get()!.status).toBe("valid");
    await expect(
      revokeCertificate({ db, actor: actor(world.tutor.id), editionId: other.editionId, serial: cert.serial, reason: "x" }),
    ).rejects.toThrow("certificates:errors.notFound");
    // a notice names only a serial of this edition, never text from the URL
    const evil = "YOUR-ACCOUNT-IS-LOCKED-CALL-555";
    const page = await (await send(`/editions/${world.edition.id}/certificates?revoked=${evil}&reissued=${evil}`, { cookie: tutorCookie })).text();
    const shown = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<[^>]*>/g, " ");
    expect(shown(page)).not.toContain(evil);
    const mine = await (await send(`/editions/${world.edition.id}/certificates?revoked=${cert.serial}`, { cookie: tutorCookie })).text();
    expect(mine).toContain(cert.serial);
    const elsewhere = await (await send(`/editions/${other.editionId}/certificates?revoked=${cert.serial}`, { cookie: tutorCookie })).text();
    expect(shown(elsewhere)).not.toContain(cert.serial);
  });
});
