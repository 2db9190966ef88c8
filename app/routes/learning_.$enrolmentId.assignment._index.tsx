import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import { ErrorText, FormAlert, Notice } from "~/components/form";
import { PlainText, ProgressBadge } from "~/components/online";
import { DomainError } from "~/domain/accounts.server";
import { assignmentPage, submitAssignment } from "~/domain/assignments.server";
import { MAX_ASSIGNMENT_TEXT } from "~/domain/online-rules";
import { requireEnrolment } from "~/auth/guards.server";
import { MAX_ASSIGNMENT_BYTES } from "~/domain/upload-check";
import { formatDate, formatDateTime } from "~/lib/format";
import { fields, parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { bodyRefusal, tryReadForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "course:assignment.title");

const SubmissionSchema = z.object({
  body: fields.optionalText(MAX_ASSIGNMENT_TEXT),
  removeFile: z.literal("on").optional(),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, enrolment, locale } = await requireEnrolment(request, params, "enrolment.study");
  return { locale, enrolmentId: enrolment.enrolmentId, ...assignmentPage({ db, enrolment }) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, enrolment, user } = await requireEnrolment(request, params, "enrolment.study");
  const read = await tryReadForm(request, { files: { file: MAX_ASSIGNMENT_BYTES }, maxFieldBytes: 4 * MAX_ASSIGNMENT_TEXT + 1024 });
  if (!read.ok) {
    if (read.field !== "file") throw bodyRefusal(read);
    return fieldFailure("file", { key: "course:assignment.errors.tooLarge", values: { mb: MAX_ASSIGNMENT_BYTES / 1048576 } }, {}, 413);
  }
  const formData = read.form;
  const parsed = parseForm(SubmissionSchema, formData);
  if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
  const upload = formData.get("file");
  const file =
    upload instanceof File && upload.size > 0 ? { name: upload.name, bytes: new Uint8Array(await upload.arrayBuffer()) } : null;
  try {
    submitAssignment({
      db,
      actorId: user.id,
      enrolment,
      body: parsed.data.body,
      file,
      removeFile: parsed.data.removeFile === "on",
    });
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure(err.field, { key: err.key, values: err.values }, { body: parsed.data.body ?? "" });
    throw err;
  }
  return { ok: true as const };
}

export default function AssignmentPage() {
  const { t } = useTranslation("course");
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { submission, locale } = data;
  const errors = result && !result.ok ? result.errors : {};
  const values = result && !result.ok ? result.values : {};
  const base = `/learning/${data.enrolmentId}`;
  const graded = Boolean(submission?.gradedAt);
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={base}>{t("course.title")}</Link>
      </nav>
      <div className="page-head">
        <h1>{t("assignment.title")}</h1>
        <ProgressBadge status={data.state} />
      </div>
      <p className="lede">{t("assignment.lede")}</p>
      <p>
        {t("assignment.due", { date: formatDate(data.dueOn, locale, "long") })}{" "}
        {!graded ? t("assignment.resubmitUntilGraded") : null}
      </p>
      {result?.ok ? <Notice>{t("assignment.saved")}</Notice> : null}

      {submission ? (
        <section className="card" aria-labelledby="current-title">
          <h2 id="current-title">{t("assignment.current")}</h2>
          <p className="muted small">{t("assignment.submittedAt", { date: formatDateTime(submission.submittedAt, locale) })}</p>
          {submission.body ? <PlainText text={submission.body} /> : null}
          {submission.fileName ? (
            <p>
              <a href={`${base}/assignment/file`} download>
                {t("assignment.download", {
                  name: submission.fileName,
                  size: Math.max(1, Math.round((submission.fileSize ?? 0) / 1024)),
                })}
              </a>
            </p>
          ) : null}
          {graded ? (
            <div className="grade-box">
              <h3>{t("assignment.gradeTitle")}</h3>
              <p>
                <ProgressBadge status={submission.passed ? "passed" : "not-passed"} />{" "}
                {t("assignment.score", { score: submission.score ?? 0 })}
              </p>
              {submission.feedback ? (
                <>
                  <h4>{t("assignment.feedback")}</h4>
                  <PlainText text={submission.feedback} />
                </>
              ) : null}
            </div>
          ) : null}
        </section>
      ) : null}

      {!data.open && !graded ? (
        <Notice tone="info">
          {t("assignment.notOpen", { start: formatDate(data.startsOn, locale, "long"), end: formatDate(data.dueOn, locale, "long") })}
        </Notice>
      ) : null}

      {data.open && !graded ? (
        <section className="card" aria-labelledby="submit-title">
          <h2 id="submit-title">{submission ? t("assignment.resubmit") : t("assignment.submit")}</h2>
          <FormAlert error={errors.form} />
          <Form method="post" encType="multipart/form-data" className="stack" key={result?.ok ? submission?.submittedAt : "form"}>
            <div className="field">
              <label htmlFor="f-body">{t("assignment.text")}</label>
              <span className="hint" id="f-body-hint">
                {t("assignment.textHint", { max: MAX_ASSIGNMENT_TEXT })}
              </span>
              <textarea
                id="f-body"
                name="body"
                rows={10}
                maxLength={MAX_ASSIGNMENT_TEXT}
                defaultValue={values.body ?? submission?.body ?? ""}
                aria-describedby={errors.body ? "f-body-hint f-body-error" : "f-body-hint"}
                aria-invalid={errors.body ? true : undefined}
              />
              <ErrorText id="f-body-error" error={errors.body} />
            </div>
            <div className="field">
              <label htmlFor="f-file">{t("assignment.file")}</label>
              <span className="hint" id="f-file-hint">
                {t("assignment.fileHint", { mb: MAX_ASSIGNMENT_BYTES / 1048576 })}
              </span>
              <input
                id="f-file"
                name="file"
                type="file"
                accept=".pdf,.docx,.odt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text"
                aria-describedby={errors.file ? "f-file-hint f-file-error" : "f-file-hint"}
                aria-invalid={errors.file ? true : undefined}
              />
              <ErrorText id="f-file-error" error={errors.file} />
            </div>
            {submission?.fileName ? (
              <label className="option">
                <input type="checkbox" name="removeFile" />
                <span>{t("assignment.removeFile", { name: submission.fileName })}</span>
              </label>
            ) : null}
            <div className="actions">
              <button type="submit" className="primary">
                {submission ? t("assignment.resubmit") : t("assignment.submit")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}
