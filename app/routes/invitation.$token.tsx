import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { createSession } from "~/auth/lucia.server";
import { getContext, homePath } from "~/auth/session.server";
import { Field, FormAlert } from "~/components/form";
import { acceptInvitation, checkToken, DomainError } from "~/domain/accounts.server";
import { fields, parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.activate.title");

const SetPasswordSchema = z
  .object({ password: fields.password(), confirm: z.string().min(1).max(200) })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "errors.passwordsDiffer" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await getContext(request);
  const check = checkToken(db, params.token ?? "", "invitation");
  if (!check.ok) return { ok: false as const, reason: check.reason };
  return { ok: true as const, name: check.user.name, email: check.user.email };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db } = await getContext(request);
  const parsed = parseForm(SetPasswordSchema, await request.formData());
  if (!parsed.ok) return formFailure(parsed.errors);
  try {
    const { userId, role } = await acceptInvitation({ db, token: params.token ?? "", password: parsed.data.password });
    const cookie = await createSession(db, userId);
    return redirect(homePath(role), { headers: { "Set-Cookie": cookie } });
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure("form", { key: err.key });
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
          {t("auth.activate.submit")}
        </button>
      </Form>
    </section>
  );
}
