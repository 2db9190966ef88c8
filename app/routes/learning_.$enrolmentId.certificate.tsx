import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { stateName } from "~/vocabulary";
import { requireEnrolment } from "~/auth/guards.server";
import { MissingList, StageBadge } from "~/components/certificates";
import { certificateForEnrolment, courseTitle } from "~/domain/certificates.server";
import type { NotQualified } from "~/domain/certificates/board.server";
import { decodeReasons } from "~/domain/online-rules";
import { linkedInForCertificate } from "~/domain/certificates/credential.server";
import { formatDate } from "~/lib/format";
import { listModules } from "~/content.server";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "certificates:trainee.title");

/** A trainee's certificate: where it stands, what is missing and from whom, and the download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale, enrolment } = await requireEnrolment(request, params, "enrolment.view");
  const { edition, instituteSignatory, state, row, notQualified } = certificateForEnrolment(db, enrolment.enrolmentId);
  if (!state || !row) throw new Response("Not found", { status: 404 });
  const valid = row.certificate?.status === "valid" ? row.certificate : null;
  const title = courseTitle(edition.courseSlug, locale);
  // the modules a failed online stage names, by their titles in the reader's language (never their slugs)
  const named = new Set(decodeReasons(notQualified?.online?.reasons).flatMap((r) => r.modules));
  const moduleTitles = Object.fromEntries(
    named.size ? listModules(edition.courseSlug, locale).filter((m) => named.has(m.slug)).map((m) => [m.slug, m.title]) : [],
  );
  return {
    locale,
    enrolmentId: enrolment.enrolmentId,
    courseTitle: title,
    editionName: edition.name,
    stateName: stateName(state.stateCode, locale),
    coordinators: state.coordinators,
    stateSignatory: state.signatory.name,
    instituteSignatory: instituteSignatory?.name ?? null,
    row: { missing: row.missing, eligible: row.eligible, stage: row.stage, approvals: row.approvals },
    notQualified,
    moduleTitles,
    certificate: valid
      ? {
          serial: valid.serial,
          issuedOn: valid.issuedOn,
          code: valid.verificationCode,
          name: valid.traineeName,
          linkedIn: linkedInForCertificate({ ...valid, courseTitle: title, locale }),
        }
      : null,
  };
}

/** A stage failed for good: say so, and why (the recorded reasons, the score and the comment). */
function NotQualifiedReasons({ notQualified, moduleTitles }: { notQualified: NotQualified; moduleTitles: Record<string, string> }) {
  const { t } = useTranslation("certificates");
  const { t: tc } = useTranslation("course");
  const { online, faceToFace } = notQualified;
  return (
    <>
      <p>{t("trainee.notQualified")}</p>
      <ul>
        {online ? (
          <li>
            {t("trainee.onlineNotPassed")}
            {online.overrideReason ? ` ${t("trainee.tutorDecision", { reason: online.overrideReason })}` : null}
            {decodeReasons(online.reasons).length > 0 ? (
              <ul>
                {decodeReasons(online.reasons).map((r) => (
                  <li key={r.code}>{tc(`reasons.${r.code}`, { modules: r.modules.map((slug) => moduleTitles[slug] ?? slug).join("; "), count: r.modules.length })}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ) : null}
        {faceToFace ? (
          <li>
            {t("trainee.faceToFaceNotPassed", { score: faceToFace.score, max: faceToFace.scaleMax, pass: faceToFace.passScore })}
            {faceToFace.comment ? ` ${t("trainee.coordinatorComment", { comment: faceToFace.comment })}` : null}
          </li>
        ) : null}
      </ul>
      <p>{t("trainee.notQualifiedNext")}</p>
    </>
  );
}

export default function TraineeCertificate() {
  const { t } = useTranslation("certificates");
  const data = useLoaderData<typeof loader>();
  const { certificate } = data;
  return (
    <>
      <nav aria-label={t("trainee.breadcrumb")} className="breadcrumb">
        <Link to={`/learning/${data.enrolmentId}`}>{data.courseTitle}</Link>
      </nav>
      <div className="page-head">
        <h1>{t("trainee.title")}</h1>
        <StageBadge stage={data.row.stage} />
      </div>
      <section className="card" aria-labelledby="certificate-status">
        <h2 id="certificate-status">{t("trainee.statusHeading", { edition: data.editionName, state: data.stateName })}</h2>
        {certificate ? (
          <>
            <p>{t("trainee.ready", { date: formatDate(certificate.issuedOn, data.locale) })}</p>
            <dl className="cert-facts">
              <dt>{t("verify.serial")}</dt>
              <dd>{certificate.serial}</dd>
              <dt>{t("verify.code")}</dt>
              <dd>
                <code>{certificate.code}</code>
              </dd>
            </dl>
            <p className="actions">
              <a className="button" href={`/certificates/${encodeURIComponent(certificate.serial)}.pdf`} download>
                {t("download.one")}
              </a>
              <a className="button secondary" href={`/certificates/${encodeURIComponent(certificate.serial)}.json`} download>
                {t("trainee.downloadJson")}
              </a>
              <a className="button secondary" href={certificate.linkedIn} rel="noopener noreferrer" target="_blank" aria-describedby="linkedin-hint">
                {t("trainee.linkedIn")}
              </a>
            </p>
            <p className="small muted">{t("trainee.credentialHint")}</p>
            <p className="small muted" id="linkedin-hint">
              {t("trainee.linkedInHint")}
            </p>
            <p>
              <Link to={`/verify/${certificate.code}`}>{t("trainee.verifyLink")}</Link>
            </p>
            <p className="small muted">{t("trainee.nameHint")}</p>
          </>
        ) : data.notQualified ? (
          <NotQualifiedReasons notQualified={data.notQualified} moduleTitles={data.moduleTitles} />
        ) : (
          <>
            <p>{t(data.row.eligible ? "trainee.waiting" : "trainee.notYet")}</p>
            <MissingList
              row={data.row}
              coordinators={data.coordinators}
              stateSignatory={data.stateSignatory}
              instituteSignatory={data.instituteSignatory}
              stateName={data.stateName}
            />
            {data.row.stage === "ready" ? <p>{t("trainee.readySoon")}</p> : null}
          </>
        )}
      </section>
    </>
  );
}
