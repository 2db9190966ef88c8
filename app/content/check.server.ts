/**
 * content:check — every rule of the content format in one place.
 * Returns human-readable "file[:line]: problem" lines; an empty list means the content is valid.
 */
import fs from "node:fs";
import path from "node:path";
import {
  MODULE_EXTENSION,
  QUIZ_EXTENSION,
  parseCourse,
  parseFrontmatter,
  parseQuiz,
} from "./files.server";
import { checkMdx } from "./mdx.server";
import { type StatusResult, translationStatus } from "./translation.server";
import {
  type Course,
  LOCALES,
  type Locale,
  MODULE_SLUG_PATTERN,
  type ModuleFrontmatter,
  type Quiz,
  type TranslationStatus,
  isLocale,
} from "./schema";

/** One module in one language, as the coverage page and the CLI's table show it. */
export interface ModuleStatusRow {
  course: string;
  slug: string;
  locale: Locale;
  status: TranslationStatus;
  reasons: string[];
}

export interface ContentCheckReport {
  errors: string[];
  courses: number;
  /** Distinct modules over all courses. */
  modules: number;
  /** Distinct locale folders over all courses. */
  locales: number;
  moduleFiles: number;
  quizFiles: number;
  /** complete / stale / summary / missing per course, module and language (the source is "complete"). */
  statuses: ModuleStatusRow[];
}

interface ModuleEntry {
  locale: Locale;
  slug: string;
  file: string;
  text: string;
  frontmatter: ModuleFrontmatter | null;
  moduleLinks: Array<{ line: number | null; target: string }>;
}

interface QuizEntry {
  locale: Locale;
  slug: string;
  file: string;
  quiz: Quiz | null;
}

