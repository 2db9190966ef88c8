/**
 * Past editions from Moodle (issue 13, section 5; ADR 011), through the import page's action and the
 * verification pages' loaders on a real SQLite file: the sample files in docs/moodle-import/ check,
 * import in one transaction, and one of their codes verifies as "issued before this platform"; a
 * certificates file with one bad row imports nothing and names the row.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-moodle-"));
process.env.DATABASE_URL = path.join(dir, "moodle.db");

const { getDb } = await import("~db/index.server");
const { auditLog, legacyCertificates, legacyImportDrafts, legacyImports, legacyParticipants, users } = await import("~db/schema");
const { createSession } = await import("~/auth/sessions.server");
const { ensureStates, makeUser } = await import("~db/seed/factories");

type Fn = (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown;
const importPage = (await import("~/routes/editions.import")) as { loader: Fn; action: Fn };
const verifyCode = (await import("~/routes/verify.$code")) as { loader: Fn };
const verifyIndex = (await import("~/routes/verify._index")) as { loader: Fn };

const db = getDb();
const cookies: Record<string, string> = {};
const sample = (name: string) => fs.readFileSync(path.resolve("docs/moodle-import", name));

beforeAll(async () => {
  ensureStates(db);
  const tutor = await makeUser(db, { email: "tutora.moodle@example.org", name: "Tutora Moodle", role: "tutor", password: "moodle-test-password-1" });
  const coordinator = await makeUser(db, { email: "coord.moodle@example.org", name: "Coord Moodle", role: "coordinator", password: "moodle-test-password-1" });
  cookies.tutor = (await createSession(db, tutor.id)).split(";")[0]!;
  cookies.coordinator = (await createSession(db, coordinator.id)).split(";")[0]!;
});
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

let ip = 0;
function args(url: string, who: string | null, params: Record<string, string> = {}, body?: FormData) {
  const headers = new Headers();
  if (who) headers.set("Cookie", cookies[who]!);
  const request = new Request(`http://localhost${url}`, { method: body ? "POST" : "GET", headers, body });
  return { request, params, context: { ip: `10.9.0.${++ip}` } } as unknown as LoaderFunctionArgs & ActionFunctionArgs;
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
function checkForm(certificatesFile = "certificates.csv") {
  const f = new FormData();
  f.set("intent", "check");
  f.set("courseName", "Curso semipresencial sobre explotación sexual comercial de niñas, niños y adolescentes");
  f.set("editionLabel", "2024");
  f.set("users", new Blob([sample("users.csv")], { type: "text/csv" }), "users.csv");
  f.set("results", new Blob([sample("results.csv")], { type: "text/csv" }), "results.csv");
  f.set("certificates", new Blob([sample(certificatesFile)], { type: "text/csv" }), certificatesFile);
  return f;
}
const tableCounts = () => ({
  imports: db.select().from(legacyImports).all().length,
  participants: db.select().from(legacyParticipants).all().length,
  certificates: db.select().from(legacyCertificates).all().length,
});

describe("importing past editions from Moodle's CSV exports", () => {
  it("is for staff: a coordinator is refused", async () => {
    expect((await call(() => importPage.loader(args("/editions/import", "coordinator")))).status).toBe(403);
    expect((await call(() => importPage.action(args("/editions/import", "coordinator", {}, checkForm())))).status).toBe(403);
  });

  it("a certificates file with one bad row imports nothing and names the row", async () => {
    const r = await call(() => importPage.action(args("/editions/import", "tutor", {}, checkForm("certificates-one-bad-row.csv"))));
    expect(r.status).toBe(400);
    expect(r.value).toMatchObject({
      stage: "errors",
      errors: [{ file: "certificates", row: 4, column: "username", error: { key: "editions:legacy.errors.unknownPerson" } }],
    });
    expect(tableCounts()).toEqual({ imports: 0, participants: 0, certificates: 0 });
    expect(db.select().from(legacyImportDrafts).all()).toHaveLength(0);
  });

  it("every row of every file is checked before answering", async () => {
    const f = checkForm();
    const users = [
      "username,firstname,lastname,email,institution,country",
      "ana,Ana,Uno,no-es-un-correo,,UY", // line 2: not an email
      "bea,Bea,Dos,bea@example.org,,XYZ", // line 3: not a country code
      "carla,Carla,Tres,carla@example.org,,UY",
      "carla,Carla,Cuatro,carla.cuatro@example.org,,UY", // line 5: the username of line 4
    ].join("\n");
    f.set("users", new Blob([users]), "users.csv");
    const r = await call(() => importPage.action(args("/editions/import", "tutor", {}, f)));
    const errors = (r.value as { errors: { file: string; row: number; column: string | null }[] }).errors;
    expect(errors.map((e) => `${e.file}:${e.row}:${e.column}`)).toEqual(
      expect.arrayContaining(["users:2:email", "users:3:country", "users:5:username", "results:2:email address", "certificates:2:username"]),
    );
    expect(tableCounts()).toEqual({ imports: 0, participants: 0, certificates: 0 });
  });

  it("the sample files check (counts), then import in one transaction, audited", async () => {
    const checked = await call(() => importPage.action(args("/editions/import", "tutor", {}, checkForm())));
    expect(checked.value).toMatchObject({ stage: "checked", counts: { participants: 6, results: 6, completed: 4, certificates: 4 } });
    expect(tableCounts()).toEqual({ imports: 0, participants: 0, certificates: 0 });
    const draftId = String((checked.value as { draftId: number }).draftId);
    const f = new FormData();
    f.set("intent", "import");
    f.set("draftId", draftId);
    const r = await call(() => importPage.action(args("/editions/import", "tutor", {}, f)));
    expect(r.status).toBe(302);
    expect(tableCounts()).toEqual({ imports: 1, participants: 6, certificates: 4 });
    const lucia = db.select().from(legacyParticipants).where(eq(legacyParticipants.username, "lucia.ferreira")).get()!;
    expect(lucia).toMatchObject({ firstName: "Lucía", stateCode: "UY", grade: 92.5, completedOn: "2024-06-03" });
    expect(db.select().from(legacyParticipants).where(eq(legacyParticipants.username, "daniel.cruz")).get()).toMatchObject({ grade: null, completedOn: null });
    expect(db.select().from(auditLog).where(eq(auditLog.action, "legacy.import")).all()).toHaveLength(1);
    // the same draft cannot be imported twice
    const again = await call(() => importPage.action(args("/editions/import", "tutor", {}, f)));
    expect((again.value as { errors: { form: { key: string } } }).errors.form.key).toBe("editions:legacy.errors.draftGone");
    // nor the same files again: their codes are known now
    const twice = await call(() => importPage.action(args("/editions/import", "tutor", {}, checkForm())));
    expect((twice.value as { errors: { error: { key: string } }[] }).errors.map((e) => e.error.key)).toEqual(Array(4).fill("editions:legacy.errors.codeTaken"));
  });

  it("a legacy code verifies as issued before this platform, also typed in another case", async () => {
    const page = await call(() => verifyCode.loader(args("/verify/Xq7LmP2vRa", null, { code: "Xq7LmP2vRa" })));
    expect(page.value).toMatchObject({
      kind: "legacy",
      legacy: {
        code: "Xq7LmP2vRa",
        holderName: "Lucía Ferreira Duarte",
        courseName: "Curso semipresencial sobre explotación sexual comercial de niñas, niños y adolescentes",
        editionLabel: "2024",
        issuedAt: "2024-06-10T12:00:00.000Z",
      },
    });
    expect(JSON.stringify(page.value)).not.toContain("@example.org");
    const typed = await call(() => verifyIndex.loader(args("/verify?code=%20xq7lmp2vra%20", null)));
    expect(typed.status).toBe(302);
    expect(typed.location).toBe("/verify/Xq7LmP2vRa");
    expect((await call(() => verifyCode.loader(args("/verify/Xq7LmP2vRb", null, { code: "Xq7LmP2vRb" })))).status).toBe(404);
  });
});

describe("a person from Moodle in privacy (ADR 012): matched by email, exported, erased", () => {
  let luciaId = 0;
  let adminId = 0;
  beforeAll(async () => {
    // Lucía has an account on this platform too, with her email typed in another case; a namesake of
    // Martín (another email) has one as well: his Moodle records are not hers to erase or export
    luciaId = (await makeUser(db, { email: "Lucia.Ferreira@example.org", name: "Lucía Ferreira Duarte", role: "trainee" })).id;
    await makeUser(db, { email: "otro.martin@example.org", name: "Martín Rojas Valdés", role: "trainee" });
    adminId = (await makeUser(db, { email: "admin.moodle@example.org", name: "Admin Moodle", role: "admin" })).id;
  });

  it("the export holds her Moodle records: grade, completion and certificate code", async () => {
    const { personExportZip } = await import("~/domain/privacy.server");
    const { unzipSync, strFromU8 } = await import("fflate");
    const zip = await personExportZip({ db, userId: luciaId, actorId: adminId });
    const moodle = JSON.parse(strFromU8(unzipSync(zip!)["moodle.json"]!)) as {
      username: string;
      grade: number;
      completedOn: string;
      edition: string;
      certificates: { code: string }[];
    }[];
    expect(moodle).toHaveLength(1);
    expect(moodle[0]).toMatchObject({ username: "lucia.ferreira", grade: 92.5, completedOn: "2024-06-03", edition: "2024" });
    expect(moodle[0]!.certificates.map((c) => c.code)).toEqual(["Xq7LmP2vRa"]);
  });

  it("erasure removes her from the Moodle tables; her old certificate verifies as the holder's data erased", async () => {
    const { erasePerson } = await import("~/domain/privacy.server");
    const before = tableCounts();
    const summary = erasePerson({ db, actorId: adminId, userId: luciaId, reason: "Pedido de la titular por correo" });
    expect(summary.certificates).toBe(1);
    expect(tableCounts()).toEqual(before); // rows kept: the import's counts stay true
    // no text cell of any table holds her name, surname or email any more
    const cells: string[] = [];
    for (const table of db.$client.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[]) {
      for (const row of db.$client.prepare(`select * from "${table}"`).all() as Record<string, unknown>[]) {
        for (const [column, v] of Object.entries(row)) if (typeof v === "string") cells.push(`${table}.${column}: ${v}`);
      }
    }
    expect(cells.filter((c) => /ferreira/i.test(c))).toEqual([]);
    // what a grade or a date says is kept
    const erased = db.select().from(legacyParticipants).where(eq(legacyParticipants.email, `erased-${luciaId}@erased.invalid`)).get()!;
    expect(erased).toMatchObject({ grade: 92.5, completedOn: "2024-06-03", stateCode: "UY", institution: null });

    const page = await call(() => verifyCode.loader(args("/verify/Xq7LmP2vRa", null, { code: "Xq7LmP2vRa" })));
    expect(page.value).toMatchObject({ kind: "legacy", legacy: { code: "Xq7LmP2vRa", holderName: "", issuedAt: "2024-06-10T12:00:00.000Z" } });
    expect((page.value as { legacy: { holderErasedAt: string | null } }).legacy.holderErasedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // the page, rendered: valid, issued before this platform, the erasure said in words, no name
    const { loadRemixApp } = await import("./helpers/remix-app");
    const app = await loadRemixApp();
    const html = await (await app.handle(new Request("http://localhost/verify/Xq7LmP2vRa", { headers: { Host: "localhost", "Accept-Language": "en" } }))).text();
    expect(html).toContain("Issued before this platform");
    expect(html).toContain("The holder&#x27;s personal data was erased at their request on");
    expect(html).not.toMatch(/Lucía|Ferreira/);
    // Martín's certificate (a namesake of another platform user, not erased) still names him
    const martin = await call(() => verifyCode.loader(args("/verify/Bt9KwN4sDe", null, { code: "Bt9KwN4sDe" })));
    expect(martin.value).toMatchObject({ legacy: { holderName: "Martín Rojas Valdés", holderErasedAt: null } });
  });

  it("erasing a platform namesake of a Moodle participant leaves the Moodle records alone", async () => {
    const { erasePerson } = await import("~/domain/privacy.server");
    const namesake = db.select().from(users).where(eq(users.email, "otro.martin@example.org")).get()!;
    erasePerson({ db, actorId: adminId, userId: namesake.id, reason: "Pedido del titular" });
    const martin = db.select().from(legacyParticipants).where(eq(legacyParticipants.username, "martin.rojas")).get()!;
    expect(martin).toMatchObject({ firstName: "Martín", lastName: "Rojas Valdés", email: "martin.rojas@example.org" });
    expect(db.select().from(legacyCertificates).where(eq(legacyCertificates.participantId, martin.id)).get()).toMatchObject({
      holderName: "Martín Rojas Valdés",
      holderErasedAt: null,
    });
  });
});
