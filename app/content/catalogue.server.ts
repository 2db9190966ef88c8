/**
 * The course catalogue over one content directory: courses, modules per locale with fallback,
 * rendered module bodies (cached), quizzes, translation coverage.
 */
import {
  ContentFileError,
  type ModuleFile,
  listDirectories,
  listModuleSlugs,
  quizExists,
  readCourseFile,
  readModuleFile,
  readQuizFile,
} from "./files.server";
import { textId } from "~/lib/document-text.server";
import { type ModuleHeading, type RenderedModule, renderMdxToHtml } from "./mdx.server";
import { bodyStats, translationStatus } from "./translation.server";
import {
  COURSE_SLUG_PATTERN,
  type Course,
  DEFAULT_LOCALE,
  LOCALES,
  type Locale,
  type ModuleFrontmatter,
  type Quiz,
  type TranslationStatus,
  isLocale,
  isModuleSlug,
} from "./schema";

/** One row of the module list. */
export interface ModuleListing {
  slug: string;
  order: number;
  title: string;
  summary: string;
  minutes: number;
  required: boolean;
  objectives: string[];
  assignment: boolean;
  hasQuiz: boolean;
  /** Locale of the title/summary/objectives shown (the locale actually used). */
  locale: Locale;
  /** Locale the body will be shown in. */
  bodyLocale: Locale;
  /** True when the body is not in the requested locale (missing or `complete: false`). */
  fallback: boolean;
}

export type ModuleMeta = ModuleFrontmatter & { slug: string; locale: Locale };

export interface LoadedModule {
  meta: ModuleMeta;
  /** Static HTML of the body (no <h1>: the page supplies the title). */
  html: string;
  /** A hash of `html`, taken once when the body was rendered: the same id for the same HTML. */
  htmlId: string;
  /** The body's `##`/`###` headings with their anchor ids. */
  headings: ModuleHeading[];
  bodyLocale: Locale;
  /** True when the body is from another locale than the requested one. */
  fallback: boolean;
  hasQuiz: boolean;
}

export type LoadedQuiz = Quiz & {
  /** Locale of the quiz file used. */
  locale: Locale;
  /** True when the quiz is not in the requested locale. */
  fallback: boolean;
};

export interface ModuleCoverage {
  slug: string;
  order: number;
  /** Title in the course's default locale (or the first locale that has the module). */
  title: string;
  locales: Record<Locale, TranslationStatus>;
  /** Why a language is not complete (English, as content:check says it). */
  reasons: Record<Locale, string[]>;
  /** Words of the body in each language (null when missing). */
  words: Record<Locale, number | null>;
}

