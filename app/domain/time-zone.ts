/**
 * An edition's time zone (browser-safe, no I/O). The database keeps calendar dates (`YYYY-MM-DD`) and
 * instants in UTC; an edition says in which zone its calendar days are counted: a deadline day ends at
 * 23:59 there, and every time shown to people names the zone.
 */

export const DEFAULT_TIME_ZONE = "America/Montevideo";

/**
 * The named zones offered on the edition form: the member states' capitals (several for the
 * countries that span zones), west to east roughly. Any other valid IANA zone is accepted too.
 */
export const EDITION_TIME_ZONES = [
  "America/Los_Angeles",
  "America/Vancouver",
  "America/Denver",
  "America/Edmonton",
  "America/Mexico_City",
  "America/Chicago",
  "America/Winnipeg",
  "America/Belize",
  "America/Costa_Rica",
  "America/El_Salvador",
  "America/Guatemala",
  "America/Managua",
  "America/Tegucigalpa",
  "America/Bogota",
  "America/Guayaquil",
  "America/Havana",
  "America/Jamaica",
  "America/Lima",
  "America/Nassau",
  "America/New_York",
  "America/Panama",
  "America/Port-au-Prince",
  "America/Toronto",
  "America/Manaus",
  "America/Antigua",
  "America/Barbados",
  "America/Caracas",
  "America/Dominica",
  "America/Grenada",
  "America/Guyana",
  "America/La_Paz",
  "America/Port_of_Spain",
  "America/Santo_Domingo",
  "America/St_Kitts",
  "America/St_Lucia",
  "America/St_Vincent",
  "America/Halifax",
  "America/Asuncion",
  "America/Santiago",
  "America/Argentina/Buenos_Aires",
  "America/Montevideo",
  "America/Paramaribo",
  "America/Sao_Paulo",
  "America/St_Johns",
  "UTC",
] as const;

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Whether Intl knows the zone (an IANA name such as `America/Montevideo`, or `UTC`). */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){0,2}$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(timeZone, f);
  }
  return f;
}

/** The calendar day (`YYYY-MM-DD`) an instant falls on in a time zone. */
export function localDay(now: Date, timeZone: string): string {
  const parts = dayFormat(timeZone).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** Offset of the zone from UTC at an instant, in minutes (Montevideo: −180). */
function offsetMinutes(at: Date, timeZone: string): number {
  const f = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60000);
}

/** The last minute of a calendar day in a zone (23:59 there), as an instant. */
export function endOfDay(day: string, timeZone: string): Date {
  const naive = Date.parse(`${day}T23:59:00Z`);
  // the offset at the naive instant, corrected once more in case a DST change lies in between
  let at = naive - offsetMinutes(new Date(naive), timeZone) * 60000;
  at = naive - offsetMinutes(new Date(at), timeZone) * 60000;
  return new Date(at);
}
