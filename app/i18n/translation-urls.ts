import type { Locale } from "./config";
import { UI_NAMESPACES } from "./config";

/**
 * Translations reach the browser as static files: each language's UI namespaces are emitted by the build
 * as content-hashed JSON under /assets (cached as immutable), never serialised into a page's loader data.
 * The server imports the same glob only for the URLs (to preload them); it reads the catalogue from
 * `resources.ts` and keeps one i18next instance per language (`i18n.server.ts`).
 */
/** Vite replaces the glob with a map of hashed URLs; outside Vite (tsx scripts) there are none. */
function globTranslations(): Record<string, string> {
  try {
    return import.meta.glob<string>(["./locales/*/*.json", "!./locales/*/certificate.json"], {
      query: "?url",
      import: "default",
      eager: true,
    });
  } catch {
    return {};
  }
}
const translationFiles = globTranslations();

/** The hashed URLs of one language's UI namespaces, in UI_NAMESPACES order. */
export function translationUrls(locale: Locale): string[] {
  return UI_NAMESPACES.map((ns) => translationFiles[`./locales/${locale}/${ns}.json`]).filter(
    (u): u is string => typeof u === "string",
  );
}

