import { data } from "@remix-run/node";
import type { FieldError, FieldErrors } from "./forms";

/** A refused form: errors per field (as translation keys) and the values to show again. */
export function formFailure(
  errors: FieldErrors,
  values: Record<string, string> = {},
  status = 400,
  init?: { headers?: HeadersInit },
) {
  return data({ ok: false as const, errors, values }, { status, headers: init?.headers });
}

/** One error for the whole form, or for one field. */
export function fieldFailure(field: string, error: FieldError, values: Record<string, string> = {}, status = 400) {
  return formFailure({ [field]: error }, values, status);
}
