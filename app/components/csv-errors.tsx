import { useTranslation } from "~/i18n/react";
import type { CsvRowError } from "~/lib/csv.server";
import { TableScroll } from "~/components/table-scroll";

/** The per-row problems of a refused CSV upload, as a table a coordinator can work through. */
export function CsvErrors({ errors }: { errors: CsvRowError[] }) {
  const { t } = useTranslation();
  if (errors.length === 0) return null;
  // a known column is named in the reader's language (a session's label stays as it is)
  const column = (c: string) => t(`csv.columns.${c}`, { defaultValue: c });
  return (
    <div className="alert error" role="alert">
      <p>{t("csv.refused")}</p>
      <TableScroll label={t("csv.refused")}>
        <table className="stack-table">
          <thead>
            <tr>
              <th scope="col">{t("csv.row", { row: "" }).trim()}</th>
              <th scope="col">{t("csv.column")}</th>
              <th scope="col">{t("csv.problem")}</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e, i) => (
              <tr key={`${e.row}-${e.column}-${i}`}>
                <th scope="row">{t("csv.row", { row: e.row })}</th>
                <td data-label={t("csv.column")}>{e.column ? column(e.column) : "—"}</td>
                <td data-label={t("csv.problem")}>
                  {t(
                    e.error.key,
                    typeof e.error.values?.column === "string" ? { ...e.error.values, column: column(e.error.values.column) } : e.error.values,
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
