import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { ConfirmAction } from "~/components/confirm";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import { stateName } from "~/vocabulary";
import { mayOn, type RouteParams, requireParticipation } from "~/auth/guards.server";
import { CertificatesZipLink, CertificateTraineesTable, HoursWarning } from "~/components/certificates";
import { ErrorSummary, Field, Notice } from "~/components/form";
import { DomainError } from "~/domain/accounts.server";
import {
  approveCertificates,
  certificateBoard,
  courseTitle,
  MAX_SIGNATURE_BYTES,
  maySignForState,
  setStateSignatory,
  signatoryAccountOf,
} from "~/domain/certificates.server";
import { readUpload } from "~/lib/certificates-http.server";
import { formatDate } from "~/lib/format";
import { fields, formValues, parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "certificates:state.title");

/** The participation, if this person may see its certificates (its coordinators, staff, or its named signatory). */
async function access(request: Request, params: RouteParams) {
  const ctx = await requireParticipation(request, params, "participation.certificates");
  return { ...ctx, maySign: maySignForState(ctx.actor, ctx.participation) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor, locale, participation, maySign } = await access(request, params);
  const board = certificateBoard(db, { editionId: participation.editionId, participationId: participation.id });
  const state = board.states[0]!;
  const account = signatoryAccountOf(db, participation.id);
  return {
    locale,
    maySign,
    /** The viewer is the state's named signatory, approving through their own account. */
    ownApproval: participation.signatoryUserId === actor.id,
    /** A state signatory's account keeps its signature on its account page. */
    signatureOnAccount: actor.role === "signatory",
    /** Downloads (PDFs, ZIP) are the coordinators' and the institute's, not the signatory's. */
    mayDownload: mayOn(actor, "participation.view", { editionId: participation.editionId, participationId: participation.id }),
    awaitingSignatory: !maySign && account ? { name: account.name, active: account.status === "active" } : null,
    courseTitle: courseTitle(board.edition.courseSlug, locale),
    edition: board.edition,
    instituteSignatory: board.instituteSignatory?.name ?? null,
    stateName: stateName(participation.stateCode, locale),
    state,
    signature: participation.signatorySignaturePng?.length
      ? `data:image/png;base64,${Buffer.from(participation.signatorySignaturePng).toString("base64")}`
      : null,
  };
}

const SignatorySchema = z.object({
  intent: z.literal("signatory"),
  name: fields.text(200),
  title: fields.text(200),
  institution: fields.text(300),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, participation } = await access(request, params);
  const upload = await readUpload(request, "signature", MAX_SIGNATURE_BYTES, true);
  if (!upload.ok) {
    return upload.reason === "tooLarge"
      ? fieldFailure("signature", { key: "certificates:errors.signatureTooLarge", values: { kb: 500 } }, {}, 413)
      : fieldFailure("signature", { key: "errors.required" });
  }
  const form = upload.fields;
  const back = `/coordination/${participation.id}/certificates`;
  try {
    if (form.get("intent") === "approve") {
      const { approved } = approveCertificates({ db, actor, editionId: participation.editionId, party: "state", participationId: participation.id });
      return redirect(`${back}?approved=${approved}`);
    }
    const parsed = parseForm(SignatorySchema, form);
    if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
    setStateSignatory({
      db,
      actor,
      participationId: participation.id,
      name: parsed.data.name,
      title: parsed.data.title,
      institution: parsed.data.institution,
      png: upload.bytes.length ? upload.bytes : null,
    });
    return redirect(`${back}?saved=1`);
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure(err.field, { key: err.key, values: err.values }, formValues(form));
    throw err;
  }
}

