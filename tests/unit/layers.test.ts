/**
 * The layers point one way: routes take nothing from db/ (they go through the domain and the guards);
 * the domain knows no HTTP (Request, Response, FormData) and no route-side form module; what the
 * browser loads (components, i18n, the vocabulary, non-server lib modules) never imports db/.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));
const code = (f: string) => fs.readFileSync(f, "utf8").replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, "");

describe("layers", () => {
  it("no route imports db/", () => {
    expect(files("app/routes").filter((f) => /from "~db\//.test(code(f)))).toEqual([]);
  });
  it("the domain takes no Request, Response or FormData, and no app/lib module", () => {
    expect(files("app/domain").filter((f) => /\b(Request|Response|FormData)\b|from "~\/lib\//.test(code(f)))).toEqual([]);
  });
  it("modules the browser loads never import db/ (so drizzle stays out of the client bundle)", () => {
    const browser = [...files("app/components"), ...files("app/i18n"), ...files("app/lib"), "app/vocabulary.ts", "app/root.tsx"].filter((f) => !f.includes(".server."));
    expect(browser.filter((f) => /from "~db\//.test(code(f)))).toEqual([]);
  });
});
