/**
 * Translation status (complete / stale / summary only / missing), the source stamp, and the quiz
 * checks that content:check enforces, on the small four-language course in tests/fixtures/content
 * (copied to a temp dir and broken on purpose).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { checkContentReport } from "~/content/check.server";
import { slugifyHeading } from "~/content/mdx.server";
import { bodyStats, sourceHash, stampSource } from "~/content/translation.server";
import { type Quiz, createCatalogue } from "~/content.server";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURE = path.join(repoRoot, "tests/fixtures/content");
const SLUG = "01-routes";

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function copy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-translation-"));
  tempDirs.push(dir);
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}
const mdx = (dir: string, locale: string) => path.join(dir, "demo", locale, `${SLUG}.mdx`);
const quizFile = (dir: string, locale: string) => path.join(dir, "demo", locale, `${SLUG}.quiz.json`);
function edit(file: string, change: (text: string) => string): void {
  const before = fs.readFileSync(file, "utf8");
  const after = change(before);
  expect(after, `edit of ${file} changed nothing`).not.toBe(before);
  fs.writeFileSync(file, after);
}
function editQuiz(file: string, change: (quiz: Quiz) => void): void {
  const quiz = JSON.parse(fs.readFileSync(file, "utf8")) as Quiz;
  change(quiz);
  fs.writeFileSync(file, JSON.stringify(quiz, null, 2));
}
async function statusOf(dir: string, locale: string) {
  const report = await checkContentReport(dir);
  return { report, row: report.statuses.find((r) => r.slug === SLUG && r.locale === locale) };
}
const TSX = path.join(repoRoot, "node_modules/.bin/tsx");
/** The CLIs start a tsx process each: slow on a loaded machine. */
const CLI_TIMEOUT = 60_000;
const stamp = (dir: string, locale: string) =>
  spawnSync(TSX, ["scripts/content-stamp.ts", locale, dir], { cwd: repoRoot, encoding: "utf8" });

describe("the fixture course", () => {
  it("is complete in all four languages and passes content:check", async () => {
    const report = await checkContentReport(FIXTURE);
    expect(report.errors).toEqual([]);
    expect(report.statuses.map((r) => `${r.locale}:${r.status}`).sort()).toEqual([
      "en:complete",
      "es:complete",
      "fr:complete",
      "pt:complete",
    ]);
  });
});

