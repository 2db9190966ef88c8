/**
 * The writers' preview: one module file in one language exactly as written (no fallback, even when
 * it is a summary), its quiz with the answer key, feedback and explanations, and what content:check
 * says about that module in that language.
 */
import path from "node:path";
import { checkContentReport } from "./check.server";
import { ContentFileError, MODULE_EXTENSION, QUIZ_EXTENSION, readModuleFile, readQuizFile } from "./files.server";
import { type ModuleHeading, renderMdxToHtml } from "./mdx.server";
import { COURSE_SLUG_PATTERN, type Locale, type ModuleFrontmatter, type Quiz, type TranslationStatus, isModuleSlug } from "./schema";

export interface ModulePreview {
  slug: string;
  locale: Locale;
  /** Null when the file is missing or its frontmatter is invalid (see findings). */
  frontmatter: ModuleFrontmatter | null;
  html: string | null;
  headings: ModuleHeading[];
  quiz: Quiz | null;
  status: TranslationStatus;
  /** content:check's lines about this module's files in this language (English, as the command prints them). */
  findings: string[];
  /** Languages that have a file for this module. */
  available: Locale[];
}


/** Null when the course or module slug is not well formed or the module exists in no language. */
export async function previewModule({
  contentDir,
  courseSlug,
  slug,
  locale,
}: {
  contentDir: string;
  courseSlug: string;
  slug: string;
  locale: Locale;
}): Promise<ModulePreview | null> {
  if (!COURSE_SLUG_PATTERN.test(courseSlug) || !isModuleSlug(slug)) return null;
  // The whole directory's rules apply, but only this module's MDX is compiled (the slow part).
  const checked = await checkContentReport(contentDir, { focus: { course: courseSlug, slug } });
  const rows = checked.statuses.filter((row) => row.course === courseSlug && row.slug === slug);
  if (rows.length === 0) return null;
  const row = rows.find((r) => r.locale === locale);
  const files = [`${slug}${MODULE_EXTENSION}`, `${slug}${QUIZ_EXTENSION}`].map((name) => path.join(courseSlug, locale, name));
  const findings = checked.errors.filter((line) => files.some((file) => line.includes(file)));

  let frontmatter: ModuleFrontmatter | null = null;
  let html: string | null = null;
  let headings: ModuleHeading[] = [];
  let quiz: Quiz | null = null;
  try {
    const file = readModuleFile(contentDir, courseSlug, locale, slug);
    if (file) {
      frontmatter = file.frontmatter;
      const rendered = await renderMdxToHtml(file.source, locale);
      html = rendered.html;
      headings = rendered.headings;
    }
  } catch (error) {
    if (!(error instanceof ContentFileError) && !(error instanceof Error)) throw error;
    // the reason is among the findings (content:check reports the same problem)
  }
  try {
    quiz = readQuizFile(contentDir, courseSlug, locale, slug);
  } catch (error) {
    if (!(error instanceof ContentFileError)) throw error;
  }
  return {
    slug,
    locale,
    frontmatter,
    html,
    headings,
    quiz,
    status: row?.status ?? "missing",
    findings,
    available: rows.filter((r) => r.status !== "missing").map((r) => r.locale),
  };
}
