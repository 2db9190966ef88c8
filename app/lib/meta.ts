import type { MetaDescriptor } from "@remix-run/node";
import type { Resource } from "i18next";
import { createPageI18n } from "~/i18n/client";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/config";

interface RootMatch {
  id: string;
  data?: unknown;
}

/** `<title>` in the page's language ("<page> · Aula"), from the resources the root loader sent. */
export function pageTitle(matches: RootMatch[], key: string, values?: Record<string, string>): MetaDescriptor[] {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: Locale; resources?: Resource[string] } | undefined;
  if (!root?.resources) return [{ title: "Aula" }];
  const t = createPageI18n(root.locale ?? DEFAULT_LOCALE, root.resources).t;
  return [{ title: `${t(key, values)} · Aula` }];
}