export default function StateCertificates() {
  const { t } = useTranslation("certificates");
  const { locale, maySign, ownApproval, signatureOnAccount, mayDownload, awaitingSignatory, courseTitle, edition, instituteSignatory, stateName, state, signature } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const ready = !!signature && !!state.signatory.name && !!state.signatory.title && !!state.signatory.institution;
  const toApprove = state.counts.eligible - state.counts.stateApproved;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted small">
            {courseTitle} · {edition.name}
          </p>
          <h1>{t("state.heading", { state: stateName })}</h1>
        </div>
      </div>
      {params.get("approved") && !result ? <Notice>{t("board.done.approved", { count: Number(params.get("approved")) })}</Notice> : null}
      {params.get("saved") && !result ? <Notice>{t("signature.saved")}</Notice> : null}
      <ErrorSummary errors={errors} />

      <section className="card" aria-labelledby="approve-title">
        <h2 id="approve-title">{t("state.approveTitle")}</h2>
        <p className="muted">{t("state.approveLede", { state: stateName })}</p>
        <HoursWarning hours={state.hours} stateName={stateName} />
        <dl className="stats">
          <div>
            <dt>{t("counts.eligible")}</dt>
            <dd>{state.counts.eligible}</dd>
          </div>
          <div>
            <dt>{t("counts.stateApproved")}</dt>
            <dd>{state.counts.stateApproved}</dd>
          </div>
          <div>
            <dt>{t("counts.instituteApproved")}</dt>
            <dd>{state.counts.instituteApproved}</dd>
          </div>
          <div>
            <dt>{t("counts.issued")}</dt>
            <dd>{state.counts.issued}</dd>
          </div>
        </dl>
        <div className="actions">
          {maySign && toApprove > 0 ? (
            ready ? (
              <ConfirmAction
                id="approve"
                trigger={ownApproval ? t("state.approveOwn", { count: toApprove }) : t("state.approve", { count: toApprove, name: state.signatory.name ?? "" })}
                triggerClassName="primary"
                title={t("confirm.approveTitle")}
                confirm={t("confirm.approve", { count: toApprove })}
                hidden={{ intent: "approve" }}
              >
                <p>{t("confirm.approveStateWhat", { count: toApprove, name: state.signatory.name ?? "" })}</p>
              </ConfirmAction>
            ) : (
              <p className="alert warn">{signatureOnAccount ? t("state.ownSignatureFirst") : t("state.signatoryFirst")}</p>
            )
          ) : null}
          {awaitingSignatory ? (
            <p className="alert info">
              {t(awaitingSignatory.active ? "state.awaitingSignatory" : "state.awaitingSignatoryInvited", { name: awaitingSignatory.name })}
            </p>
          ) : null}
          {mayDownload ? <CertificatesZipLink participationId={state.participationId} issued={state.counts.issued} /> : null}
        </div>
        <CertificateTraineesTable
          trainees={state.trainees}
          stateName={stateName}
          coordinators={state.coordinators}
          stateSignatory={state.signatory.name}
          instituteSignatory={instituteSignatory}
          certificate={(r) =>
            r.certificate?.status === "valid" ? (
              <>
                {mayDownload ? (
                  <a href={`/certificates/${encodeURIComponent(r.certificate.serial)}.pdf`} download>
                    {r.certificate.serial}
                  </a>
                ) : (
                  r.certificate.serial
                )}
                <br />
                <span className="small muted">{t("table.issuedOn", { date: formatDate(r.certificate.issuedOn, locale) })}</span>
              </>
            ) : (
              <span className="muted">—</span>
            )
          }
        />
      </section>

      <section className="card" aria-labelledby="signatory-title">
        <h2 id="signatory-title">{t("state.signatoryTitle")}</h2>
        <p className="muted">{t("state.signatoryLede", { state: stateName })}</p>
        {signature ? (
          <figure className="signature-preview">
            <img src={signature} alt={t("signature.currentAlt", { name: state.signatory.name ?? "" })} />
            <figcaption className="small muted">{t("signature.current")}</figcaption>
          </figure>
        ) : null}
        {maySign && signatureOnAccount ? (
          <p>
            <Link to="/account/signature">{t(signature ? "state.changeOwnSignature" : "state.uploadOwnSignature")}</Link>
          </p>
        ) : maySign ? (
          <Form method="post" encType="multipart/form-data" className="stack">
            <input type="hidden" name="intent" value="signatory" />
            <Field name="name" label={t("signature.name")} defaultValue={values.name ?? state.signatory.name} error={errors.name} required maxLength={200} />
            <Field name="title" label={t("signature.signatoryTitle")} defaultValue={values.title ?? state.signatory.title} error={errors.title} required maxLength={200} />
            <Field
              name="institution"
              label={t("signature.institution")}
              defaultValue={values.institution ?? state.signatory.institution}
              error={errors.institution}
              required
              maxLength={300}
            />
            <Field name="signature" label={t("signature.image")} hint={t("signature.imageHint")} error={errors.signature}>
              <input
                id="f-signature"
                name="signature"
                type="file"
                accept="image/png"
                required={!signature}
                aria-describedby={`f-signature-hint${errors.signature ? " f-signature-error" : ""}`}
                aria-invalid={errors.signature ? true : undefined}
              />
            </Field>
            <button type="submit" className="secondary">
              {t("signature.save")}
            </button>
          </Form>
        ) : (
          <p className="small">
            {state.signatory.name
              ? t("board.stateSignatory", { name: state.signatory.name, title: state.signatory.title ?? "" })
              : t("board.noStateSignatory")}
          </p>
        )}
      </section>
    </>
  );
}
