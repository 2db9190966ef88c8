import type { MetaDescriptor } from "@remix-run/node";
import { pageI18n } from "~/i18n/client";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/config";

interface RootMatch {
  id: string;
  data?: unknown;
}

/** `<title>` in the page's language ("<page> · Aula"), from the language's one i18next instance. */
export function pageTitle(matches: RootMatch[], key: string, values?: Record<string, string>): MetaDescriptor[] {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined;
  const i18n = pageI18n(root?.locale ?? DEFAULT_LOCALE);
  if (!i18n) return [{ title: "Aula" }];
  return [{ title: `${i18n.t(key, values)} · Aula` }];
}
