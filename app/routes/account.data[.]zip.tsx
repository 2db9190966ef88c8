import type { LoaderFunctionArgs } from "@remix-run/node";
import { hitLimit } from "~/auth/rate-limit.server";
import { requireUser } from "~/auth/session.server";
import { personExportZip } from "~/domain/privacy.server";
import { zipResponse } from "~/lib/files.server";

/** A person's own data, as one ZIP: everything the platform holds about them (audited, a few a day). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  const limited = hitLimit(db, { name: "own-export", max: 5, windowMs: 24 * 3600_000 }, String(user.id));
  if (!limited.ok) {
    throw new Response("Too many requests", { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } });
  }
  const zip = await personExportZip({ db, userId: user.id, actorId: user.id });
  if (!zip) throw new Response("Not found", { status: 404 });
  return zipResponse(zip, "aula-my-data.zip");
}
