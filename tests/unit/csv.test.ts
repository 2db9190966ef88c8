import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parse } from "csv-parse/sync";
import { csvCell, csvHeader, parseCsv, toCsv } from "~/lib/csv.server";
import { LOCALES } from "~/vocabulary";

const Row = z.object({ name: z.string().trim().min(1).max(20), email: z.string().trim().email() });
const cols = ["name", "email"] as const;

describe("parseCsv", () => {
  it("reads comma and semicolon files, with or without BOM, headers in any case and order", () => {
    const a = parseCsv("name,email\nAna,ana@example.org\n", cols, Row);
    const b = parseCsv("\uFEFFEMAIL;Name\r\nana@example.org;Ana\r\n", cols, Row);
    expect(a).toEqual({ ok: true, rows: [{ name: "Ana", email: "ana@example.org" }], lines: [2] });
    expect(b).toEqual(a);
  });

  it("reports every bad row with its line and column", () => {
    const r = parseCsv("name;email\nAna;ana@example.org\n;bad\nJosé Ñandú;jose@example.org\n", cols, Row);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { row: 3, column: "name", error: { key: "errors.required" } },
      { row: 3, column: "email", error: { key: "errors.email" } },
    ]);
    // the valid rows come back with their lines, for the caller's own checks
    expect(r.valid.map((v) => [v.row, v.value.email])).toEqual([
      [2, "ana@example.org"],
      [4, "jose@example.org"],
    ]);
  });

  it("refuses empty files, missing columns, non-UTF-8 and malformed quotes", () => {
    expect(parseCsv("", cols, Row)).toMatchObject({ ok: false, errors: [{ error: { key: "csv.empty" } }] });
    expect(parseCsv("name\nAna\n", cols, Row)).toMatchObject({ ok: false, errors: [{ column: "email", error: { key: "csv.missingColumn" } }] });
    expect(parseCsv(new Uint8Array([0x6e, 0x61, 0xff, 0xfe]), cols, Row)).toMatchObject({ ok: false, errors: [{ error: { key: "csv.notUtf8" } }] });
    expect(parseCsv('name,email\n"Ana,ana@example.org\n', cols, Row)).toMatchObject({ ok: false, errors: [{ error: { key: "csv.malformed" } }] });
  });
});

describe("CSV export", () => {
  it("neutralises spreadsheet formulas and quotes separators", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("Peña; Núñez")).toBe('"Peña; Núñez"');
    expect(csvCell(3)).toBe("3");
    expect(toCsv(["a"], [["x"]], "en")).toBe("\uFEFFa\r\nx\r\n");
    expect(toCsv(["a", "b"], [["=1+1", "x"]], "es")).toBe("\uFEFFa;b\r\n'=1+1;x\r\n");
  });

  it("writes `;` with a BOM where the language has a decimal comma (es, pt, fr), `,` in English, and reads back", () => {
    const rows = [["Peña, Núñez (ficticia)", "pena@example.org", 7.5, "=HYPERLINK(1)"]];
    for (const locale of LOCALES) {
      const csv = toCsv(["name", "email", "score", "comment"], rows, locale);
      expect(csv.startsWith("\uFEFF")).toBe(true);
      const sep = locale === "en" ? "," : ";";
      expect(csv.slice(1).split("\r\n")[0]).toBe(["name", "email", "score", "comment"].map((c) => csvHeader(c, locale)).join(sep));
      const back = parse(csv.slice(1), { delimiter: sep }) as string[][];
      expect(back[1]).toEqual(["Peña, Núñez (ficticia)", "pena@example.org", locale === "en" ? "7.5" : "7,5", "'=HYPERLINK(1)"]);
      // and our own import reads what we export, headers in the person's language included
      const again = parseCsv(csv, ["name", "email"], Row.extend({ name: z.string() }));
      expect(again).toMatchObject({ ok: true, rows: [{ name: "Peña, Núñez (ficticia)", email: "pena@example.org" }] });
    }
    expect(csvHeader("email", "es")).toBe("correo");
    expect(csvHeader("name", "fr")).toBe("nom");
  });
});

describe("CSV headers in four languages", () => {
  const Nominee = z.object({ name: z.string(), email: z.string().email(), institution: z.string(), position: z.string() });
  const columns = ["name", "email", "institution", "position"] as const;
  const expected = { ok: true, rows: [{ name: "Ana Pérez", email: "ana@example.org", institution: "INAU", position: "Técnica" }], lines: [2] };
  it.each([
    ["Spanish", "Nombre;Correo electrónico;Institución;Cargo"],
    ["Spanish, no accents, upper case", "NOMBRE;CORREO;INSTITUCION;CARGO"],
    ["Portuguese", "Nome;E-mail;Instituição;Cargo"],
    ["French", "Nom;Courriel;Institution;Fonction"],
    ["French, other words", "nom complet;adresse e-mail;organisation;poste"],
    ["English with underscores", "Full_Name;Email_Address;Institution;Job title"],
  ])("accepts %s headers", (_, header) => {
    expect(parseCsv(`${header}\nAna Pérez;ana@example.org;INAU;Técnica\n`, columns, Nominee)).toEqual(expected);
  });
});
