/** The report routes' shared work: load the figures for an edition (or one state of it) and shape them. */
import type { Db } from "~db/index.server";
import { editionReport } from "~/domain/reports.server";
import { fixedT } from "~/i18n/i18n.server";
import type { Locale } from "~/i18n/config";
import { stateName } from "~/vocabulary";
import { reportPage, reportTables } from "./report-view.server";

export function loadReport({ db, locale, editionId, stateCode = null }: { db: Db; locale: Locale; editionId: number; stateCode?: string | null }) {
  const report = editionReport({ db, editionId, stateCode, locale });
  if (!report) throw new Response("Not found", { status: 404 });
  const t = fixedT(locale);
  const scope = stateCode ? `${stateName(stateCode, locale)}, ${report.edition.name}` : report.edition.name;
  return { report, t, scope };
}

export function reportPageData({
  db,
  locale,
  editionId,
  stateCode = null,
  base,
  back,
}: { db: Db; locale: Locale; editionId: number; stateCode?: string | null; base: string; back: string }) {
  const { report, t, scope } = loadReport({ db, locale, editionId, stateCode });
  const page = reportPage(report, t, locale, scope);
  return {
    locale,
    heading: t("insight:report.title", { scope }),
    sections: page.sections,
    byState: page.byState,
    downloads: { csv: `${base}.csv`, xlsx: `${base}.xlsx` },
    back,
  };
}

export function reportDownload({ db, locale, editionId, stateCode = null }: { db: Db; locale: Locale; editionId: number; stateCode?: string | null }) {
  const { report, t } = loadReport({ db, locale, editionId, stateCode });
  const tables = reportTables(report, t, locale);
  const filename = `report-${report.edition.name}${stateCode ? `-${stateCode}` : ""}`;
  return { tables, filename };
}