function display(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

export interface CheckOptions {
  /**
   * Compile and inspect the MDX of this module only (every language); other modules' MDX is not
   * compiled, so their MDX problems go unreported. For the writers' preview, which shows one module.
   */
  focus?: { course: string; slug: string };
}

/** All validation of a content directory; returns the report with counts. */
export async function checkContentReport(contentDir: string, options: CheckOptions = {}): Promise<ContentCheckReport> {
  const root = path.resolve(contentDir);
  const errors: string[] = [];
  const fail = (file: string, message: string, line?: number | null) => {
    errors.push(`${display(file)}${line ? `:${line}` : ""}: ${message}`);
  };
  const report: ContentCheckReport = {
    errors,
    courses: 0,
    modules: 0,
    locales: 0,
    moduleFiles: 0,
    quizFiles: 0,
    statuses: [],
  };

  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    fail(root, "content directory not found");
    return report;
  }

  const localesSeen = new Set<Locale>();
  const courseDirs = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  if (courseDirs.length === 0) fail(root, "no course folders found");

  for (const courseSlug of courseDirs) {
    report.courses += 1;
    const courseDir = path.join(root, courseSlug);
    const courseFile = path.join(courseDir, "course.json");
    let course: Course | null = null;
    if (!fs.existsSync(courseFile)) {
      fail(courseFile, "missing course.json");
    } else {
      const parsed = parseCourse(fs.readFileSync(courseFile, "utf8"));
      if (!parsed.ok) {
        for (const problem of parsed.problems) fail(courseFile, problem);
      } else {
        course = parsed.course;
        if (course.slug !== courseSlug) {
          fail(courseFile, `slug "${course.slug}" does not match the folder name "${courseSlug}"`);
        }
      }
    }
    const defaultLocale: Locale = course?.defaultLocale ?? "es";
    const fullLocales = [...new Set<Locale>([defaultLocale, "en"])];

    const modules: ModuleEntry[] = [];
    const quizzes: QuizEntry[] = [];

    for (const entry of fs.readdirSync(courseDir, { withFileTypes: true })) {
      if (entry.name === "course.json") continue;
      const entryPath = path.join(courseDir, entry.name);
      if (!entry.isDirectory() || !isLocale(entry.name)) {
        fail(entryPath, `unexpected ${entry.isDirectory() ? "folder" : "file"} (locale folders are ${LOCALES.join(", ")})`);
        continue;
      }
      const locale = entry.name;
      localesSeen.add(locale);
      for (const name of fs.readdirSync(entryPath).sort()) {
        const file = path.join(entryPath, name);
        if (name.endsWith(QUIZ_EXTENSION)) {
          const slug = name.slice(0, -QUIZ_EXTENSION.length);
          if (!MODULE_SLUG_PATTERN.test(slug)) {
            fail(file, "quiz file name must be NN-slug.quiz.json (two digits, kebab-case English slug)");
            continue;
          }
          report.quizFiles += 1;
          const parsed = parseQuiz(fs.readFileSync(file, "utf8"));
          if (!parsed.ok) for (const problem of parsed.problems) fail(file, problem);
          quizzes.push({ locale, slug, file, quiz: parsed.ok ? parsed.quiz : null });
        } else if (name.endsWith(MODULE_EXTENSION)) {
          const slug = name.slice(0, -MODULE_EXTENSION.length);
          if (!MODULE_SLUG_PATTERN.test(slug)) {
            fail(file, "module file name must be NN-slug.mdx (two digits, kebab-case English slug)");
            continue;
          }
          report.moduleFiles += 1;
          const source = fs.readFileSync(file, "utf8");
          const parsed = parseFrontmatter(source);
          let frontmatter: ModuleFrontmatter | null = null;
          if (!parsed.ok) {
            for (const problem of parsed.problems) fail(file, problem);
          } else {
            frontmatter = parsed.frontmatter;
            const expectedOrder = Number.parseInt(slug.slice(0, 2), 10);
            if (frontmatter.order !== expectedOrder) {
              fail(file, `frontmatter order ${frontmatter.order} does not match the file name (${expectedOrder})`);
            }
            if (frontmatter.source && locale === defaultLocale) {
              fail(file, `frontmatter source: the ${defaultLocale} file is the source text; only translations carry a source stamp`);
            }
            if (fullLocales.includes(locale) && !frontmatter.complete) {
              fail(file, `complete: false is not allowed in ${locale}: every module must exist in full in ${fullLocales.join(" and ")}`);
            }
          }
          const inFocus = !options.focus || (options.focus.course === courseSlug && options.focus.slug === slug);
          const mdx = inFocus ? await checkMdx(source) : { compileError: null, issues: [], moduleLinks: [] };
          if (mdx.compileError) fail(file, mdx.compileError.message, mdx.compileError.line);
          for (const issue of mdx.issues) fail(file, issue.message, issue.line);
          modules.push({ locale, slug, file, text: source, frontmatter, moduleLinks: mdx.moduleLinks });
        } else {
          fail(file, "unexpected file (expected NN-slug.mdx or NN-slug.quiz.json)");
        }
      }
    }

    const moduleAt = (locale: Locale, slug: string) =>
      modules.find((entry) => entry.locale === locale && entry.slug === slug);
    const quizAt = (locale: Locale, slug: string) =>
      quizzes.find((entry) => entry.locale === locale && entry.slug === slug);
    const allSlugs = [...new Set(modules.map((entry) => entry.slug))].sort();
    report.modules += allSlugs.length;

    // Every module exists (in full) in the default locale and in en.
    for (const slug of allSlugs) {
      for (const locale of fullLocales) {
        if (!moduleAt(locale, slug)) {
          const elsewhere = modules.filter((entry) => entry.slug === slug).map((entry) => entry.locale);
          fail(
            path.join(courseDir, locale, `${slug}${MODULE_EXTENSION}`),
            `missing: module "${slug}" exists in ${elsewhere.join(", ")} but every module must exist in full in ${fullLocales.join(" and ")}`,
          );
        }
      }
    }

    // One module per order number in each locale; flags that must agree across locales.
    for (const locale of LOCALES) {
      const inLocale = modules.filter((entry) => entry.locale === locale);
      const byNumber = new Map<string, string[]>();
      for (const entry of inLocale) {
        const number = entry.slug.slice(0, 2);
        byNumber.set(number, [...(byNumber.get(number) ?? []), entry.slug]);
      }
      for (const [number, slugs] of byNumber) {
        if (slugs.length > 1) {
          fail(path.join(courseDir, locale), `several modules share the number ${number}: ${slugs.join(", ")}`);
        }
      }
    }
    for (const entry of modules) {
      if (entry.locale === defaultLocale || !entry.frontmatter) continue;
      const reference = moduleAt(defaultLocale, entry.slug)?.frontmatter;
      if (!reference) continue;
      for (const key of ["required", "assignment"] as const) {
        if (entry.frontmatter[key] !== reference[key]) {
          fail(entry.file, `frontmatter ${key}: ${entry.frontmatter[key]} differs from the ${defaultLocale} version (${reference[key]})`);
        }
      }
    }

    // Cross-references resolve to a module of this course.
    const knownTargets = new Set(allSlugs);
    for (const entry of modules) {
      for (const link of entry.moduleLinks) {
        if (!knownTargets.has(link.target)) {
          fail(entry.file, `cross-reference module:${link.target} points to a module that does not exist`, link.line);
        }
      }
    }

    // Quizzes: next to a module; ids, options and answer keys identical to the default locale.
    for (const entry of quizzes) {
      for (const question of entry.quiz?.questions ?? []) {
        if (!question.explanation) {
          fail(entry.file, `${question.id}: missing explanation (why the right answer is right, shown after the attempt)`);
        }
      }
      if (!moduleAt(entry.locale, entry.slug)) {
        fail(entry.file, `quiz without a module: ${entry.locale}/${entry.slug}${MODULE_EXTENSION} does not exist`);
      }
      if (entry.locale === defaultLocale || !entry.quiz) continue;
      const reference = quizAt(defaultLocale, entry.slug);
      if (!reference) {
        fail(entry.file, `no ${defaultLocale} quiz to compare with (${defaultLocale}/${entry.slug}${QUIZ_EXTENSION} is missing)`);
        continue;
      }
      if (!reference.quiz) continue; // its own errors are already reported
      const ids = entry.quiz.questions.map((question) => question.id);
      const referenceIds = reference.quiz.questions.map((question) => question.id);
      if (!sameList(ids, referenceIds)) {
        fail(entry.file, `question ids [${ids.join(", ")}] differ from the ${defaultLocale} version [${referenceIds.join(", ")}]`);
        continue;
      }
      for (const [index, question] of entry.quiz.questions.entries()) {
        const model = reference.quiz.questions[index];
        const optionIds = question.options.map((option) => option.id);
        const modelOptionIds = model.options.map((option) => option.id);
        if (!sameList(optionIds, modelOptionIds)) {
          fail(entry.file, `${question.id}: option ids [${optionIds.join(", ")}] differ from the ${defaultLocale} version [${modelOptionIds.join(", ")}]`);
        }
        if (question.answer !== model.answer) {
          fail(entry.file, `${question.id}: answer "${question.answer}" differs from the ${defaultLocale} version ("${model.answer}")`);
        }
      }
    }
    for (const slug of allSlugs) {
      if (!quizAt(defaultLocale, slug)) continue;
      for (const locale of fullLocales) {
        if (locale !== defaultLocale && moduleAt(locale, slug) && !quizAt(locale, slug)) {
          fail(
            path.join(courseDir, locale, `${slug}${QUIZ_EXTENSION}`),
            `missing: the ${defaultLocale} version has a quiz and every module must exist in full in ${locale}`,
          );
        }
      }
    }

    // Translation status: every language must be complete (not missing, summary only or stale).
    for (const slug of allSlugs) {
      const sourceEntry = moduleAt(defaultLocale, slug);
      for (const locale of LOCALES) {
        const entry = moduleAt(locale, slug);
        if (locale === defaultLocale) {
          report.statuses.push({ course: courseSlug, slug, locale, status: entry ? "complete" : "missing", reasons: [] });
          continue;
        }
        const result: StatusResult = translationStatus({
          sourceLocale: defaultLocale,
          source: sourceEntry ? { text: sourceEntry.text } : null,
          sourceHasQuiz: Boolean(quizAt(defaultLocale, slug)),
          translation: entry
            ? { text: entry.text, frontmatter: entry.frontmatter, hasQuiz: Boolean(quizAt(locale, slug)) }
            : null,
        });
        report.statuses.push({ course: courseSlug, slug, locale, status: result.status, reasons: result.reasons });
        // A module missing in en is already reported above.
        if (result.status === "complete" || (result.status === "missing" && fullLocales.includes(locale))) continue;
        const file = entry?.file ?? path.join(courseDir, locale, `${slug}${MODULE_EXTENSION}`);
        const label = result.status === "summary" ? "summary only" : result.status;
        fail(file, `${label} translation: ${result.reasons.join("; ")}`);
      }
    }
  }

  report.locales = localesSeen.size;
  return report;
}

/** All validation of a content directory: the list of problems (empty when valid). */
export async function checkContent(contentDir: string): Promise<string[]> {
  return (await checkContentReport(contentDir)).errors;
}
