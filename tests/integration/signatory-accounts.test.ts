/**
 * A state's signatory with their own account (issue 12, point 5), through the routes' loaders and
 * actions on a real SQLite file with real session cookies: the tutor names the signatory by email
 * (a new person is invited, and told why; the invitation can be resent until they activate); the
 * signatory reaches only their state's approval page and their own signature page; they approve
 * themself and the certificate says so; the other state keeps the coordinator-on-behalf path.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-signatory-"));
process.env.DATABASE_URL = path.join(dir, "signatory.db");

const { getDb } = await import("~db/index.server");
const { auditLog, certificateApprovals, certificates, emailOutbox, participations, users } = await import("~db/schema");
const { createSession } = await import("~/auth/sessions.server");
const { acceptInvitation, loadActor } = await import("~/domain/accounts.server");
const { approveCertificates, bulkIssue, verifyCertificate } = await import("~/domain/certificates.server");
const { certificateWorld, statePng } = await import("./fixtures/certificate-world");

type Fn = (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown;
type Mod = { loader?: Fn; action?: Fn };
const participationPage: Mod = await import("~/routes/editions.$editionId.participations.$participationId");
const statePage: Mod = await import("~/routes/coordination.$participationId.certificates");
const roster: Mod = await import("~/routes/coordination.$participationId._index");
const faceToFace: Mod = await import("~/routes/coordination_.$participationId_.face-to-face");
const zipRoute: Mod = await import("~/routes/coordination.$participationId.certificates[.]zip");
const signing: Mod = await import("~/routes/signing._index");
const coordinationHome: Mod = await import("~/routes/coordination._index");
const signaturePage: Mod = await import("~/routes/account.signature");
const verifyPage: Mod = await import("~/routes/verify.$code");

const db = getDb();
let world: Awaited<ReturnType<typeof certificateWorld>>;
const cookies: Record<string, string> = {};
const SIGNATORY = { name: "Mariela Techera Ferrando", email: "mariela.techera@example.org" };

beforeAll(async () => {
  world = await certificateWorld(db, { password: "signatory-test-password-1" });
  for (const [who, id] of Object.entries({ tutor: world.tutor.id, coordUY: world.states[0]!.coordinator.id, coordCL: world.states[1]!.coordinator.id })) {
    cookies[who] = (await createSession(db, id)).split(";")[0]!;
  }
});
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function args(url: string, who: string | null, params: Record<string, string>, body?: FormData) {
  const headers = new Headers();
  if (who) headers.set("Cookie", cookies[who]!);
  const request = new Request(`http://localhost${url}`, { method: body ? "POST" : "GET", headers, body });
  return { request, params, context: { ip: "10.0.0.9" } } as unknown as LoaderFunctionArgs & ActionFunctionArgs;
}

async function call(fn: () => unknown): Promise<{ status: number; value: unknown; location: string | null }> {
  try {
    const r = await fn();
    if (r instanceof Response) return { status: r.status, value: r, location: r.headers.get("Location") };
    const d = r as { init?: { status?: number } | null; data?: unknown; type?: string };
    if (d && typeof d === "object" && d.type === "DataWithResponseInit") return { status: d.init?.status ?? 200, value: d.data, location: null };
    return { status: 200, value: r, location: null };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, value: thrown, location: thrown.headers.get("Location") };
    throw thrown;
  }
}

const form = (entries: Record<string, string | Blob>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.set(k, v);
  return f;
};
const uy = () => world.states[0]!;
const cl = () => world.states[1]!;
const participationParams = (p: { participation: { id: number } }) => ({ editionId: String(world.edition.id), participationId: String(p.participation.id) });
const nameSignatory = (who: string, p: { participation: { id: number } }, person: { name: string; email: string }) =>
  call(() =>
    participationPage.action!(
      args(`/editions/${world.edition.id}/participations/${p.participation.id}`, who, participationParams(p), form({
        intent: "signatory",
        signatoryAccountName: person.name,
        signatoryAccountEmail: person.email,
        signatoryAccountLocale: "es",
      })),
    ),
  );
const errorsOf = (r: { value: unknown }) => (r.value as { errors?: Record<string, { key: string }> }).errors ?? {};
const mailsTo = (to: string) => db.select().from(emailOutbox).where(eq(emailOutbox.to, to)).orderBy(desc(emailOutbox.id)).all();
const stateUrl = (p: { participation: { id: number } }) => `/coordination/${p.participation.id}/certificates`;
const pid = (p: { participation: { id: number } }) => ({ participationId: String(p.participation.id) });

describe("the tutor names a state's signatory by email", () => {
  it("a coordinator may not; staff and enrolled trainees cannot be named", async () => {
    expect((await nameSignatory("coordUY", uy(), SIGNATORY)).status).toBe(403);
    expect(errorsOf(await nameSignatory("tutor", uy(), { name: "Otro Tutor", email: world.otherTutor.email })).signatoryAccountEmail?.key).toBe(
      "editions:errors.signatoryIsStaff",
    );
    const trainee = db.select().from(users).where(eq(users.id, uy().trainees[0]!.user.id)).get()!;
    expect(errorsOf(await nameSignatory("tutor", uy(), { name: trainee.name, email: trainee.email })).signatoryAccountEmail?.key).toBe(
      "editions:errors.signatoryIsTrainee",
    );
    expect(db.select().from(participations).where(eq(participations.id, uy().participation.id)).get()!.signatoryUserId).toBeNull();
  });

  it("a new person is invited as a signatory; the email says why and what to do next", async () => {
    const r = await nameSignatory("tutor", uy(), SIGNATORY);
    expect(r.status).toBe(302);
    const user = db.select().from(users).where(eq(users.email, SIGNATORY.email)).get()!;
    expect(user).toMatchObject({ role: "signatory", status: "invited", name: SIGNATORY.name });
    expect(r.location).toContain(`signatoryInvited=${user.id}`);
    const p = db.select().from(participations).where(eq(participations.id, uy().participation.id)).get()!;
    expect(p).toMatchObject({ signatoryUserId: user.id, signatoryName: SIGNATORY.name });
    const [mail] = mailsTo(SIGNATORY.email);
    expect(mail!.subject).toMatch(/^Firme los certificados de Uruguay: Curso .+ \(2027\)$/);
    expect(mail!.text).toContain("firmante de los certificados de Uruguay para el curso");
    expect(mail!.text).toMatch(/\/invitation\/[\w-]{20,}/);
    expect(mail!.text).toContain("Cargue la imagen de su firma");
    expect(db.select().from(auditLog).where(eq(auditLog.action, "participation.nameSignatory")).all()).toHaveLength(1);
  });

  it("the participation page shows the account, and the invitation can be resent while it is not activated", async () => {
    const page = await call(() => participationPage.loader!(args("/x", "tutor", participationParams(uy()))));
    expect((page.value as { signatoryAccount: unknown }).signatoryAccount).toMatchObject({ email: SIGNATORY.email, status: "invited" });
    const before = mailsTo(SIGNATORY.email).length;
    const r = await call(() => participationPage.action!(args("/x", "tutor", participationParams(uy()), form({ intent: "resend-signatory" }))));
    expect(r.status).toBe(302);
    expect(mailsTo(SIGNATORY.email)).toHaveLength(before + 1);
    const token = mailsTo(SIGNATORY.email)[0]!.text.match(/\/invitation\/([\w-]+)/)![1]!;
    await acceptInvitation({ db, token, password: "una frase larga de la firmante" });
    const again = await call(() => participationPage.action!(args("/x", "tutor", participationParams(uy()), form({ intent: "resend-signatory" }))));
    expect(errorsOf(again).form?.key).toBe("editions:errors.signatoryActive");
    expect(mailsTo(SIGNATORY.email)).toHaveLength(before + 1);
    const user = db.select().from(users).where(eq(users.email, SIGNATORY.email)).get()!;
    cookies.signatory = (await createSession(db, user.id)).split(";")[0]!;
  });
});

describe("the signatory's account: their state's approval page and nothing else of the coordinator's", () => {
  it("home leads to the approval page; the coordinator's home is refused", async () => {
    const home = await call(() => signing.loader!(args("/signing", "signatory", {})));
    expect(home.status).toBe(302);
    expect(home.location).toBe(stateUrl(uy()));
    expect((await call(() => coordinationHome.loader!(args("/coordination", "signatory", {})))).status).toBe(403);
  });

  it("sees their state's certificate page; not the other state's, the roster, the face-to-face stage or the ZIP", async () => {
    const own = await call(() => statePage.loader!(args(stateUrl(uy()), "signatory", pid(uy()))));
    expect(own.status).toBe(200);
    expect(own.value).toMatchObject({ maySign: true, ownApproval: true, mayDownload: false });
    expect((await call(() => statePage.loader!(args(stateUrl(cl()), "signatory", pid(cl()))))).status).toBe(404);
    expect((await call(() => roster.loader!(args(`/coordination/${uy().participation.id}`, "signatory", pid(uy()))))).status).toBe(404);
    expect((await call(() => faceToFace.loader!(args("/x", "signatory", pid(uy()))))).status).toBe(404);
    expect((await call(() => zipRoute.loader!(args("/x", "signatory", pid(uy()))))).status).toBe(404);
  });

  it("once linked, the coordinator no longer approves for the state; the page says who does", async () => {
    const page = await call(() => statePage.loader!(args(stateUrl(uy()), "coordUY", pid(uy()))));
    expect(page.value).toMatchObject({ maySign: false, awaitingSignatory: { name: SIGNATORY.name, active: true } });
    const r = await call(() => statePage.action!(args(stateUrl(uy()), "coordUY", pid(uy()), form({ intent: "approve" }))));
    expect(errorsOf(r).form?.key).toBe("certificates:errors.forbidden");
    expect(db.select().from(certificateApprovals).where(eq(certificateApprovals.party, "state")).all()).toHaveLength(0);
  });

  it("uploads their own signature on /account/signature: it becomes the state's", async () => {
    const page = await call(() => signaturePage.loader!(args("/account/signature", "signatory", {})));
    expect(page.value).toMatchObject({ forState: true, name: SIGNATORY.name, title: "Presidente del Directorio", signature: null });
    const body = form({ title: "Presidenta del Directorio", institution: "Instituto del Niño y Adolescente del Uruguay (INAU)" });
    body.set("signature", new Blob([statePng], { type: "image/png" }), "firma.png");
    const r = await call(() => signaturePage.action!(args("/account/signature", "signatory", {}, body)));
    expect(r.status).toBe(302);
    const p = db.select().from(participations).where(eq(participations.id, uy().participation.id)).get()!;
    expect(p).toMatchObject({ signatoryName: SIGNATORY.name, signatoryTitle: "Presidenta del Directorio", signatoryInstitution: "Instituto del Niño y Adolescente del Uruguay (INAU)" });
    expect(p.signatorySignaturePng?.length).toBeGreaterThan(0);
    // a coordinator has no own-signature page
    expect((await call(() => signaturePage.loader!(args("/account/signature", "coordUY", {})))).status).toBe(403);
  });

  it("approves themself: the approval, the certificate and the verification page name them, without 'on behalf of'", async () => {
    const r = await call(() => statePage.action!(args(stateUrl(uy()), "signatory", pid(uy()), form({ intent: "approve" }))));
    expect(r.status).toBe(302);
    const signatory = db.select().from(users).where(eq(users.email, SIGNATORY.email)).get()!;
    const approvals = db.select().from(certificateApprovals).where(eq(certificateApprovals.party, "state")).all();
    expect(approvals.map((a) => a.approvedBy)).toEqual([signatory.id, signatory.id]);
    // CL has no signatory account: its coordinator approves on the named signatory's behalf, as before
    approveCertificates({ db, actor: loadActor(db, cl().coordinator.id)!.actor, editionId: world.edition.id, party: "state", participationId: cl().participation.id });
    approveCertificates({ db, actor: loadActor(db, world.tutor.id)!.actor, editionId: world.edition.id, party: "institute" });
    await bulkIssue({ db, actor: world.tutor, editionId: world.edition.id, notify: false });
    const uyCert = db.select().from(certificates).where(eq(certificates.stateCode, "UY")).all()[0]!;
    expect(uyCert.stateSignatory).toMatchObject({ name: SIGNATORY.name, approvedOnBehalfBy: null, approvedBySignatory: true });
    expect(verifyCertificate(db, uyCert.verificationCode)!.stateSignatory).toMatchObject({ name: SIGNATORY.name, onBehalfBy: null, bySignatory: true });
    const clCert = db.select().from(certificates).where(eq(certificates.stateCode, "CL")).all()[0]!;
    expect(verifyCertificate(db, clCert.verificationCode)!.stateSignatory).toMatchObject({ onBehalfBy: "Coordinadora CL" });
    expect(verifyCertificate(db, clCert.verificationCode)!.stateSignatory.bySignatory).toBeUndefined();
    const page = await call(() => verifyPage.loader!(args(`/verify/${uyCert.verificationCode}`, null, { code: uyCert.verificationCode })));
    expect(JSON.stringify(page.value)).toContain('"bySignatory":true');
  });

  it("unlinking restores the coordinator's on-behalf path", async () => {
    const r = await call(() => participationPage.action!(args("/x", "tutor", participationParams(uy()), form({ intent: "unlink-signatory" }))));
    expect(r.status).toBe(302);
    expect(db.select().from(participations).where(eq(participations.id, uy().participation.id)).get()!.signatoryUserId).toBeNull();
    expect((await call(() => statePage.loader!(args(stateUrl(uy()), "signatory", pid(uy()))))).status).toBe(404);
    const page = await call(() => statePage.loader!(args(stateUrl(uy()), "coordUY", pid(uy()))));
    expect(page.value).toMatchObject({ maySign: true, ownApproval: false, awaitingSignatory: null });
    expect(db.select().from(auditLog).where(and(eq(auditLog.action, "participation.unlinkSignatory"))).all()).toHaveLength(1);
  });

  it("an existing coordinator can be linked as their state's signatory, and is told by email", async () => {
    const coord = db.select().from(users).where(eq(users.id, cl().coordinator.id)).get()!;
    const r = await nameSignatory("tutor", cl(), { name: coord.name, email: coord.email });
    expect(r.location).toContain(`signatoryLinked=${coord.id}`);
    expect(db.select().from(users).where(eq(users.id, coord.id)).get()!.role).toBe("coordinator");
    expect(mailsTo(coord.email)[0]!.subject).toMatch(/^Usted firma los certificados de Chile: Curso .+ \(2027\)$/);
  });
});
