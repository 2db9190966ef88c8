import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { stateName } from "~/vocabulary";
import { notFound, forbidden, mayOn, requireEdition } from "~/auth/guards.server";
import { ScrollTable } from "~/components/face-to-face";
import { ErrorText, FormAlert, Notice } from "~/components/form";
import { StatusBadge } from "~/components/status";
import { editionFaceToFaceBoard, participationRef, reopenStage } from "~/domain/face-to-face.server";
import { REASON_MIN } from "~/lib/face-to-face-limits";
import { ReopenSchema } from "~/lib/face-to-face-schema";
import { domainFailure } from "~/lib/face-to-face-route.server";
import { formatDateTime } from "~/lib/format";
import { formValues, parseForm } from "~/lib/forms";
import { formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "faceToFace:board.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale, edition: e } = await requireEdition(request, params, "edition.manage");
  const edition = { id: e.id, name: e.name, status: e.status, timeZone: e.timeZone };
  const rows = editionFaceToFaceBoard(db, edition.id)
    .map((r) => ({ ...r, state: stateName(r.stateCode, locale) }))
    .sort((a, b) => a.state.localeCompare(b.state, locale));
  return { edition, rows, locale };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, actor, locale, edition } = await requireEdition(request, params, "edition.manage");
  const form = await readForm(request);
  const parsed = parseForm(ReopenSchema, form);
  if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
  const ref = participationRef(db, parsed.data.participationId);
  if (!ref || ref.editionId !== edition.id) throw notFound();
  if (!mayOn(actor, "participation.reopen", { editionId: ref.editionId, participationId: ref.id })) throw forbidden();
  try {
    await reopenStage({ db, actor: user, participationId: ref.id, reason: parsed.data.reason, fallbackLocale: locale });
  } catch (err) {
    return domainFailure(err, formValues(form));
  }
  return redirect(`/editions/${edition.id}/face-to-face?reopened=${ref.id}`);
}

export default function FaceToFaceBoard() {
  const { t } = useTranslation("faceToFace");
  const { edition, rows, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const reopened = rows.find((r) => String(r.participationId) === params.get("reopened"));
  const forRow = (id: number) => values.participationId === String(id);
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted small">
            <Link to={`/editions/${edition.id}`}>{t("board.backToEdition", { edition: edition.name })}</Link>
          </p>
          <h1>{t("board.title")}</h1>
          <p className="muted">
            {t("hub.edition", { edition: edition.name })} <StatusBadge status={edition.status} />
          </p>
        </div>
        {rows.length > 0 ? (
          <div className="actions">
            <a className="button secondary" href={`/editions/${edition.id}/face-to-face.csv`} download>
              {t("insight:downloads.csv")}
            </a>
            <a className="button secondary" href={`/editions/${edition.id}/face-to-face.xlsx`} download>
              {t("insight:downloads.xlsx")}
            </a>
          </div>
        ) : null}
      </div>
      {reopened ? <Notice>{t("board.reopened", { state: reopened.state })}</Notice> : null}
      <FormAlert error={errors.form} />
      {rows.length === 0 ? <p className="muted">{t("board.none")}</p> : null}
      {rows.length > 0 ? (
        <ScrollTable label={t("board.title")}>
          <thead>
            <tr>
              <th scope="col">{t("board.state")}</th>
              <th scope="col" className="num">
                {t("board.sessions")}
              </th>
              <th scope="col" className="num">
                {t("board.attendanceTaken")}
              </th>
              <th scope="col" className="num">
                {t("board.assessed")}
              </th>
              <th scope="col">{t("board.signedOff")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.participationId}>
                <th scope="row">
                  <Link to={`/coordination/${r.participationId}/face-to-face`}>{r.state}</Link>
                </th>
                <td className="num" data-label={t("board.sessions")}>{r.sessions}</td>
                <td className="num" data-label={t("board.attendanceTaken")}>
                  {r.sessionsComplete} / {r.sessions}
                </td>
                <td className="num" data-label={t("board.assessed")}>
                  {r.assessed} / {r.enrolled}
                </td>
                <td data-label={t("board.signedOff")}>
                  {r.signedOffAt ? (
                    <>
                      <span className="badge ok">{t("board.signedOffBadge")}</span>
                      <div className="small muted">
                        {t("board.signedOffWhen", { when: formatDateTime(r.signedOffAt, locale, edition.timeZone), who: r.signedOffBy ?? "—" })}
                      </div>
                      <div className="small">{t("board.results", { passed: r.passed, notPassed: r.notPassed })}</div>
                      {r.canReopen ? (
                        <details className="f2f-reopen" open={forRow(r.participationId)}>
                          <summary>{t("board.reopen")}</summary>
                          <Form method="post" className="stack" noValidate>
                            <input type="hidden" name="participationId" value={r.participationId} />
                            <div className="field">
                              <label htmlFor={`f-reason-${r.participationId}`}>{t("board.reason", { state: r.state })}</label>
                              <span className="hint" id={`f-reason-${r.participationId}-hint`}>
                                {t("board.reasonHint", { min: REASON_MIN })}
                              </span>
                              <textarea
                                id={`f-reason-${r.participationId}`}
                                name="reason"
                                rows={3}
                                minLength={REASON_MIN}
                                maxLength={2000}
                                defaultValue={forRow(r.participationId) ? values.reason : undefined}
                                aria-invalid={forRow(r.participationId) && errors.reason ? true : undefined}
                                aria-describedby={`f-reason-${r.participationId}-hint${forRow(r.participationId) && errors.reason ? ` f-reason-${r.participationId}-error` : ""}`}
                              />
                              <ErrorText id={`f-reason-${r.participationId}-error`} error={forRow(r.participationId) ? errors.reason : undefined} />
                            </div>
                            <button type="submit" className="secondary">
                              {t("board.reopenButton", { state: r.state })}
                            </button>
                          </Form>
                        </details>
                      ) : null}
                    </>
                  ) : (
                    <span className="badge warn">{t("board.notSignedOff")}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      ) : null}
    </>
  );
}
