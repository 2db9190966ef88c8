import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { currentSessionId } from "~/auth/sessions.server";
import { Field, FormAlert, Notice } from "~/components/form";
import { changePassword, DomainError, setUserLocale } from "~/domain/accounts.server";
import { LOCALE_NAMES, LOCALES } from "~/i18n/config";
import { localeCookie } from "~/i18n/i18n.server";
import { fields, parseForm } from "~/lib/forms";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title");

const LanguageSchema = z.object({ intent: z.literal("language"), locale: z.enum(LOCALES) });
const PasswordSchema = z
  .object({
    intent: z.literal("password"),
    currentPassword: z.string().min(1).max(200),
    newPassword: fields.password(),
    confirm: z.string().min(1).max(200),
  })
  .refine((v) => v.newPassword === v.confirm, { path: ["confirm"], message: "errors.passwordsDiffer" });

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  return { name: user.name, email: user.email, role: user.role, locale: user.locale };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user } = await requireUser(request);
  const form = await readForm(request);
  if (form.get("intent") === "language") {
    const parsed = parseForm(LanguageSchema, form);
    if (!parsed.ok) return data({ intent: "language", errors: parsed.errors, done: false }, { status: 400 });
    setUserLocale(db, user.id, parsed.data.locale);
    return data(
      { intent: "language", errors: {}, done: true },
      { headers: { "Set-Cookie": localeCookie(parsed.data.locale) } },
    );
  }
  const parsed = parseForm(PasswordSchema, form);
  if (!parsed.ok) return data({ intent: "password", errors: parsed.errors, done: false }, { status: 400 });
  try {
    await changePassword({
      db,
      userId: user.id,
      currentPassword: parsed.data.currentPassword,
      newPassword: parsed.data.newPassword,
      // every other session ends; this browser stays signed in (with or without JavaScript)
      keepSessionId: currentSessionId(request.headers.get("Cookie")),
    });
  } catch (err) {
    if (err instanceof DomainError) {
      return data({ intent: "password", errors: { [err.field]: { key: err.key } }, done: false }, { status: 400 });
    }
    throw err;
  }
  return data({ intent: "password", errors: {}, done: true });
}

export default function Account() {
  const { t } = useTranslation();
  const me = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = (intent: string) => (result?.intent === intent ? (result.errors as Record<string, { key: string }>) : {});
  return (
    <>
      <div className="page-head">
        <h1>{t("account.title")}</h1>
      </div>
      <div className="grid">
        <section className="card" aria-labelledby="profile-title">
          <h2 id="profile-title">{t("account.profile")}</h2>
          <dl>
            <dt className="muted small">{t("fields.name")}</dt>
            <dd>{me.name}</dd>
            <dt className="muted small">{t("fields.email")}</dt>
            <dd>{me.email}</dd>
            <dt className="muted small">{t("fields.role")}</dt>
            <dd>{t(`roles.${me.role}`)}</dd>
          </dl>
          {me.role === "tutor" || me.role === "admin" ? (
            <p>
              <Link to="/account/signature">{t("account.signature")}</Link>
            </p>
          ) : null}
          <h3>{t("account.language")}</h3>
          {result?.intent === "language" && result.done ? (
            <Notice>
              {t("account.saved")}
            </Notice>
          ) : null}
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="language" />
            <Field name="locale" label={t("account.preferredLanguage")} error={errors("language").locale}>
              <select id="f-locale" name="locale" defaultValue={me.locale ?? ""}>
                {LOCALES.map((l) => (
                  <option key={l} value={l} lang={l}>
                    {LOCALE_NAMES[l]}
                  </option>
                ))}
              </select>
            </Field>
            <button type="submit" className="secondary">
              {t("actions.save")}
            </button>
          </Form>
        </section>
        <section className="card" aria-labelledby="password-title">
          <h2 id="password-title">{t("account.changePassword")}</h2>
          {result?.intent === "password" && result.done ? (
            <Notice>
              {t("account.passwordChanged")}
            </Notice>
          ) : null}
          <FormAlert error={errors("password").form} />
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="password" />
            <input type="email" name="username" autoComplete="username" value={me.email} readOnly hidden />
            <Field
              name="currentPassword"
              type="password"
              label={t("fields.currentPassword")}
              autoComplete="current-password"
              error={errors("password").currentPassword}
            />
            <Field
              name="newPassword"
              type="password"
              label={t("fields.newPassword")}
              hint={t("auth.passwordRule")}
              autoComplete="new-password"
              error={errors("password").newPassword}
            />
            <Field
              name="confirm"
              type="password"
              label={t("fields.confirmPassword")}
              autoComplete="new-password"
              error={errors("password").confirm}
            />
            <button type="submit" className="primary">
              {t("account.changePassword")}
            </button>
          </Form>
        </section>
        <section className="card" aria-labelledby="data-title">
          <h2 id="data-title">{t("privacy.own.title")}</h2>
          <p>{t("privacy.own.lede")}</p>
          <p>
            <a href="/account/data.zip" download className="button">
              {t("privacy.own.download")}
            </a>
          </p>
          <p className="small muted">{t("privacy.own.erasure")}</p>
        </section>
      </div>
    </>
  );
}
