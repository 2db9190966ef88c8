import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import { ErrorText, Field, FormAlert, Notice } from "~/components/form";
import { PlainText, ProgressBadge, EditionBreadcrumb } from "~/components/online";
import { DomainError } from "~/domain/accounts.server";
import { gradeAssignment, submissionForGrading } from "~/domain/assignments.server";
import { notFound, requireEnrolment } from "~/auth/guards.server";
import { assignmentState, MAX_FEEDBACK_TEXT } from "~/domain/online-rules";
import { formatDateTime } from "~/lib/format";
import { parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "course:grade.title");

const GradeSchema = z.object({
  score: z.coerce.number().int().min(0).max(100),
  passed: z.enum(["yes", "no"]),
  feedback: z.string().trim().min(1).max(MAX_FEEDBACK_TEXT),
});

function load(db: Parameters<typeof submissionForGrading>[0], editionId: number, enrolmentId: number) {
  const found = submissionForGrading(db, editionId, enrolmentId);
  if (!found) throw notFound();
  return { enrolmentId, ...found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, enrolment, locale } = await requireEnrolment(request, params, "edition.grade");
  const { edition } = enrolment;
  const found = load(db, edition.id, enrolment.enrolmentId);
  return { locale, edition, ...found, state: assignmentState(found.submission) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, enrolment, user } = await requireEnrolment(request, params, "edition.grade");
  const { edition } = enrolment;
  const { enrolmentId } = load(db, edition.id, enrolment.enrolmentId);
  const parsed = parseForm(GradeSchema, await readForm(request));
  if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
  try {
    await gradeAssignment({
      db,
      actor: user,
      edition,
      enrolmentId,
      score: parsed.data.score,
      passed: parsed.data.passed === "yes",
      feedback: parsed.data.feedback,
    });
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure(err.field, { key: err.key }, { score: String(parsed.data.score), passed: parsed.data.passed, feedback: parsed.data.feedback });
    throw err;
  }
  return { ok: true as const };
}

export default function GradePage() {
  const { t } = useTranslation("course");
  const { locale, edition, trainee, submission, state, enrolmentId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && !result.ok ? result.errors : {};
  const values = result && !result.ok ? result.values : {};
  const board = `/editions/${edition.id}/online`;
  return (
    <>
      <EditionBreadcrumb edition={edition} />
      <div className="page-head">
        <div>
          <p className="eyebrow">{t("grade.title")}</p>
          <h1>{trainee.name}</h1>
        </div>
        <ProgressBadge status={state} />
      </div>
      {result?.ok ? <Notice>{t("grade.saved")}</Notice> : null}
      {!submission ? (
        <p className="muted">{t("grade.noSubmission")}</p>
      ) : (
        <>
          <section className="card" aria-labelledby="work-title">
            <h2 id="work-title">{t("grade.work")}</h2>
            <p className="muted small">{t("assignment.submittedAt", { date: formatDateTime(submission.submittedAt, locale, edition.timeZone) })}</p>
            {submission.body ? <PlainText text={submission.body} /> : <p className="muted">{t("grade.noText")}</p>}
            {submission.fileName ? (
              <p>
                <a href={`${board}/assignments/${enrolmentId}/file`} download>
                  {t("assignment.download", {
                    name: submission.fileName,
                    size: Math.max(1, Math.round((submission.fileSize ?? 0) / 1024)),
                  })}
                </a>
              </p>
            ) : null}
          </section>
          <section className="card" aria-labelledby="grade-title">
            <h2 id="grade-title">{submission.gradedAt ? t("grade.regrade") : t("grade.grade")}</h2>
            {edition.onlineClosedAt ? (
              <p className="muted">{t("grade.errors.closed")}</p>
            ) : (
              <>
                <FormAlert error={errors.form} />
                <Form method="post" className="stack" noValidate>
                  <Field
                    name="score"
                    type="number"
                    label={t("grade.score")}
                    hint={t("grade.scoreHint")}
                    defaultValue={values.score ?? submission.score ?? ""}
                    error={errors.score}
                    required
                  />
                  <fieldset className="field">
                    <legend>{t("grade.passed")}</legend>
                    <label className="option">
                      <input
                        type="radio"
                        name="passed"
                        value="yes"
                        defaultChecked={(values.passed ?? (submission.passed === true ? "yes" : "")) === "yes"}
                      />
                      <span>{t("grade.yes")}</span>
                    </label>
                    <label className="option">
                      <input
                        type="radio"
                        name="passed"
                        value="no"
                        defaultChecked={(values.passed ?? (submission.passed === false ? "no" : "")) === "no"}
                      />
                      <span>{t("grade.no")}</span>
                    </label>
                    <ErrorText id="f-passed-error" error={errors.passed} />
                  </fieldset>
                  <div className="field">
                    <label htmlFor="f-feedback">{t("grade.feedback")}</label>
                    <span className="hint" id="f-feedback-hint">
                      {t("grade.feedbackHint")}
                    </span>
                    <textarea
                      id="f-feedback"
                      name="feedback"
                      rows={8}
                      maxLength={MAX_FEEDBACK_TEXT}
                      defaultValue={values.feedback ?? submission.feedback ?? ""}
                      aria-describedby={errors.feedback ? "f-feedback-hint f-feedback-error" : "f-feedback-hint"}
                      aria-invalid={errors.feedback ? true : undefined}
                    />
                    <ErrorText id="f-feedback-error" error={errors.feedback} />
                  </div>
                  <div className="actions">
                    <button type="submit" className="primary">
                      {t("grade.save")}
                    </button>
                  </div>
                </Form>
              </>
            )}
          </section>
        </>
      )}
    </>
  );
}
