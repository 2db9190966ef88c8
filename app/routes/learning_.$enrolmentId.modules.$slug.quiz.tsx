import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import { FormAlert, Notice } from "~/components/form";
import { WindowNotice } from "~/components/online";
import { DomainError } from "~/domain/accounts.server";
import { notFound, requireEnrolment } from "~/auth/guards.server";
import { type QuestionResult, quizPage, submitQuiz } from "~/domain/online.server";
import { formatDateTime, formatPercent } from "~/lib/format";
import { fieldFailure } from "~/lib/forms.server";
import { TableScroll } from "~/components/table-scroll";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.page.listing.title} · Quiz · Aula` : "Aula" }];

/** Answers arrive as `q:<questionId>` = `<optionId>`; anything else is ignored, and unknown ids grade as wrong. */
const AnswersSchema = z.record(z.string().max(64), z.string().max(64));

function answersFrom(formData: FormData): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [name, value] of formData.entries()) {
    if (typeof value === "string" && name.startsWith("q:") && name.length <= 66) raw[name.slice(2)] = value;
  }
  const parsed = AnswersSchema.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, enrolment, locale } = await requireEnrolment(request, params, "enrolment.study");
  const page = quizPage({ db, enrolment, slug: params.slug ?? "", locale });
  if (!page) throw notFound();
  return { locale, enrolmentId: enrolment.enrolmentId, edition: enrolment.edition, page };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, enrolment, locale } = await requireEnrolment(request, params, "enrolment.study");
  const answers = answersFrom(await readForm(request));
  try {
    const feedback = submitQuiz({ db, enrolment, slug: params.slug ?? "", locale, answers });
    return { ok: true as const, feedback };
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure("form", { key: err.key }, {}, 409);
    throw err;
  }
}

export default function QuizPage() {
  const { t } = useTranslation("course");
  const { locale, enrolmentId, edition, page } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const feedback = result?.ok ? result.feedback : null;
  const base = `/learning/${enrolmentId}`;
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={base}>{t("course.title")}</Link> <span aria-hidden="true">›</span>{" "}
        <Link to={`${base}/modules/${page.listing.slug}`} lang={page.listing.locale}>
          {page.listing.title}
        </Link>
      </nav>
      <div className="page-head">
        <div>
          <p className="eyebrow">{t("quiz.eyebrow")}</p>
          <h1 lang={page.listing.locale}>{page.listing.title}</h1>
        </div>
      </div>
      <WindowNotice
        window={page.window}
        startsOn={edition.onlineStartsOn}
        endsOn={edition.onlineEndsOn}
        closedAt={edition.onlineClosedAt}
        locale={locale}
      />
      <section className="card" aria-labelledby="rules-title">
        <h2 id="rules-title" className="visually-hidden">
          {t("quiz.rules")}
        </h2>
        <dl className="stats">
          <div>
            <dt>{t("quiz.passMark")}</dt>
            <dd>{formatPercent(page.passMark, locale)}</dd>
          </div>
          <div>
            <dt>{t("quiz.best")}</dt>
            <dd>{formatPercent(page.best, locale)}</dd>
          </div>
          <div>
            <dt>{t("quiz.attemptsLeft")}</dt>
            <dd>
              {page.attemptsLeft} / {page.attemptsAllowed}
            </dd>
          </div>
        </dl>
      </section>

      {result && !result.ok ? <FormAlert error={result.errors.form} /> : null}

      {feedback ? (
        <section className="card quiz-feedback" aria-labelledby="feedback-title">
          <h2 id="feedback-title" tabIndex={-1}>
            {t("quiz.feedbackTitle", { no: feedback.attemptNo })}
          </h2>
          <Notice tone={feedback.passed ? "success" : "warn"}>
            {t(feedback.passed ? "quiz.passedScore" : "quiz.failedScore", {
              score: formatPercent(feedback.score, locale),
              correct: feedback.correct,
              total: feedback.total,
              mark: formatPercent(page.passMark, locale),
            })}
          </Notice>
          {feedback.questions.length > 0 ? (
            <QuestionResults questions={feedback.questions} quizLocale={page.quizLocale} locale={locale} />
          ) : feedback.withheldUntil ? (
            <p>{t(`quiz.withheld.${feedback.withheldUntil}`)}</p>
          ) : null}
        </section>
      ) : null}

      {page.review && !feedback?.questions.length ? (
        <section className="card quiz-feedback" aria-labelledby="review-title">
          <h2 id="review-title">{t("quiz.reviewTitle", { no: page.review.attemptNo })}</h2>
          <QuestionResults questions={page.review.questions} quizLocale={page.quizLocale} locale={locale} />
        </section>
      ) : null}

      {page.quiz ? (
        <Form method="post" className="quiz card" key={feedback ? `after-${feedback.attemptNo}` : "quiz"}>
          <h2>
            {page.best !== null && page.best >= page.passMark
              ? t("quiz.improve", { left: page.attemptsLeft })
              : feedback
                ? t("quiz.tryAgain", { left: page.attemptsLeft })
                : t("quiz.instructions", { count: page.questionCount })}
          </h2>
          {page.quizFallback ? (
            <div className="alert warn" role="note">
              {t("module.fallback", { language: t(`languages.${page.quizLocale}`) })}
            </div>
          ) : null}
          <ol className="questions" lang={page.quizLocale}>
            {page.quiz.questions.map((q, i) => (
              <li key={q.id}>
                <fieldset>
                  <legend>
                    <span className="q-number" aria-hidden="true">
                      {i + 1}.
                    </span>{" "}
                    <span className="visually-hidden" lang={locale}>
                      {t("quiz.question", { n: i + 1 })}{" "}
                    </span>
                    {q.prompt}
                  </legend>
                  {q.options.map((o) => (
                    <label key={o.id} className="option">
                      <input type="radio" name={`q:${q.id}`} value={o.id} required />
                      <span>{o.text}</span>
                    </label>
                  ))}
                </fieldset>
              </li>
            ))}
          </ol>
          <div className="actions">
            <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
              {t("quiz.submit")}
            </button>
            <span className="muted small">{t("quiz.submitHint", { left: page.attemptsLeft })}</span>
          </div>
        </Form>
      ) : page.window === "open" ? (
        <section className="card" aria-labelledby="final-title">
          <h2 id="final-title">{t("quiz.noAttemptsTitle")}</h2>
          <p>
            {t(page.best !== null && page.best >= page.passMark ? "quiz.finalPassed" : "quiz.finalFailed", {
              best: formatPercent(page.best ?? 0, locale),
              mark: formatPercent(page.passMark, locale),
            })}
          </p>
        </section>
      ) : null}

      {page.attempts.length > 0 ? (
        <section aria-labelledby="attempts-title">
          <h2 id="attempts-title">{t("quiz.attempts")}</h2>
          <TableScroll labelledBy="attempts-title">
            <table className="stack-table">
              <thead>
                <tr>
                  <th scope="col">{t("quiz.attempt")}</th>
                  <th scope="col">{t("quiz.submittedAt")}</th>
                  <th scope="col" className="num">
                    {t("quiz.score")}
                  </th>
                  <th scope="col">{t("quiz.outcome")}</th>
                </tr>
              </thead>
              <tbody>
                {page.attempts.map((a) => (
                  <tr key={a.attemptNo}>
                    <th scope="row">{a.attemptNo}</th>
                    <td data-label={t("quiz.submittedAt")}>{formatDateTime(a.submittedAt, locale, edition.timeZone)}</td>
                    <td className="num" data-label={t("quiz.score")}>{formatPercent(a.score, locale)}</td>
                    <td data-label={t("quiz.outcome")}>
                      <span className={`badge ${a.passed ? "ok" : "warn"}`}>{t(a.passed ? "quiz.passed" : "quiz.notPassed")}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ) : null}
      <p>
        <Link to={`${base}/modules/${page.listing.slug}`}>{t("quiz.backToModule")}</Link> ·{" "}
        <Link to={base}>{t("quiz.backToCourse")}</Link>
      </p>
    </>
  );
}

/** Which answers were right, question by question (shown only once the edition allows it). */
function QuestionResults({ questions, quizLocale, locale }: { questions: QuestionResult[]; quizLocale: string; locale: string }) {
  const { t } = useTranslation("course");
  return (
    <ol className="quiz-results" lang={quizLocale}>
      {questions.map((q) => (
        <li key={q.id} className={q.correct ? "is-correct" : "is-wrong"}>
          <p className="question-prompt">{q.prompt}</p>
          <p className="small" lang={locale}>
            <strong>{t(q.correct ? "quiz.correct" : "quiz.incorrect")}</strong>{" "}
            {q.chosen ? t("quiz.yourAnswer", { answer: q.chosen }) : t("quiz.noAnswer")}
          </p>
          {q.feedback ? <p className="small feedback">{q.feedback}</p> : null}
          {q.explanation ? (
            <p className="small explanation">
              <strong lang={locale}>{t("quiz.why")}</strong> {q.explanation}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
