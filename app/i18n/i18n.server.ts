import { createInstance, type i18n as I18n, type TFunction } from "i18next";
import { createPageI18n, registerPageI18n } from "./client";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, LOCALES, type Locale, UI_NAMESPACES } from "./config";
import { uiResources } from "./resources";

/** The pages' translator per language (app/i18n/translator.ts), set up once when the server starts. */
for (const locale of LOCALES) registerPageI18n(locale, createPageI18n(locale, uiResources));

/** i18next, on the server only, for emails, errors and documents: one instance per language, made at start. */
const serverI18n = new Map<Locale, I18n>(
  LOCALES.map((locale) => {
    const i18n = createInstance();
    i18n.init({
      lng: locale,
      fallbackLng: DEFAULT_LOCALE,
      ns: [...UI_NAMESPACES],
      defaultNS: "common",
      resources: uiResources,
      interpolation: { escapeValue: false },
      initImmediate: false,
    });
    return [locale, i18n];
  }),
);

/** A translation function for one language on the server (emails, errors). */
export function fixedT(locale: Locale): TFunction {
  const i18n = serverI18n.get(locale);
  if (!i18n) throw new Error(`no translations for ${locale}`);
  return i18n.t;
}

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join("="));
    } catch {
      return null; // a malformed cookie (e.g. "%E0%A4%A") is as good as none; it must not break every page
    }
  }
  return null;
}

/** Best supported language of an Accept-Language header, honouring q-values. */
export function fromAcceptLanguage(header: string | null): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { lang: (tag ?? "").toLowerCase().split("-")[0], q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((x) => x.lang && !Number.isNaN(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) if (isLocale(lang)) return lang;
  return null;
}

/** The person's saved preference, then the cookie, then Accept-Language, then the default. */
export function resolveLocale(request: Request, userLocale?: string | null): Locale {
  if (isLocale(userLocale)) return userLocale;
  const cookie = readCookie(request.headers.get("Cookie"), LOCALE_COOKIE);
  if (isLocale(cookie)) return cookie;
  return fromAcceptLanguage(request.headers.get("Accept-Language")) ?? DEFAULT_LOCALE;
}

export function localeCookie(locale: Locale): string {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

export { LOCALES };
