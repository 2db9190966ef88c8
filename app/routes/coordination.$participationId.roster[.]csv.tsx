import type { LoaderFunctionArgs } from "@remix-run/node";
import { participationRoster } from "~/domain/enrolments.server";
import { requireParticipation } from "~/auth/guards.server";
import { csvResponse, toCsv } from "~/lib/csv.server";

/** The state's nominated people as CSV (formulas neutralised). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, participation, locale } = await requireParticipation(request, params, "participation.view");
  const rows = participationRoster(db, participation.id).map((r) => [r.name, r.email, r.institution, r.position, r.status, r.waitlistPosition, r.nominatedAt]);
  return csvResponse(
    `roster-${participation.stateCode}.csv`,
    toCsv(["name", "email", "institution", "position", "status", "waitlistPosition", "nominatedAt"], rows, locale),
  );
}
