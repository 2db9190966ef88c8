import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** A board row's "History" link: the audit trail filtered to that trainee. */
export function HistoryLink({ enrolmentId, name }: { enrolmentId: number; name: string }) {
  const { t } = useTranslation("insight");
  return (
    <Link className="history-link small" to={`/audit?enrolment=${enrolmentId}`} aria-label={t("audit.historyOfLabel", { name })}>
      {t("audit.history")}
    </Link>
  );
}
