import { data, type ServerBuild } from "@remix-run/node";
import { resolveLocale } from "~/i18n/i18n.server";

/** Seconds a person (or a client) is asked to wait after the database was too busy to take a write. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * SQLite refused because another connection held the write lock past the busy timeout (5 s,
 * db/index.server.ts), or a deferred transaction's snapshot went stale (SQLITE_BUSY_SNAPSHOT). drizzle
 * wraps the driver's error (DrizzleQueryError), so the chain of causes is searched.
 */
export function isDatabaseBusy(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("SQLITE_BUSY")) return true;
  }
  return false;
}

/**
 * The answer to a request the database was too busy for: 503 with Retry-After, shown by the root error
 * boundary in the reader's language ("errors.page.busy"; `i18n` because a failed action skips the root
 * loader). Writes run in transactions, which SQLite rolls back whole: nothing of the request was saved.
 */
export function busyResponse(request: Request) {
  return data(
    { busy: true, i18n: { locale: resolveLocale(request) } },
    { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } },
  );
}

type Handler = (args: { request: Request }) => unknown;

function answerBusy<F extends Handler>(handler: F): F {
  return (async (args: Parameters<F>[0]) => {
    try {
      return await handler(args);
    } catch (error) {
      if (isDatabaseBusy(error)) {
        console.warn(`[busy] ${args.request.method} ${new URL(args.request.url).pathname}: the database stayed locked; answered 503`);
        throw busyResponse(args.request);
      }
      throw error;
    }
  }) as F;
}

/**
 * The build with every route's loader and action answering a locked database with busyResponse instead
 * of a generic 500 (Remix v2 has no middleware: one wrapper here instead of a try/catch in every route).
 * The production server (scripts/http.ts) and the integration tests' handler (tests/integration/helpers/
 * remix-app.ts) both serve through it.
 */
export function answerBusyDatabase(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route) continue;
    const module = { ...route.module } as typeof route.module;
    if (module.action) module.action = answerBusy(module.action as Handler) as typeof module.action;
    if (module.loader) module.loader = answerBusy(module.loader as Handler) as typeof module.loader;
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}

/** Sets Retry-After on a 503 (Remix keeps only the cookies of a thrown response's headers). */
export function withRetryAfter(status: number, headers: Headers) {
  if (status === 503 && !headers.has("Retry-After")) headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
}
