import { DEFAULT_LOCALE, type Locale, UI_NAMESPACES } from "./config";
import { type Catalogue, createTranslator, type Translator } from "./translator";
import { translationUrls } from "./translation-urls";

type I18n = Translator;

/** One ready translator per language: set up once (server: at start; browser: when first needed). */
const instances = new Map<Locale, I18n>();

export function createPageI18n(locale: Locale, resources: Partial<Record<Locale, Catalogue>>): I18n {
  return createTranslator(locale, resources, DEFAULT_LOCALE);
}

export function registerPageI18n(locale: Locale, i18n: I18n): void {
  instances.set(locale, i18n);
}

/** The instance of a language if it is ready (always on the server; in the browser once loaded). */
export function pageI18n(locale: Locale): I18n | undefined {
  return instances.get(locale);
}

const loading = new Map<Locale, Promise<I18n>>();

/** Browser: fetches a language's namespaces (preloaded by the page's <link rel=preload>) and sets up its instance. */
export function loadPageI18n(locale: Locale): Promise<I18n> {
  const ready = instances.get(locale);
  if (ready) return Promise.resolve(ready);
  let p = loading.get(locale);
  if (!p) {
    p = Promise.all(
      translationUrls(locale).map((url) =>
        fetch(url).then((r) => {
          if (!r.ok) throw new Error(`${url}: ${r.status}`);
          return r.json() as Promise<Record<string, unknown>>;
        }),
      ),
    ).then((bundles) => {
      const namespaces: Catalogue = {};
      UI_NAMESPACES.forEach((ns, i) => {
        namespaces[ns] = (bundles[i] ?? {}) as Record<string, unknown>;
      });
      const i18n = createPageI18n(locale, { [locale]: namespaces });
      instances.set(locale, i18n);
      return i18n;
    });
    p.catch(() => loading.delete(locale));
    loading.set(locale, p);
  }
  return p;
}
