import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireEdition } from "~/auth/guards.server";
import { reportDownload } from "~/lib/report-route.server";
import { xlsxResponse } from "~/lib/tables.server";

/** The edition report as XLSX: the figures by state (as the CSV) and the editions compared. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale, edition } = await requireEdition(request, params, "edition.progress");
  const { tables, filename } = reportDownload({ db, locale, editionId: edition.id });
  return xlsxResponse(`${filename}.xlsx`, [tables.byState, tables.trend]);
}