/** Unknown or unsupported locales fall back to the default locale. */
export function resolveLocale(locale: string | null | undefined): Locale {
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

export interface Catalogue {
  contentDir: string;
  listCourses(): Course[];
  getCourse(slug: string): Course | null;
  listModules(courseSlug: string, locale: string): ModuleListing[];
  loadModule(courseSlug: string, moduleSlug: string, locale: string): Promise<LoadedModule | null>;
  loadQuiz(courseSlug: string, moduleSlug: string, locale: string): LoadedQuiz | null;
  translationCoverage(courseSlug: string): ModuleCoverage[];
}

/**
 * Rendered bodies per (content dir, course, module, body locale). The entry remembers the file
 * version it was rendered from, so an edited file replaces its old entry instead of piling up;
 * the promise is cached so concurrent requests compile a module once.
 */
const htmlCache = new Map<string, { version: string; html: Promise<RenderedModule & { htmlId: string }> }>();

function renderCached(key: string, file: ModuleFile): Promise<RenderedModule & { htmlId: string }> {
  const cached = htmlCache.get(key);
  if (cached && cached.version === file.version) return cached.html;
  // the body's id is a hash of its HTML, taken once per rendering (app/lib/document-text.server.ts)
  const html = renderMdxToHtml(file.source, file.locale).then((r) => ({ ...r, htmlId: textId(r.html) }));
  htmlCache.set(key, { version: file.version, html });
  html.catch(() => {
    if (htmlCache.get(key)?.html === html) htmlCache.delete(key);
  });
  return html;
}
const warned = new Set<string>();

function warnOnce(error: ContentFileError): void {
  const key = error.message;
  if (warned.has(key)) return;
  warned.add(key);
  console.error(`[content] ignoring invalid file (run npm run content:check): ${error.message}`);
}

export function createCatalogue(contentDir: string): Catalogue {
  /** Read a module file, treating an invalid file as missing (logged once). */
  function safeModule(courseSlug: string, locale: Locale, moduleSlug: string): ModuleFile | null {
    try {
      return readModuleFile(contentDir, courseSlug, locale, moduleSlug);
    } catch (error) {
      if (error instanceof ContentFileError) {
        warnOnce(error);
        return null;
      }
      throw error;
    }
  }

  function safeQuiz(courseSlug: string, locale: Locale, moduleSlug: string): Quiz | null {
    try {
      return readQuizFile(contentDir, courseSlug, locale, moduleSlug);
    } catch (error) {
      if (error instanceof ContentFileError) {
        warnOnce(error);
        return null;
      }
      throw error;
    }
  }

  function getCourse(slug: string): Course | null {
    if (!COURSE_SLUG_PATTERN.test(slug)) return null;
    try {
      return readCourseFile(contentDir, slug);
    } catch (error) {
      if (error instanceof ContentFileError) {
        warnOnce(error);
        return null;
      }
      throw error;
    }
  }

  function listCourses(): Course[] {
    return listDirectories(contentDir)
      .map((slug) => getCourse(slug))
      .filter((course): course is Course => course !== null);
  }

  /** requested → course default (es) → en, without repeats. */
  function chainFor(course: Course, locale: Locale): Locale[] {
    return unique<Locale>([locale, course.defaultLocale, "en"]);
  }

  /** Modules of a course: those of its default locale and of en (where every module must be). */
  function moduleSlugs(course: Course): string[] {
    return unique([
      ...listModuleSlugs(contentDir, course.slug, course.defaultLocale),
      ...listModuleSlugs(contentDir, course.slug, "en"),
    ]).sort();
  }

  interface Resolved {
    metaFile: ModuleFile;
    bodyFile: ModuleFile;
    hasQuiz: boolean;
  }

  function resolveModule(course: Course, moduleSlug: string, locale: Locale): Resolved | null {
    const chain = chainFor(course, locale);
    let metaIndex = -1;
    let metaFile: ModuleFile | null = null;
    for (const [index, candidate] of chain.entries()) {
      metaFile = safeModule(course.slug, candidate, moduleSlug);
      if (metaFile) {
        metaIndex = index;
        break;
      }
    }
    if (!metaFile) return null;
    let bodyFile: ModuleFile = metaFile;
    if (!metaFile.frontmatter.complete) {
      for (const candidate of chain.slice(metaIndex + 1)) {
        const file = safeModule(course.slug, candidate, moduleSlug);
        if (file?.frontmatter.complete) {
          bodyFile = file;
          break;
        }
      }
    }
    const hasQuiz = chain.some((candidate) => quizExists(contentDir, course.slug, candidate, moduleSlug));
    return { metaFile, bodyFile, hasQuiz };
  }

  function listModules(courseSlug: string, requested: string): ModuleListing[] {
    const course = getCourse(courseSlug);
    if (!course) return [];
    const locale = resolveLocale(requested);
    const listings: ModuleListing[] = [];
    for (const slug of moduleSlugs(course)) {
      const resolved = resolveModule(course, slug, locale);
      if (!resolved) continue;
      const { metaFile, bodyFile, hasQuiz } = resolved;
      const fm = metaFile.frontmatter;
      listings.push({
        slug,
        order: fm.order,
        title: fm.title,
        summary: fm.summary,
        minutes: fm.minutes,
        required: fm.required,
        objectives: fm.objectives,
        assignment: fm.assignment,
        hasQuiz,
        locale: metaFile.locale,
        bodyLocale: bodyFile.locale,
        fallback: bodyFile.locale !== locale,
      });
    }
    return listings.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
  }

  async function loadModule(
    courseSlug: string,
    moduleSlug: string,
    requested: string,
  ): Promise<LoadedModule | null> {
    if (!isModuleSlug(moduleSlug)) return null;
    const course = getCourse(courseSlug);
    if (!course) return null;
    const locale = resolveLocale(requested);
    const resolved = resolveModule(course, moduleSlug, locale);
    if (!resolved) return null;
    const { metaFile, bodyFile, hasQuiz } = resolved;
    const cacheKey = `${contentDir}\0${course.slug}\0${moduleSlug}\0${bodyFile.locale}`;
    const { html, htmlId, headings } = await renderCached(cacheKey, bodyFile);
    return {
      meta: { ...metaFile.frontmatter, slug: moduleSlug, locale: metaFile.locale },
      html,
      htmlId,
      headings,
      bodyLocale: bodyFile.locale,
      fallback: bodyFile.locale !== locale,
      hasQuiz,
    };
  }

  function loadQuiz(courseSlug: string, moduleSlug: string, requested: string): LoadedQuiz | null {
    if (!isModuleSlug(moduleSlug)) return null;
    const course = getCourse(courseSlug);
    if (!course) return null;
    const locale = resolveLocale(requested);
    for (const candidate of chainFor(course, locale)) {
      const quiz = safeQuiz(course.slug, candidate, moduleSlug);
      if (quiz) return { ...quiz, locale: candidate, fallback: candidate !== locale };
    }
    return null;
  }

  function translationCoverage(courseSlug: string): ModuleCoverage[] {
    const course = getCourse(courseSlug);
    if (!course) return [];
    const slugs = unique(LOCALES.flatMap((locale) => listModuleSlugs(contentDir, course.slug, locale))).sort();
    return slugs.map((slug) => {
      const source = safeModule(course.slug, course.defaultLocale, slug);
      const sourceHasQuiz = quizExists(contentDir, course.slug, course.defaultLocale, slug);
      const locales = {} as Record<Locale, TranslationStatus>;
      const reasons = {} as Record<Locale, string[]>;
      const words = {} as Record<Locale, number | null>;
      let title: string | null = source?.frontmatter.title ?? null;
      const order = source?.frontmatter.order ?? Number.parseInt(slug.slice(0, 2), 10);
      for (const locale of LOCALES) {
        const file = safeModule(course.slug, locale, slug);
        title ??= file?.frontmatter.title ?? null;
        if (locale === course.defaultLocale) {
          locales[locale] = file ? "complete" : "missing";
          reasons[locale] = [];
          words[locale] = file ? bodyStats(file.source).words : null;
          continue;
        }
        const result = translationStatus({
          sourceLocale: course.defaultLocale,
          source: source ? { text: source.source } : null,
          sourceHasQuiz,
          translation: file
            ? { text: file.source, frontmatter: file.frontmatter, hasQuiz: safeQuiz(course.slug, locale, slug) !== null }
            : null,
        });
        locales[locale] = result.status;
        reasons[locale] = result.reasons;
        words[locale] = result.words;
      }
      return { slug, order, title: title ?? slug, locales, reasons, words };
    });
  }

  return {
    contentDir,
    listCourses,
    getCourse,
    listModules,
    loadModule,
    loadQuiz,
    translationCoverage,
  };
}
