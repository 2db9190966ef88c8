import { createInstance, type i18n as I18n, type Resource } from "i18next";
import { DEFAULT_LOCALE, type Locale, UI_NAMESPACES } from "./config";

/** One i18next instance for the page, built from the resources the root loader sent (server and browser alike). */
export function createPageI18n(locale: Locale, resources: Resource[string]): I18n {
  const i18n = createInstance();
  i18n.init({
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    ns: [...UI_NAMESPACES],
    defaultNS: "common",
    resources: { [locale]: resources },
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
    initImmediate: false,
  });
  return i18n;
}
