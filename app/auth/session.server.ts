import { redirect } from "@remix-run/node";
import { type Db, getDb } from "~db/index.server";
import type { Locale } from "~db/schema";
import { loadActor } from "~/domain/accounts.server";
import { resolveLocale } from "~/i18n/i18n.server";
import { validateSessionCookie } from "./sessions.server";
import { type Action, type Actor, can, type Resource } from "./permissions";

export type SessionUser = NonNullable<ReturnType<typeof loadActor>>["user"];

export interface RequestContext {
  db: Db;
  user: SessionUser | null;
  actor: Actor | null;
  locale: Locale;
  /** Set-Cookie for a renewed or cleared session; the root loader sends it back. */
  setCookie: string | null;
}

const cache = new WeakMap<Request, Promise<RequestContext>>();

async function build(request: Request): Promise<RequestContext> {
  const db = getDb();
  const { userId, setCookie } = await validateSessionCookie(db, request.headers.get("Cookie"));
  const loaded = userId ? loadActor(db, userId) : null;
  return {
    db,
    user: loaded?.user ?? null,
    actor: loaded?.actor ?? null,
    locale: resolveLocale(request, loaded?.user.locale),
    setCookie,
  };
}

/** Who is asking, in which language: computed once per request. */
export function getContext(request: Request): Promise<RequestContext> {
  let ctx = cache.get(request);
  if (!ctx) {
    ctx = build(request);
    cache.set(request, ctx);
  }
  return ctx;
}

/** Signed in or sent to the sign-in page (and back here afterwards). */
export async function requireUser(request: Request) {
  const ctx = await getContext(request);
  if (!ctx.user || !ctx.actor) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(back)}`);
  }
  return { ...ctx, user: ctx.user, actor: ctx.actor };
}

/** Refuses with 403 unless the permission module allows it (404 hides what a stranger may not see). */
export function authorize(actor: Actor | null, action: Action, resource: Resource, { hide = false } = {}): void {
  if (!can(actor, action, resource)) {
    throw new Response(hide ? "Not found" : "Forbidden", { status: hide ? 404 : 403 });
  }
}

/** Signed in and allowed, in one call. */
export async function requirePermission(request: Request, action: Action, resource: Resource = { type: "platform" }) {
  const ctx = await requireUser(request);
  authorize(ctx.actor, action, resource);
  return ctx;
}

/** Where each role lands after signing in. */
export function homePath(role: string): string {
  switch (role) {
    case "admin":
    case "tutor":
      return "/editions";
    case "coordinator":
      return "/coordination";
    case "signatory":
      return "/signing";
    default:
      return "/learning";
  }
}

/** A control character (C0, DEL, C1) or a backslash. */
const hasControlOrBackslash = (s: string) => [...s].some((ch) => ch === "\\" || ch.charCodeAt(0) < 0x20 || (ch.charCodeAt(0) >= 0x7f && ch.charCodeAt(0) <= 0x9f));

/**
 * Only paths on this site are followed after sign-in (and by /language): a single leading "/",
 * then no second "/" right after it, no white space (browsers drop tabs and newlines, so
 * "/\t/evil.example" becomes "//evil.example"), and no backslash or control character, also once or
 * twice percent-decoded; and it must resolve to this origin. Anything else: `fallback`.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback: string): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2048) return fallback;
  if (/\s/u.test(to)) return fallback;
  let decoded = to;
  for (let round = 0; round < 3; round++) {
    if (!decoded.startsWith("/") || decoded.startsWith("//") || hasControlOrBackslash(decoded)) return fallback;
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return fallback;
    }
    if (next === decoded) break;
    decoded = next;
  }
  if (!decoded.startsWith("/") || decoded.startsWith("//") || hasControlOrBackslash(decoded)) return fallback;
  const base = "http://aula.invalid";
  try {
    if (new URL(to, base).origin !== base) return fallback;
  } catch {
    return fallback;
  }
  return to;
}
