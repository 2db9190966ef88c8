/**
 * The credential routes on a real SQLite file with real session cookies: the certificate's .json is
 * for the trainee (and staff), like its PDF; the DID documents and the status list are public JSON.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-vc-routes-"));
process.env.DATABASE_URL = path.join(dir, "routes.db");

const { getDb } = await import("~db/index.server");
const { createSession } = await import("~/auth/sessions.server");
const { certificateWorld } = await import("./fixtures/certificate-world");
const { approveCertificates, issueCertificate } = await import("~/domain/certificates.server");
const { didOf } = await import("~/domain/certificates/vc/keys.server");
const { decodeList } = await import("@digitalbazaar/vc-bitstring-status-list");

type Loader = (args: LoaderFunctionArgs) => Promise<Response>;
const jsonRoute: { loader: Loader } = await import("~/routes/certificates.$serial[.]json");
const instituteDid: { loader: Loader } = await import("~/routes/[.well-known].did[.]json");
const stateDid: { loader: Loader } = await import("~/routes/states.$stateCode.did[.]json");
const statusList: { loader: Loader } = await import("~/routes/credentials.status.revocation");

let world: Awaited<ReturnType<typeof certificateWorld>>;
let serial: string;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  const db = getDb();
  world = await certificateWorld(db, { password: "route-test-password-1" });
  const [uy, cl] = world.states;
  const tutor = { id: world.tutor.id, role: "tutor" as const, coordinations: [], enrolments: [] };
  approveCertificates({ db, actor: tutor, editionId: world.edition.id, party: "institute" });
  const coordinator = { id: uy!.coordinator.id, role: "coordinator" as const, coordinations: [{ participationId: uy!.participation.id, editionId: world.edition.id }], enrolments: [] };
  approveCertificates({ db, actor: coordinator, editionId: world.edition.id, party: "state", participationId: uy!.participation.id });
  ({ serial } = await issueCertificate({ db, actor: tutor, enrolmentId: uy!.trainees[0]!.enrolment.id, notify: false }));
  const people = { maria: uy!.trainees[0]!.user.id, other: uy!.trainees[1]!.user.id, coordUY: uy!.coordinator.id, coordCL: cl!.coordinator.id };
  for (const [who, id] of Object.entries(people)) cookies[who] = (await createSession(db, id)).split(";")[0]!;
});
afterAll(() => {
  getDb().$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function args(who: string | null, params: Record<string, string>) {
  const headers = new Headers();
  if (who) headers.set("Cookie", cookies[who]!);
  return { request: new Request("http://localhost/x", { headers }), params, context: { ip: "10.0.0.1" } } as unknown as LoaderFunctionArgs;
}

async function status(fn: () => Promise<Response>): Promise<number> {
  try {
    return (await fn()).status;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("credential routes", () => {
  it("the trainee and their coordinator download the credential; strangers get 404, visitors sign in", async () => {
    for (const who of ["maria", "coordUY"]) {
      const r = await jsonRoute.loader(args(who, { serial }));
      expect(r.headers.get("Content-Type")).toContain("application/vc+ld+json");
      expect(r.headers.get("Content-Disposition")).toBe(`attachment; filename="${serial}.json"`);
      const vc = await r.json();
      expect(vc.proof).toHaveLength(2);
    }
    for (const who of ["other", "coordCL"]) expect(await status(() => jsonRoute.loader(args(who, { serial })))).toBe(404);
    expect(await status(() => jsonRoute.loader(args(null, { serial })))).toBe(302);
  });

  it("publishes the institute's and the state's DID documents and the status list, to anyone", async () => {
    const institute = await (await instituteDid.loader(args(null, {}))).json();
    expect(institute.id).toBe(didOf("institute"));
    const uy = await stateDid.loader(args(null, { stateCode: "uy" }));
    expect(uy.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const doc = await uy.json();
    expect(doc.id).toBe(`${institute.id}:states:uy`);
    expect(doc.verificationMethod[0].publicKeyMultibase).not.toBe(institute.verificationMethod[0].publicKeyMultibase);
    // a state that never signed has no DID document; nor has a code that is not a state's
    expect(await status(() => stateDid.loader(args(null, { stateCode: "cl" })))).toBe(404);
    expect(await status(() => stateDid.loader(args(null, { stateCode: "../x" })))).toBe(404);
    const list = await (await statusList.loader(args(null, {}))).json();
    expect(list.issuer).toBe(institute.id);
    const bits = await decodeList({ encodedList: list.credentialSubject.encodedList });
    expect(bits.getStatus(0)).toBe(false);
  });
});
