/**
 * Certificate texts: a standalone i18next instance over
 * app/i18n/locales/<lng>/certificate.json, initialised synchronously once.
 *
 * Dates and numbers are formatted from those files too, not with Intl: the
 * PDF bytes must not change when Node's ICU data changes, or the SHA-256 kept
 * with an issued certificate would no longer match a re-render.
 */
import i18next from "i18next";
import en from "../app/i18n/locales/en/certificate.json";
import es from "../app/i18n/locales/es/certificate.json";
import fr from "../app/i18n/locales/fr/certificate.json";
import pt from "../app/i18n/locales/pt/certificate.json";
import v1en from "./texts/v1/en.json";
import v1es from "./texts/v1/es.json";
import v1fr from "./texts/v1/fr.json";
import v1pt from "./texts/v1/pt.json";

export const LOCALES = ["en", "es", "pt", "fr"] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

const NAMESPACE = "certificate";

type Catalogue = Record<Locale, Record<string, unknown>>;

function createInstance(catalogue: Catalogue) {
  const instance = i18next.createInstance();
  void instance.init({
    lng: "en",
    fallbackLng: "en",
    supportedLngs: [...LOCALES],
    ns: [NAMESPACE],
    defaultNS: NAMESPACE,
    resources: Object.fromEntries(LOCALES.map((l) => [l, { [NAMESPACE]: catalogue[l] }])),
    initImmediate: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

/** The current texts: what a certificate issued now says (frozen into its row). */
const instance = createInstance({ en, es, pt, fr });
/**
 * The texts of layout version 1, which read them at render time: a frozen copy of
 * certificate.json as it stood. Never edit these files; an issued v1 certificate's SHA-256
 * depends on every character.
 */
const v1Instance = createInstance({ en: v1en, es: v1es, pt: v1pt, fr: v1fr });

export type Values = Record<string, string | number>;
export type Translate = (key: string, values?: Values) => string;

type LooseT = (key: string, options?: Record<string, unknown>) => unknown;

function translatorsOf(source: ReturnType<typeof createInstance>) {
  const translators = new Map<Locale, Translate>();
  return (locale: Locale): Translate => {
    let translate = translators.get(locale);
    if (!translate) {
      // Typed loosely on purpose: the app may declare i18next CustomTypeOptions
      // for its own namespaces, which must not constrain these keys.
      const fixed = source.getFixedT(locale, NAMESPACE) as unknown as LooseT;
      translate = (key, values) => {
        const result = fixed(key, values);
        if (typeof result !== "string") throw new Error(`certificate text "${key}" is missing for ${locale}`);
        return result;
      };
      translators.set(locale, translate);
    }
    return translate;
  };
}

/** A translate function fixed to one locale and the certificate namespace (current texts). */
export const translator = translatorsOf(instance);
/** The same over layout version 1's frozen texts. */
export const v1Translator = translatorsOf(v1Instance);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Parses "YYYY-MM-DD", rejecting impossible dates such as 2026-02-30. */
export function parseIsoDate(value: string): CalendarDate {
  const match = ISO_DATE.exec(value);
  if (!match) throw new Error(`issuedOn must be "YYYY-MM-DD", got "${value}"`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new Error(`issuedOn is not a calendar date: "${value}"`);
  }
  return { year, month, day };
}

/** "23 de noviembre de 2026", "November 23, 2026", "1er mars 2027"… */
export function formatDate(locale: Locale, isoDate: string, t: Translate = translator(locale)): string {
  const { year, month, day } = parseIsoDate(isoDate);
  return t("date.format", {
    day: day === 1 ? t("date.firstDay") : String(day),
    month: t(`date.months.${month}`),
    year: String(year),
  });
}

/** Hours as written in the locale: "40", "7,5" or "7.5". */
export function formatNumber(locale: Locale, value: number, t: Translate = translator(locale)): string {
  if (!Number.isFinite(value) || value < 0) throw new Error(`hours must be a non-negative number, got ${value}`);
  const rounded = Math.round(value * 100) / 100;
  const [whole, fraction] = String(rounded).split(".");
  return fraction ? `${whole}${t("number.decimalSeparator")}${fraction}` : whole;
}
