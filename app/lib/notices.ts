/**
 * Notices after a redirect (`?saved=1`, `?moved=online`…) read only codes and ids from the query:
 * a code is shown only when it is one the page knows, an id only names a record the loader sent.
 * Nothing typed into a URL is ever printed as given.
 */

/** The query value when it is one of `codes`, else null. */
export function noticeCode<T extends string>(params: URLSearchParams, name: string, codes: readonly T[]): T | null {
  const v = params.get(name);
  return v !== null && (codes as readonly string[]).includes(v) ? (v as T) : null;
}

/** A small whole number from the query (digits only), else null. */
export function noticeCount(params: URLSearchParams, name: string): number | null {
  const v = params.get(name);
  return v !== null && /^\d{1,6}$/.test(v) ? Number(v) : null;
}

/** The record of `list` whose key matches the query's id, else undefined. */
export function noticeRecord<T>(params: URLSearchParams, name: string, list: readonly T[], key: (item: T) => number | string): T | undefined {
  const v = params.get(name);
  return v === null ? undefined : list.find((item) => String(key(item)) === v);
}
