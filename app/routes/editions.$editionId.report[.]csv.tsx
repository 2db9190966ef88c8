import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireEdition } from "~/auth/guards.server";
import { reportDownload } from "~/lib/report-route.server";
import { tableCsvResponse } from "~/lib/tables.server";

/** The edition report's figures by state (with the total row) as CSV, in the tutor's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale, edition } = await requireEdition(request, params, "edition.progress");
  const { tables, filename } = reportDownload({ db, locale, editionId: edition.id });
  return tableCsvResponse(`${filename}.csv`, tables.byState);
}
