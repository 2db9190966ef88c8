import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { formLimits, hitLimits, limitedFailure } from "~/auth/rate-limit.server";
import { getContext } from "~/auth/session.server";
import { FormAlert } from "~/components/form";
import { NewPasswordFields } from "~/components/new-password-fields";
import { checkToken, DomainError, resetPassword } from "~/domain/accounts.server";
import { parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { NewPasswordSchema } from "~/lib/password-schema";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.reset.title");


export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await getContext(request);
  const check = checkToken(db, params.token ?? "", "password-reset");
  return check.ok ? { ok: true as const, email: check.user.email } : { ok: false as const, reason: check.reason };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db } = await getContext(request);
  const parsed = parseForm(NewPasswordSchema, await readForm(request, { maxFieldBytes: 16 * 1024 }));
  if (!parsed.ok) return formFailure(parsed.errors);
  const limits = formLimits().link;
  const limited = hitLimits(db, [
    { limit: limits.address, subject: context?.ip ?? "unknown" },
    { limit: limits.token, subject: params.token ?? "" },
  ]);
  if (!limited.ok) return limitedFailure("auth.tooManyRequests", limited.retryAfterSeconds);
  try {
    // ends every session of the account and every other reset link, in the same transaction
    await resetPassword({ db, token: params.token ?? "", password: parsed.data.password });
    return redirect("/sign-in?reset=1");
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure(err.field, { key: err.key });
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
            <NewPasswordFields email={info.email} errors={result?.errors ?? {}} />
            <button type="submit" className="primary">
              {t("auth.reset.submit")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
