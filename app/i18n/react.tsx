/**
 * `useTranslation(ns)` for the pages, on the translator of app/i18n/translator.ts (the API the components
 * already used with react-i18next: `const { t, i18n } = useTranslation("course")`).
 */
import { createContext, type ReactNode, useContext } from "react";
import { DEFAULT_LOCALE } from "./config";
import { createTranslator, type TFunction, type Translator } from "./translator";

const TranslatorContext = createContext<Translator | null>(null);
const empty = createTranslator(DEFAULT_LOCALE, {});

export function I18nProvider({ i18n, children }: { i18n: Translator; children: ReactNode }) {
  return <TranslatorContext.Provider value={i18n}>{children}</TranslatorContext.Provider>;
}

export function useTranslation(ns?: string): { t: TFunction; i18n: Translator } {
  const i18n = useContext(TranslatorContext) ?? empty;
  return { t: i18n.tFor(ns), i18n };
}
