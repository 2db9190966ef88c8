import type { Locale } from "~/i18n/config";
import { endOfDay } from "~/domain/time-zone";

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

/**
 * An instant with its time, in an edition's time zone, naming the zone ("10 mar 2027, 07:36 hora de
 * Uruguay"): a time without its zone is read in the reader's own zone and misleads.
 */
export function formatDateTime(iso: string | Date | null | undefined, locale: Locale, timeZone: string): string {
  if (!iso) return "—";
  return formatter(
    locale,
    { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone, timeZoneName: "shortGeneric" },
    `datetime|${timeZone}`,
  ).format(typeof iso === "string" ? new Date(iso) : iso);
}

/** A deadline day as the moment it ends: 23:59 in the edition's time zone, zone named. */
export function formatDeadline(day: string | null | undefined, locale: Locale, timeZone: string): string {
  if (!day) return "—";
  return formatDateTime(endOfDay(day, timeZone), locale, timeZone);
}

/**
 * A zone for the edition form's select: its city and IANA name ("Montevideo (America/Montevideo)").
 * Deliberately not Intl's zone names: the server's and the browser's ICU word them differently,
 * and the label must render the same on both.
 */
export function timeZoneLabel(timeZone: string): string {
  const city = timeZone.split("/").pop()?.replace(/_/g, " ") ?? timeZone;
  return city === timeZone ? timeZone : `${city} (${timeZone})`;
}

// One Intl.NumberFormat per locale and options, like the date formatters above: the boards format a number per cell.
const numberFormatters = new Map<string, Intl.NumberFormat>();
function numberFormatter(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${locale}|${JSON.stringify(options)}`;
  let f = numberFormatters.get(id);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    numberFormatters.set(id, f);
  }
  return f;
}

/** A number in the reader's language ("1 234,5" in French); one decimal at most unless told otherwise. */
export function formatNumber(
  value: number | null | undefined,
  locale: Locale | string,
  options: Intl.NumberFormatOptions = { maximumFractionDigits: 1 },
): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return numberFormatter(locale, options).format(value);
}

/**
 * A percentage given in points (75 means 75 %), written as the reader's language writes it:
 * "75%" in English and Portuguese, "75 %" in Spanish (no-break space), "75 %" in French (narrow no-break space).
 */
export function formatPercent(
  points: number | null | undefined,
  locale: Locale | string,
  options: Intl.NumberFormatOptions = { maximumFractionDigits: 1 },
): string {
  if (points === null || points === undefined || Number.isNaN(points)) return "—";
  return numberFormatter(locale, { ...options, style: "percent" }).format(points / 100);
}
