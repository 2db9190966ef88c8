import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { getContext } from "~/auth/session.server";
import { VerifyErrorBoundary } from "~/components/certificates";
import { MAX_VERIFY_PDF_BYTES, normalizeCode, verifyPdfBytes } from "~/domain/certificates.server";
import { verifyLegacyCertificate } from "~/domain/legacy-import.server";
import { limitVerification, readUpload } from "~/lib/certificates-http.server";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, "certificates:verify.title"),
  { name: "robots", content: "noindex" },
];

/** Public: enter a verification code (GET ?code=) and go to its page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  limitVerification(context);
  const raw = new URL(request.url).searchParams.get("code");
  if (raw === null) return { codeError: false, code: "" };
  const code = normalizeCode(raw);
  if (code) throw redirect(`/verify/${code}`);
  // a code of a certificate issued on Moodle before this platform (ADR 011)
  const { db } = await getContext(request);
  const legacy = verifyLegacyCertificate(db, raw);
  if (legacy) throw redirect(`/verify/${encodeURIComponent(legacy.code)}`);
  return { codeError: true, code: raw.slice(0, 40) };
}

/** Public: upload a PDF and learn whether its bytes are exactly those of an issued certificate. */
export async function action({ request, context }: ActionFunctionArgs) {
  limitVerification(context);
  const { db } = await getContext(request);
  const upload = await readUpload(request, "pdf", MAX_VERIFY_PDF_BYTES);
  if (!upload.ok) return data({ outcome: upload.reason, match: null }, { status: upload.reason === "tooLarge" ? 413 : 400 });
  const match = verifyPdfBytes(db, upload.bytes);
  return { outcome: match ? ("match" as const) : ("noMatch" as const), match };
}

export default function Verify() {
  const { t } = useTranslation("certificates");
  const { codeError, code } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="verify narrow">
      <h1>{t("verify.title")}</h1>
      <p className="lede">{t("verify.lede")}</p>

      <section className="card" aria-labelledby="by-code">
        <h2 id="by-code">{t("verify.byCode")}</h2>
        <Form method="get" className="stack" noValidate>
          <div className="field">
            <label htmlFor="code">{t("verify.code")}</label>
            <span className="hint" id="code-hint">
              {t("verify.codeHint")}
            </span>
            <input
              id="code"
              name="code"
              defaultValue={code}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={40}
              required
              aria-invalid={codeError ? true : undefined}
              aria-describedby={codeError ? "code-hint code-error" : "code-hint"}
            />
            {codeError ? (
              <p className="field-error" id="code-error">
                {t("verify.codeInvalid")}
              </p>
            ) : null}
          </div>
          <button type="submit" className="primary">
            {t("verify.check")}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="by-file">
        <h2 id="by-file">{t("verify.byFile")}</h2>
        <p className="muted">{t("verify.fileLede")}</p>
        {result ? (
          <div className={`alert ${result.outcome === "match" ? (result.match?.status === "valid" ? "success" : "warn") : "error"}`} role="alert">
            {result.outcome === "match" && result.match ? (
              <>
                <strong>{t("verify.fileMatch", { serial: result.match.serial })}</strong>{" "}
                {t(result.match.status === "valid" ? "verify.fileMatchValid" : "verify.fileMatchRevoked")}{" "}
                <Link to={`/verify/${result.match.code}`}>{t("verify.seeDetails")}</Link>
              </>
            ) : result.outcome === "tooLarge" ? (
              t("verify.fileTooLarge", { mb: 5 })
            ) : result.outcome === "missing" ? (
              t("verify.fileMissing")
            ) : (
              <>
                <strong>{t("verify.fileNoMatch")}</strong> {t("verify.fileNoMatchHint")}
              </>
            )}
          </div>
        ) : null}
        <Form method="post" encType="multipart/form-data" className="stack">
          <div className="field">
            <label htmlFor="pdf">{t("verify.file")}</label>
            <span className="hint" id="pdf-hint">
              {t("verify.fileHint", { mb: 5 })}
            </span>
            <input id="pdf" name="pdf" type="file" accept="application/pdf,.pdf" required aria-describedby="pdf-hint" />
          </div>
          <button type="submit" className="secondary" disabled={busy}>
            {t("verify.checkFile")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export const ErrorBoundary = VerifyErrorBoundary;
