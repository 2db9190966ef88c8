import { useTranslation } from "~/i18n/react";

const tone: Record<string, string> = {
  draft: "",
  nominations: "warn",
  online: "ok",
  "face-to-face": "ok",
  certification: "ok",
  closed: "",
  enrolled: "ok",
  waitlisted: "warn",
  nominated: "",
  withdrawn: "danger",
};

/** An edition's or enrolment's status as a translated badge. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge ${tone[status] ?? ""}`}>{t(`status.${status}`)}</span>;
}
