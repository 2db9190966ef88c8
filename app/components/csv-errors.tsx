import { useTranslation } from "~/i18n/react";
import type { CsvRowError } from "~/lib/csv.server";
import { TableScroll } from "~/components/table-scroll";

/** The per-row problems of a refused CSV upload, as a table a coordinator can work through. */
export function CsvErrors({ errors }: { errors: CsvRowError[] }) {
  const { t } = useTranslation();
  if (errors.length === 0) return null;
  return (
    <div className="alert error" role="alert">
      <p>{t("csv.refused")}</p>
      <TableScroll label={t("csv.refused")}>
        <table>
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
                <td>{t("csv.row", { row: e.row })}</td>
                <td>{e.column ?? "—"}</td>
                <td>{t(e.error.key, e.error.values)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
