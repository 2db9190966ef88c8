import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireEdition } from "~/auth/guards.server";
import { boardFilters } from "~/domain/online-rules";
import { onlineBoardTable } from "~/lib/board-tables.server";
import { xlsxResponse } from "~/lib/tables.server";

/** The progress board as XLSX (same filters and values as its CSV), in the tutor's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, edition, locale } = await requireEdition(request, params, "edition.progress");
  const filters = boardFilters(new URL(request.url));
  const table = onlineBoardTable({ db, edition, locale, ...filters });
  return xlsxResponse(`online-${edition.name}${filters.state ? `-${filters.state}` : ""}.xlsx`, [table]);
}
