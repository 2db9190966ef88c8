import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getContext } from "~/auth/session.server";
import { invalidateAllSessions } from "~/auth/lucia.server";
import { Field, FormAlert } from "~/components/form";
import { checkToken, DomainError, resetPassword } from "~/domain/accounts.server";
import { fields, parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.reset.title");

const ResetSchema = z
  .object({ password: fields.password(), confirm: z.string().min(1).max(200) })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "errors.passwordsDiffer" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await getContext(request);
  const check = checkToken(db, params.token ?? "", "password-reset");
  return check.ok ? { ok: true as const, email: check.user.email } : { ok: false as const, reason: check.reason };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db } = await getContext(request);
  const parsed = parseForm(ResetSchema, await request.formData());
  if (!parsed.ok) return formFailure(parsed.errors);
  try {
    const { userId } = await resetPassword({ db, token: params.token ?? "", password: parsed.data.password });
    await invalidateAllSessions(db, userId);
    return redirect("/sign-in?reset=1");
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure("form", { key: err.key });
    throw err;
  }
}

export default function ResetPassword() {
  const { t } = useTranslation();
  const info = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="card narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">{t("auth.reset.title")}</h1>
      {!info.ok ? (
        <>
          <div className="alert error" role="alert">
            {t(`auth.link.${info.reason}`)}
          </div>
          <p>
            <Link to="/forgot-password">{t("auth.forgot.title")}</Link>
          </p>
        </>
      ) : (
        <>
          <FormAlert error={result?.errors.form} />
          <Form method="post" className="stack" noValidate>
            <input type="email" name="username" autoComplete="username" value={info.email} readOnly hidden />
            <Field
              name="password"
              type="password"
              label={t("fields.newPassword")}
              hint={t("auth.passwordRule")}
              autoComplete="new-password"
              error={result?.errors.password}
              required
            />
            <Field
              name="confirm"
              type="password"
              label={t("fields.confirmPassword")}
              autoComplete="new-password"
              error={result?.errors.confirm}
              required
            />
            <button type="submit" className="primary">
              {t("auth.reset.submit")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
