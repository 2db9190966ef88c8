import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireEdition } from "~/auth/guards.server";
import { boardFilters } from "~/domain/online-rules";
import { onlineBoardTable } from "~/lib/board-tables.server";
import { tableCsvStreamResponse } from "~/lib/tables.server";

/** The progress board as CSV (same filters and columns as the page and its XLSX), in the tutor's language; formulas neutralised. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, edition, locale } = await requireEdition(request, params, "edition.progress");
  const filters = boardFilters(new URL(request.url));
  const table = onlineBoardTable({ db, edition, locale, ...filters });
  return tableCsvStreamResponse(`online-${edition.name}${filters.state ? `-${filters.state}` : ""}.csv`, table, locale);
}
