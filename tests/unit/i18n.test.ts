import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES } from "~/i18n/config";
import { fromAcceptLanguage, resolveLocale } from "~/i18n/i18n.server";

const dir = path.resolve("app/i18n/locales");
const namespaces = fs.readdirSync(path.join(dir, "en")).filter((f) => f.endsWith(".json"));

type Tree = { [k: string]: string | Tree };
const load = (lng: string, ns: string): Tree => JSON.parse(fs.readFileSync(path.join(dir, lng, ns), "utf8"));
function flatten(tree: Tree, prefix = ""): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([k, v]) =>
      typeof v === "string" ? [[prefix + k, v]] : Object.entries(flatten(v, `${prefix}${k}.`)),
    ),
  );
}
const placeholders = (s: string) => (s.match(/\{\{\s*\w+\s*\}\}/g) ?? []).map((p) => p.replace(/\s/g, "")).sort();

describe("translations", () => {
  for (const ns of namespaces) {
    const en = flatten(load("en", ns));
    for (const lng of LOCALES.filter((l) => l !== "en")) {
      it(`${lng}/${ns} has exactly the keys of en/${ns}, every value non-empty, same placeholders`, () => {
        expect(fs.existsSync(path.join(dir, lng, ns)), `${lng}/${ns} is missing`).toBe(true);
        const other = flatten(load(lng, ns));
        expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
        for (const [k, v] of Object.entries(other)) {
          expect(v.trim(), `${lng}:${k} is empty`).not.toBe("");
          expect(placeholders(v), `${lng}:${k} placeholders`).toEqual(placeholders(en[k]!));
        }
      });
    }
  }

  it("every literal key the app's code uses exists in English", () => {
    const byNs = Object.fromEntries(namespaces.map((f) => [f.replace(/\.json$/, ""), flatten(load("en", f))]));
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name)) files.push(p);
      }
    };
    walk(path.resolve("app"));
    const missing: string[] = [];
    for (const file of files) {
      const src = fs.readFileSync(file, "utf8");
      // the file's namespace: useTranslation("ns") / fixedT(locale, "ns"), else common; "ns:key" overrides
      const fileNs = src.match(/(?:useTranslation|fixedT)\([^)"]*"(\w+)"/)?.[1] ?? "common";
      for (const m of src.matchAll(/\bt\(\s*"(?:(\w+):)?([a-zA-Z][\w-]*(?:\.[\w-]+)+)"/g)) {
        const ns = m[1] ?? fileNs;
        const key = m[2]!;
        if (!byNs[ns] || !(key in byNs[ns]!)) missing.push(`${path.relative(process.cwd(), file)}: ${ns}:${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe("language detection", () => {
  const req = (headers: Record<string, string>) => new Request("http://x/", { headers });
  it("honours Accept-Language q-values and skips unsupported languages", () => {
    expect(fromAcceptLanguage("de-DE,fr;q=0.8,es;q=0.9")).toBe("es");
    expect(fromAcceptLanguage("pt-BR")).toBe("pt");
    expect(fromAcceptLanguage("de, ja")).toBeNull();
    expect(fromAcceptLanguage("")).toBeNull();
  });
  it("prefers the saved preference, then the cookie, then Accept-Language, then English", () => {
    expect(resolveLocale(req({ Cookie: "aula_lng=fr", "Accept-Language": "es" }), "pt")).toBe("pt");
    expect(resolveLocale(req({ Cookie: "aula_lng=fr", "Accept-Language": "es" }), null)).toBe("fr");
    expect(resolveLocale(req({ Cookie: "aula_lng=xx", "Accept-Language": "es" }), null)).toBe("es");
    expect(resolveLocale(req({}), null)).toBe("en");
  });
});
