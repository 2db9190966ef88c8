import { describe, expect, it } from "vitest";
import { z } from "zod";
import { csvCell, parseCsv, toCsv } from "~/lib/csv.server";

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
    expect(toCsv(["a"], [["x"]])).toBe("\uFEFFa\r\nx\r\n");
  });
});
