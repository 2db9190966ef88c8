import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireEdition } from "~/auth/guards.server";
import { faceToFaceBoardTable } from "~/lib/board-tables.server";
import { tableCsvStreamResponse } from "~/lib/tables.server";

/** The face-to-face stage by state as CSV (the board's figures, one row per state). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale, edition } = await requireEdition(request, params, "edition.manage");
  const table = faceToFaceBoardTable({ db, editionId: edition.id, locale });
  return tableCsvStreamResponse(`face-to-face-${edition.name}.csv`, table, locale);
}
