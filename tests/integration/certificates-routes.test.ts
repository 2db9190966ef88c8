/**
 * The certificate routes themselves (loaders and actions) on a real SQLite file with real session
 * cookies: who may approve, issue, download and revoke; the public verification page holds no
 * email and no ids; uploads are checked; the verification pages are rate-limited.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-cert-routes-"));
process.env.DATABASE_URL = path.join(dir, "routes.db");

const { getDb } = await import("~db/index.server");
const { certificates, certificateApprovals, participations } = await import("~db/schema");
const { createSession } = await import("~/auth/sessions.server");
const { sha256Hex } = await import("~certificates/render");
const { certificateWorld, statePng } = await import("./fixtures/certificate-world");
const { verifyLimiter } = await import("~/lib/certificates-http.server");

type Loader = (args: LoaderFunctionArgs) => unknown;
type Action = (args: ActionFunctionArgs) => unknown;
type Mod = { loader?: Loader; action?: Action };
const board: Mod = await import("~/routes/editions.$editionId.certificates");
const progress: Mod = await import("~/routes/editions.$editionId.certificates.progress");
const statePage: Mod = await import("~/routes/coordination.$participationId.certificates");
const zipRoute: Mod = await import("~/routes/coordination.$participationId.certificates[.]zip");
const pdfRoute: Mod = await import("~/routes/certificates.$serial[.]pdf");
const traineePage: Mod = await import("~/routes/learning_.$enrolmentId.certificate");
const verifyIndex: Mod = await import("~/routes/verify._index");
const verifyCode: Mod = await import("~/routes/verify.$code");
const signaturePage: Mod = await import("~/routes/account.signature");

let world: Awaited<ReturnType<typeof certificateWorld>>;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  const db = getDb();
  world = await certificateWorld(db, { password: "route-test-password-1" });
  const people = {
    signatory: world.tutor.id,
    otherTutor: world.otherTutor.id,
    coordUY: world.states[0]!.coordinator.id,
    coordCL: world.states[1]!.coordinator.id,
    maria: world.states[0]!.trainees[0]!.user.id,
    other: world.states[0]!.trainees[1]!.user.id,
  };
  for (const [who, id] of Object.entries(people)) cookies[who] = (await createSession(db, id)).split(";")[0]!;
});
afterAll(() => {
  getDb().$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function args(url: string, who: string | null, params: Record<string, string>, init: { method?: string; body?: FormData; ip?: string } = {}) {
  const headers = new Headers();
  if (who) headers.set("Cookie", cookies[who]!);
  const request = new Request(`http://localhost${url}`, { method: init.method ?? "GET", headers, body: init.body });
  return { request, params, context: { ip: init.ip ?? "10.0.0.1" } } as unknown as LoaderFunctionArgs & ActionFunctionArgs;
}

async function call(fn: () => unknown): Promise<{ status: number; value: unknown }> {
  try {
    const r = await fn();
    if (r instanceof Response) return { status: r.status, value: r };
    const d = r as { init?: { status?: number } | null; data?: unknown; type?: string };
    if (d && typeof d === "object" && d.type === "DataWithResponseInit") return { status: d.init?.status ?? 200, value: d.data };
    return { status: 200, value: r };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, value: thrown };
    throw thrown;
  }
}

const form = (entries: Record<string, string | Blob>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.set(k, v);
  return f;
};

describe("the certification flow through the routes", () => {
  it("board: staff only; the institute approves only by the edition's signatory", async () => {
    const e = { editionId: String(world.edition.id) };
    const url = `/editions/${world.edition.id}/certificates`;
    expect((await call(() => board.loader!(args(url, "coordUY", e)))).status).toBe(403);
    expect((await call(() => board.loader!(args(url, "maria", e)))).status).toBe(403);
    expect((await call(() => board.loader!(args(url, null, e)))).status).toBe(302);
    const ok = await call(() => board.loader!(args(url, "otherTutor", e)));
    expect(ok.status).toBe(200);
    expect((ok.value as { isInstituteSignatory: boolean }).isInstituteSignatory).toBe(false);

    const refused = await call(() => board.action!(args(url, "otherTutor", e, { method: "POST", body: form({ intent: "approve" }) })));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.value)).toContain("certificates:errors.notInstituteSignatory");
    expect(getDb().select().from(certificateApprovals).all()).toHaveLength(0);

    const approved = await call(() => board.action!(args(url, "signatory", e, { method: "POST", body: form({ intent: "approve" }) })));
    expect(approved.status).toBe(302);
    expect(getDb().select().from(certificateApprovals).all()).toHaveLength(4);
  });

  it("the state's page: its coordinator approves; another state's coordinator cannot even see it", async () => {
    const uy = world.states[0]!.participation.id;
    const p = { participationId: String(uy) };
    const url = `/coordination/${uy}/certificates`;
    expect((await call(() => statePage.loader!(args(url, "coordCL", p)))).status).toBe(404);
    expect((await call(() => statePage.loader!(args(url, "maria", p)))).status).toBe(404);
    const page = await call(() => statePage.loader!(args(url, "coordUY", p)));
    expect(page.status).toBe(200);
    expect((page.value as { maySign: boolean }).maySign).toBe(true);
    const r = await call(() => statePage.action!(args(url, "coordUY", p, { method: "POST", body: form({ intent: "approve" }) })));
    expect(r.status).toBe(302);
    // a tutor may look but not approve for the state
    const tutorTry = await call(() => statePage.action!(args(url, "otherTutor", p, { method: "POST", body: form({ intent: "approve" }) })));
    expect(tutorTry.status).toBe(400);
  });

  it("the trainee sees what is missing until issued; others cannot see it", async () => {
    const enrolmentId = world.states[0]!.trainees[0]!.enrolment.id;
    const p = { enrolmentId: String(enrolmentId) };
    const url = `/learning/${enrolmentId}/certificate`;
    expect((await call(() => traineePage.loader!(args(url, "other", p)))).status).toBe(404);
    const r = await call(() => traineePage.loader!(args(url, "maria", p)));
    expect(r.status).toBe(200);
    expect((r.value as { certificate: unknown; row: { stage: string } }).certificate).toBeNull();
    expect((r.value as { row: { stage: string } }).row.stage).toBe("ready");
  });

  it("issue (a plain POST without JavaScript), then progress says all done", async () => {
    const e = { editionId: String(world.edition.id) };
    const url = `/editions/${world.edition.id}/certificates`;
    const r = await call(() => board.action!(args(url, "otherTutor", e, { method: "POST", body: form({ intent: "issue" }) })));
    expect(r.status).toBe(302);
    expect((r.value as Response).headers.get("Location")).toContain("issued=2");
    const prog = await call(() => progress.loader!(args(`${url}/progress`, "otherTutor", e)));
    expect(await (prog.value as Response).json()).toEqual({ issued: 2, ready: 0, approved: 2 });
  });

  it("download: the trainee and their coordinator get the PDF, whose bytes match the stored SHA-256; strangers get 404", async () => {
    const c = getDb().select().from(certificates).where(eq(certificates.serial, "CSEC-2027-UY-0001")).get()!;
    const p = { serial: c.serial };
    const url = `/certificates/${c.serial}.pdf`;
    for (const who of ["maria", "coordUY", "otherTutor"]) {
      const r = await call(() => pdfRoute.loader!(args(url, who, p)));
      expect(r.status, who).toBe(200);
      const res = r.value as Response;
      expect(res.headers.get("Content-Type")).toBe("application/pdf");
      expect(sha256Hex(new Uint8Array(await res.arrayBuffer()))).toBe(c.sha256);
    }
    for (const who of ["other", "coordCL"]) expect((await call(() => pdfRoute.loader!(args(url, who, p)))).status, who).toBe(404);
    expect((await call(() => pdfRoute.loader!(args(url, null, p)))).status).toBe(302);

    const zip = await call(() =>
      zipRoute.loader!(args(`/coordination/${c.stateCode}/certificates.zip`, "coordUY", { participationId: String(world.states[0]!.participation.id) })),
    );
    expect(zip.status).toBe(200);
    const files = unzipSync(new Uint8Array(await (zip.value as Response).arrayBuffer()));
    expect(Object.keys(files)).toContain("CSEC-2027-UY-0001.pdf");
    expect(
      (await call(() => zipRoute.loader!(args("/x", "coordCL", { participationId: String(world.states[0]!.participation.id) })))).status,
    ).toBe(404);
  });

  it("public verification: the page's data holds no email and no ids; a PDF upload is matched by its bytes", async () => {
    verifyLimiter.reset();
    const c = getDb().select().from(certificates).where(eq(certificates.serial, "CSEC-2027-UY-0001")).get()!;
    const r = await call(() => verifyCode.loader!(args(`/verify/${c.verificationCode}`, null, { code: c.verificationCode })));
    expect(r.status).toBe(200);
    const json = JSON.stringify(r.value);
    expect(json).toContain("María José Peña Núñez");
    expect(json).toContain("Laura Méndez Ibáñez");
    expect(json).not.toMatch(/@/);
    expect(json).not.toMatch(/"\w*[iI]d"\s*:/);
    expect(json).not.toContain(c.sha256);
    expect((await call(() => verifyCode.loader!(args("/verify/x", null, { code: "0000000000000000000Z" })))).status).toBe(404);

    const typed = await call(() => verifyIndex.loader!(args(`/verify?code=${c.verificationCode.toLowerCase()}`, null, {})));
    expect(typed.status).toBe(302);

    const pdf = await call(() => pdfRoute.loader!(args("/x", "maria", { serial: c.serial })));
    const bytes = new Uint8Array(await (pdf.value as Response).arrayBuffer());
    const match = await call(() =>
      verifyIndex.action!(args("/verify", null, {}, { method: "POST", body: form({ pdf: new Blob([bytes], { type: "application/pdf" }) }) })),
    );
    expect(match.value).toMatchObject({ outcome: "match", match: { serial: c.serial, status: "valid" } });
    const tampered = bytes.slice();
    tampered[200] ^= 0x20;
    const noMatch = await call(() =>
      verifyIndex.action!(args("/verify", null, {}, { method: "POST", body: form({ pdf: new Blob([tampered]) }) })),
    );
    expect(noMatch.value).toMatchObject({ outcome: "noMatch", match: null });
  });

  it("revoke (tutor) shows as revoked; re-issue points the old one to the new", async () => {
    verifyLimiter.reset();
    const e = { editionId: String(world.edition.id) };
    const url = `/editions/${world.edition.id}/certificates`;
    const r = await call(() =>
      board.action!(
        args(url, "otherTutor", e, {
          method: "POST",
          body: form({ intent: "reissue", serial: "CSEC-2027-UY-0002", traineeName: "Anaïs Lefèvre-Côté", reason: "Name corrected" }),
        }),
      ),
    );
    expect(r.status).toBe(302);
    const old = getDb().select().from(certificates).where(eq(certificates.serial, "CSEC-2027-UY-0002")).get()!;
    const v = await call(() => verifyCode.loader!(args("/v", null, { code: old.verificationCode })));
    const data = (v.value as { certificate: { status: string; replacedByCode: string | null } }).certificate;
    expect(data.status).toBe("revoked");
    const fresh = getDb().select().from(certificates).where(eq(certificates.serial, "CSEC-2027-UY-0003")).get()!;
    expect(data.replacedByCode).toBe(fresh.verificationCode);

    const revoke = await call(() =>
      board.action!(args(url, "otherTutor", e, { method: "POST", body: form({ intent: "revoke", serial: fresh.serial, reason: "" }) })),
    );
    expect(revoke.status).toBe(400); // a reason is required
    await call(() =>
      board.action!(args(url, "otherTutor", e, { method: "POST", body: form({ intent: "revoke", serial: fresh.serial, reason: "Fraud" }) })),
    );
    expect(getDb().select().from(certificates).where(eq(certificates.id, fresh.id)).get()!.status).toBe("revoked");
    // a revoked certificate is no longer downloadable by the trainee
    expect((await call(() => pdfRoute.loader!(args("/x", "other", { serial: fresh.serial })))).status).toBe(404);
  });

  it("the verification pages answer 429 after 30 requests a minute from one address", async () => {
    verifyLimiter.reset();
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      statuses.push((await call(() => verifyIndex.loader!(args("/verify", null, {}, { ip: "203.0.113.9" })))).status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    // another address is not affected
    expect((await call(() => verifyIndex.loader!(args("/verify", null, {}, { ip: "203.0.113.10" })))).status).toBe(200);
  });

  it("signature upload: PNG checked and limited to 500 KB; staff only", async () => {
    const body = () => form({ title: "Director", institution: "IIN", signature: new Blob([new Uint8Array(600 * 1024)], { type: "image/png" }) });
    expect((await call(() => signaturePage.action!(args("/account/signature", "coordUY", {}, { method: "POST", body: body() })))).status).toBe(403);
    const tooBig = await call(() => signaturePage.action!(args("/account/signature", "otherTutor", {}, { method: "POST", body: body() })));
    expect(tooBig.status).toBe(413);
    expect(JSON.stringify(tooBig.value)).toContain("signatureTooLarge");
    const notPng = await call(() =>
      signaturePage.action!(
        args("/account/signature", "otherTutor", {}, { method: "POST", body: form({ title: "D", institution: "I", signature: new Blob(["%PDF-1.7"]) }) }),
      ),
    );
    expect(JSON.stringify(notPng.value)).toContain("signatureNotPng");
    const ok = await call(() =>
      signaturePage.action!(
        args("/account/signature", "otherTutor", {}, { method: "POST", body: form({ title: "D", institution: "I", signature: new Blob([statePng]) }) }),
      ),
    );
    expect(ok.status).toBe(302);
    // the state signatory's upload on the coordination page
    const uy = world.states[0]!.participation.id;
    const st = await call(() =>
      statePage.action!(
        args(`/coordination/${uy}/certificates`, "coordUY", { participationId: String(uy) }, {
          method: "POST",
          body: form({ intent: "signatory", name: "Nueva Firmante", title: "Ministra", institution: "Ministerio", signature: new Blob([statePng]) }),
        }),
      ),
    );
    expect(st.status).toBe(302);
    expect(getDb().select().from(participations).where(eq(participations.id, uy)).get()!.signatoryName).toBe("Nueva Firmante");
  });
});
