import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { Field, FormAlert, Notice } from "~/components/form";
import { ResendInvitation } from "~/components/resend-invitation";
import { noticeRecord } from "~/lib/notices";
import { resendInvitationAction } from "~/lib/resend-invitation.server";
import { DomainError, inviteStaff } from "~/domain/accounts.server";
import { listUsers } from "~/domain/homes.server";
import { LOCALE_NAMES, LOCALES } from "~/i18n/config";
import { fields, parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { TableScroll } from "~/components/table-scroll";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.users.title");

const InviteStaffSchema = z.object({
  name: fields.text(120),
  email: fields.email(),
  role: z.enum(["tutor", "admin"]),
  locale: z.enum(LOCALES),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "users.manage");
  return { users: listUsers(db) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user, locale } = await requirePermission(request, "users.manage");
  const form = await readForm(request);
  if (form.get("intent") === "resend-invitation") {
    return resendInvitationAction({ db, actor: user, form, scope: { kind: "platform" }, fallbackLocale: locale, back: "/admin/users" });
  }
  const parsed = parseForm(InviteStaffSchema, form);
  if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
  try {
    await inviteStaff({ db, actor: user, person: parsed.data, fallbackLocale: locale });
  } catch (err) {
    if (err instanceof DomainError) {
      return fieldFailure(err.field, { key: err.key }, parsed.data);
    }
    throw err;
  }
  return { ok: true as const, invited: parsed.data.email };
}

export default function AdminUsers() {
  const { t } = useTranslation();
  const { users } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failed = result && !result.ok ? result : null;
  const errors = failed?.errors ?? {};
  const [params] = useSearchParams();
  const resent = noticeRecord(params, "resent", users, (u) => u.id);
  const values = failed?.values ?? {};
  return (
    <>
      <div className="page-head">
        <h1>{t("admin.users.title")}</h1>
      </div>
      {resent ? <Notice>{t("invitations.resent", { email: resent.email })}</Notice> : null}
      <FormAlert error={errors.resend} />
      <section className="card" aria-labelledby="invite-title">
        <h2 id="invite-title">{t("admin.users.invite")}</h2>
        <p className="muted">{t("admin.users.inviteLede")}</p>
        {result?.ok ? (
          <Notice>
            {t("admin.users.invited", { email: result.invited })}
          </Notice>
        ) : null}
        <FormAlert error={errors.form} />
        <Form method="post" className="stack" noValidate key={result?.ok ? result.invited : "form"}>
          <div className="grid">
            <Field name="name" label={t("fields.name")} defaultValue={values.name} error={errors.name} maxLength={120} />
            <Field name="email" type="email" label={t("fields.email")} defaultValue={values.email} error={errors.email} />
            <Field name="role" label={t("fields.role")} error={errors.role}>
              <select id="f-role" name="role" defaultValue={values.role ?? "tutor"}>
                <option value="tutor">{t("roles.tutor")}</option>
                <option value="admin">{t("roles.admin")}</option>
              </select>
            </Field>
            <Field name="locale" label={t("fields.language")} error={errors.locale}>
              <select id="f-locale" name="locale" defaultValue={values.locale ?? "es"}>
                {LOCALES.map((l) => (
                  <option key={l} value={l} lang={l}>
                    {LOCALE_NAMES[l]}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <div className="actions">
            <button type="submit" className="primary">
              {t("admin.users.sendInvitation")}
            </button>
          </div>
        </Form>
      </section>
      <TableScroll label={t("admin.users.title")}>
        <table className="stack-table">
          <caption className="visually-hidden">{t("admin.users.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("fields.name")}</th>
              <th scope="col">{t("fields.email")}</th>
              <th scope="col">{t("fields.role")}</th>
              <th scope="col">{t("admin.users.account")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <th scope="row">
                  <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
                </th>
                <td data-label={t("fields.email")}>{u.email}</td>
                <td data-label={t("fields.role")}>{t(`roles.${u.role}`)}</td>
                <td data-label={t("admin.users.account")}>
                  <span className={`badge ${u.status === "active" ? "ok" : "warn"}`}>{t(`accountStatus.${u.status}`)}</span>
                  {u.status === "invited" ? <ResendInvitation userId={u.id} name={u.name} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
