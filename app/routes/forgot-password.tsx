import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import { formLimits, hitLimit, limitedFailure } from "~/auth/rate-limit.server";
import { getContext } from "~/auth/session.server";
import { Field, FormAlert, Notice } from "~/components/form";
import { requestPasswordReset } from "~/domain/accounts.server";
import { fields, parseForm } from "~/lib/forms";
import { formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.forgot.title");

const ForgotSchema = z.object({ email: fields.email() });

/**
 * Limited per address (a refusal says so) and per account (past its limit the answer stays the same
 * and no email goes out), so that the answer never tells whether the address has an account.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { db, locale } = await getContext(request);
  const parsed = parseForm(ForgotSchema, await readForm(request, { maxFieldBytes: 16 * 1024 }));
  if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
  const limits = formLimits().forgotPassword;
  const byAddress = hitLimit(db, limits.address, context?.ip ?? "unknown");
  if (!byAddress.ok) return limitedFailure("auth.tooManyRequests", byAddress.retryAfterSeconds, { email: parsed.data.email });
  if (hitLimit(db, limits.account, parsed.data.email).ok) {
    await requestPasswordReset({ db, email: parsed.data.email, locale });
  }
  return { ok: true as const, sent: true };
}

export default function ForgotPassword() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  return (
    <section className="card narrow" aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t("auth.forgot.title")}</h1>
      {result?.ok ? (
        <Notice>
          {t("auth.forgot.sent")}
        </Notice>
      ) : (
        <>
          <p className="muted">{t("auth.forgot.lede")}</p>
          <FormAlert error={result && !result.ok ? result.errors.form : undefined} />
          <Form method="post" className="stack" noValidate>
            <Field
              name="email"
              type="email"
              label={t("fields.email")}
              autoComplete="email"
              defaultValue={result && !result.ok ? result.values.email : undefined}
              error={result && !result.ok ? result.errors.email : undefined}
              required
            />
            <button type="submit" className="primary">
              {t("auth.forgot.submit")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
