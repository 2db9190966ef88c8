import { z } from "zod";
import { AGREEMENT_STATUSES, FACE_TO_FACE_MODALITIES } from "~/vocabulary";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : null));
const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || /^\d{4}-\d{2}-\d{2}$/.test(v), { message: "errors.date" });

/** A state's agreement for an edition: quota, agreement, face-to-face format, signatory. */
export const ParticipationSchema = z.object({
  quota: z.coerce.number({ invalid_type_error: "errors.invalid" }).int().min(0).max(1000),
  agreementStatus: z.enum(AGREEMENT_STATUSES),
  faceToFaceModality: z.enum(FACE_TO_FACE_MODALITIES),
  faceToFaceVenue: optionalText(200),
  faceToFaceStartsOn: optionalDate,
  faceToFaceEndsOn: optionalDate,
  faceToFaceHours: z.coerce.number({ invalid_type_error: "errors.invalid" }).int().min(0).max(500),
  signatoryName: optionalText(120),
  signatoryTitle: optionalText(160),
  signatoryInstitution: optionalText(200),
});
