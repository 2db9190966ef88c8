import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { Field, FormAlert, Notice } from "~/components/form";
import { applyRetention, retentionPreview, saveRetentionSettings } from "~/domain/privacy.server";
import { parseForm } from "~/lib/forms";
import { formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "privacy.retention.title");

/** Empty keeps forever; otherwise whole days, 1 to 10 years. */
const days = z
  .string()
  .trim()
  .transform((v) => (v === "" ? null : v))
  .pipe(z.coerce.number().int().min(1).max(3650).nullable());
const RetentionSchema = z.object({ intent: z.literal("save"), submissionsDays: days, emailsDays: days });

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "users.manage");
  return retentionPreview({ db });
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user } = await requirePermission(request, "users.manage");
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "apply") {
    return { ok: true as const, applied: applyRetention({ db, actorId: user.id }) };
  }
  const parsed = parseForm(RetentionSchema, form);
  if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
  saveRetentionSettings({ db, actorId: user.id, value: { submissionsDays: parsed.data.submissionsDays, emailsDays: parsed.data.emailsDays } });
  return { ok: true as const, saved: parsed.data };
}

export default function PrivacySettings() {
  const { t, i18n } = useTranslation();
  const { settings, submissions, emails } = useLoaderData<typeof loader>();
  const n = (value: number) => new Intl.NumberFormat(i18n.language).format(value);
  const result = useActionData<typeof action>();
  const errors = result && !result.ok ? result.errors : {};
  const values = result && !result.ok ? result.values : {};
  const applied = result?.ok && "applied" in result ? result.applied : undefined;
  const shown = (v: number | null) => (v == null ? "" : String(v));
  return (
    <>
      <div className="page-head">
        <h1>{t("privacy.retention.title")}</h1>
      </div>
      <p className="lede">{t("privacy.retention.lede")}</p>
      <section className="card" aria-labelledby="retention-settings">
        <h2 id="retention-settings">{t("privacy.retention.settings")}</h2>
        {result?.ok && "saved" in result ? <Notice>{t("privacy.retention.saved")}</Notice> : null}
        <FormAlert error={errors.form} />
        {/* remounted with the saved values once the page's data is read again */}
        <Form method="post" className="stack" noValidate key={`${settings.submissionsDays}/${settings.emailsDays}`}>
          <input type="hidden" name="intent" value="save" />
          <div className="grid">
            <Field
              name="submissionsDays"
              type="number"
              label={t("privacy.retention.submissionsDays")}
              hint={t("privacy.retention.submissionsHint")}
              defaultValue={values.submissionsDays ?? shown(settings.submissionsDays)}
              error={errors.submissionsDays}
            />
            <Field
              name="emailsDays"
              type="number"
              label={t("privacy.retention.emailsDays")}
              hint={t("privacy.retention.emailsHint")}
              defaultValue={values.emailsDays ?? shown(settings.emailsDays)}
              error={errors.emailsDays}
            />
          </div>
          <div className="actions">
            <button type="submit" className="primary">
              {t("privacy.retention.save")}
            </button>
          </div>
        </Form>
      </section>
      <section className="card" aria-labelledby="retention-now">
        <h2 id="retention-now">{t("privacy.retention.now")}</h2>
        {applied ? <Notice>{t("privacy.retention.applied", { submissions: n(applied.submissions), emails: n(applied.emails) })}</Notice> : null}
        <p>
          {t("privacy.retention.pending", { submissions: n(submissions), emails: n(emails) })}
        </p>
        <p className="small muted">{t("privacy.retention.daily")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="apply" />
          <button type="submit" className="secondary" disabled={submissions === 0 && emails === 0}>
            {t("privacy.retention.apply")}
          </button>
        </Form>
      </section>
    </>
  );
}
