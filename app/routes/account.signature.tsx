import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { signatoryProfile } from "~/domain/people.server";
import { Field, FormAlert, Notice } from "~/components/form";
import { DomainError } from "~/domain/accounts.server";
import { MAX_SIGNATURE_BYTES, setInstituteSignature } from "~/domain/certificates.server";
import { readUpload } from "~/lib/certificates-http.server";
import { fields, formValues, parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "certificates:signature.title");

const SignatureSchema = z.object({ title: fields.text(200), institution: fields.text(300) });

/** The signatory's own details, as they will appear on certificates they approve for the institute. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requirePermission(request, "editions.list");
  const me = signatoryProfile({ db, userId: user.id });
  return {
    name: me.name,
    title: me.title,
    institution: me.institution,
    signature: me.png?.length ? `data:image/png;base64,${Buffer.from(me.png).toString("base64")}` : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor } = await requirePermission(request, "editions.list");
  const upload = await readUpload(request, "signature", MAX_SIGNATURE_BYTES, true);
  if (!upload.ok) {
    return upload.reason === "tooLarge"
      ? fieldFailure("signature", { key: "certificates:errors.signatureTooLarge", values: { kb: 500 } }, {}, 413)
      : fieldFailure("signature", { key: "errors.required" });
  }
  const parsed = parseForm(SignatureSchema, upload.fields);
  if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
  try {
    setInstituteSignature({ db, actor, ...parsed.data, png: upload.bytes.length ? upload.bytes : null });
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure(err.field, { key: err.key, values: err.values }, formValues(upload.fields));
    throw err;
  }
  return redirect("/account/signature?saved=1");
}

export default function AccountSignature() {
  const { t } = useTranslation("certificates");
  const me = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <section className="card narrow" aria-labelledby="signature-title">
      <h1 id="signature-title">{t("signature.title")}</h1>
      <p className="muted">{t("signature.instituteLede")}</p>
      {params.get("saved") && !result ? <Notice>{t("signature.saved")}</Notice> : null}
      <FormAlert error={errors.form} />
      {me.signature ? (
        <figure className="signature-preview">
          <img src={me.signature} alt={t("signature.currentAlt", { name: me.name })} />
          <figcaption className="small muted">{t("signature.current")}</figcaption>
        </figure>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <Field name="name" label={t("signature.name")} hint={t("signature.nameHint")}>
          <input id="f-name" value={me.name} readOnly aria-describedby="f-name-hint" />
        </Field>
        <Field name="title" label={t("signature.signatoryTitle")} defaultValue={values.title ?? me.title} error={errors.title} required maxLength={200} />
        <Field
          name="institution"
          label={t("signature.institution")}
          defaultValue={values.institution ?? me.institution}
          error={errors.institution}
          required
          maxLength={300}
        />
        <Field
          name="signature"
          type="file"
          label={t("signature.image")}
          hint={t("signature.imageHint")}
          error={errors.signature}
          required={!me.signature}
        >
          <input
            id="f-signature"
            name="signature"
            type="file"
            accept="image/png"
            required={!me.signature}
            aria-describedby={`f-signature-hint${errors.signature ? " f-signature-error" : ""}`}
            aria-invalid={errors.signature ? true : undefined}
          />
        </Field>
        <button type="submit" className="primary">
          {t("signature.save")}
        </button>
      </Form>
    </section>
  );
}
