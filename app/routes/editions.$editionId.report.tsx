import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireEdition } from "~/auth/guards.server";
import { ReportView } from "~/components/report";
import { pageTitle } from "~/lib/meta";
import { reportPageData } from "~/lib/report-route.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "insight:report.pageTitle");

/** The edition report (every state): funnel, seats, attendance, quizzes, editions compared. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale, edition } = await requireEdition(request, params, "edition.progress");
  return reportPageData({ db, locale, editionId: edition.id, base: `/editions/${edition.id}/report`, back: `/editions/${edition.id}` });
}

export default function EditionReport() {
  const { t } = useTranslation("insight");
  const data = useLoaderData<typeof loader>();
  return <ReportView data={data} backLabel={t("report.backToEdition")} />;
}
