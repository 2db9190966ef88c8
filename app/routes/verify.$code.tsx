import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { stateName } from "~/vocabulary";
import { getContext } from "~/auth/session.server";
import { SignatoryBlock, VerifyErrorBoundary } from "~/components/certificates";
import { courseTitle, normalizeCode, verifyCertificate } from "~/domain/certificates.server";
import { credentialCheckByCode } from "~/domain/certificates/credential.server";
import { verifyLegacyCertificate } from "~/domain/legacy-import.server";
import { limitVerification } from "~/lib/certificates-http.server";
import { formatDate } from "~/lib/format";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, "certificates:verify.resultTitle"),
  { name: "robots", content: "noindex" },
];

/** Public: one certificate, by its unguessable code. Only what is needed to verify it. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  limitVerification(context);
  const { db, locale } = await getContext(request);
  const c = verifyCertificate(db, params.code ?? "");
  if (!c) {
    // a certificate issued on Moodle before this platform, imported with its original code (ADR 011)
    const legacy = verifyLegacyCertificate(db, params.code ?? "");
    if (!legacy) throw new Response("Not found", { status: 404 });
    return { kind: "legacy" as const, locale, legacy };
  }
  const credential = await credentialCheckByCode({ db, code: normalizeCode(params.code ?? "") ?? "", locale });
  return {
    kind: "platform" as const,
    locale,
    credential,
    certificate: {
      serial: c.serial,
      traineeName: c.traineeName,
      course: courseTitle(c.courseSlug, locale),
      editionName: c.editionName,
      state: stateName(c.stateCode, locale),
      issuedOn: c.issuedOn,
      institute: c.institute,
      stateSignatory: c.stateSignatory,
      status: c.status,
      // the revocation's free-text reason stays with the institute: the public sees "revoked" and the date
      revokedAt: c.revokedAt,
      replacedByCode: c.replacedByCode,
      holderErasedAt: c.holderErasedAt,
    },
  };
}

/** A certificate issued before this platform (on Moodle): its original code and date, holder and course; no PDF hash or credential. */
function LegacyVerdict({
  legacy,
  locale,
}: {
  legacy: { code: string; holderName: string; issuedAt: string; holderErasedAt: string | null; courseName: string; editionLabel: string };
  locale: string;
}) {
  const { t } = useTranslation("certificates");
  return (
    <div className="verify narrow">
      <h1>{t("verify.resultTitle")}</h1>
      <div className="verdict valid">
        <span className="verdict-mark" aria-hidden="true">
          ✓
        </span>
        <div>
          <p className="verdict-title">{t("verify.legacy.title")}</p>
          <p className="verdict-text">{t("verify.legacy.text")}</p>
        </div>
      </div>
      <section className="card" aria-labelledby="cert-details">
        <h2 id="cert-details" className="visually-hidden">
          {t("verify.details")}
        </h2>
        <dl className="cert-facts">
          <dt>{t("verify.awardedTo")}</dt>
          {legacy.holderErasedAt ? (
            <dd className="muted">{t("verify.legacy.holderErased", { date: formatDate(legacy.holderErasedAt, locale as Parameters<typeof formatDate>[1], "long") })}</dd>
          ) : (
            <dd className="cert-name">{legacy.holderName}</dd>
          )}
          <dt>{t("verify.course")}</dt>
          <dd>{legacy.courseName}</dd>
          <dt>{t("verify.edition")}</dt>
          <dd>{legacy.editionLabel}</dd>
          <dt>{t("verify.legacy.issuedOn")}</dt>
          <dd>{formatDate(legacy.issuedAt, locale as Parameters<typeof formatDate>[1], "long")}</dd>
          <dt>{t("verify.legacy.code")}</dt>
          <dd>
            <code>{legacy.code}</code>
          </dd>
        </dl>
        <p className="small muted">{t("verify.legacy.noProof")}</p>
      </section>
      <p className="small muted">
        {t("verify.privacy")} <Link to="/verify">{t("verify.another")}</Link>
      </p>
    </div>
  );
}

export default function VerifyCode() {
  const d = useLoaderData<typeof loader>();
  if (d.kind === "legacy") return <LegacyVerdict legacy={d.legacy} locale={d.locale} />;
  return <PlatformVerdict {...d} />;
}

function PlatformVerdict({ locale, certificate: c, credential }: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "platform" }>) {
  const { t } = useTranslation("certificates");
  const valid = c.status === "valid";
  return (
    <div className="verify narrow">
      <h1>{t("verify.resultTitle")}</h1>
      <div className={`verdict ${valid ? "valid" : "revoked"}`}>
        <span className="verdict-mark" aria-hidden="true">
          {valid ? "✓" : "✕"}
        </span>
        <div>
          <p className="verdict-title">{valid ? t("verify.valid") : t("verify.revoked")}</p>
          <p className="verdict-text">
            {valid
              ? t("verify.validText")
              : t("verify.revokedText", { date: formatDate(c.revokedAt, locale) })}
          </p>
        </div>
      </div>
      {c.replacedByCode ? (
        <p className="alert info">
          {t("verify.replaced")} <Link to={`/verify/${c.replacedByCode}`}>{t("verify.replacement")}</Link>
        </p>
      ) : null}
      <section className="card" aria-labelledby="cert-details">
        <h2 id="cert-details" className="visually-hidden">
          {t("verify.details")}
        </h2>
        <dl className="cert-facts">
          <dt>{t("verify.awardedTo")}</dt>
          {c.holderErasedAt ? (
            <dd className="muted">{t("verify.holderErased", { date: formatDate(c.holderErasedAt, locale, "long") })}</dd>
          ) : (
            <dd className="cert-name">{c.traineeName}</dd>
          )}
          <dt>{t("verify.course")}</dt>
          <dd>{c.course}</dd>
          <dt>{t("verify.edition")}</dt>
          <dd>{c.editionName}</dd>
          <dt>{t("verify.state")}</dt>
          <dd>{c.state}</dd>
          <dt>{t("verify.issuedOn")}</dt>
          <dd>{formatDate(c.issuedOn, locale, "long")}</dd>
          <dt>{t("verify.serial")}</dt>
          <dd>
            <code>{c.serial}</code>
          </dd>
        </dl>
        <h3>{t("verify.signedBy")}</h3>
        <ul className="signatories">
          <li>
            <SignatoryBlock {...c.institute} />
          </li>
          <li>
            <SignatoryBlock {...c.stateSignatory} />
          </li>
        </ul>
      </section>
      <section className="card" aria-labelledby="cert-credential">
        <h2 id="cert-credential">{t("verify.credentialHeading")}</h2>
        {c.holderErasedAt ? (
          <p>{t("verify.credentialErased")}</p>
        ) : !credential ? (
          <p>{t("verify.credentialNone")}</p>
        ) : credential.signed && credential.revoked !== null ? (
          <>
            <p>
              {t(credential.revoked ? "verify.credentialRevoked" : "verify.credentialOk", {
                institute: credential.instituteName,
                state: c.state,
              })}
            </p>
            <p className="small muted credential-keys">
              {t("verify.credentialKeys", { instituteDid: credential.keys.institute, stateDid: credential.keys.state })}
            </p>
          </>
        ) : (
          <p className="alert error">{t("verify.credentialInvalid")}</p>
        )}
      </section>
      <p className="small muted">
        {t("verify.privacy")} <Link to="/verify">{t("verify.another")}</Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = VerifyErrorBoundary;
