import { z } from "zod";
import { isAuditAction } from "~/domain/audit-actions";
import type { AuditFilters } from "~/domain/audit.server";
import { parseId } from "~/auth/guards.server";

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)));

export interface AuditQuery {
  filters: AuditFilters;
  /** A board's "History" link names an enrolment; the route resolves its person (auditPerson). */
  enrolmentId: number | null;
  before: number | null;
  /** Translation keys of the filters that were refused (and so not applied), by field. */
  errors: Partial<Record<"from" | "to", string>>;
  /** The filters as the form shows them. */
  values: { edition: string; state: string; enrolment: string; person: string; action: string; from: string; to: string };
}

/** The audit page's filters from its URL; a bad value is reported and not applied. */
export function parseAuditQuery(url: URL): AuditQuery {
  const get = (k: string) => (url.searchParams.get(k) ?? "").trim().slice(0, 100);
  const values = {
    edition: get("edition"),
    state: get("state").toUpperCase(),
    enrolment: get("enrolment"),
    person: get("person"),
    action: get("action"),
    from: get("from"),
    to: get("to"),
  };
  const errors: AuditQuery["errors"] = {};
  let from = values.from ? (date.safeParse(values.from).success ? values.from : null) : null;
  let to = values.to ? (date.safeParse(values.to).success ? values.to : null) : null;
  if (values.from && !from) errors.from = "insight:audit.errors.date";
  if (values.to && !to) errors.to = "insight:audit.errors.date";
  if (from && to && from > to) {
    errors.to = "insight:audit.errors.range";
    from = null;
    to = null;
  }
  return {
    filters: {
      editionId: parseId(values.edition),
      stateCode: /^[A-Z]{2}$/.test(values.state) ? values.state : null,
      userId: null,
      person: values.person || null,
      action: isAuditAction(values.action) ? values.action : null,
      from,
      to,
    },
    enrolmentId: parseId(values.enrolment),
    before: parseId(get("before")),
    errors,
    values,
  };
}
