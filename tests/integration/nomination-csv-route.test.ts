/**
 * The nominations CSV through the real route (multipart upload, session cookie, demo data): every
 * row and every rule is checked before answering, and the template's example row is never imported.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-nomcsv-"));
process.env.DATABASE_URL = path.join(dir, "nomcsv.db");

const { getDb } = await import("~db/index.server");
const { users, enrolments, emailOutbox, participations } = await import("~db/schema");
const { seed } = await import("~db/seed/demo");
const { createSession } = await import("~/auth/sessions.server");
const page = await import("~/routes/coordination.$participationId._index");
const template = await import("~/routes/coordination.$participationId.template[.]csv");
const roster = await import("~/routes/coordination.$participationId.roster[.]csv");
const { loadRemixApp } = await import("./helpers/remix-app");
let app: Awaited<ReturnType<typeof loadRemixApp>>;
async function renderPage(location: string): Promise<string> {
  const res = await app.handle(new Request(`http://localhost${location}`, { headers: { Host: "localhost", Cookie: cookie } }));
  expect(res.status).toBe(200);
  return res.text();
}
const { parse } = await import("csv-parse/sync");

let cookie = "";
let participationId = "";
beforeAll(async () => {
  const db = getDb();
  await seed(db);
  const coord = db.select().from(users).where(eq(users.email, "coord.uy@example.org")).get()!;
  cookie = (await createSession(db, coord.id)).split(";")[0]!;
  participationId = String(db.select().from(participations).where(eq(participations.stateCode, "UY")).get()!.id);
  // every route module, imported once here (seconds on a busy machine) rather than inside a test's time
  app = await loadRemixApp();
});
afterAll(() => {
  getDb().$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function upload(csv: string) {
  const body = new FormData();
  body.set("intent", "import");
  body.set("file", new File([csv], "nominations.csv", { type: "text/csv" }));
  const request = new Request(`http://localhost/coordination/${participationId}`, { method: "POST", headers: { Cookie: cookie }, body });
  try {
    return await page.action({ request, params: { participationId }, context: { ip: "127.0.0.1" } });
  } catch (thrown) {
    return thrown;
  }
}

const counts = () => ({
  enrolments: getDb().select().from(enrolments).all().length,
  emails: getDb().select().from(emailOutbox).all().length,
});

type Refusal = { data: { csvErrors: { row: number; column: string | null; error: { key: string } }[] }; init: { status: number } };

describe("nominations CSV", () => {
  it("reports every bad row at once: a bad email in one row does not hide another row's refusal", async () => {
    const before = counts();
    const r = (await upload(
      [
        "name,email,institution,position",
        "Lucía Benítez (ficticia),lucia.benitez.csv@example.org,INAU,Técnica",
        "Mario Sosa (ficticio),not-an-email,INAU,Técnico",
        "Tutor (ficticio),tutor@example.org,IIN,Tutor",
        "Lucía Benítez (otra vez),lucia.benitez.csv@example.org,INAU,Técnica",
      ].join("\n"),
    )) as Refusal;
    expect(r.init.status).toBe(400);
    expect(r.data.csvErrors.map((e) => [e.row, e.column])).toEqual([
      [3, "email"],
      [4, "email"],
      [5, "email"],
    ]);
    expect(r.data.csvErrors[0]!.error.key).toBe("errors.email");
    expect(r.data.csvErrors[2]!.error.key).toBe("editions:nominate.duplicateInFile");
    expect(counts()).toEqual(before);
  });

  it("refuses the template uploaded unchanged: its example row is never imported nor emailed", async () => {
    const csv = await (
      (await template.loader({
        request: new Request(`http://localhost/coordination/${participationId}/template.csv`, { headers: { Cookie: cookie } }),
        params: { participationId },
        context: { ip: "127.0.0.1" },
      })) as Response
    ).text();
    expect(csv).toContain("nombre.apellido@example.org");
    const before = counts();
    const r = (await upload(csv)) as Refusal;
    expect(r.init.status).toBe(400);
    expect(r.data.csvErrors.map((e) => [e.row, e.error.key])).toEqual([[2, "editions:nominate.templateExample"]]);
    expect(counts()).toEqual(before);
    expect(getDb().select().from(users).where(eq(users.email, "nombre.apellido@example.org")).all()).toHaveLength(0);
  });

  it("imports a file that is valid in every row", async () => {
    const r = (await upload("nombre;correo;institución;cargo\n")) as Refusal;
    expect(r.init.status).toBe(400); // a header alone is an empty file
    const ok = (await upload("name,email,institution,position\nLucía Benítez (ficticia),lucia.benitez.csv@example.org,INAU,Técnica\n")) as Response;
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toMatch(/imported=/);
  });

  it("imports files whose headers are Spanish or French (any case, with or without accents)", async () => {
    const es = (await upload("Nombre;Correo electrónico;INSTITUCION;Cargo\nRosa Díaz (ficticia);rosa.diaz.csv@example.org;INAU;Técnica\n")) as Response;
    expect(es.status).toBe(302);
    const fr = (await upload("Nom;Courriel;Institution;Fonction\nLéa Martin (fictive);lea.martin.csv@example.org;INAU;Éducatrice\n")) as Response;
    expect(fr.status).toBe(302);
    const emails = getDb().select({ email: users.email }).from(users).all().map((u) => u.email);
    expect(emails).toEqual(expect.arrayContaining(["rosa.diaz.csv@example.org", "lea.martin.csv@example.org"]));
  });

  it("exports the roster in the person's language: `;` and a BOM in Spanish and French, `,` in English", async () => {
    const coord = getDb().select().from(users).where(eq(users.email, "coord.uy@example.org")).get()!;
    for (const [locale, sep, header] of [
      ["es", ";", "nombre"],
      ["fr", ";", "nom"],
      ["en", ",", "name"],
    ] as const) {
      // the person's saved language (a preference the account page sets) decides the file's dialect
      getDb().update(users).set({ locale }).where(eq(users.id, coord.id)).run();
      const res = (await roster.loader({
        request: new Request(`http://localhost/coordination/${participationId}/roster.csv`, { headers: { Cookie: cookie } }),
        params: { participationId },
        context: { ip: "127.0.0.1" },
      })) as Response;
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the UTF-8 BOM
      const rows = parse(new TextDecoder().decode(bytes.slice(3)), { delimiter: sep }) as string[][];
      expect(rows[0]![0]).toBe(header);
      expect(rows[0]).toHaveLength(7);
      expect(rows.some((r) => r[1] === "rosa.diaz.csv@example.org")).toBe(true);
    }
  });

  it("nominating a person who already has an account keeps what the coordinator typed, and says so", async () => {
    const { makeUser } = await import("~db/seed/factories");
    // an account from an earlier edition: no screen of this edition creates one
    const old = await makeUser(getDb(), {
      email: "pedro.existente@example.org",
      name: "Pedro Existente (ficticio)",
      role: "trainee",
      stateCode: "UY",
      institution: "Ministerio anterior",
      position: "Pasante",
    });
    const nominate = async (institution: string, position: string) => {
      const body = new FormData();
      for (const [k, v] of Object.entries({ intent: "nominate", name: "Pedro Existente (ficticio)", email: "Pedro.Existente@example.org", institution, position, locale: "es" })) body.set(k, v);
      const request = new Request(`http://localhost/coordination/${participationId}`, { method: "POST", headers: { Cookie: cookie }, body });
      return (await page.action({ request, params: { participationId }, context: { ip: "127.0.0.1" } })) as Response;
    };
    const res = await nominate("INAU", "Educador");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/nominated=\d+&account=updated$/);
    const now = getDb().select().from(users).where(eq(users.id, old.id)).get()!;
    expect([now.institution, now.position]).toEqual(["INAU", "Educador"]);
    const { auditLog } = await import("~db/schema");
    expect(getDb().select().from(auditLog).where(eq(auditLog.entityId, old.id)).all().some((a) => a.action === "user.update")).toBe(true);
    // the page says what happened
    const html = (await renderPage(res.headers.get("Location")!)).replace(/<script[\s\S]*?<\/script>/g, "");
    expect(html).toContain("This person already had an account: we enrolled them with it and updated their institution and position"); // the roster test left the coordinator's language in English
  });
});
