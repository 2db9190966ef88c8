import type { LoaderFunctionArgs } from "@remix-run/node";
import { participationRoster } from "~/domain/enrolments.server";
import { requireParticipation } from "~/auth/guards.server";
import { csvStreamResponse } from "~/lib/csv.server";

/** The state's nominated people as CSV (formulas neutralised). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, participation, locale } = await requireParticipation(request, params, "participation.view");
  const roster = participationRoster(db, participation.id);
  function* rows() {
    for (const r of roster) yield [r.name, r.email, r.institution, r.position, r.status, r.waitlistPosition, r.nominatedAt];
  }
  return csvStreamResponse(
    `roster-${participation.stateCode}.csv`,
    ["name", "email", "institution", "position", "status", "waitlistPosition", "nominatedAt"],
    rows(),
    locale,
  );
}
