/**
 * Issue 10, point 17: percentages and numbers are written by Intl in the reader's language, never
 * glued by hand ("75%" in English, "75 %" in Spanish and French, with a no-break space that keeps the
 * sign on the number's line). A source scan keeps `toFixed` and hand-glued "%" out of pages and
 * components, and "%" out of the catalogues' placeholders (the value arrives already formatted).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatNumber, formatPercent } from "~/lib/format";

const NBSP = /^75[\u00a0\u202f]%$/; // Node's ICU writes U+00A0 for fr and es; newer CLDR may write U+202F in fr

describe("formatPercent / formatNumber", () => {
  it("writes a percentage as each language does", () => {
    expect(formatPercent(75, "en")).toBe("75%");
    expect(formatPercent(75, "pt")).toBe("75%");
    expect(formatPercent(75, "es")).toMatch(NBSP);
    expect(formatPercent(75, "fr")).toMatch(NBSP);
    expect(formatPercent(66.666, "fr")).toMatch(/^66,7[\u00a0\u202f]%$/);
    expect(formatPercent(66.666, "en")).toBe("66.7%");
    expect(formatPercent(null, "en")).toBe("—");
  });

  it("writes numbers with the language's decimal sign and grouping", () => {
    expect(formatNumber(1234.5, "en")).toBe("1,234.5");
    expect(formatNumber(1.5, "es")).toBe("1,5");
    expect(formatNumber(1.5, "pt")).toBe("1,5");
    expect(formatNumber(1234.5, "fr")).toMatch(/^1[\u00a0\u202f]234,5$/);
    expect(formatNumber(12, "fr", { minimumFractionDigits: 2 })).toBe("12,00");
  });
});

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** A "%" glued to an expression in JSX or a template (`{n}%`, `{n} %`, `${n}%`). */
const GLUED = /\}\s?%(?!\})/;

describe("no hand-made numbers in pages and components", () => {
  const sources = [...files("app/routes"), ...files("app/components")];

  it("scans the pages and components", () => expect(sources.length).toBeGreaterThan(50));

  it("uses no toFixed and glues no % to a value", () => {
    const bad = sources.flatMap((f) =>
      fs
        .readFileSync(f, "utf8")
        .split("\n")
        .flatMap((line, i) => (/\.toFixed\(/.test(line) || GLUED.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(bad).toEqual([]);
  });

  it("catches what it is meant to catch", () => {
    expect(GLUED.test("<dd>{edition.attendanceRequiredPercent} %</dd>")).toBe(true);
    expect(GLUED.test(["`$", "{page.best}%`"].join(""))).toBe(true);
    expect(GLUED.test('<dd>{formatPercent(page.best, locale)}</dd>')).toBe(false);
  });

  it("the catalogues put no % after a placeholder", () => {
    const dir = path.resolve("app/i18n/locales");
    const bad: string[] = [];
    for (const locale of fs.readdirSync(dir))
      for (const file of fs.readdirSync(path.join(dir, locale)))
        for (const [i, line] of fs.readFileSync(path.join(dir, locale, file), "utf8").split("\n").entries())
          if (/\{\{[^}]+\}\}[\s\u00a0\u202f]?%/.test(line)) bad.push(`${locale}/${file}:${i + 1}: ${line.trim()}`);
    expect(bad).toEqual([]);
  });
});
