import { redirect } from "@remix-run/node";
import { z } from "zod";
import type { Db } from "~db/index.server";
import type { Locale } from "~/vocabulary";
import { DomainError } from "~/domain/accounts.server";
import { type InvitationScope, resendInvitation } from "~/domain/invitations.server";
import { fields, parseForm } from "./forms";
import { fieldFailure, formFailure } from "./forms.server";

const ResendSchema = z.object({ userId: fields.id() });

/** The `intent=resend-invitation` post of a page: a fresh link, then back to `back?resent=<userId>`. */
export async function resendInvitationAction({
  db,
  actor,
  form,
  scope,
  fallbackLocale,
  back,
}: {
  db: Db;
  actor: { id: number; name: string };
  form: FormData;
  scope: InvitationScope;
  fallbackLocale: Locale;
  back: string;
}) {
  const parsed = parseForm(ResendSchema, form);
  if (!parsed.ok) return formFailure(parsed.errors);
  try {
    await resendInvitation({ db, actor, userId: parsed.data.userId, scope, fallbackLocale });
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure("resend", { key: err.key, values: err.values });
    throw err;
  }
  return redirect(`${back}?resent=${parsed.data.userId}`);
}
