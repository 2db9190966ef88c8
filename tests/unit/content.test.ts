import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  type Quiz,
  checkContent,
  createCatalogue,
  gradeQuiz,
  listCourses,
  publicQuiz,
} from "~/content.server";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const realContent = path.join(repoRoot, "content");
/** The modules this test suite owns; fixtures keep only these so other modules' drafts cannot break them. */
const OWN_MODULES = ["01-concepts", "02-legal-framework"];

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of content/ in a temp dir, reduced to the csec course's modules 01 and 02. */
function fixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-content-"));
  tempDirs.push(dir);
  fs.cpSync(realContent, dir, { recursive: true });
  const course = path.join(dir, "csec");
  for (const locale of fs.readdirSync(course)) {
    const localeDir = path.join(course, locale);
    if (!fs.statSync(localeDir).isDirectory()) continue;
    for (const name of fs.readdirSync(localeDir)) {
      if (!OWN_MODULES.some((slug) => name.startsWith(`${slug}.`))) {
        fs.rmSync(path.join(localeDir, name));
      }
    }
  }
  return dir;
}

function quizPath(dir: string, locale: string, slug: string): string {
  return path.join(dir, "csec", locale, `${slug}.quiz.json`);
}

function editQuiz(file: string, edit: (quiz: Quiz) => void): void {
  const quiz = JSON.parse(fs.readFileSync(file, "utf8")) as Quiz;
  edit(quiz);
  fs.writeFileSync(file, JSON.stringify(quiz, null, 2));
}

/** Make sure a module file says `complete: false` (whatever the branch's text currently says). */
function markIncomplete(dir: string, locale: string, slug: string): void {
  const file = path.join(dir, "csec", locale, `${slug}.mdx`);
  const text = fs.readFileSync(file, "utf8").replace(/^complete: .*\n/m, "");
  fs.writeFileSync(file, text.replace("required: true", "required: true\ncomplete: false"));
}

function appendToModule(dir: string, locale: string, slug: string, text: string): void {
  fs.appendFileSync(path.join(dir, "csec", locale, `${slug}.mdx`), `\n${text}\n`);
}

const sampleQuiz: Quiz = {
  questions: ["q1", "q2", "q3", "q4", "q5"].map((id) => ({
    id,
    prompt: `Prompt ${id}`,
    options: ["a", "b", "c"].map((option) => ({
      id: option,
      text: `Option ${option} of ${id}`,
      feedback: `Feedback ${option} of ${id}`,
    })),
    answer: "b",
  })),
};


