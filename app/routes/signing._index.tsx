import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { stateName } from "~/vocabulary";
import { requirePermission } from "~/auth/guards.server";
import { StatusBadge } from "~/components/status";
import { courseTitle } from "~/domain/editions.server";
import { listSignatures } from "~/domain/homes.server";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "certificates:signing.title");

/** A state signatory's home: the approval page of the one state they sign for, or the list of them. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor, locale } = await requirePermission(request, "signing.home");
  // only the participations naming this account as signatory: the query itself is the scope
  const rows = listSignatures(db, actor);
  if (rows.length === 1) throw redirect(`/coordination/${rows[0]!.participationId}/certificates`);
  return {
    signatures: rows.map((r) => ({
      participationId: r.participationId,
      editionName: r.editionName,
      editionStatus: r.editionStatus,
      stateName: stateName(r.stateCode, locale),
      courseTitle: courseTitle(r.courseSlug, locale),
    })),
  };
}

export default function Signing() {
  const { t } = useTranslation("certificates");
  const { signatures } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>{t("signing.title")}</h1>
        <Link className="button secondary" to="/account/signature">
          {t("signing.signature")}
        </Link>
      </div>
      <p className="muted">{t("signing.lede")}</p>
      {signatures.length === 0 ? <p className="muted">{t("signing.none")}</p> : null}
      <ul className="people">
        {signatures.map((s) => (
          <li key={s.participationId}>
            <div>
              <Link to={`/coordination/${s.participationId}/certificates`}>
                {s.stateName} · {s.editionName}
              </Link>
              <div className="muted small">{s.courseTitle}</div>
            </div>
            <StatusBadge status={s.editionStatus} />
          </li>
        ))}
      </ul>
    </>
  );
}
