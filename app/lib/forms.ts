import { type ZodTypeAny, z } from "zod";

/** A form error as a translation key plus values, so each person reads it in their language. */
export interface FieldError {
  key: string;
  values?: Record<string, string | number>;
}
export type FieldErrors = Record<string, FieldError>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

function issueToError(issue: z.ZodIssue): FieldError {
  switch (issue.code) {
    case "invalid_type":
      return issue.received === "undefined" || issue.received === "null"
        ? { key: "errors.required" }
        : { key: "errors.invalid" };
    case "too_small":
      if (issue.type === "string" && issue.minimum === 1) return { key: "errors.required" };
      if (issue.type === "string") return { key: "errors.tooShort", values: { min: Number(issue.minimum) } };
      if (issue.type === "number") return { key: "errors.tooSmall", values: { min: Number(issue.minimum) } };
      return { key: "errors.required" };
    case "too_big":
      if (issue.type === "string") return { key: "errors.tooLong", values: { max: Number(issue.maximum) } };
      if (issue.type === "number") return { key: "errors.tooBig", values: { max: Number(issue.maximum) } };
      return { key: "errors.invalid" };
    case "invalid_string":
      if (issue.validation === "email") return { key: "errors.email" };
      if (issue.validation === "url") return { key: "errors.url" };
      if (issue.validation === "date") return { key: "errors.date" };
      return { key: "errors.invalid" };
    case "invalid_enum_value":
      return { key: "errors.choice" };
    case "custom":
      return { key: issue.message || "errors.invalid", values: issue.params as FieldError["values"] };
    default:
      return { key: "errors.invalid" };
  }
}

/** Turns FormData into an object of strings (the last value wins; files are skipped). */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of formData.entries()) if (typeof v === "string") values[k] = v;
  return values;
}

/** Parses a submitted form with one zod schema. Errors come back as translation keys per field. */
export function parseForm<S extends ZodTypeAny>(
  schema: S,
  formData: FormData,
  { arrays = [] }: { arrays?: string[] } = {},
): FormResult<z.output<S>> {
  const values = formValues(formData);
  const input: Record<string, unknown> = { ...values };
  for (const k of arrays) input[k] = formData.getAll(k).filter((v): v is string => typeof v === "string");
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join(".") || "form";
    if (!errors[field]) errors[field] = issueToError(issue);
  }
  // never echo passwords back into the form
  for (const k of Object.keys(values)) if (/password/i.test(k)) delete values[k];
  return { ok: false, errors, values };
}

/** Common field shapes. Text is trimmed; empty optional text becomes undefined. */
export const fields = {
  text: (max = 200) => z.string().trim().min(1).max(max),
  optionalText: (max = 200) =>
    z
      .string()
      .trim()
      .max(max)
      .optional()
      .transform((v) => (v ? v : undefined)),
  email: () => z.string().trim().min(1).max(254).email().toLowerCase(),
  password: () => z.string().min(10).max(200),
  id: () => z.coerce.number().int().positive(),
};
