import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import { formLimits, hitLimits, limitedFailure } from "~/auth/rate-limit.server";
import { getContext, homePath, safeRedirect } from "~/auth/session.server";
import { createSession } from "~/auth/sessions.server";
import { Field, FormAlert, Notice } from "~/components/form";
import { loadActor, signIn } from "~/domain/accounts.server";
import { fields, parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.signIn");

const SignInSchema = z.object({
  email: fields.email(),
  password: z.string().min(1).max(200),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await getContext(request);
  if (ctx.user) throw redirect(homePath(ctx.user.role));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await getContext(request);
  const parsed = parseForm(SignInSchema, await readForm(request, { maxFieldBytes: 16 * 1024 }));
  if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
  const { email, password, redirectTo } = parsed.data;
  const ip = context?.ip ?? "unknown";
  const limits = formLimits().signIn;
  const limited = hitLimits(ctx.db, [
    { limit: limits.address, subject: ip },
    { limit: limits.account, subject: email },
  ]);
  const result = limited.ok
    ? await signIn({ db: ctx.db, email, password, ip })
    : ({ ok: false, reason: "throttled", retryAfterSeconds: limited.retryAfterSeconds } as const);
  if (!result.ok) {
    return result.reason === "throttled"
      ? limitedFailure("auth.throttled", result.retryAfterSeconds, { email })
      : fieldFailure("form", { key: "auth.invalidCredentials" }, { email });
  }
  const role = loadActor(ctx.db, result.userId)?.user.role ?? "trainee";
  // a new session, and the end of the one this browser had
  const cookie = await createSession(ctx.db, result.userId, request.headers.get("Cookie"));
  return redirect(safeRedirect(redirectTo, homePath(role)), { headers: { "Set-Cookie": cookie } });
}

export default function SignIn() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t("auth.signIn")}</h1>
      <p className="muted">{t("auth.signInLede")}</p>
      {params.get("reset") && !result ? (
        <Notice>
          {t("auth.reset.done")}
        </Notice>
      ) : null}
      <FormAlert error={result?.errors.form} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field
          name="email"
          type="email"
          label={t("fields.email")}
          autoComplete="username"
          defaultValue={result?.values?.email}
          error={result?.errors.email}
          required
        />
        <Field
          name="password"
          type="password"
          label={t("fields.password")}
          autoComplete="current-password"
          error={result?.errors.password}
          required
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("auth.signIn")}
          </button>
          <Link to="/forgot-password">{t("auth.forgotPassword")}</Link>
        </div>
      </Form>
    </section>
  );
}
