import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { invalidateSession } from "~/auth/sessions.server";
import { getContext } from "~/auth/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const { db } = await getContext(request);
  const cookie = await invalidateSession(db, request.headers.get("Cookie"));
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export function loader() {
  return redirect("/");
}
