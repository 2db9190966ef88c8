import { useTranslation } from "~/i18n/react";
import type { FieldError, FieldErrors } from "~/lib/forms";

export interface ActionErrors {
  errors?: FieldErrors;
  values?: Record<string, string>;
}

export function ErrorText({ id, error }: { id: string; error?: FieldError }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p className="field-error" id={id}>
      {t(error.key, error.values)}
    </p>
  );
}

/** A labelled input with its translated error and hint, wired for screen readers. */
export function Field({
  name,
  label,
  type = "text",
  error,
  hint,
  defaultValue,
  autoComplete,
  required,
  maxLength,
  children,
}: {
  name: string;
  label: string;
  type?: string;
  error?: FieldError;
  hint?: string;
  defaultValue?: string | number | null;
  autoComplete?: string;
  required?: boolean;
  maxLength?: number;
  children?: React.ReactNode;
}) {
  const id = `f-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {children ?? (
        <input
          id={id}
          name={name}
          type={type}
          defaultValue={defaultValue ?? undefined}
          autoComplete={autoComplete}
          required={required}
          maxLength={maxLength}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
      )}
      <ErrorText id={`${id}-error`} error={error} />
    </div>
  );
}

/** The form-level error (one that belongs to no single field), announced when it appears. */
export function FormAlert({ error }: { error?: FieldError }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="alert error" role="alert">
      {t(error.key, error.values)}
    </div>
  );
}

/** A polite live-region message (saved, sent, …). */
export function Notice({ tone = "success", children }: { tone?: "success" | "info" | "warn"; children: React.ReactNode }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a live region for a status message; <output> is meant for computed results
    <div className={`alert ${tone}`} role="status">
      {children}
    </div>
  );
}
