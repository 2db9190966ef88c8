import type { Locale } from "~/i18n/config";

/** A calendar date (YYYY-MM-DD) or instant shown in the reader's language. */
export function formatDate(iso: string | null | undefined, locale: Locale, style: "medium" | "long" = "medium"): string {
  if (!iso) return "—";
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: "UTC" }).format(d);
}

export function formatDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(iso));
}
