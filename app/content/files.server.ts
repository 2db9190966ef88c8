/**
 * Reading content files: course.json, module MDX with YAML frontmatter, quiz JSON.
 * Parsing is cached per file path and modification time, so edits show up without a restart.
 * In production the disk is asked at most once a second per file or folder (`onDisk`).
 */
import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import {
  type Course,
  type Locale,
  MODULE_SLUG_PATTERN,
  type ModuleFrontmatter,
  type Quiz,
  courseSchema,
  formatZodIssues,
  moduleFrontmatterSchema,
  quizSchema,
} from "./schema";

export const MODULE_EXTENSION = ".mdx";
export const QUIZ_EXTENSION = ".quiz.json";

/** `<repo>/content`, or $CONTENT_DIR; read at call time so tests can point elsewhere. */
export function defaultContentDir(): string {
  const fromEnv = process.env.CONTENT_DIR;
  return fromEnv && fromEnv.trim() !== ""
    ? path.resolve(fromEnv)
    : path.resolve(process.cwd(), "content");
}

export class ContentFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join("; ")}`);
    this.name = "ContentFileError";
  }
}

const FRONTMATTER_PATTERN = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Split YAML frontmatter from an MDX source; `yaml` is null when there is none. */
export function splitFrontmatter(source: string): { yaml: string | null; body: string } {
  const match = FRONTMATTER_PATTERN.exec(source);
  if (!match) return { yaml: null, body: source };
  return { yaml: match[1], body: source.slice(match[0].length) };
}

/** Parse and validate a module's frontmatter; problems are returned, never thrown. */
export function parseFrontmatter(
  source: string,
): { ok: true; frontmatter: ModuleFrontmatter } | { ok: false; problems: string[] } {
  const { yaml } = splitFrontmatter(source);
  if (yaml === null) {
    return { ok: false, problems: ["missing YAML frontmatter (--- … --- at the top of the file)"] };
  }
  let data: unknown;
  try {
    data = parseYaml(yaml);
  } catch (error) {
    return {
      ok: false,
      problems: [`frontmatter is not valid YAML: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
  const result = moduleFrontmatterSchema.safeParse(data ?? {});
  if (!result.success) {
    return { ok: false, problems: formatZodIssues(result.error).map((p) => `frontmatter ${p}`) };
  }
  return { ok: true, frontmatter: result.data };
}

