import type { Locale } from "~/i18n/config";

// One formatter per locale and style: building an Intl.DateTimeFormat costs far more than using one
// (a 10,000-row board spent a third of its time there).
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, options: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
  const id = `${locale}|${key}`;
  let f = formatters.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(id, f);
  }
  return f;
}

/** A calendar date (YYYY-MM-DD) or instant shown in the reader's language. */
export function formatDate(iso: string | null | undefined, locale: Locale, style: "medium" | "long" = "medium"): string {
  if (!iso) return "—";
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return formatter(locale, { dateStyle: style, timeZone: "UTC" }, style).format(d);
}

export function formatDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return "—";
  return formatter(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }, "datetime").format(new Date(iso));
}
