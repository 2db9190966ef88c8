import { LOCALES, type Locale } from "~/vocabulary";

export { LOCALES, type Locale };
export const DEFAULT_LOCALE: Locale = "en";
export const LOCALE_COOKIE = "aula_lng";
/** UI namespaces sent to the browser (the certificate texts stay on the server). */
export const UI_NAMESPACES = ["common", "editions", "course", "faceToFace", "certificates", "insight"] as const;
export type UiNamespace = (typeof UI_NAMESPACES)[number];

export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  es: "Español",
  pt: "Português",
  fr: "Français",
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}
