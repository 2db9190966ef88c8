import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import { notFound, parseId, requirePermission } from "~/auth/guards.server";
import { Field, FormAlert, Notice } from "~/components/form";
import { DomainError } from "~/domain/accounts.server";
import { erasePerson, erasureBlocker, personSummary } from "~/domain/privacy.server";
import { formatDate } from "~/lib/format";
import { fields, parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "privacy.person.title");

const EraseSchema = z.object({
  reason: fields.text(500),
  confirmEmail: fields.email(),
});

/** An admin's page about one person: what the platform holds, the export, and erasure on request. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user, locale } = await requirePermission(request, "users.manage");
  const userId = parseId(params.userId);
  const summary = userId ? personSummary({ db, userId }) : null;
  if (!userId || !summary) throw notFound();
  return { ...summary, locale, blocker: erasureBlocker(db, user.id, userId) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user } = await requirePermission(request, "users.manage");
  const userId = parseId(params.userId);
  const summary = userId ? personSummary({ db, userId }) : null;
  if (!userId || !summary) throw notFound();
  const parsed = parseForm(EraseSchema, await readForm(request));
  if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
  if (parsed.data.confirmEmail !== summary.person.email.toLowerCase()) {
    return fieldFailure("confirmEmail", { key: "privacy.errors.confirmEmail" }, parsed.data);
  }
  try {
    erasePerson({ db, actorId: user.id, userId, reason: parsed.data.reason });
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure(err.field, { key: err.key }, parsed.data);
    throw err;
  }
  return redirect(`/admin/users/${userId}?erased=1`);
}

export default function PersonPrivacy() {
  const { t } = useTranslation();
  const { person, counts, blocker, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const errors = result && !result.ok ? result.errors : {};
  const values = result && !result.ok ? result.values : {};
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to="/admin/users">{t("admin.users.title")}</Link>
      </nav>
      <div className="page-head">
        <h1>{person.erasedAt ? t("privacy.person.erasedTitle") : person.name}</h1>
      </div>
      {search.get("erased") && person.erasedAt ? <Notice>{t("privacy.person.erasedNotice")}</Notice> : null}
      <section className="card" aria-labelledby="person-facts">
        <h2 id="person-facts">{t("privacy.person.holds")}</h2>
        <dl className="cert-facts">
          <dt>{t("fields.email")}</dt>
          <dd>{person.erasedAt ? "—" : person.email}</dd>
          <dt>{t("fields.role")}</dt>
          <dd>{t(`roles.${person.role}`)}</dd>
          <dt>{t("admin.users.account")}</dt>
          <dd>
            {person.erasedAt
              ? t("privacy.person.erasedOn", { date: formatDate(person.erasedAt, locale, "long") })
              : t(`accountStatus.${person.status}`)}
          </dd>
          {(["enrolments", "certificates", "emails", "audit"] as const).map((k) => (
            <div key={k} className="contents">
              <dt>{t(`privacy.person.count.${k}`)}</dt>
              <dd>{new Intl.NumberFormat(locale).format(counts[k])}</dd>
            </div>
          ))}
        </dl>
        {person.erasedAt ? null : (
          <p>
            <a href={`/admin/users/${person.id}/data.zip`} download className="button">
              {t("privacy.person.export")}
            </a>
          </p>
        )}
        <p className="small muted">{t("privacy.person.exportHint")}</p>
      </section>
      {person.erasedAt ? null : (
        <section className="card danger-zone" aria-labelledby="erase-title">
          <h2 id="erase-title">{t("privacy.person.erase")}</h2>
          <p>{t("privacy.person.eraseWhat")}</p>
          <p>{t("privacy.person.eraseKeeps")}</p>
          {blocker ? (
            <p className="alert warn">{t(blocker)}</p>
          ) : (
            <Form method="post" className="stack" noValidate>
              <FormAlert error={errors.form} />
              <Field name="reason" label={t("privacy.person.reason")} hint={t("privacy.person.reasonHint")} error={errors.reason}>
                <textarea
                  id="f-reason"
                  name="reason"
                  rows={3}
                  maxLength={500}
                  defaultValue={values.reason}
                  aria-invalid={errors.reason ? true : undefined}
                  aria-describedby={`f-reason-hint${errors.reason ? " f-reason-error" : ""}`}
                />
              </Field>
              <Field
                name="confirmEmail"
                type="email"
                label={t("privacy.person.confirmEmail", { email: person.email })}
                defaultValue={values.confirmEmail}
                error={errors.confirmEmail}
                autoComplete="off"
              />
              <div className="actions">
                <button type="submit" className="danger">
                  {t("privacy.person.eraseButton")}
                </button>
              </div>
            </Form>
          )}
        </section>
      )}
    </>
  );
}
