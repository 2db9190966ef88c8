/**
 * The face-to-face stage's forms: one zod schema per form, shared by the routes (server) and the
 * pages (labels, limits). Error messages are translation keys (`faceToFace:…` for this stage's own).
 */
import { z } from "zod";
import { ATTENDANCE_STATUSES, type AttendanceStatus, RESULTS, type Result } from "~/vocabulary";
import type { AssessmentInput, AttendanceMark, SessionInput } from "~/domain/face-to-face.server";
import { type FieldErrors, type FormResult, fields, formValues } from "./forms";

import { COMMENT_MAX, REASON_MIN } from "./face-to-face-limits";

export { COMMENT_MAX, REASON_MIN };

const time = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "faceToFace:errors.time" });

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Plan or edit a session: date, start and end, venue and/or link, hours (≤ the session's length). */
export const SessionSchema: z.ZodType<SessionInput, z.ZodTypeDef, unknown> = z
  .object({
    date: z.string().trim().date(),
    startTime: time,
    endTime: time,
    venue: fields.optionalText(200),
    onlineUrl: z
      .string()
      .trim()
      .max(500)
      .optional()
      .transform((v) => (v ? v : undefined))
      .pipe(
        z
          .string()
          .url()
          .refine((v) => /^https?:\/\//i.test(v), { message: "errors.url" })
          .optional(),
      ),
    hours: z.coerce.number().min(0.5).max(24),
  })
  .superRefine((v, ctx) => {
    if (minutes(v.endTime) <= minutes(v.startTime)) {
      ctx.addIssue({ code: "custom", path: ["endTime"], message: "faceToFace:errors.endBeforeStart" });
    } else if (v.hours * 60 > minutes(v.endTime) - minutes(v.startTime)) {
      ctx.addIssue({ code: "custom", path: ["hours"], message: "faceToFace:errors.hoursTooMany" });
    }
    if (Math.round(v.hours * 2) !== v.hours * 2) {
      ctx.addIssue({ code: "custom", path: ["hours"], message: "faceToFace:errors.hoursStep" });
    }
  });
export type { AssessmentInput, AttendanceMark, SessionInput };

export const ReopenSchema = z.object({
  participationId: fields.id(),
  reason: z.string().trim().min(REASON_MIN).max(COMMENT_MAX),
});

export const SignOffSchema = z.object({
  confirm: z
    .string()
    .optional()
    .refine((v) => v === "yes", { message: "faceToFace:errors.confirmRequired" }),
});

/** The attendance form: one `mark-<enrolmentId>` radio group per trainee; unmarked people are left out. */
export function parseAttendanceForm(formData: FormData): FormResult<AttendanceMark[]> {
  const marks: AttendanceMark[] = [];
  const errors: FieldErrors = {};
  for (const [key, value] of formData.entries()) {
    const m = /^mark-(\d+)$/.exec(key);
    if (!m || typeof value !== "string" || value === "") continue;
    if (!(ATTENDANCE_STATUSES as readonly string[]).includes(value)) {
      errors[key] = { key: "errors.choice" };
      continue;
    }
    marks.push({ enrolmentId: Number(m[1]), status: value as AttendanceStatus });
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values: formValues(formData) };
  return { ok: true, data: marks };
}

/**
 * The assessment form: per trainee `score-<id>`, `result-<id>`, `comment-<id>`. A trainee whose score
 * and result are both empty is left as is (not yet assessed); one without the other is an error.
 */
export function parseAssessmentForm(formData: FormData): FormResult<AssessmentInput[]> {
  const values = formValues(formData);
  const ids = new Set<number>();
  for (const key of Object.keys(values)) {
    const m = /^(?:score|result|comment)-(\d+)$/.exec(key);
    if (m) ids.add(Number(m[1]));
  }
  const out: AssessmentInput[] = [];
  const errors: FieldErrors = {};
  for (const id of ids) {
    const score = (values[`score-${id}`] ?? "").trim();
    const result = (values[`result-${id}`] ?? "").trim();
    const comment = (values[`comment-${id}`] ?? "").trim();
    if (score === "" && result === "") {
      if (comment !== "") errors[`score-${id}`] = { key: "faceToFace:errors.scoreAndResult" };
      continue;
    }
    let ok = true;
    if (score === "") {
      errors[`score-${id}`] = { key: "errors.required" };
      ok = false;
    } else if (!/^\d{1,4}$/.test(score)) {
      errors[`score-${id}`] = { key: "faceToFace:errors.scoreWhole" };
      ok = false;
    }
    if (!(RESULTS as readonly string[]).includes(result)) {
      errors[`result-${id}`] = { key: result === "" ? "errors.required" : "errors.choice" };
      ok = false;
    }
    if (comment.length > COMMENT_MAX) {
      errors[`comment-${id}`] = { key: "errors.tooLong", values: { max: COMMENT_MAX } };
      ok = false;
    }
    if (ok) out.push({ enrolmentId: id, score: Number(score), result: result as Result, comment: comment || null });
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, data: out };
}
