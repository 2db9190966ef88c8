/**
 * Every board downloads as CSV and as XLSX (issue 13, section 2), through the app's real request handler
 * on the demo (every stage has data): each XLSX, read back with exceljs, holds the cells of the CSV
 * (numbers as numbers, dates as dates), with a bold, frozen header; in English and in Spanish (`;` and a
 * decimal comma in the CSV). The certificates board, read in batches, gives the same rows whatever the
 * batch size; the pages link to both downloads.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-boards-"));
process.env.DATABASE_URL = path.join(dir, "boards.db");

const { getDb } = await import("~db/index.server");
const schema = await import("~db/schema");
const { seed } = await import("~db/seed/demo");
const { createSession } = await import("~/auth/sessions.server");
const { certificateBoardTable } = await import("~/lib/board-tables.server");
const { loadRemixApp } = await import("./helpers/remix-app");

type Locale = "en" | "es";
let app: Awaited<ReturnType<typeof loadRemixApp>>;
const cookies: Record<string, string> = {};
let editionIds: number[] = [];
let closedId = 0;
let participationUy = 0;

beforeAll(async () => {
  const db = getDb();
  await seed(db, { history: true });
  app = await loadRemixApp();
  for (const email of ["tutor@example.org", "coord.uy@example.org"]) {
    const user = db.select().from(schema.users).where(eq(schema.users.email, email)).get()!;
    cookies[email] = (await createSession(db, user.id)).split(";")[0]!;
  }
  editionIds = db.select({ id: schema.editions.id }).from(schema.editions).all().map((e) => e.id);
  closedId = db.select().from(schema.editions).where(eq(schema.editions.status, "closed")).get()!.id;
  participationUy = db
    .select()
    .from(schema.participations)
    .where(eq(schema.participations.editionId, closedId))
    .all()
    .find((p) => p.stateCode === "UY")!.id;
}, 120_000);
afterAll(() => {
  getDb().$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function setLocale(email: string, locale: Locale) {
  getDb().update(schema.users).set({ locale }).where(eq(schema.users.email, email)).run();
}

async function get(url: string, email: string): Promise<Response> {
  const res = await app.handle(new Request(`http://localhost${url}`, { headers: { Host: "localhost", Cookie: cookies[email]! } }));
  expect(res.status, url).toBe(200);
  return res;
}

/** The CSV's cells; the XLSX's cells written as the CSV writes them (same number format, ISO dates). */
async function both(base: string, email: string, locale: Locale, query = "", csvBase = `${base}.csv`) {
  const csvRes = await get(`${csvBase}${query}`, email);
  expect(csvRes.headers.get("Content-Type")).toContain("text/csv");
  const csv = parse((await csvRes.text()).replace(/^\uFEFF/, ""), { delimiter: locale === "en" ? "," : ";", relax_column_count: false }) as string[][];
  const xlsxRes = await get(`${base}.xlsx${query}`, email);
  expect(xlsxRes.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  expect(xlsxRes.headers.get("Content-Disposition")).toMatch(/\.xlsx/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await xlsxRes.arrayBuffer()) as ArrayBuffer);
  expect(workbook.worksheets).toHaveLength(1);
  const sheet = workbook.worksheets[0]!;
  expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  expect(sheet.getRow(1).font?.bold).toBe(true);
  const numbers = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 2 });
  const width = csv[0]!.length;
  const cells: string[][] = [];
  const types: string[] = [];
  sheet.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    cells.push(
      Array.from({ length: width }, (_, i) => {
        const v = values[i];
        if (v === null || v === undefined) return "";
        if (typeof v === "number") {
          types[i] = "number";
          return numbers.format(v);
        }
        if (v instanceof Date) {
          types[i] = "date";
          return v.toISOString();
        }
        return String(v);
      }),
    );
  });
  // a date column holds a date cell: the CSV writes the day (YYYY-MM-DD) or the instant in full
  const csvComparable = csv.map((row, r) =>
    row.map((cell, i) => (r > 0 && types[i] === "date" && cell ? new Date(cell.length === 10 ? `${cell}T00:00:00Z` : cell).toISOString() : cell)),
  );
  expect(cells).toEqual(csvComparable);
  return { csv, types };
}

