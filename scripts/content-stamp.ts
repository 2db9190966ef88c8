/**
 * npm run content:stamp -- <locale|all> [content-dir]
 * Writes `source: { locale: "<default>", hash: "<first 12 hex of SHA-256 of the source .mdx>" }` into
 * the frontmatter of every translation file of that locale (or of every non-source locale with `all`),
 * touching only that key. Run it when a translation matches the current source text.
 */
import fs from "node:fs";
import path from "node:path";
import { listDirectories, listModuleSlugs, readCourseFile } from "../app/content/files.server";
import { DEFAULT_LOCALE, LOCALES, type Locale, isLocale } from "../app/content/schema";
import { sourceHash, stampSource } from "../app/content/translation.server";

const [target, dirArg] = process.argv.slice(2);
if (!target || (target !== "all" && !isLocale(target))) {
  console.error(`usage: npm run content:stamp -- <${LOCALES.join("|")}|all> [content-dir]`);
  process.exit(2);
}
const dir = path.resolve(dirArg ?? "content");
let changed = 0;
let unchanged = 0;
for (const courseSlug of listDirectories(dir)) {
  let sourceLocale: Locale = DEFAULT_LOCALE;
  try {
    sourceLocale = readCourseFile(dir, courseSlug)?.defaultLocale ?? DEFAULT_LOCALE;
  } catch {
    // an invalid course.json is content:check's to report; stamp against the default locale
  }
  const locales = target === "all" ? LOCALES.filter((l) => l !== sourceLocale) : [target as Locale];
  if (locales.includes(sourceLocale)) {
    console.error(`${sourceLocale} is the source language of ${courseSlug}: its files carry no source stamp`);
    process.exit(2);
  }
  for (const slug of listModuleSlugs(dir, courseSlug, sourceLocale)) {
    const hash = sourceHash(fs.readFileSync(path.join(dir, courseSlug, sourceLocale, `${slug}.mdx`)));
    for (const locale of locales) {
      const file = path.join(dir, courseSlug, locale, `${slug}.mdx`);
      if (!fs.existsSync(file)) continue;
      const before = fs.readFileSync(file, "utf8");
      const after = stampSource(before, { locale: sourceLocale, hash });
      if (after === before) {
        unchanged += 1;
        continue;
      }
      fs.writeFileSync(file, after);
      changed += 1;
      console.log(`${path.relative(process.cwd(), file)}: source ${sourceLocale} ${hash}`);
    }
  }
}
console.log(`content:stamp: ${changed} file(s) stamped, ${unchanged} already current`);
