import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireParticipation } from "~/auth/guards.server";
import { reportDownload } from "~/lib/report-route.server";
import { xlsxResponse } from "~/lib/tables.server";

/** A state's report as XLSX: its figures (as the CSV) and its editions compared. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale, participation } = await requireParticipation(request, params, "participation.view");
  const { tables, filename } = reportDownload({ db, locale, editionId: participation.editionId, stateCode: participation.stateCode });
  return xlsxResponse(`${filename}.xlsx`, [tables.byState, tables.trend]);
}
