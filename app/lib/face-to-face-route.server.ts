/**
 * What the face-to-face routes share on the server: a coordinator's stage page, turning domain
 * refusals into form errors, and the CSV row schemas. (The routes' guard is `requireParticipation`.)
 */
import { z } from "zod";
import type { Db } from "~db/index.server";
import { type Locale, stateName } from "~/vocabulary";
import { DomainError } from "~/domain/accounts.server";
import {
  type AssessmentCsvRow,
  type AttendanceCsvRow,
  FaceToFaceBatchError,
  faceToFaceStage,
  parseAttendanceWord,
  parseResultWord,
} from "~/domain/face-to-face.server";
import type { CsvRowError } from "./csv.server";
import { COMMENT_MAX } from "./face-to-face-schema";
import { type FieldErrors, fields } from "./forms";
import { formFailure } from "./forms.server";
import { formatPercent } from "./format";

/** A coordinator's stage page: the stage, and the state's name in the reader's language. */
export function stagePage(db: Db, participationId: number, locale: Locale) {
  const stage = faceToFaceStage(db, participationId);
  return { stage, state: stateName(stage.participation.stateCode, locale) };
}

/**
 * A refusal's values for the reader: the domain gives attendance figures as numbers (`percent`,
 * `required`, in points); the message shows them as the reader's language writes a percentage.
 */
function readerValues(values: Record<string, string | number> | undefined, locale: Locale | undefined) {
  if (!values || !locale) return values;
  const out: Record<string, string | number> = { ...values };
  for (const k of ["percent", "required"]) if (typeof out[k] === "number") out[k] = formatPercent(out[k] as number, locale);
  return out;
}

/** A domain refusal as a form failure (a batch's refusals as one error per field). */
export function domainFailure(err: unknown, values: Record<string, string> = {}, locale?: Locale) {
  if (err instanceof FaceToFaceBatchError) {
    const errors: FieldErrors = {};
    for (const e of err.errors) errors[e.field] ??= { key: e.key, values: readerValues(e.values, locale) };
    return formFailure(errors, values);
  }
  if (err instanceof DomainError) return formFailure({ [err.field]: { key: err.key, values: readerValues(err.values, locale) } }, values);
  throw err;
}

/** A refused CSV import, as per-row errors for <CsvErrors>. */
export function batchRowErrors(err: FaceToFaceBatchError, locale?: Locale): CsvRowError[] {
  return err.errors.map((e) => ({
    row: e.row ?? 1,
    column: e.field === "form" ? null : e.field,
    error: { key: e.key, values: readerValues(e.values, locale) },
  }));
}

const emptyToNull = (v: string) => (v.trim() === "" ? null : v.trim());

export const AssessmentCsvSchema: z.ZodType<AssessmentCsvRow, z.ZodTypeDef, unknown> = z
  .object({
    email: fields.email(),
    score: z
      .string()
      .transform(emptyToNull)
      .refine((v) => v === null || /^\d{1,4}$/.test(v), { message: "faceToFace:errors.scoreWhole" })
      .transform((v) => (v === null ? null : Number(v))),
    result: z.string().transform((v, ctx) => {
      const s = emptyToNull(v);
      if (s === null) return null;
      const r = parseResultWord(s);
      if (!r) {
        ctx.addIssue({ code: "custom", message: "faceToFace:import.badResult", params: { value: s } });
        return z.NEVER;
      }
      return r;
    }),
    comment: z
      .string()
      .max(COMMENT_MAX)
      .transform(emptyToNull),
  })
  .superRefine((v, ctx) => {
    if ((v.score === null) !== (v.result === null)) {
      ctx.addIssue({ code: "custom", path: [v.score === null ? "score" : "result"], message: "faceToFace:errors.scoreAndResult" });
    }
  });

/** The attendance CSV: email plus one column per session label, each cell a status or empty. */
export function attendanceCsvSchema(labels: string[]): z.ZodType<AttendanceCsvRow, z.ZodTypeDef, unknown> {
  const cell = z.string().transform((v, ctx) => {
    const s = emptyToNull(v);
    if (s === null) return null;
    const status = parseAttendanceWord(s);
    if (!status) {
      ctx.addIssue({ code: "custom", message: "faceToFace:import.badAttendance", params: { value: s } });
      return z.NEVER;
    }
    return status;
  });
  const shape: Record<string, z.ZodTypeAny> = { email: fields.email() };
  for (const l of labels) shape[l] = cell;
  return z.object(shape).transform((row) => {
    const { email, ...marks } = row as { email: string } & Record<string, AttendanceCsvRow["marks"][string]>;
    return { email, marks };
  });
}
