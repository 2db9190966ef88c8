/**
 * The three CSV files of a Moodle course, as Moodle exports them (issue 13, section 5; ADR 011): the
 * user list (Site administration → Users → Bulk user actions → Download), the gradebook export with the
 * course completion date, and mod_customcert's issues. Only the columns named here are read; others
 * are ignored. Headers match case-insensitively.
 */
import { z } from "zod";
import { fields } from "./forms";

export const MOODLE_FILES = ["users", "results", "certificates"] as const;
export type MoodleFile = (typeof MOODLE_FILES)[number];

export const MOODLE_USER_COLUMNS = ["username", "firstname", "lastname", "email", "institution", "country"] as const;
export const MOODLE_RESULT_COLUMNS = ["email address", "course total (real)", "timecompleted"] as const;
export const MOODLE_CERTIFICATE_COLUMNS = ["username", "code", "timecreated"] as const;

/** A date as Moodle exports it: unix seconds, or an ISO date (time optional). Returns an ISO instant. */
export function moodleTime(raw: string): string | null {
  const v = raw.trim();
  if (/^\d{9,11}$/.test(v)) return new Date(Number(v) * 1000).toISOString();
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?(Z)?)?$/.test(v)) {
    const d = new Date(v.length === 10 ? `${v}T00:00:00Z` : `${v.replace(" ", "T")}${v.endsWith("Z") ? "" : "Z"}`);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  return null;
}

const when = (required: boolean) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === "" && !required) return null;
      const iso = moodleTime(v);
      if (!iso || iso > new Date().toISOString()) {
        ctx.addIssue({ code: "custom", message: v === "" ? "errors.required" : "editions:legacy.errors.date" });
        return z.NEVER;
      }
      return iso;
    });

export const MoodleUserSchema = z.object({
  username: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .toLowerCase()
    .refine((v) => /^[\w.@+-]+$/.test(v), { message: "editions:legacy.errors.username" }),
  firstname: fields.text(100),
  lastname: fields.text(100),
  email: fields.email(),
  institution: fields.optionalText(200),
  country: z
    .string()
    .trim()
    .max(2)
    .refine((v) => /^([A-Za-z]{2})?$/.test(v), { message: "editions:legacy.errors.country" })
    .transform((v) => (v ? v.toUpperCase() : null)),
});

export const MoodleResultSchema = z.object({
  "email address": fields.email(),
  "course total (real)": z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === "" || v === "-") return null;
      const n = Number(v.replace(",", "."));
      if (!Number.isFinite(n) || n < 0 || n > 100) {
        ctx.addIssue({ code: "custom", message: "editions:legacy.errors.grade" });
        return z.NEVER;
      }
      return n;
    }),
  timecompleted: when(false),
});

export const MoodleCertificateSchema = z.object({
  username: z.string().trim().min(1).max(100).toLowerCase(),
  code: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .refine((v) => /^[A-Za-z0-9-]{4,40}$/.test(v), { message: "editions:legacy.errors.code" }),
  timecreated: when(true),
});

export const MoodleImportFormSchema = z.object({
  courseName: fields.text(200),
  editionLabel: fields.text(100),
});