describe("checkContent", () => {
  it("passes on the real content, all four languages complete", async () => {
    expect(await checkContent(realContent)).toEqual([]);
  });

  it("passes on the modules 01-02 fixture", async () => {
    expect(await checkContent(fixture())).toEqual([]);
  });

  it("fails on a quiz whose answer key is not an option, naming the file", async () => {
    const dir = fixture();
    editQuiz(quizPath(dir, "es", "01-concepts"), (quiz) => {
      quiz.questions[0].answer = "z";
    });
    const errors = await checkContent(dir);
    expect(errors.some((e) => e.includes(path.join("es", "01-concepts.quiz.json")) && e.includes('"z"'))).toBe(
      true,
    );
  });

  it("fails when answer keys differ between a locale and es", async () => {
    const dir = fixture();
    editQuiz(quizPath(dir, "en", "02-legal-framework"), (quiz) => {
      const question = quiz.questions[1];
      question.answer = question.options.find((option) => option.id !== question.answer)!.id;
    });
    const errors = await checkContent(dir);
    expect(
      errors.some(
        (e) => e.includes(path.join("en", "02-legal-framework.quiz.json")) && e.includes("differs from the es version"),
      ),
    ).toBe(true);
  });

  it("fails when question ids differ between a locale and es", async () => {
    const dir = fixture();
    editQuiz(quizPath(dir, "fr", "01-concepts"), (quiz) => {
      quiz.questions[2].id = "q99";
    });
    const errors = await checkContent(dir);
    expect(errors.some((e) => e.includes(path.join("fr", "01-concepts.quiz.json")) && e.includes("question ids"))).toBe(
      true,
    );
  });

  it("fails on a quiz with too few questions or duplicate ids", async () => {
    const dir = fixture();
    editQuiz(quizPath(dir, "es", "02-legal-framework"), (quiz) => {
      quiz.questions = quiz.questions.slice(0, 4);
    });
    editQuiz(quizPath(dir, "es", "01-concepts"), (quiz) => {
      quiz.questions[1].id = quiz.questions[0].id;
    });
    const errors = await checkContent(dir);
    expect(errors.some((e) => e.includes("02-legal-framework.quiz.json") && e.includes("5-10 questions"))).toBe(true);
    expect(errors.some((e) => e.includes("01-concepts.quiz.json") && e.includes("duplicate question id"))).toBe(true);
  });

  it("fails on a module: cross-reference to a module that does not exist", async () => {
    const dir = fixture();
    appendToModule(dir, "es", "02-legal-framework", "Véase el [módulo 9](module:09-nowhere).");
    const errors = await checkContent(dir);
    expect(
      errors.some((e) => e.includes(path.join("es", "02-legal-framework.mdx")) && e.includes("module:09-nowhere")),
    ).toBe(true);
  });

  it("fails on components, HTML, images, imports and expressions the format does not allow", async () => {
    const dir = fixture();
    appendToModule(
      dir,
      "en",
      "01-concepts",
      [
        '<Callout type="danger">Bad type</Callout>',
        "",
        "<div>raw html</div>",
        "",
        '<Chart data="x" />',
        "",
        "![a picture](picture.png)",
        "",
        "{1 + 1}",
        "",
        "<Definition>No term</Definition>",
        "",
        '<KeyFigure value="3" />',
      ].join("\n"),
    );
    fs.writeFileSync(
      path.join(dir, "csec", "pt", "02-legal-framework.mdx"),
      fs
        .readFileSync(path.join(dir, "csec", "pt", "02-legal-framework.mdx"), "utf8")
        .replace(/^## /m, 'import X from "x"\n\n## '),
    );
    const errors = (await checkContent(dir)).join("\n");
    expect(errors).toMatch(/01-concepts\.mdx:\d+: <Callout>: type "danger"/);
    expect(errors).toMatch(/raw HTML element <div> is not allowed/);
    expect(errors).toMatch(/component <Chart> is not allowed/);
    expect(errors).toMatch(/images are not allowed/);
    expect(errors).toMatch(/JavaScript expressions/);
    expect(errors).toMatch(/<Definition>: missing attribute "term"/);
    expect(errors).toMatch(/<KeyFigure>: missing attribute "label"/);
    expect(errors).toMatch(/02-legal-framework\.mdx:\d+: import\/export statements are not allowed/);
  });

  it("fails on MDX that does not compile, bad frontmatter and an order that does not match the file name", async () => {
    const dir = fixture();
    appendToModule(dir, "es", "01-concepts", "<Callout type=\"note\">never closed");
    const file = path.join(dir, "csec", "en", "02-legal-framework.mdx");
    fs.writeFileSync(
      file,
      fs.readFileSync(file, "utf8").replace("order: 2", "order: 3").replace("minutes: 55", "minutes: soon"),
    );
    const errors = (await checkContent(dir)).join("\n");
    expect(errors).toMatch(/es[\\/]01-concepts\.mdx(:\d+)?: MDX does not compile/);
    expect(errors).toMatch(/en[\\/]02-legal-framework\.mdx: frontmatter minutes/);
  });

  it("fails when a module is missing in en or marked incomplete in es", async () => {
    const dir = fixture();
    fs.rmSync(path.join(dir, "csec", "en", "02-legal-framework.mdx"));
    fs.rmSync(quizPath(dir, "en", "02-legal-framework"));
    const es = path.join(dir, "csec", "es", "01-concepts.mdx");
    fs.writeFileSync(es, fs.readFileSync(es, "utf8").replace("required: true", "required: true\ncomplete: false"));
    const errors = (await checkContent(dir)).join("\n");
    expect(errors).toMatch(/en[\\/]02-legal-framework\.mdx: missing/);
    expect(errors).toMatch(/es[\\/]01-concepts\.mdx: complete: false is not allowed in es/);
  });
});

describe("content:check CLI", () => {
  const run = (dir: string) =>
    spawnSync(path.join(repoRoot, "node_modules/.bin/tsx"), ["scripts/content-check.ts", dir], { cwd: repoRoot, encoding: "utf8" });

  it("exits 1 and names the file on a broken fixture", () => {
    const dir = fixture();
    editQuiz(quizPath(dir, "es", "01-concepts"), (quiz) => {
      quiz.questions[0].answer = "z";
    });
    const result = run(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("01-concepts.quiz.json");
  });

  it("exits 0 with a one-line summary on valid content", () => {
    const result = run(path.join(repoRoot, "tests/fixtures/content"));
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/content:check OK: 1 course, 1 modules × 4 locales/);
  });
});

describe("gradeQuiz", () => {
  const allRight = Object.fromEntries(sampleQuiz.questions.map((q) => [q.id, q.answer]));

  it("scores all right answers 100", () => {
    const grade = gradeQuiz(sampleQuiz, allRight);
    expect(grade).toMatchObject({ score: 100, correct: 5, total: 5 });
    expect(grade.results.every((r) => r.correct && r.feedback?.startsWith("Feedback b"))).toBe(true);
  });

  it("scores wrong answers with the chosen option's feedback", () => {
    const grade = gradeQuiz(sampleQuiz, { ...allRight, q1: "a", q2: "c" });
    expect(grade).toMatchObject({ score: 60, correct: 3, total: 5 });
    expect(grade.results[0]).toEqual({
      questionId: "q1",
      chosen: "a",
      correct: false,
      feedback: "Feedback a of q1",
    });
  });

  it("counts missing answers as wrong with the no-answer marker", () => {
    const grade = gradeQuiz(sampleQuiz, { q1: "b" });
    expect(grade).toMatchObject({ score: 20, correct: 1, total: 5 });
    expect(grade.results[4]).toEqual({ questionId: "q5", chosen: null, correct: false, feedback: null });
  });

  it("never throws on tampered input and counts it as wrong", () => {
    const tampered = JSON.parse(
      '{"q1":"z","q2":["b"],"q3":{"id":"b"},"q4":null,"q999":"b","__proto__":{"q5":"b"},"constructor":"b"}',
    ) as Record<string, unknown>;
    const grade = gradeQuiz(sampleQuiz, tampered);
    expect(grade).toMatchObject({ score: 0, correct: 0, total: 5 });
    expect(grade.results.map((r) => r.questionId)).toEqual(["q1", "q2", "q3", "q4", "q5"]);
    expect(grade.results.every((r) => r.chosen === null && r.feedback === null)).toBe(true);
    expect(() => gradeQuiz(sampleQuiz, null as unknown as Record<string, string>)).not.toThrow();
  });

  it("rounds the score to an integer percent", () => {
    const quiz: Quiz = { questions: [...sampleQuiz.questions, { ...sampleQuiz.questions[0], id: "q6" }] };
    expect(gradeQuiz(quiz, { q1: "b" }).score).toBe(17);
  });
});

describe("publicQuiz", () => {
  it("carries no answers and no feedback", () => {
    const stripped = publicQuiz(sampleQuiz);
    const json = JSON.stringify(stripped);
    expect(json).not.toContain('"answer"');
    expect(json).not.toContain('"feedback"');
    expect(json).not.toContain("Feedback");
    expect(stripped.questions[0]).toEqual({
      id: "q1",
      prompt: "Prompt q1",
      options: [
        { id: "a", text: "Option a of q1" },
        { id: "b", text: "Option b of q1" },
        { id: "c", text: "Option c of q1" },
      ],
    });
  });

  it("strips a real quiz too", () => {
    const quiz = createCatalogue(realContent).loadQuiz("csec", "01-concepts", "es");
    expect(quiz).not.toBeNull();
    expect(quiz!.questions.every((q) => q.explanation)).toBe(true);
    const json = JSON.stringify(publicQuiz(quiz!));
    expect(json).not.toContain('"answer"');
    expect(json).not.toContain('"feedback"');
    expect(json).not.toContain('"explanation"');
  });
});

describe("catalogue", () => {
  it("lists the csec course from the default content directory", () => {
    expect(listCourses().map((course) => course.slug)).toContain("csec");
  });

  it("lists modules in order with their metadata", () => {
    const modules = createCatalogue(fixture()).listModules("csec", "en");
    expect(modules.map((m) => m.slug)).toEqual(["01-concepts", "02-legal-framework"]);
    expect(modules[0]).toMatchObject({
      order: 1,
      locale: "en",
      bodyLocale: "en",
      fallback: false,
      hasQuiz: true,
      required: true,
      assignment: false,
    });
  });

  it("falls back to es when a module is missing in pt", async () => {
    const dir = fixture();
    fs.rmSync(path.join(dir, "csec", "pt", "02-legal-framework.mdx"));
    fs.rmSync(quizPath(dir, "pt", "02-legal-framework"));
    const catalogue = createCatalogue(dir);
    const loaded = await catalogue.loadModule("csec", "02-legal-framework", "pt");
    expect(loaded).not.toBeNull();
    expect(loaded!.fallback).toBe(true);
    expect(loaded!.bodyLocale).toBe("es");
    expect(loaded!.meta.locale).toBe("es");
    expect(loaded!.html).toContain("Convención sobre los Derechos del Niño");
    const quiz = catalogue.loadQuiz("csec", "02-legal-framework", "pt");
    expect(quiz).toMatchObject({ locale: "es", fallback: true });
    const listing = catalogue.listModules("csec", "pt").find((m) => m.slug === "02-legal-framework");
    expect(listing).toMatchObject({ locale: "es", bodyLocale: "es", fallback: true });
  });

  it("uses the pt title with the es body when the pt file has complete: false", async () => {
    const dir = fixture();
    markIncomplete(dir, "pt", "01-concepts");
    const catalogue = createCatalogue(dir);
    const loaded = await catalogue.loadModule("csec", "01-concepts", "pt");
    expect(loaded).toMatchObject({ bodyLocale: "es", fallback: true, hasQuiz: true });
    expect(loaded!.meta).toMatchObject({ locale: "pt", title: "Conceitos e abordagem baseada em direitos" });
    expect(loaded!.html).toContain("Niñas, niños y adolescentes: sujetos de derechos");
    // The pt quiz exists, so no fallback for the quiz.
    expect(catalogue.loadQuiz("csec", "01-concepts", "pt")).toMatchObject({ locale: "pt", fallback: false });
  });

  it("renders the allowed components and rewrites module: links", async () => {
    const loaded = await createCatalogue(fixture()).loadModule("csec", "01-concepts", "en");
    expect(loaded!.fallback).toBe(false);
    const html = loaded!.html;
    expect(html).toContain('href="/course/modules/02-legal-framework"');
    expect(html).not.toContain("module:");
    expect(html).toMatch(/<aside class="callout callout-warning" aria-label="Warning">/);
    expect(html).toMatch(/<dl class="definition"><dt>Commercial sexual exploitation of children \(CSEC\)<\/dt><dd>/);
    expect(html).toMatch(/<figure class="key-figure"><p class="key-figure-value">1913<\/p><figcaption>/);
    expect(html).toMatch(/<section class="further-reading"><h2>Further reading<\/h2><ul>/);
    expect(html).not.toContain("<h1");
    const es = await createCatalogue(fixture()).loadModule("csec", "01-concepts", "es");
    expect(es!.html).toMatch(/<section class="further-reading"><h2>Lecturas complementarias<\/h2>/);
  });

  it("treats unknown locales as the default locale and rejects unsafe slugs", async () => {
    const catalogue = createCatalogue(fixture());
    const loaded = await catalogue.loadModule("csec", "01-concepts", "de");
    expect(loaded).toMatchObject({ bodyLocale: "es", fallback: false });
    expect(await catalogue.loadModule("csec", "../../etc/passwd", "en")).toBeNull();
    expect(await catalogue.loadModule("../csec", "01-concepts", "en")).toBeNull();
    expect(await catalogue.loadModule("csec", "09-nowhere", "en")).toBeNull();
    expect(catalogue.loadQuiz("csec", "09-nowhere", "en")).toBeNull();
    expect(catalogue.getCourse("nope")).toBeNull();
  });

  it("reports translation coverage per module and locale", () => {
    const dir = fixture();
    markIncomplete(dir, "pt", "01-concepts");
    const coverage = createCatalogue(dir).translationCoverage("csec");
    const concepts = coverage.find((row) => row.slug === "01-concepts");
    expect(concepts).toMatchObject({
      order: 1,
      title: "Conceptos y enfoque de derechos",
      locales: { es: "complete", en: "complete", pt: "summary" },
    });
    expect(concepts?.reasons.pt).toContain("marked complete: false");
  });

  it("reports a missing translation as missing", () => {
    const dir = fixture();
    fs.rmSync(path.join(dir, "csec", "fr", "02-legal-framework.mdx"));
    const coverage = createCatalogue(dir).translationCoverage("csec");
    expect(coverage.find((row) => row.slug === "02-legal-framework")?.locales.fr).toBe("missing");
  });
});
