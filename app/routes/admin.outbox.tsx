import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server";
import { listOutbox } from "~/domain/outbox.server";
import { formatDateTime } from "~/lib/format";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.outbox.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, locale } = await requirePermission(request, "outbox.read");
  const messages = listOutbox({ db });
  return { messages, locale };
}

export default function Outbox() {
  const { t } = useTranslation();
  const { messages, locale } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>{t("admin.outbox.title")}</h1>
      </div>
      <p className="lede">{t("admin.outbox.lede")}</p>
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
            </details>
          </li>
        ))}
      </ul>
    </>
  );
}
