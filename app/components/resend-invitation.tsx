import { Form } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";

/** "Resend invitation" for a person who was invited and has not activated the account. */
export function ResendInvitation({ userId, name }: { userId: number; name: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="resend-invitation" />
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" className="secondary small-button" aria-label={t("invitations.resendFor", { name })}>
        {t("invitations.resend")}
      </button>
    </Form>
  );
}
