import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { formLimits, hitLimits, limitedFailure } from "~/auth/rate-limit.server";
import { getContext, homePath } from "~/auth/session.server";
import { createSession } from "~/auth/sessions.server";
import { FormAlert } from "~/components/form";
import { NewPasswordFields } from "~/components/new-password-fields";
import { acceptInvitation, checkToken, DomainError } from "~/domain/accounts.server";
import { parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { NewPasswordSchema } from "~/lib/password-schema";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.activate.title");


export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await getContext(request);
  const check = checkToken(db, params.token ?? "", "invitation");
  if (!check.ok) return { ok: false as const, reason: check.reason };
  return { ok: true as const, name: check.user.name, email: check.user.email };
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
    const { userId, role } = await acceptInvitation({ db, token: params.token ?? "", password: parsed.data.password });
    const cookie = await createSession(db, userId, request.headers.get("Cookie"));
    return redirect(homePath(role), { headers: { "Set-Cookie": cookie } });
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure(err.field, { key: err.key });
    throw err;
  }
}

export default function Invitation() {
  const { t } = useTranslation();
  const info = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!info.ok) {
    return (
      <section className="card narrow" aria-labelledby="link-title">
        <h1 id="link-title">{t("auth.activate.title")}</h1>
        <div className="alert error" role="alert">
          {t(`auth.link.${info.reason}`)}
        </div>
        <p>{t("auth.link.askAgain")}</p>
        <p>
          <Link to="/forgot-password">{t("auth.link.newLink")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card narrow" aria-labelledby="activate-title">
      <h1 id="activate-title">{t("auth.activate.title")}</h1>
      <p>{t("auth.activate.lede", { name: info.name })}</p>
      <p className="muted small">{t("auth.activate.account", { email: info.email })}</p>
      <FormAlert error={result?.errors.form} />
      <Form method="post" className="stack" noValidate>
        <NewPasswordFields email={info.email} errors={result?.errors ?? {}} />
        <button type="submit" className="primary">
          {t("auth.activate.submit")}
        </button>
      </Form>
    </section>
  );
}
