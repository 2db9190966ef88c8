import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { getContext, safeRedirect } from "~/auth/session.server";
import { setUserLocale } from "~/domain/accounts.server";
import { isLocale } from "~/i18n/config";
import { localeCookie } from "~/i18n/i18n.server";
import { readForm } from "~/lib/upload.server";

/** The language switcher posts here; it works without JavaScript. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request, { maxFieldBytes: 16 * 1024 });
  const lng = form.get("lng");
  const back = safeRedirect(form.get("redirectTo"), "/");
  if (!isLocale(lng)) return redirect(back, { status: 303 });
  const ctx = await getContext(request);
  if (ctx.user) setUserLocale(ctx.db, ctx.user.id, lng);
  return redirect(back, { status: 303, headers: { "Set-Cookie": localeCookie(lng) } });
}

export function loader() {
  return redirect("/");
}
