import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import { stateName } from "~/vocabulary";
import { requireParticipation } from "~/auth/guards.server";
import { Field, FormAlert, Notice } from "~/components/form";
import { ResendInvitation } from "~/components/resend-invitation";
import { phaseForms } from "~/domain/edition-phase";
import { localDay } from "~/domain/time-zone";
import { resendInvitationAction } from "~/lib/resend-invitation.server";
import { DomainError } from "~/domain/accounts.server";
import { nameStateSignatory, resendSignatoryInvitation, signatoryAccountOf, unlinkStateSignatory } from "~/domain/certificates.server";
import {
  appointCoordinator,
  coordinatorsOf,
  courseTitle,
  removeCoordinator,
  updateParticipation,
} from "~/domain/editions.server";
import { LOCALE_NAMES, LOCALES } from "~/i18n/config";
import { fields, formValues, parseForm } from "~/lib/forms";
import { noticeRecord } from "~/lib/notices";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { ParticipationSchema } from "~/lib/participation-schema";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ data }) => [{ title: `${(data as { title?: string } | undefined)?.title ?? ""} · Aula` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale, participation, edition, courseSlug } = await requireParticipation(request, params, "participation.manage");
  const { signatorySignaturePng, ...p } = participation;
  const state = stateName(p.stateCode, locale);
  return {
    title: `${state} · ${edition.name}`,
    state,
    course: courseTitle(courseSlug, locale),
    edition,
    participation: { ...p, hasSignature: Boolean(signatorySignaturePng) },
    coordinators: coordinatorsOf(db, [p.id]).get(p.id) ?? [],
    signatoryAccount: signatoryAccountOf(db, p.id),
    forms: phaseForms(edition, localDay(new Date(), edition.timeZone)),
    locale,
  };
}

const AppointSchema = z.object({ name: fields.text(120), email: fields.email(), locale: z.enum(LOCALES) });
const RemoveSchema = z.object({ userId: fields.id() });
const SignatoryAccountSchema = z.object({
  signatoryAccountName: fields.text(120),
  signatoryAccountEmail: fields.email(),
  signatoryAccountLocale: z.enum(LOCALES),
});
/** The domain's field names for the signatory form, as the form names them (its ids must differ from the coordinator form's). */
const SIGNATORY_FIELDS: Record<string, string> = { email: "signatoryAccountEmail", name: "signatoryAccountName" };

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, locale, participation } = await requireParticipation(request, params, "participation.manage");
  const form = await readForm(request);
  const intent = form.get("intent");
  const back = `/editions/${participation.editionId}/participations/${participation.id}`;
  if (intent === "resend-invitation") {
    return resendInvitationAction({ db, actor: user, form, scope: { kind: "coordinator", participationId: participation.id }, fallbackLocale: locale, back });
  }
  try {
    if (intent === "update") {
      const parsed = parseForm(ParticipationSchema, form);
      if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
      await updateParticipation({ db, actor: user, participationId: participation.id, input: parsed.data });
      return redirect(`${back}?saved=${Date.now().toString(36)}`);
    }
    if (intent === "appoint") {
      const parsed = parseForm(AppointSchema, form);
      if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
      const r = await appointCoordinator({ db, actor: user, participationId: participation.id, person: parsed.data, fallbackLocale: locale });
      return redirect(`${back}?${r.invited ? "invited" : "appointed"}=${r.userId}`);
    }
    if (intent === "signatory") {
      const parsed = parseForm(SignatoryAccountSchema, form);
      if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
      try {
        const r = await nameStateSignatory({
          db,
          actor: user,
          participationId: participation.id,
          person: { name: parsed.data.signatoryAccountName, email: parsed.data.signatoryAccountEmail, locale: parsed.data.signatoryAccountLocale },
          fallbackLocale: locale,
        });
        return redirect(`${back}?${r.invited ? "signatoryInvited" : "signatoryLinked"}=${r.userId}#signatory-account`);
      } catch (err) {
        if (err instanceof DomainError) {
          return fieldFailure(SIGNATORY_FIELDS[err.field] ?? err.field, { key: err.key, values: err.values }, formValues(form));
        }
        throw err;
      }
    }
    if (intent === "resend-signatory") {
      await resendSignatoryInvitation({ db, actor: user, participationId: participation.id, fallbackLocale: locale });
      return redirect(`${back}?signatoryResent=1#signatory-account`);
    }
    if (intent === "unlink-signatory") {
      unlinkStateSignatory({ db, actor: user, participationId: participation.id });
      return redirect(`${back}?signatoryUnlinked=1#signatory-account`);
    }
    if (intent === "remove") {
      const parsed = parseForm(RemoveSchema, form);
      if (!parsed.ok) return formFailure(parsed.errors);
      removeCoordinator({ db, actor: user, participationId: participation.id, userId: parsed.data.userId });
      return redirect(`${back}?removed=${parsed.data.userId}`);
    }
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure(err.field, { key: err.key, values: err.values });
    throw err;
  }
  return fieldFailure("form", { key: "errors.invalid" });
}

