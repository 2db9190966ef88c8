import { useTranslation } from "~/i18n/react";
import type { FieldErrors } from "~/lib/forms";
import { Field } from "./form";

/** The account name (for password managers) and the new password typed twice. */
export function NewPasswordFields({ email, errors }: { email: string; errors: FieldErrors }) {
  const { t } = useTranslation();
  return (
    <>
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field
        name="password"
        type="password"
        label={t("fields.newPassword")}
        hint={t("auth.passwordRule")}
        autoComplete="new-password"
        error={errors.password}
        required
      />
      <Field
        name="confirm"
        type="password"
        label={t("fields.confirmPassword")}
        autoComplete="new-password"
        error={errors.confirm}
        required
      />
    </>
  );
}