describe("board downloads: the XLSX holds the CSV's cells", () => {
  for (const locale of ["en", "es"] as const) {
    it(`online board, every edition (${locale})`, async () => {
      setLocale("tutor@example.org", locale);
      let rows = 0;
      for (const id of editionIds) {
        const { csv, types } = await both(`/editions/${id}/online`, "tutor@example.org", locale, "", `/editions/${id}/online/csv`);
        rows += csv.length - 1;
        if (csv.length > 1) expect(types[3]).toBe("number"); // modules done
      }
      expect(rows).toBeGreaterThan(5);
      // the state filter narrows both files alike
      const { csv } = await both(`/editions/${closedId}/online`, "tutor@example.org", locale, "?state=UY", `/editions/${closedId}/online/csv`);
      expect(csv.length).toBeGreaterThan(1);
      expect(new Set(csv.slice(1).map((r) => r[2]))).toEqual(new Set(["Uruguay"]));
    });

    it(`face-to-face board and certificates board, every edition (${locale})`, async () => {
      setLocale("tutor@example.org", locale);
      let states = 0;
      let trainees = 0;
      for (const id of editionIds) {
        const f2f = await both(`/editions/${id}/face-to-face`, "tutor@example.org", locale);
        states += f2f.csv.length - 1;
        const certs = await both(`/editions/${id}/certificates`, "tutor@example.org", locale);
        trainees += certs.csv.length - 1;
      }
      expect(states).toBeGreaterThan(3);
      expect(trainees).toBeGreaterThan(5);
      const closed = await both(`/editions/${closedId}/face-to-face`, "tutor@example.org", locale);
      expect(closed.types[1]).toBe("number"); // sessions
      expect(closed.types[8]).toBe("date"); // signed off at
      const certs = await both(`/editions/${closedId}/certificates`, "tutor@example.org", locale);
      expect(certs.types[5]).toBe("date"); // issued on
      // one revoked and re-issued in the demo: both stages appear, and a stage filter keeps one of them
      const issued = await both(`/editions/${closedId}/certificates`, "tutor@example.org", locale, "?stage=issued");
      expect(issued.csv.length).toBeGreaterThan(1);
      expect(new Set(issued.csv.slice(1).map((r) => r[2])).size).toBe(1);
      expect(issued.csv.length).toBeLessThanOrEqual(certs.csv.length);
    });

    it(`coordinator's roster (${locale})`, async () => {
      setLocale("coord.uy@example.org", locale);
      const { csv } = await both(`/coordination/${participationUy}/roster`, "coord.uy@example.org", locale);
      expect(csv.length).toBeGreaterThan(1);
      expect(csv.slice(1).every((r) => r[1]!.endsWith("@example.org"))).toBe(true);
    });
  }

  it("the certificates board read in small batches gives the same rows as in one", () => {
    const db = getDb();
    const all = [...certificateBoardTable({ db, editionId: closedId, locale: "en" }).rows];
    const batched = [...certificateBoardTable({ db, editionId: closedId, locale: "en", batch: 2 }).rows];
    expect(all.length).toBeGreaterThan(4);
    expect(batched).toEqual(all);
  });

  it("the pages link to both downloads", async () => {
    setLocale("tutor@example.org", "en");
    const online = await (await get(`/editions/${closedId}/online`, "tutor@example.org")).text();
    expect(online).toContain(`/editions/${closedId}/online.xlsx`);
    const f2f = await (await get(`/editions/${closedId}/face-to-face`, "tutor@example.org")).text();
    expect(f2f).toContain(`/editions/${closedId}/face-to-face.csv`);
    expect(f2f).toContain(`/editions/${closedId}/face-to-face.xlsx`);
    const certs = await (await get(`/editions/${closedId}/certificates?stage=issued`, "tutor@example.org")).text();
    expect(certs).toContain(`/editions/${closedId}/certificates.xlsx?stage=issued`);
    const roster = await (await get(`/coordination/${participationUy}`, "coord.uy@example.org")).text();
    expect(roster).toContain(`/coordination/${participationUy}/roster.xlsx`);
  });
});