export default function ParticipationPage() {
  const { t } = useTranslation("editions");
  const { t: tc } = useTranslation();
  const { state, course, edition, participation: p, coordinators, signatoryAccount, forms } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  // the email shown comes from the coordinators the loader sent, never from the URL
  const appointed = noticeRecord(params, "appointed", coordinators, (c) => c.userId);
  const invited = noticeRecord(params, "invited", coordinators, (c) => c.userId);
  const signatoryNamed = signatoryAccount
    ? (["signatoryInvited", "signatoryLinked"] as const).find((k) => params.get(k) === String(signatoryAccount.userId))
    : undefined;
  const resent = noticeRecord(params, "resent", coordinators, (c) => c.userId);
  const editable = forms.manageParticipation;
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const val = (k: keyof typeof p) => values[k] ?? (p[k] === null || p[k] === undefined ? "" : String(p[k]));
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted small">
            <Link to={`/editions/${edition.id}`}>{course} · {edition.name}</Link>
          </p>
          <h1>{state}</h1>
        </div>
        <Link className="button secondary" to={`/coordination/${p.id}`}>
          {t("board.openState")}
        </Link>
      </div>
      {params.get("saved") ? <Notice>{t("participation.saved")}</Notice> : null}
      {appointed ? <Notice>{t("participation.appointed", { email: appointed.email })}</Notice> : null}
      {invited ? <Notice>{t("participation.appointedInvited", { email: invited.email })}</Notice> : null}
      {params.get("removed") ? <Notice>{t("participation.removed")}</Notice> : null}
      {signatoryNamed && signatoryAccount ? <Notice>{t(`participation.${signatoryNamed}`, { email: signatoryAccount.email, state })}</Notice> : null}
      {params.get("signatoryResent") && signatoryAccount ? <Notice>{t("participation.signatoryResent", { email: signatoryAccount.email })}</Notice> : null}
      {params.get("signatoryUnlinked") ? <Notice>{t("participation.signatoryUnlinked")}</Notice> : null}
      {resent ? <Notice>{tc("invitations.resent", { email: resent.email })}</Notice> : null}
      {!editable ? <p className="muted">{t("board.closedReadOnly")}</p> : null}
      <FormAlert error={errors.form ?? errors.resend} />
      <div className="grid two">
        <Form key={params.get("saved") ?? "update"} method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="update" />
          <fieldset className="stack plain-group" disabled={!editable}>
          <fieldset className="card">
            <legend>{t("participation.agreementAndQuota")}</legend>
            {forms.changeQuota ? (
              <Field name="quota" type="number" label={t("participation.quota")} defaultValue={val("quota")} error={errors.quota} />
            ) : (
              <div className="field">
                <input type="hidden" name="quota" value={p.quota} />
                <p>
                  <strong>{t("participation.quota")}</strong>: {p.quota}
                </p>
                <p className="muted small">{t("participation.quotaFixed")}</p>
              </div>
            )}
            <Field name="agreementStatus" label={t("participation.agreementStatus")} error={errors.agreementStatus}>
              <select id="f-agreementStatus" name="agreementStatus" defaultValue={val("agreementStatus")}>
                {(["invited", "agreed", "declined"] as const).map((a) => (
                  <option key={a} value={a}>{t(`agreement.${a}`)}</option>
                ))}
              </select>
            </Field>
          </fieldset>
          <fieldset className="card">
            <legend>{t("participation.faceToFace")}</legend>
            <Field name="faceToFaceModality" label={t("participation.modality")} error={errors.faceToFaceModality}>
              <select id="f-faceToFaceModality" name="faceToFaceModality" defaultValue={val("faceToFaceModality")}>
                {(["in-person", "hybrid", "online"] as const).map((m) => (
                  <option key={m} value={m}>{t(`modality.${m}`)}</option>
                ))}
              </select>
            </Field>
            <Field name="faceToFaceVenue" label={t("participation.venue")} defaultValue={val("faceToFaceVenue")} error={errors.faceToFaceVenue} maxLength={200} />
            <div className="grid">
              <Field name="faceToFaceStartsOn" type="date" label={t("participation.startsOn")} defaultValue={val("faceToFaceStartsOn")} error={errors.faceToFaceStartsOn} />
              <Field name="faceToFaceEndsOn" type="date" label={t("participation.endsOn")} defaultValue={val("faceToFaceEndsOn")} error={errors.faceToFaceEndsOn} />
              <Field name="faceToFaceHours" type="number" label={t("participation.hours")} defaultValue={val("faceToFaceHours")} error={errors.faceToFaceHours} />
            </div>
          </fieldset>
          <fieldset className="card">
            <legend>{t("participation.signatory")}</legend>
            <Field name="signatoryName" label={t("participation.signatoryName")} defaultValue={val("signatoryName")} error={errors.signatoryName} maxLength={120} />
            <Field name="signatoryTitle" label={t("participation.signatoryTitle")} defaultValue={val("signatoryTitle")} error={errors.signatoryTitle} maxLength={160} />
            <Field name="signatoryInstitution" label={t("participation.signatoryInstitution")} defaultValue={val("signatoryInstitution")} error={errors.signatoryInstitution} maxLength={200} />
          </fieldset>
          {editable ? (
            <div className="actions">
              <button type="submit" className="primary">{t("participation.save")}</button>
            </div>
          ) : null}
          </fieldset>
        </Form>
        <section className="card" aria-labelledby="coordinators-title">
          <h2 id="coordinators-title">{t("participation.coordinators")}</h2>
          {coordinators.length === 0 ? <p className="muted">{t("participation.noCoordinators")}</p> : null}
          <ul className="people">
            {coordinators.map((c) => (
              <li key={c.userId}>
                <div>
                  <strong>{c.name}</strong>
                  <div className="muted small">
                    {c.email}
                    {c.status !== "active" ? ` · ${t("participation.pendingActivation")}` : ""}
                  </div>
                </div>
                {editable && c.status === "invited" ? <ResendInvitation userId={c.userId} name={c.name} /> : null}
                {editable ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="userId" value={c.userId} />
                  <button type="submit" className="secondary" aria-label={`${t("participation.remove")}: ${c.name}`}>
                    {t("participation.remove")}
                  </button>
                </Form>
                ) : null}
              </li>
            ))}
          </ul>
          {editable ? (
          <>
          <h3>{t("participation.appoint")}</h3>
          <p className="muted small">{t("participation.appointLede")}</p>
          {/* a new key after each success (the redirect's query) empties the form for the next person */}
          <Form key={params.get("appointed") ?? params.get("invited") ?? "appoint"} method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="appoint" />
            <Field name="name" label={tc("fields.name")} defaultValue={values.name} error={errors.name} maxLength={120} />
            <Field name="email" type="email" label={tc("fields.email")} defaultValue={values.email} error={errors.email} />
            <Field name="locale" label={t("participation.language")} error={errors.locale}>
              <select id="f-locale" name="locale" defaultValue={values.locale ?? "es"}>
                {LOCALES.map((l) => (
                  <option key={l} value={l} lang={l}>{LOCALE_NAMES[l]}</option>
                ))}
              </select>
            </Field>
            <button type="submit" className="primary">{t("participation.appointButton")}</button>
          </Form>
          </>
          ) : null}
        </section>
        <section className="card" id="signatory-account" aria-labelledby="signatory-account-title">
          <h2 id="signatory-account-title">{t("participation.signatoryAccount")}</h2>
          <p className="muted small">{t("participation.signatoryAccountLede", { state })}</p>
          {signatoryAccount ? (
            <ul className="people">
              <li>
                <div>
                  <strong>{signatoryAccount.name}</strong>
                  <div className="muted small">
                    {signatoryAccount.email}
                    {signatoryAccount.status !== "active" ? ` · ${t("participation.pendingActivation")}` : ""}
                  </div>
                </div>
                <div className="actions">
                  {signatoryAccount.status === "invited" ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="resend-signatory" />
                      <button type="submit" className="secondary">
                        {t("participation.resendSignatory")}
                      </button>
                    </Form>
                  ) : null}
                  <Form method="post">
                    <input type="hidden" name="intent" value="unlink-signatory" />
                    <button type="submit" className="secondary" aria-label={`${t("participation.unlinkSignatory")}: ${signatoryAccount.name}`}>
                      {t("participation.unlinkSignatory")}
                    </button>
                  </Form>
                </div>
              </li>
            </ul>
          ) : (
            <p className="muted">{t("participation.noSignatoryAccount")}</p>
          )}
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="signatory" />
            <Field
              name="signatoryAccountName"
              label={tc("fields.name")}
              defaultValue={values.signatoryAccountName ?? (signatoryAccount ? "" : p.signatoryName)}
              error={errors.signatoryAccountName}
              maxLength={120}
            />
            <Field name="signatoryAccountEmail" type="email" label={tc("fields.email")} defaultValue={values.signatoryAccountEmail} error={errors.signatoryAccountEmail} />
            <Field name="signatoryAccountLocale" label={t("participation.language")} error={errors.signatoryAccountLocale}>
              <select id="f-signatoryAccountLocale" name="signatoryAccountLocale" defaultValue={values.signatoryAccountLocale ?? "es"}>
                {LOCALES.map((l) => (
                  <option key={l} value={l} lang={l}>{LOCALE_NAMES[l]}</option>
                ))}
              </select>
            </Field>
            <button type="submit" className="primary">{t("participation.nameSignatoryButton")}</button>
          </Form>
        </section>
      </div>
    </>
  );
}
