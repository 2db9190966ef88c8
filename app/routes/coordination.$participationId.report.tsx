import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireParticipation } from "~/auth/guards.server";
import { ReportView } from "~/components/report";
import { pageTitle } from "~/lib/meta";
import { reportPageData } from "~/lib/report-route.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "insight:report.pageTitle");

/** A state's report (its coordinator, or staff): the edition report limited to that state, its trend across editions. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale, participation } = await requireParticipation(request, params, "participation.view");
  return reportPageData({
    db,
    locale,
    editionId: participation.editionId,
    stateCode: participation.stateCode,
    base: `/coordination/${participation.id}/report`,
    back: `/coordination/${participation.id}`,
  });
}

export default function StateReport() {
  const { t } = useTranslation("insight");
  const data = useLoaderData<typeof loader>();
  return <ReportView data={data} backLabel={t("report.backToState")} />;
}
