import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireEdition } from "~/auth/guards.server";
import { certificateBoardFilters, certificateBoardTable } from "~/lib/board-tables.server";
import { xlsxResponse } from "~/lib/tables.server";

/** The certificates board as XLSX: every trainee it lists (with the page's filters), read in batches. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale, edition } = await requireEdition(request, params, "edition.certify");
  const table = certificateBoardTable({ db, editionId: edition.id, locale, ...certificateBoardFilters(new URL(request.url)) });
  return xlsxResponse(`certificates-${edition.name}.xlsx`, [table]);
}
