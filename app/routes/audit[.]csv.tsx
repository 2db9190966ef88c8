import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requirePermission } from "~/auth/guards.server";
import { auditPerson, iterateAuditEntries } from "~/domain/audit.server";
import { fixedT } from "~/i18n/i18n.server";
import { parseAuditQuery } from "~/lib/audit-query.server";
import { describeAuditEntry } from "~/lib/audit-words.server";
import { csvCell } from "~/lib/csv.server";
import { contentDisposition } from "~/domain/file-names";

/** The filtered audit trail as CSV, streamed a thousand entries at a time (bounded memory). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor, locale } = await requirePermission(request, "audit.read");
  const query = parseAuditQuery(new URL(request.url));
  const person = query.enrolmentId ? auditPerson({ db, reader: actor, enrolmentId: query.enrolmentId }) : null;
  if (query.enrolmentId && !person) throw notFound();
  const filters = { ...query.filters, userId: person?.userId ?? null };
  const t = fixedT(locale);
  const line = (cells: (string | number)[]) => `${cells.map(csvCell).join(",")}\r\n`;
  const batches = iterateAuditEntries({ db, reader: actor, filters });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(
        encoder.encode(
          `\uFEFF${line([t("insight:audit.csvHeader.at"), t("insight:audit.csvHeader.action"), t("insight:audit.csvHeader.sentence"), t("insight:audit.csvHeader.changes")])}`,
        ),
      );
    },
    pull(controller) {
      const next = batches.next();
      if (next.done) {
        controller.close();
        return;
      }
      let chunk = "";
      for (const row of next.value) {
        const w = describeAuditEntry(t, locale, row);
        chunk += line([
          w.at,
          t(`insight:audit.actionName.${w.action}`, { defaultValue: w.action }),
          w.sentence,
          w.changes.map((c) => `${c.field}: ${c.before || "—"} → ${c.after || "—"}`).join(" | "),
        ]);
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": contentDisposition("audit.csv"),
      "Cache-Control": "no-store",
    },
  });
}
