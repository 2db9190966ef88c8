/**
 * Translation status of a module file against its source (the course's default locale, es):
 * the source hash stamped in frontmatter, word and heading counts, and the status rules that both
 * content:check and the tutor's translation-coverage page use. Pure functions over file texts.
 */
import { createHash } from "node:crypto";
import { splitFrontmatter } from "./files.server";
import type { Locale, ModuleFrontmatter, TranslationStatus } from "./schema";

/** A translation is "summary only" below this share of the source's words. */
export const MIN_WORD_RATIO = 0.8;

/** First 12 hex digits of the SHA-256 of a file's bytes (a string is hashed as UTF-8). */
export function sourceHash(bytes: string | Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex").slice(0, 12);
}

export interface BodyStats {
  /** Words of the body (frontmatter excluded): runs of letters/digits, with inner ' ’ - joining. */
  words: number;
  /** Lines starting with `## ` or `### ` outside fenced code blocks. */
  headings: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const HEADING = /^#{2,3}[ \t]+\S/;
const FENCE = /^(```|~~~)/;

/** Word and heading counts of an MDX file's body (the frontmatter is not counted). */
export function bodyStats(source: string): BodyStats {
  const { body } = splitFrontmatter(source);
  let headings = 0;
  let inFence = false;
  for (const line of body.split(/\r?\n/)) {
    if (FENCE.test(line.trim())) {
      inFence = !inFence;
      continue;
    }
    if (!inFence && HEADING.test(line)) headings += 1;
  }
  return { words: body.match(WORD)?.length ?? 0, headings };
}

export interface StatusInput {
  sourceLocale: Locale;
  /** The source (default-locale) file: its full text and frontmatter; null when it is missing. */
  source: { text: string } | null;
  sourceHasQuiz: boolean;
  /** The translation: full text and parsed frontmatter (null frontmatter = invalid file); null = missing. */
  translation: { text: string; frontmatter: ModuleFrontmatter | null; hasQuiz: boolean } | null;
}

export interface StatusResult {
  status: TranslationStatus;
  /** Why the status is not "complete" (English, for writers and the checker); empty when complete. */
  reasons: string[];
  words: number | null;
  sourceWords: number | null;
}

/**
 * complete / stale / summary / missing for one translation file (see TranslationStatus).
 * "summary" wins over "stale": a summary is not a translation whatever its stamp says.
 */
export function translationStatus(input: StatusInput): StatusResult {
  const { translation, source } = input;
  if (!translation) return { status: "missing", reasons: ["no file in this language"], words: null, sourceWords: null };
  const stats = bodyStats(translation.text);
  if (!source) return { status: "complete", reasons: [], words: stats.words, sourceWords: null };
  const sourceStats = bodyStats(source.text);
  const summary: string[] = [];
  if (translation.frontmatter && !translation.frontmatter.complete) summary.push("marked complete: false");
  if (stats.words < MIN_WORD_RATIO * sourceStats.words) {
    const percent = sourceStats.words === 0 ? 0 : Math.round((stats.words / sourceStats.words) * 100);
    summary.push(
      `${stats.words} words, ${percent} % of the ${input.sourceLocale} text's ${sourceStats.words} (at least ${MIN_WORD_RATIO * 100} % needed)`,
    );
  }
  if (stats.headings !== sourceStats.headings) {
    summary.push(`${stats.headings} ##/### headings, the ${input.sourceLocale} text has ${sourceStats.headings}`);
  }
  if (input.sourceHasQuiz && !translation.hasQuiz) summary.push(`no quiz, the ${input.sourceLocale} module has one`);

  const stale: string[] = [];
  const stamp = translation.frontmatter?.source;
  const currentHash = sourceHash(source.text);
  if (!stamp) {
    stale.push(`no source stamp (run npm run content:stamp -- <locale> once the text matches the ${input.sourceLocale} file)`);
  } else if (stamp.locale !== input.sourceLocale) {
    stale.push(`source.locale is ${stamp.locale}, translations are made from ${input.sourceLocale}`);
  } else if (stamp.hash !== currentHash) {
    stale.push(`translates ${input.sourceLocale} version ${stamp.hash}, the ${input.sourceLocale} file is now ${currentHash}`);
  }

  const base = { words: stats.words, sourceWords: sourceStats.words };
  if (summary.length > 0) return { status: "summary", reasons: [...summary, ...stale], ...base };
  if (stale.length > 0) return { status: "stale", reasons: stale, ...base };
  return { status: "complete", reasons: [], ...base };
}

const FRONTMATTER_BLOCK = /^(\uFEFF?---[ \t]*\r?\n)([\s\S]*?\r?\n)(---[ \t]*(?:\r?\n|$))/;

/**
 * Set `source: { locale, hash }` in a module file's frontmatter, leaving every other byte as it was.
 * An existing top-level `source:` entry (one line, or a block with indented lines) is replaced;
 * otherwise the key is added as the frontmatter's last line. Returns the text unchanged when there is
 * no frontmatter.
 */
export function stampSource(text: string, stamp: { locale: Locale; hash: string }): string {
  const match = FRONTMATTER_BLOCK.exec(text);
  if (!match) return text;
  const [whole, open, yaml, close] = match;
  const newline = yaml.endsWith("\r\n") ? "\r\n" : "\n";
  const line = `source: { locale: "${stamp.locale}", hash: "${stamp.hash}" }`;
  const lines = yaml.split(/\r?\n/);
  lines.pop(); // the yaml block ends with a newline
  const start = lines.findIndex((l) => /^source[ \t]*:/.test(l));
  if (start === -1) {
    lines.push(line);
  } else {
    let end = start + 1;
    while (end < lines.length && /^[ \t]+\S/.test(lines[end])) end += 1;
    lines.splice(start, end - start, line);
  }
  return `${open}${lines.join(newline)}${newline}${close}${text.slice(whole.length)}`;
}
