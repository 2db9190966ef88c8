import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { StageHead, TraineeResultsTable } from "~/components/face-to-face";
import { ErrorText, FormAlert, Notice } from "~/components/form";
import { signOffStage } from "~/domain/face-to-face.server";
import { SignOffSchema } from "~/lib/face-to-face-schema";
import { requireParticipation } from "~/auth/guards.server";
import { domainFailure, stagePage } from "~/lib/face-to-face-route.server";
import { formatDateTime } from "~/lib/format";
import { parseForm } from "~/lib/forms";
import { formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "faceToFace:signOff.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, db, participation } = await requireParticipation(request, params, "participation.signOff");
  const { stage, state } = stagePage(db, participation.id, locale);
  return { stage, state, locale };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, participation: { id: participationId } } = await requireParticipation(request, params, "participation.signOff");
  const parsed = parseForm(SignOffSchema, await readForm(request));
  if (!parsed.ok) return formFailure(parsed.errors);
  try {
    signOffStage({ db, actor: user, participationId });
  } catch (err) {
    return domainFailure(err);
  }
  return redirect(`/coordination/${participationId}/face-to-face/sign-off?signed=1`);
}

export default function SignOffPage() {
  const { t } = useTranslation("faceToFace");
  const { stage, state, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = result?.errors ?? {};
  const { participation: p, edition, trainees, totals } = stage;
  const missing = trainees.filter((tr) => !tr.assessment && tr.onlineResult !== "not-passed");
  const incompleteSessions = stage.sessions.filter((s) => !s.complete).length;
  return (
    <>
      <StageHead title={t("signOff.title")} state={state} participationId={p.id} />
      {params.get("signed") ? <Notice>{t("signOff.done")}</Notice> : null}
      <FormAlert error={errors.form} />

      <section className="card" aria-labelledby="summary-title">
        <h2 id="summary-title">{t("signOff.summary")}</h2>
        <dl className="stats">
          <div>
            <dt>{t("hub.enrolled")}</dt>
            <dd>{totals.enrolled}</dd>
          </div>
          <div>
            <dt>{t("status.result.passed")}</dt>
            <dd>{totals.passed}</dd>
          </div>
          <div>
            <dt>{t("status.result.not-passed")}</dt>
            <dd>{totals.notPassed}</dd>
          </div>
          <div>
            <dt>{t("assess.notAssessed")}</dt>
            <dd>{missing.length}</dd>
          </div>
        </dl>
      </section>

      {trainees.length > 0 ? (
        <TraineeResultsTable label={t("signOff.summary")} trainees={trainees} edition={edition} locale={locale} />
      ) : (
        <p className="muted">{t("hub.noTrainees")}</p>
      )}

      {p.signedOffAt ? (
        <section className="card f2f-signed" aria-labelledby="signed-title" style={{ marginTop: "1rem" }}>
          <h2 id="signed-title">{t("signOff.signedTitle")}</h2>
          <p>{t("signOff.signedBy", { who: p.signedOffBy ?? "—", when: formatDateTime(p.signedOffAt, locale, edition.timeZone) })}</p>
          <p className="muted small">{t("signOff.lockedExplain")}</p>
        </section>
      ) : stage.can.signOff ? (
        <section className="card" aria-labelledby="confirm-title" style={{ marginTop: "1rem" }}>
          <h2 id="confirm-title">{t("signOff.confirmTitle")}</h2>
          {missing.length > 0 ? (
            <Notice tone="warn">{t("signOff.missingWarning", { count: missing.length, names: missing.map((m) => m.name).join(", ") })}</Notice>
          ) : null}
          {incompleteSessions > 0 ? <Notice tone="warn">{t("signOff.incompleteAttendance", { count: incompleteSessions })}</Notice> : null}
          <p className="muted small">{t("signOff.explain")}</p>
          <Form method="post" className="stack" noValidate>
            <label className="check f2f-confirm">
              <input type="checkbox" name="confirm" value="yes" aria-invalid={errors.confirm ? true : undefined} aria-describedby={errors.confirm ? "f-confirm-error" : undefined} />
              <span>{t("signOff.confirmLabel", { state, edition: edition.name, passed: totals.passed, notPassed: totals.notPassed })}</span>
            </label>
            <ErrorText id="f-confirm-error" error={errors.confirm} />
            <div className="actions">
              <button type="submit" className="primary">
                {t("signOff.button")}
              </button>
            </div>
          </Form>
        </section>
      ) : (
        <Notice tone="info">{t("assess.notInPhase")}</Notice>
      )}
    </>
  );
}
