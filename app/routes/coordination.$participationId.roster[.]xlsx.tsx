import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireParticipation } from "~/auth/guards.server";
import { rosterTable } from "~/lib/board-tables.server";
import { xlsxResponse } from "~/lib/tables.server";

/** The state's nominated people as XLSX (the columns and values of roster.csv). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, participation, locale } = await requireParticipation(request, params, "participation.view");
  return xlsxResponse(`roster-${participation.stateCode}.xlsx`, [rosterTable({ db, participationId: participation.id, locale })]);
}
