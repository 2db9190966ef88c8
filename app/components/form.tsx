import { useEffect, useRef } from "react";
import { useTranslation } from "~/i18n/react";
import type { FieldError, FieldErrors } from "~/lib/forms";

/**
 * Moves keyboard focus to `ref` whenever `trigger` is a new truthy value (an action's answer), so a
 * person who submitted with the keyboard lands on what went wrong (WCAG 3.3.1, 2.4.3).
 */
function useFocusOn<T extends HTMLElement>(trigger: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (trigger) ref.current?.focus();
  }, [trigger]);
  return ref;
}

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

/**
 * The form-level error (one that belongs to no single field), announced when it appears and given
 * keyboard focus, so that after a refused submit the next Tab starts from the problem.
 */
export function FormAlert({ error }: { error?: FieldError }) {
  const { t } = useTranslation();
  const ref = useFocusOn<HTMLDivElement>(error);
  if (!error) return null;
  return (
    <div ref={ref} className="alert error" role="alert" tabIndex={-1}>
      {t(error.key, error.values)}
    </div>
  );
}

/** Following a summary's link puts the keyboard focus in the field itself, not only the view. */
function focusField(event: React.MouseEvent<HTMLAnchorElement>, id: string) {
  const field = document.getElementById(id);
  if (!field) return;
  event.preventDefault();
  field.focus();
  field.scrollIntoView({ block: "center" });
}

/**
 * After a refused submit: every problem of the form in one list, each linking to its field (ids are
 * `f-<name>` as Field makes them, unless `fieldId` says otherwise). It takes keyboard focus when it
 * appears, so a keyboard or screen-reader user starts from the first error.
 */
export function ErrorSummary({ errors, fieldId = (name) => `f-${name}` }: { errors: FieldErrors; fieldId?: (name: string) => string }) {
  const { t } = useTranslation();
  const entries = Object.entries(errors).filter((entry): entry is [string, FieldError] => Boolean(entry[1]));
  const ref = useFocusOn<HTMLDivElement>(entries.length > 0 ? errors : null);
  if (entries.length === 0) return null;
  return (
    <div ref={ref} className="alert error error-summary" role="alert" tabIndex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title" className="error-summary-title">
        {t("errorSummary.title", { count: entries.length })}
      </h2>
      <ul>
        {entries.map(([name, error]) => (
          <li key={name}>
            {name === "form" ? (
              t(error.key, error.values)
            ) : (
              <a href={`#${fieldId(name)}`} onClick={(event) => focusField(event, fieldId(name))}>
                {t(error.key, error.values)}
              </a>
            )}
          </li>
        ))}
      </ul>
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
