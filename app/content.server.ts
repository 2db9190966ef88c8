/**
 * The MDX catalogue: lists courses and modules, loads a module for a locale, quizzes, grading,
 * translation coverage and the content checker. Reads `<repo>/content` (or $CONTENT_DIR) at run time.
 *
 * Locale fallback: requested → the course's default locale (es) → en.
 * A module file with `complete: false` supplies title/summary/objectives; its body comes from
 * the next locale in that chain that is complete, and `fallback` is true.
 */
import { type Catalogue, createCatalogue } from "./content/catalogue.server";
import { defaultContentDir } from "./content/files.server";
import { previewModule as previewModuleIn } from "./content/preview.server";
import type { Locale as PreviewLocale } from "./content/schema";

export {
  type Catalogue,
  type LoadedModule,
  type LoadedQuiz,
  type ModuleCoverage,
  type ModuleListing,
  type ModuleMeta,
  createCatalogue,
  resolveLocale,
} from "./content/catalogue.server";
export { type ContentCheckReport, checkContent, checkContentReport } from "./content/check.server";
export { defaultContentDir } from "./content/files.server";
export { MODULE_ROUTE_PREFIX, type ModuleHeading } from "./content/mdx.server";
export { gradeQuiz, publicQuiz } from "./content/quiz";
export {
  type Course,
  type Locale,
  type ModuleFrontmatter,
  type PublicQuiz,
  type Quiz,
  type QuizGrade,
  type QuizQuestionResult,
  type TranslationStatus,
  DEFAULT_LOCALE,
  LOCALES,
  isLocale,
} from "./content/schema";

const catalogues = new Map<string, Catalogue>();

/** The catalogue of the current content directory ($CONTENT_DIR or <cwd>/content). */
export function catalogue(): Catalogue {
  const dir = defaultContentDir();
  let existing = catalogues.get(dir);
  if (!existing) {
    existing = createCatalogue(dir);
    catalogues.set(dir, existing);
  }
  return existing;
}

export const listCourses: Catalogue["listCourses"] = () => catalogue().listCourses();
export const getCourse: Catalogue["getCourse"] = (slug) => catalogue().getCourse(slug);
export const listModules: Catalogue["listModules"] = (courseSlug, locale) =>
  catalogue().listModules(courseSlug, locale);
export const loadModule: Catalogue["loadModule"] = (courseSlug, moduleSlug, locale) =>
  catalogue().loadModule(courseSlug, moduleSlug, locale);
export const loadQuiz: Catalogue["loadQuiz"] = (courseSlug, moduleSlug, locale) =>
  catalogue().loadQuiz(courseSlug, moduleSlug, locale);
export const translationCoverage: Catalogue["translationCoverage"] = (courseSlug) =>
  catalogue().translationCoverage(courseSlug);

export type { ModulePreview } from "./content/preview.server";

/** The writers' preview of one module file (see content/preview.server.ts), in the current content directory. */
export const previewModule = (courseSlug: string, slug: string, locale: PreviewLocale) =>
  previewModuleIn({ contentDir: defaultContentDir(), courseSlug, slug, locale });
