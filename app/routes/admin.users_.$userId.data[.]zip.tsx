import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, parseId, requirePermission } from "~/auth/guards.server";
import { personExportZip } from "~/domain/privacy.server";
import { zipResponse } from "~/lib/files.server";

/** Everything the platform holds about one person, as one ZIP (admins; audited). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user } = await requirePermission(request, "users.manage");
  const userId = parseId(params.userId);
  const zip = userId ? await personExportZip({ db, userId, actorId: user.id }) : null;
  if (!userId || !zip) throw notFound();
  return zipResponse(zip, `aula-person-${userId}.zip`);
}