describe("stale translations", () => {
  it("a changed Spanish paragraph makes the Portuguese module stale, in content:check and on the coverage page", async () => {
    const dir = copy();
    edit(mdx(dir, "es"), (text) => text.replace("a partir de una estrategia común acordada por todas.", "a partir de una estrategia común, escrita y acordada por todas."));
    const { report, row } = await statusOf(dir, "pt");
    expect(row?.status).toBe("stale");
    expect(report.errors.join("\n")).toMatch(/pt[\\/]01-routes\.mdx: stale translation: translates es version [0-9a-f]{12}, the es file is now [0-9a-f]{12}/);
    // every translation of that file is stale, not only pt
    expect(report.statuses.filter((r) => r.status === "stale").map((r) => r.locale).sort()).toEqual(["en", "fr", "pt"]);
    const coverage = createCatalogue(dir).translationCoverage("demo")[0];
    expect(coverage.locales).toEqual({ en: "stale", es: "complete", pt: "stale", fr: "stale" });
  });

  it("in a copy of the real course, a changed Spanish paragraph makes the stamped English module stale", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-translation-real-"));
    tempDirs.push(dir);
    fs.cpSync(path.join(repoRoot, "content"), dir, { recursive: true });
    const coverage = () => createCatalogue(dir).translationCoverage("csec").find((m) => m.slug === "02-legal-framework")!;
    expect(coverage().locales.en).toBe("complete");
    const es = path.join(dir, "csec", "es", "02-legal-framework.mdx");
    edit(es, (text) => text.replace(/\n\n([^#<\n][^\n]{40,})\n/, (_, paragraph) => `\n\n${paragraph} Párrafo revisado.\n`));
    expect(coverage().locales.en).toBe("stale");
    expect(coverage().reasons.en.join()).toMatch(/translates es version [0-9a-f]{12}, the es file is now [0-9a-f]{12}/);
  });

  it("content:stamp -- pt records the new source version in pt only, touching nothing else", async () => {
    const dir = copy();
    edit(mdx(dir, "es"), (text) => text.replace("sin investigar por su cuenta", "sin investigar nunca por su cuenta"));
    const before = fs.readFileSync(mdx(dir, "pt"), "utf8");
    const result = stamp(dir, "pt");
    expect(result.status, result.stderr).toBe(0);
    const after = fs.readFileSync(mdx(dir, "pt"), "utf8");
    const newHash = sourceHash(fs.readFileSync(mdx(dir, "es")));
    expect(after).toContain(`source: { locale: "es", hash: "${newHash}" }`);
    const changed = after.split("\n").filter((line, i) => line !== before.split("\n")[i]);
    expect(changed).toEqual([`source: { locale: "es", hash: "${newHash}" }`]);
    expect((await statusOf(dir, "pt")).row?.status).toBe("complete");
    expect((await statusOf(dir, "fr")).row?.status).toBe("stale");
  }, CLI_TIMEOUT);

  it("a translation without a source stamp is stale", async () => {
    const dir = copy();
    edit(mdx(dir, "fr"), (text) => text.replace(/^source: .*\n/m, ""));
    const { report, row } = await statusOf(dir, "fr");
    expect(row?.status).toBe("stale");
    expect(report.errors.join("\n")).toMatch(/fr[\\/]01-routes\.mdx: stale translation: no source stamp/);
  });

  it("content:stamp refuses the source language and unknown arguments", () => {
    const dir = copy();
    expect(stamp(dir, "es").status).toBe(2);
    expect(stamp(dir, "de").status).toBe(2);
  }, CLI_TIMEOUT);
});

describe("summary-only and missing translations", () => {
  it("fails on a Portuguese text with under 80 % of the Spanish words", async () => {
    const dir = copy();
    edit(mdx(dir, "pt"), (text) => text.replace(/## Quem participa[\s\S]*?### A escola/, "## Quem participa\n\nTodas.\n\n### A escola"));
    const { report, row } = await statusOf(dir, "pt");
    expect(row?.status).toBe("summary");
    expect(report.errors.join("\n")).toMatch(/pt[\\/]01-routes\.mdx: summary only translation: \d+ words, \d+ % of the es text's \d+ \(at least 80 % needed\)/);
  });

  it("fails on a French text whose number of ##/### headings differs", async () => {
    const dir = copy();
    edit(mdx(dir, "fr"), (text) => text.replace("### L'école\n\n", ""));
    const { report, row } = await statusOf(dir, "fr");
    expect(row?.status).toBe("summary");
    expect(report.errors.join("\n")).toMatch(/fr[\\/]01-routes\.mdx: summary only translation: .*3 ##\/### headings, the es text has 4/);
  });

  it("fails on a translation marked complete: false, and on a missing one", async () => {
    const dir = copy();
    edit(mdx(dir, "pt"), (text) => text.replace("required: true", "required: true\ncomplete: false"));
    fs.rmSync(mdx(dir, "fr"));
    fs.rmSync(quizFile(dir, "fr"));
    const report = await checkContentReport(dir);
    const errors = report.errors.join("\n");
    expect(errors).toMatch(/pt[\\/]01-routes\.mdx: summary only translation: marked complete: false/);
    expect(errors).toMatch(/fr[\\/]01-routes\.mdx: missing translation/);
    expect(report.statuses.find((r) => r.locale === "fr")?.status).toBe("missing");
  });

  it("the CLI prints the status table and exits 1", () => {
    const dir = copy();
    edit(mdx(dir, "pt"), (text) => text.replace(/## O que evitar[\s\S]*$/, ""));
    const result = spawnSync(TSX, ["scripts/content-check.ts", dir], { cwd: repoRoot, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/01-routes\s+complete\s+complete\s+SUMMARY ONLY\s+complete/);
  }, CLI_TIMEOUT);
});

describe("quiz checks", () => {
  it("fails on a question without an explanation", async () => {
    const dir = copy();
    editQuiz(quizFile(dir, "pt"), (quiz) => {
      delete quiz.questions[2].explanation;
    });
    const errors = (await checkContentReport(dir)).errors;
    expect(errors).toEqual([expect.stringMatching(/pt[\\/]01-routes\.quiz\.json: q3: missing explanation/)]);
  });

  it("fails on a duplicated option id and on a duplicated option text", async () => {
    const dir = copy();
    editQuiz(quizFile(dir, "es"), (quiz) => {
      quiz.questions[0].options[2].id = "a";
    });
    editQuiz(quizFile(dir, "en"), (quiz) => {
      quiz.questions[1].options[2].text = ` ${quiz.questions[1].options[0].text.toUpperCase()} `;
    });
    const errors = (await checkContentReport(dir)).errors.join("\n");
    expect(errors).toMatch(/es[\\/]01-routes\.quiz\.json: questions\.0\.options\.2\.id: duplicate option id "a"/);
    expect(errors).toMatch(/en[\\/]01-routes\.quiz\.json: questions\.1\.options\.2\.text: duplicate option text/);
  });

  it("fails on an answer key that points outside the options", async () => {
    const dir = copy();
    editQuiz(quizFile(dir, "fr"), (quiz) => {
      quiz.questions[4].answer = "d";
    });
    const errors = (await checkContentReport(dir)).errors.join("\n");
    expect(errors).toMatch(/fr[\\/]01-routes\.quiz\.json: questions\.4\.answer: answer "d" is not one of the option ids \(a, b, c\)/);
  });
});

describe("helpers", () => {
  it("counts body words and ##/### headings: not the frontmatter, nor headings inside fenced code", () => {
    const text = '---\ntitle: "Uno dos tres"\n---\n\n## Título uno\n\nHola, mundo; l’enfant va-t-il bien?\n\n```\n## not a heading\n```\n\n#### deep\n';
    expect(bodyStats(text)).toEqual({ words: 11, headings: 1 });
  });

  it("stamps a file without a source key, replaces an existing one, and leaves `sources:` alone", () => {
    const text = '---\ntitle: "T"\nsources:\n  - title: "S"\n---\n\nBody\n';
    const once = stampSource(text, { locale: "es", hash: "aaaaaaaaaaaa" });
    expect(once).toBe('---\ntitle: "T"\nsources:\n  - title: "S"\nsource: { locale: "es", hash: "aaaaaaaaaaaa" }\n---\n\nBody\n');
    const block = once.replace('source: { locale: "es", hash: "aaaaaaaaaaaa" }', "source:\n  locale: es\n  hash: bbbbbbbbbbbb");
    expect(stampSource(block, { locale: "es", hash: "cccccccccccc" })).toBe(once.replace("aaaaaaaaaaaa", "cccccccccccc"));
    expect(stampSource("no frontmatter", { locale: "es", hash: "aaaaaaaaaaaa" })).toBe("no frontmatter");
  });

  it("hashes the first 12 hex digits of SHA-256", () => {
    expect(sourceHash("abc")).toBe("ba7816bf8f01");
  });

  it("turns headings into ASCII anchor ids", () => {
    expect(slugifyHeading("¿Por qué un plan nacional de acción?")).toBe("por-que-un-plan-nacional-de-accion");
    expect(slugifyHeading("Ce qu'il faut éviter")).toBe("ce-qu-il-faut-eviter");
    expect(slugifyHeading("«»")).toBe("section");
    expect(slugifyHeading("3. Protección")).toBe("s-3-proteccion");
  });

  it("renders headings with unique anchor ids and lists them", async () => {
    const loaded = await createCatalogue(FIXTURE).loadModule("demo", SLUG, "fr");
    expect(loaded?.headings).toEqual([
      { id: "ce-qu-est-un-circuit", text: "Ce qu'est un circuit", depth: 2 },
      { id: "qui-y-participe", text: "Qui y participe", depth: 2 },
      { id: "l-ecole", text: "L'école", depth: 3 },
      { id: "ce-qu-il-faut-eviter", text: "Ce qu'il faut éviter", depth: 2 },
    ]);
    expect(loaded?.html).toContain('<h2 id="qui-y-participe">Qui y participe</h2>');
  });
});
