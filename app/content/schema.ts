/**
 * Schemas and types of the course content (content/<course>/...).
 * Shared by the app (content.server.ts) and by the checker (npm run content:check).
 * Pure module: no node imports, safe to import from browser code for the types.
 */
import { z } from "zod";

export const LOCALES = ["en", "es", "pt", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "es";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** `01-concepts` → order 1, the file name without extension, same in every locale. */
export const MODULE_SLUG_PATTERN = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;
export const COURSE_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isModuleSlug(value: string): boolean {
  return MODULE_SLUG_PATTERN.test(value);
}

/** The order encoded in a module slug (`02-legal-framework` → 2), or null. */
export function orderFromSlug(slug: string): number | null {
  const match = MODULE_SLUG_PATTERN.exec(slug);
  return match ? Number.parseInt(match[1], 10) : null;
}

/** Option texts compare without case, surrounding spaces, repeated spaces or a final full stop. */
export function normaliseOptionText(text: string): string {
  return text.trim().replace(/\s+/g, " ").replace(/[.。]$/, "").toLocaleLowerCase();
}

const nonEmpty = z.string().trim().min(1, "must not be empty");

const localizedText = z
  .object({ en: nonEmpty, es: nonEmpty, pt: nonEmpty, fr: nonEmpty })
  .strict();

export const courseSchema = z
  .object({
    slug: z.string().regex(COURSE_SLUG_PATTERN, "must be kebab-case"),
    code: z.string().regex(/^[A-Z0-9]{2,12}$/, "must be 2-12 upper-case letters or digits"),
    defaultLocale: z.enum(LOCALES),
    title: localizedText,
    summary: localizedText,
  })
  .strict();
export type Course = z.infer<typeof courseSchema>;

export const sourceSchema = z
  .object({
    title: nonEmpty,
    note: nonEmpty.optional(),
  })
  .strict();
export type ModuleSource = z.infer<typeof sourceSchema>;

/** 12 lower-case hex digits: the start of a SHA-256 (see translation.server.ts). */
export const SOURCE_HASH_PATTERN = /^[0-9a-f]{12}$/;

/**
 * In a translation's frontmatter: which version of the source (Spanish) file it translates.
 * Written by `npm run content:stamp -- <locale>`; content:check reports the translation as stale
 * when the source file's hash no longer matches.
 */
export const translationSourceSchema = z
  .object({
    locale: z.enum(LOCALES),
    hash: z.string().regex(SOURCE_HASH_PATTERN, "must be the first 12 hex digits of a SHA-256"),
  })
  .strict();
export type TranslationSource = z.infer<typeof translationSourceSchema>;

export const moduleFrontmatterSchema = z
  .object({
    title: nonEmpty,
    summary: nonEmpty,
    minutes: z.number().int().positive(),
    order: z.number().int().min(1).max(99),
    required: z.boolean(),
    objectives: z.array(nonEmpty).min(2, "needs 2-6 objectives").max(6, "needs 2-6 objectives"),
    assignment: z.boolean().optional().default(false),
    complete: z.boolean().optional().default(true),
    source: translationSourceSchema.optional(),
    sources: z.array(sourceSchema),
  })
  .strict();
/** Frontmatter after defaults are applied. */
export type ModuleFrontmatter = z.output<typeof moduleFrontmatterSchema>;

const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, "ids are 1-32 letters, digits, '-' or '_'");

export const quizOptionSchema = z
  .object({
    id: idSchema,
    text: nonEmpty,
    feedback: nonEmpty,
  })
  .strict();

export const quizQuestionSchema = z
  .object({
    id: idSchema,
    prompt: nonEmpty,
    options: z
      .array(quizOptionSchema)
      .min(3, "needs 3-4 options")
      .max(4, "needs 3-4 options"),
    answer: idSchema,
    /**
     * Why the right answer is right, shown after an attempt. Optional here so that a quiz lacking
     * it still works for trainees; content:check fails on every question without one.
     */
    explanation: nonEmpty.optional(),
  })
  .strict()
  .superRefine((question, ctx) => {
    const ids = question.options.map((option) => option.id);
    const seen = new Set<string>();
    for (const [index, id] of ids.entries()) {
      if (seen.has(id)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["options", index, "id"],
          message: `duplicate option id "${id}"`,
        });
      }
      seen.add(id);
    }
    const texts = new Set<string>();
    for (const [index, option] of question.options.entries()) {
      const text = normaliseOptionText(option.text);
      if (texts.has(text)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["options", index, "text"],
          message: `duplicate option text "${option.text.trim()}"`,
        });
      }
      texts.add(text);
    }
    if (!ids.includes(question.answer)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["answer"],
        message: `answer "${question.answer}" is not one of the option ids (${ids.join(", ")})`,
      });
    }
  });

export const quizSchema = z
  .object({
    questions: z
      .array(quizQuestionSchema)
      .min(5, "needs 5-10 questions")
      .max(10, "needs 5-10 questions"),
  })
  .strict()
  .superRefine((quiz, ctx) => {
    const seen = new Set<string>();
    for (const [index, question] of quiz.questions.entries()) {
      if (seen.has(question.id)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["questions", index, "id"],
          message: `duplicate question id "${question.id}"`,
        });
      }
      seen.add(question.id);
    }
  });

export type QuizOption = z.infer<typeof quizOptionSchema>;
export type QuizQuestion = z.infer<typeof quizQuestionSchema>;
/** A quiz with its answer key and feedback: server only. */
export type Quiz = z.infer<typeof quizSchema>;

/** What may go to the browser before the quiz is submitted: no answers, no feedback. */
export interface PublicQuiz {
  questions: Array<{
    id: string;
    prompt: string;
    options: Array<{ id: string; text: string }>;
  }>;
}

export interface QuizQuestionResult {
  questionId: string;
  /** The option id chosen, or null when there was no (valid) answer. */
  chosen: string | null;
  correct: boolean;
  /**
   * The feedback of the chosen option; null is the "no answer" marker
   * (question unanswered, or the submitted option id does not exist).
   */
  feedback: string | null;
}

export interface QuizGrade {
  /** Integer percentage 0-100. */
  score: number;
  correct: number;
  total: number;
  results: QuizQuestionResult[];
}

/**
 * Status of one module in one language, against the course's default-locale (source) file:
 * - complete: present, full length, stamped with the current source hash;
 * - stale: full length, but the source changed since (or the file carries no source stamp);
 * - summary: "summary only": `complete: false`, fewer than 80 % of the source's words, a different
 *   number of `##`/`###` headings, or no quiz where the source has one;
 * - missing: no file in that language.
 * The source file itself is always "complete".
 */
export const TRANSLATION_STATUSES = ["complete", "stale", "summary", "missing"] as const;
export type TranslationStatus = (typeof TRANSLATION_STATUSES)[number];

/** Turn a zod error into short "path: message" lines. */
export function formatZodIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return `${where}${issue.message}`;
  });
}
