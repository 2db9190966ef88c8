import { z } from "zod";
import { QUIZ_FEEDBACK_MODES } from "~/vocabulary";
import { isTimeZone } from "~/domain/time-zone";

const date = z
  .string()
  .trim()
  .min(1)
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "errors.date" })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { message: "errors.date" });
const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), {
    message: "errors.date",
  });
const int = (min: number, max: number) => z.coerce.number({ invalid_type_error: "errors.invalid" }).int().min(min).max(max);
const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "true");

/** An edition's code in certificate serials: short, ASCII, unambiguous when read over the phone. */
export const EDITION_CODE = /^[A-Z0-9]{1,12}$/;

export { deriveEditionCode } from "~/domain/edition-code";

/** The edition form (create and edit): one schema, used by both routes' actions. */
export const EditionSchema = z
  .object({
    name: z.string().trim().min(1).max(60),
    /** Empty: derived from the name. Lower case is accepted and raised. */
    code: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v.toUpperCase() : null))
      .refine((v) => v === null || EDITION_CODE.test(v), { message: "editions:errors.codeFormat" }),
    nominationOpensOn: date,
    nominationClosesOn: date,
    onlineStartsOn: date,
    onlineEndsOn: date,
    assignmentDueOn: optionalDate,
    faceToFaceStartsOn: date,
    faceToFaceEndsOn: date,
    /** A named IANA zone, checked with Intl (the form offers a list; any zone Intl knows is accepted). */
    timeZone: z.string().trim().max(64).refine(isTimeZone, { message: "editions:errors.timeZone" }),
    quizPassMark: int(0, 100),
    quizAttemptsAllowed: int(1, 20),
    quizFeedback: z.enum(QUIZ_FEEDBACK_MODES, { message: "errors.choice" }),
    assignmentRequired: checkbox,
    requiredModules: z.array(z.string().regex(/^\d{2}-[a-z0-9-]+$/)).max(50),
    faceToFaceScaleMax: int(1, 1000),
    faceToFacePassScore: int(0, 1000),
    attendanceRequiredPercent: int(0, 100),
    onlineHours: int(1, 1000),
    instituteSignatoryId: z
      .string()
      .optional()
      .transform((v) => (v ? Number(v) : null))
      .refine((v) => v === null || (Number.isInteger(v) && v > 0), { message: "errors.invalid" }),
    certificateBilingual: checkbox,
  })
  .superRefine((v, ctx) => {
    const order = [v.nominationOpensOn, v.nominationClosesOn, v.onlineStartsOn, v.onlineEndsOn, v.faceToFaceStartsOn, v.faceToFaceEndsOn];
    const sorted = order.every((d, i) => i === 0 || order[i - 1]! <= d);
    if (!sorted) ctx.addIssue({ code: "custom", path: ["nominationOpensOn"], message: "editions:errors.dateOrder" });
    if (v.assignmentDueOn && (v.assignmentDueOn < v.onlineStartsOn || v.assignmentDueOn > v.onlineEndsOn)) {
      ctx.addIssue({ code: "custom", path: ["assignmentDueOn"], message: "editions:errors.dateOrder" });
    }
    if (v.faceToFacePassScore > v.faceToFaceScaleMax) {
      ctx.addIssue({ code: "custom", path: ["faceToFacePassScore"], message: "editions:errors.passScoreAboveScale" });
    }
  })
  .transform((v) => ({ ...v, requiredModules: v.requiredModules.length > 0 ? v.requiredModules : null }));

export type EditionFormData = z.output<typeof EditionSchema>;
