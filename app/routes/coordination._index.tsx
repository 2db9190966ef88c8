import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { stateName } from "~/vocabulary";
import { requirePermission } from "~/auth/guards.server";
import { StatusBadge } from "~/components/status";
import { courseTitle } from "~/domain/editions.server";
import { listCoordinations } from "~/domain/homes.server";
import { formatDate } from "~/lib/format";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "coordination.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor, locale } = await requirePermission(request, "coordination.home");
  // Only the participations this person is appointed to: the query itself is the scope.
  const rows = listCoordinations(db, actor).map((p) => ({
    ...p,
    stateName: stateName(p.stateCode, locale),
    courseTitle: courseTitle(p.courseSlug, locale),
  }));
  return { participations: rows, locale };
}

export default function Coordination() {
  const { t } = useTranslation();
  const { participations, locale } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>{t("coordination.title")}</h1>
      </div>
      {participations.length === 0 ? <p className="muted">{t("coordination.none")}</p> : null}
      {participations.map((p) => {
        return (
          <section key={p.participationId} className="card" aria-labelledby={`p-${p.participationId}`}>
            <div className="page-head">
              <h2 id={`p-${p.participationId}`}>
                <Link to={`/coordination/${p.participationId}`}>
                  {p.stateName} · {p.editionName}
                </Link>
              </h2>
              <StatusBadge status={p.editionStatus} />
            </div>
            <dl className="stats">
              <div>
                <dt>{t("coordination.quota")}</dt>
                <dd>{p.quota}</dd>
              </div>
              <div>
                <dt>{t("coordination.enrolled")}</dt>
                <dd>{p.enrolled}</dd>
              </div>
              <div>
                <dt>{t("coordination.waitlisted")}</dt>
                <dd>{p.waitlisted}</dd>
              </div>
              <div>
                <dt>{t("coordination.seatsLeft")}</dt>
                <dd>{Math.max(0, p.quota - p.enrolled)}</dd>
              </div>
            </dl>
            <meter className="meter" min={0} max={Math.max(1, p.quota)} value={p.enrolled} aria-label={t("coordination.seatsUsed")}>
              {p.enrolled} / {p.quota}
            </meter>
            <p className="muted small" style={{ marginTop: ".75rem" }}>
              {p.courseTitle} ·{" "}
              {t("coordination.window", {
                from: formatDate(p.nominationOpensOn, locale),
                to: formatDate(p.nominationClosesOn, locale),
              })}
            </p>
            <p className="actions">
              <Link className="button" to={`/coordination/${p.participationId}`}>
                {t("coordination.nominations")}
              </Link>
              <Link className="button secondary" to={`/coordination/${p.participationId}/face-to-face`}>
                {t("coordination.faceToFace")}
              </Link>
              <Link className="button secondary" to={`/coordination/${p.participationId}/certificates`}>
                {t("coordination.certificates")}
              </Link>
            </p>
          </section>
        );
      })}
    </>
  );
}
