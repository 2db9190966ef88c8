/**
 * An audit entry in words, in the reader's language: "María Pérez withdrew Juan Gómez (Uruguay, 2027) —
 * reason: …", and its before/after values field by field. Used by the audit page and its CSV.
 */
import type { TFunction } from "i18next";
import type { AuditRow } from "~/domain/audit.server";
import type { Locale } from "~/i18n/config";
import { stateName } from "~/vocabulary";

export interface AuditChange {
  field: string;
  before: string;
  after: string;
}

export interface AuditWords {
  id: number;
  at: string;
  action: string;
  sentence: string;
  changes: AuditChange[];
}

/** Keys that identify records rather than say anything to a reader. */
const HIDDEN = new Set(["enrolmentId", "sessionId", "userId", "participationId", "signedOffBy", "sha256"]);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function valueWords(t: TFunction, locale: Locale, key: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return t(v ? "insight:audit.value.yes" : "insight:audit.value.no");
  if (typeof v === "number") return new Intl.NumberFormat(locale).format(v);
  if (typeof v === "string") {
    if (key === "stateCode" || /^[A-Z]{2}$/.test(key)) return stateName(v, locale) || v;
    if (/^\d{4}-\d{2}-\d{2}T/.test(v)) return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(v));
    return t(`insight:audit.value.${v}`, { defaultValue: v });
  }
  return JSON.stringify(v);
}

function changes(t: TFunction, locale: Locale, before: unknown, after: unknown): AuditChange[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !HIDDEN.has(k));
  return keys
    .map((k) => {
      const field = /^[A-Z]{2}$/.test(k) ? stateName(k, locale) || k : t(`insight:audit.field.${k}`, { defaultValue: k });
      return {
        field,
        before: k in b ? valueWords(t, locale, k, b[k]) : "",
        after: k in a ? valueWords(t, locale, k, a[k]) : "",
      };
    })
    .filter((c) => c.before !== c.after);
}

export function describeAuditEntry(t: TFunction, locale: Locale, row: AuditRow): AuditWords {
  const actor = row.actorName ?? t("insight:audit.system");
  const subject = row.subjectName ?? t("insight:audit.someone");
  const edition = row.editionName ?? "";
  const state = row.stateCode ? stateName(row.stateCode, locale) || row.stateCode : "";
  let sentence = t(`insight:audit.action.${row.action}`, {
    actor,
    subject,
    edition,
    state,
    defaultValue: t("insight:audit.unknownAction", { actor, action: row.action }),
  });
  const context = [state, edition].filter(Boolean).join(", ");
  if (context) sentence += ` (${context})`;
  const reason = isRecord(row.after) && typeof row.after.reason === "string" && row.after.reason.trim() ? row.after.reason.trim() : null;
  if (reason) sentence += ` — ${t("insight:audit.reason", { reason })}`;
  return {
    id: row.id,
    at: row.at,
    action: row.action,
    sentence,
    changes: changes(t, locale, row.before, row.after).filter((c) => !(c.field === t("insight:audit.field.reason") && reason)),
  };
}
