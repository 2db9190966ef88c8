import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { FormAlert, Notice } from "~/components/form";
import { DomainError } from "~/domain/accounts.server";
import { listOutbox, resendSignInLink } from "~/domain/outbox.server";
import { formatDateTime } from "~/lib/format";
import { fields, parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.outbox.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, locale } = await requirePermission(request, "outbox.read");
  const messages = listOutbox({ db });
  return { messages, locale };
}

const ResendSchema = z.object({ intent: z.literal("resend"), messageId: fields.id() });

/** Resends a fresh invitation or reset link to the recipient of one message (the old link stays masked). */
export async function action({ request }: ActionFunctionArgs) {
  const { db, user, locale } = await requirePermission(request, "outbox.read");
  const parsed = parseForm(ResendSchema, await request.formData());
  if (!parsed.ok) return formFailure(parsed.errors);
  try {
    await resendSignInLink({ db, actor: user, messageId: parsed.data.messageId, fallbackLocale: locale });
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure("form", { key: err.key, values: err.values });
    throw err;
  }
  return redirect("/admin/outbox?resent=1");
}

export default function Outbox() {
  const { t } = useTranslation();
  const { messages, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <div className="page-head">
        <h1>{t("admin.outbox.title")}</h1>
      </div>
      <p className="lede">{t("admin.outbox.lede")}</p>
      {params.get("resent") && !result ? <Notice>{t("admin.outbox.resent")}</Notice> : null}
      <FormAlert error={result?.errors?.form} />
      {messages.length === 0 ? <p className="muted">{t("admin.outbox.empty")}</p> : null}
      <ul className="stack" style={{ listStyle: "none", padding: 0 }}>
        {messages.map((m) => (
          <li key={m.id} className="card">
            <details>
              <summary>
                <strong>{m.subject}</strong>
                <span className="muted small">
                  {" "}
                  · {m.to} · {formatDateTime(m.createdAt, locale)} · {m.sentAt ? t("admin.outbox.sent") : t("admin.outbox.kept")}
                </span>
              </summary>
              <pre className="mail-body">{m.text}</pre>
              {m.resendable ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="resend" />
                  <input type="hidden" name="messageId" value={m.id} />
                  <p className="small muted">{t("admin.outbox.masked")}</p>
                  <button type="submit">{t("admin.outbox.resend", { email: m.to })}</button>
                </Form>
              ) : null}
            </details>
          </li>
        ))}
      </ul>
    </>
  );
}
