import type { Resource } from "i18next";
import commonEn from "./locales/en/common.json";
import commonEs from "./locales/es/common.json";
import commonFr from "./locales/fr/common.json";
import commonPt from "./locales/pt/common.json";
import type { Locale } from "./config";

/** Every UI namespace, per language. Add a namespace here and in UI_NAMESPACES. */
export const uiResources: Record<Locale, Resource[string]> = {
  en: { common: commonEn },
  es: { common: commonEs },
  pt: { common: commonPt },
  fr: { common: commonFr },
};