/** Parses a JSON file against a schema; problems are human-readable lines for content:check. */
function parseJsonWith<T>(text: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; problems: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problems: [`not valid JSON: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
  const result = schema.safeParse(data);
  if (!result.success) return { ok: false, problems: formatZodIssues(result.error) };
  return { ok: true, value: result.data };
}

export function parseQuiz(text: string): { ok: true; quiz: Quiz } | { ok: false; problems: string[] } {
  const r = parseJsonWith(text, quizSchema);
  return r.ok ? { ok: true, quiz: r.value } : r;
}

export function parseCourse(text: string): { ok: true; course: Course } | { ok: false; problems: string[] } {
  const r = parseJsonWith(text, courseSchema);
  return r.ok ? { ok: true, course: r.value } : r;
}

/**
 * What the disk said about a file or folder (a stat, a listing), taken as still true for a second in production:
 * a page view then makes no system calls for content that has not changed, and an edit on disk shows within a
 * second (the front cache may keep a page for up to 10 s anyway). In development and tests every call asks the
 * disk, so an edit shows at once. docs/decisions/009-what-a-page-costs.md, seventh round.
 */
const told = new Map<string, { at: number; value: unknown }>();
function onDisk<T>(key: string, ask: () => T): T {
  if (process.env.NODE_ENV !== "production") return ask();
  const now = performance.now();
  const kept = told.get(key);
  if (kept && now - kept.at < 1000) return kept.value as T;
  const value = ask();
  told.set(key, { at: now, value });
  return value;
}

/** A file's stat, or null when there is none. */
function statOf(file: string): fs.Stats | null {
  return onDisk(`stat:${file}`, () => {
    try {
      return fs.statSync(file);
    } catch {
      return null;
    }
  });
}

interface CacheEntry<T> {
  mtimeMs: number;
  size: number;
  value: T;
}
const parseCache = new Map<string, CacheEntry<unknown>>();

/**
 * Read and parse a file, cached by (path, mtime, size). Returns null when the file does not
 * exist; throws ContentFileError when it exists but is invalid.
 */
export function readParsed<T>(
  file: string,
  kind: string,
  parse: (text: string) => { ok: true; value: T } | { ok: false; problems: string[] },
): T | null {
  const stat = statOf(file);
  if (!stat?.isFile()) return null;
  const key = `${kind}:${file}`;
  const cached = parseCache.get(key);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
    return cached.value as T;
  }
  const text = fs.readFileSync(file, "utf8");
  const result = parse(text);
  if (!result.ok) throw new ContentFileError(file, result.problems);
  parseCache.set(key, { mtimeMs: stat.mtimeMs, size: stat.size, value: result.value });
  return result.value;
}

export interface ModuleFile {
  slug: string;
  locale: Locale;
  file: string;
  source: string;
  frontmatter: ModuleFrontmatter;
  /** Changes whenever the file changes: part of the HTML cache key. */
  version: string;
}

export function readModuleFile(
  contentDir: string,
  courseSlug: string,
  locale: Locale,
  moduleSlug: string,
): ModuleFile | null {
  const file = path.join(contentDir, courseSlug, locale, `${moduleSlug}${MODULE_EXTENSION}`);
  return readParsed<ModuleFile>(file, "module", (source) => {
    const parsed = parseFrontmatter(source);
    if (!parsed.ok) return parsed;
    const stat = statOf(file);
    const version = stat ? `${stat.mtimeMs}:${stat.size}` : String(source.length);
    return {
      ok: true,
      value: { slug: moduleSlug, locale, file, source, frontmatter: parsed.frontmatter, version },
    };
  });
}

export function readQuizFile(
  contentDir: string,
  courseSlug: string,
  locale: Locale,
  moduleSlug: string,
): Quiz | null {
  const file = path.join(contentDir, courseSlug, locale, `${moduleSlug}${QUIZ_EXTENSION}`);
  return readParsed<Quiz>(file, "quiz", (text) => {
    const parsed = parseQuiz(text);
    return parsed.ok ? { ok: true, value: parsed.quiz } : parsed;
  });
}

export function readCourseFile(contentDir: string, courseSlug: string): Course | null {
  const file = path.join(contentDir, courseSlug, "course.json");
  return readParsed<Course>(file, "course", (text) => {
    const parsed = parseCourse(text);
    return parsed.ok ? { ok: true, value: parsed.course } : parsed;
  });
}

export function quizExists(contentDir: string, courseSlug: string, locale: Locale, moduleSlug: string): boolean {
  return statOf(path.join(contentDir, courseSlug, locale, `${moduleSlug}${QUIZ_EXTENSION}`)) !== null;
}

/** Module slugs (file names without .mdx) present in one locale folder, sorted. */
export function listModuleSlugs(contentDir: string, courseSlug: string, locale: Locale): string[] {
  const dir = path.join(contentDir, courseSlug, locale);
  const names = onDisk(`list:${dir}`, () => {
    try {
      return fs.readdirSync(dir);
    } catch {
      return [];
    }
  });
  return names
    .filter((name) => name.endsWith(MODULE_EXTENSION))
    .map((name) => name.slice(0, -MODULE_EXTENSION.length))
    .filter((slug) => MODULE_SLUG_PATTERN.test(slug))
    .sort();
}

export function listDirectories(dir: string): string[] {
  return onDisk(`directories:${dir}`, () => {
    try {
      return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
    } catch {
      return [];
    }
  }).slice();
}
