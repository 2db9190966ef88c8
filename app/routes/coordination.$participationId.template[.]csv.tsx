import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireParticipation } from "~/auth/guards.server";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { NOMINATION_COLUMNS, TEMPLATE_EXAMPLE_ROW } from "~/lib/nomination-schema";

/** The nomination template: the four columns and one fictitious example row, which the import refuses. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { participation, locale } = await requireParticipation(request, params, "participation.nominate");
  const body = toCsv(NOMINATION_COLUMNS, [TEMPLATE_EXAMPLE_ROW], locale);
  return csvResponse(`nominations-${participation.stateCode}.csv`, body);
}
