import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { stateName } from "~/vocabulary";
import { requirePermission } from "~/auth/guards.server";
import { StatusBadge } from "~/components/status";
import { courseTitle } from "~/domain/editions.server";
import { listOwnEnrolments } from "~/domain/homes.server";
import { formatDate } from "~/lib/format";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "learning.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor, locale } = await requirePermission(request, "learning.home");
  // Only this person's own enrolments: the query is scoped to the signed-in user.
  const rows = listOwnEnrolments(db, actor).map((e) => ({
    ...e,
    stateName: stateName(e.stateCode, locale),
    courseTitle: courseTitle(e.courseSlug, locale),
  }));
  return { enrolments: rows, locale };
}

export default function Learning() {
  const { t } = useTranslation();
  const { enrolments, locale } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>{t("learning.title")}</h1>
      </div>
      {enrolments.length === 0 ? <p className="muted">{t("learning.none")}</p> : null}
      {enrolments.map((e) => (
        <section key={e.enrolmentId} className="card" aria-labelledby={`e-${e.enrolmentId}`}>
          <div className="page-head">
            <h2 id={`e-${e.enrolmentId}`}>
              <Link to={`/learning/${e.enrolmentId}`}>
                {e.courseTitle} · {e.editionName}
              </Link>
            </h2>
            <StatusBadge status={e.status} />
          </div>
          <p>{t("learning.nominatedBy", { state: e.stateName })}</p>
          <dl className="stats">
            <div>
              <dt>{t("learning.onlineStage")}</dt>
              <dd className="small">
                {formatDate(e.onlineStartsOn, locale)} – {formatDate(e.onlineEndsOn, locale)}
              </dd>
            </div>
            <div>
              <dt>{t("learning.faceToFaceStage")}</dt>
              <dd className="small">
                {formatDate(e.faceToFaceStartsOn, locale)} – {formatDate(e.faceToFaceEndsOn, locale)}
              </dd>
            </div>
          </dl>
          {e.status === "enrolled" ? (
            <p className="actions" style={{ marginTop: "1rem" }}>
              <Link className="button" to={`/learning/${e.enrolmentId}`}>
                {t("learning.open")}
              </Link>
            </p>
          ) : null}
        </section>
      ))}
    </>
  );
}
