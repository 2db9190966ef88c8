import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import { stateName } from "~/vocabulary";
import { ErrorText, FormAlert, Notice } from "~/components/form";
import { ReasonList, ResultBadge, TutorPageHead } from "~/components/online";
import { DomainError } from "~/domain/accounts.server";
import { formatPercent } from "~/lib/format";
import { localDay } from "~/domain/time-zone";
import { requireEdition } from "~/auth/guards.server";
import { closeOnlineStage, closePreview, overrideOnlineResult, reopenOnlineStage } from "~/domain/online-results.server";
import { encodeReasons } from "~/domain/online-rules";
import { formatDate, formatDateTime } from "~/lib/format";
import { fields, parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { TableScroll } from "~/components/table-scroll";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "course:close.title");

const CloseSchema = z.object({
  intent: z.literal("close"),
  confirm: z
    .string()
    .optional()
    .refine((v) => v === "on", { message: "course:close.errors.confirm" }),
  overrideReason: fields.optionalText(1000),
});
const ReopenSchema = z.object({ intent: z.literal("reopen"), reason: fields.text(1000) });
const OverrideSchema = z.object({
  intent: z.literal("override"),
  enrolmentId: fields.id(),
  result: z.enum(["passed", "not-passed"]),
  reason: fields.text(1000),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, edition, locale } = await requireEdition(request, params, "edition.grade");
  // one page of trainees; the counts come from aggregate SQL (a 10,000-trainee edition is never rendered whole)
  const page = Number(new URL(request.url).searchParams.get("page") ?? 1);
  const preview = closePreview({ db, edition, locale, page });
  const { modules, rows } = preview;
  return {
    locale,
    edition,
    progress: preview.progress,
    page: preview.page,
    pages: preview.pages,
    // what closing now would leave ungraded (the first ones named), and whether it would be before the stage's end date
    ungradedCount: preview.ungradedCount,
    ungraded: preview.ungraded.map((u) => ({ enrolmentId: u.enrolmentId, name: u.name, state: stateName(u.stateCode, locale) })),
    early: localDay(new Date(), edition.timeZone) < edition.onlineEndsOn,
    titles: Object.fromEntries(modules.map((m) => [m.slug, m.title])),
    rows: rows.map((r) => ({
      enrolmentId: r.enrolmentId,
      name: r.name,
      state: stateName(r.stateCode, locale),
      onlineResult: r.onlineResult,
      reason: edition.onlineClosedAt ? r.onlineResultReason : encodeReasons(r.projected.reasons),
      projected: r.projected.result,
      overridden: r.overridden,
      overrideReason: r.overrideReason,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, edition, user, locale } = await requireEdition(request, params, "edition.grade");
  const formData = await readForm(request);
  try {
    if (formData.get("intent") === "override") {
      const parsed = parseForm(OverrideSchema, formData);
      if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
      overrideOnlineResult({ db, actor: user, edition, ...parsed.data });
      return { ok: true as const, done: "override" as const, enrolmentId: parsed.data.enrolmentId };
    }
    if (formData.get("intent") === "reopen") {
      const parsed = parseForm(ReopenSchema, formData);
      if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
      reopenOnlineStage({ db, actor: user, edition, reason: parsed.data.reason });
      return { ok: true as const, done: "reopen" as const };
    }
    const parsed = parseForm(CloseSchema, formData);
    if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
    const counts = await closeOnlineStage({ db, actor: user, edition, locale, overrideReason: parsed.data.overrideReason });
    return { ok: true as const, done: "close" as const, ...counts };
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure(err.field, { key: err.key, values: err.values }, {}, 409);
    throw err;
  }
}

export default function CloseStage() {
  const { t, i18n } = useTranslation("course");
  const { locale, edition, rows, titles, ungraded, ungradedCount, early, progress, page, pages } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && !result.ok ? result.errors : {};
  const values = result && !result.ok ? result.values : {};
  const closed = Boolean(edition.onlineClosedAt);
  return (
    <>
      <TutorPageHead edition={edition} title={t("close.title")} />
      {result?.ok && result.done === "close" ? (
        <Notice>{t("close.closedNotice", { passed: result.passed, notPassed: result.notPassed })}</Notice>
      ) : null}
      {result?.ok && result.done === "override" ? <Notice>{t("close.overriddenNotice")}</Notice> : null}
      {result?.ok && result.done === "reopen" ? <Notice>{t("close.reopenedNotice")}</Notice> : null}
      <FormAlert error={errors.form} />
      {progress.state === "running" || progress.state === "interrupted" ? (
        <p className="alert warn" role="note">
          {progress.state === "running"
            ? t("close.running", { done: formatCount(progress.done, locale), total: formatCount(progress.total, locale) })
            : t("close.interrupted", {
                date: formatDateTime(progress.startedAt, locale, edition.timeZone),
                done: formatCount(progress.done, locale),
                total: formatCount(progress.total, locale),
              })}
        </p>
      ) : null}
      {closed ? (
        <>
          <p>{t("close.closedOn", { date: formatDateTime(edition.onlineClosedAt, locale, edition.timeZone) })}</p>
          {edition.status === "online" ? (
            <section className="card" aria-labelledby="reopen-title">
              <h2 id="reopen-title">{t("close.reopenTitle")}</h2>
              <p>{t("close.reopenExplain")}</p>
              <Form method="post" className="stack" noValidate>
                <input type="hidden" name="intent" value="reopen" />
                <div className="field">
                  <label htmlFor="f-reopen-reason">{t("close.reopenReason")}</label>
                  <textarea
                    id="f-reopen-reason"
                    name="reason"
                    rows={3}
                    maxLength={1000}
                    required
                    aria-invalid={errors.reason ? true : undefined}
                    aria-describedby={errors.reason ? "f-reopen-reason-error" : undefined}
                  />
                  <ErrorText id="f-reopen-reason-error" error={errors.reason} />
                </div>
                <div className="actions">
                  <button type="submit" className="secondary">
                    {t("close.reopen")}
                  </button>
                </div>
              </Form>
            </section>
          ) : null}
        </>
      ) : (
        <section className="card" aria-labelledby="close-now">
          <h2 id="close-now">{t("close.closeNow")}</h2>
          <p>{t("close.explain", { mark: formatPercent(edition.quizPassMark, i18n.language) })}</p>
          {edition.status !== "online" ? (
            <p className="alert warn">{t("close.errors.notOnline")}</p>
          ) : (
            <>
              {ungradedCount > 0 ? (
                <div className="alert warn" role="note">
                  <p>{t("close.ungraded", { count: ungradedCount })}</p>
                  <ul>
                    {ungraded.map((u) => (
                      <li key={u.enrolmentId}>
                        <Link to={`/editions/${edition.id}/online/assignments/${u.enrolmentId}`}>{u.name}</Link> ({u.state})
                      </li>
                    ))}
                    {ungradedCount > ungraded.length ? (
                      <li>
                        <Link to={`/editions/${edition.id}/online?status=to-grade`}>
                          {t("close.moreUngraded", { count: ungradedCount - ungraded.length })}
                        </Link>
                      </li>
                    ) : null}
                  </ul>
                </div>
              ) : null}
              {early ? <p className="alert info">{t("close.early", { date: formatDate(edition.onlineEndsOn, locale) })}</p> : null}
              <Form method="post" className="stack" noValidate>
                <input type="hidden" name="intent" value="close" />
                {ungradedCount > 0 || early ? (
                  <div className="field">
                    <label htmlFor="f-overrideReason">{t("close.overrideToClose")}</label>
                    <textarea
                      id="f-overrideReason"
                      name="overrideReason"
                      rows={3}
                      maxLength={1000}
                      aria-invalid={errors.overrideReason ? true : undefined}
                      aria-describedby={errors.overrideReason ? "f-overrideReason-error" : undefined}
                    />
                    <ErrorText id="f-overrideReason-error" error={errors.overrideReason} />
                  </div>
                ) : null}
                <label className="option">
                  <input type="checkbox" name="confirm" aria-describedby="confirm-error" />
                  <span>{t("close.confirm", { count: progress.total })}</span>
                </label>
                <ErrorText id="confirm-error" error={errors.confirm} />
                <div className="actions">
                  <button type="submit" className="primary">
                    {t("close.submit")}
                  </button>
                </div>
                <CloseProgress editionId={edition.id} locale={locale} />
              </Form>
            </>
          )}
        </section>
      )}
      <h2 id="results-title">{closed ? t("close.results") : t("close.preview")}</h2>
      <TableScroll labelledBy="results-title">
        <table aria-labelledby="results-title" className="stack-table">
          <thead>
            <tr>
              <th scope="col">{t("board.trainee")}</th>
              <th scope="col">{t("board.state")}</th>
              <th scope="col">{t("board.result")}</th>
              <th scope="col">{t("close.reasons")}</th>
              {closed ? <th scope="col">{t("close.override")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const editing = result && !result.ok && values.enrolmentId === String(r.enrolmentId);
              return (
                <tr key={r.enrolmentId}>
                  <th scope="row">{r.name}</th>
                  <td data-label={t("board.state")}>{r.state}</td>
                  <td data-label={t("board.result")}>
                    <ResultBadge result={closed ? r.onlineResult : r.projected} />
                    {r.overridden ? <div className="small muted">{t("board.overridden")}</div> : null}
                  </td>
                  <td data-label={t("close.reasons")}>
                    <ReasonList stored={r.reason} titles={titles} />
                    {r.overrideReason ? <p className="small">{t("course.overrideNote", { reason: r.overrideReason })}</p> : null}
                  </td>
                  {closed ? (
                    <td className="row-actions">
                      {/* a new key once the result changed: the override form closes and empties after success */}
                      <details open={Boolean(editing)} key={`${r.onlineResult}-${r.overrideReason ?? ""}`}>
                        <summary>{t("close.overrideFor", { name: r.name })}</summary>
                        <Form method="post" className="stack override-form">
                          <input type="hidden" name="intent" value="override" />
                          <input type="hidden" name="enrolmentId" value={r.enrolmentId} />
                          <div className="field">
                            <label htmlFor={`result-${r.enrolmentId}`}>{t("close.newResult")}</label>
                            <select
                              id={`result-${r.enrolmentId}`}
                              name="result"
                              defaultValue={r.onlineResult === "passed" ? "not-passed" : "passed"}
                            >
                              <option value="passed">{t("result.passed")}</option>
                              <option value="not-passed">{t("result.not-passed")}</option>
                            </select>
                          </div>
                          <div className="field">
                            <label htmlFor={`reason-${r.enrolmentId}`}>{t("close.overrideReason")}</label>
                            <textarea
                              id={`reason-${r.enrolmentId}`}
                              name="reason"
                              rows={3}
                              maxLength={1000}
                              required
                              aria-invalid={editing && errors.reason ? true : undefined}
                              aria-describedby={editing && errors.reason ? `reason-${r.enrolmentId}-error` : undefined}
                            />
                            {editing ? <ErrorText id={`reason-${r.enrolmentId}-error`} error={errors.reason} /> : null}
                          </div>
                          <button type="submit" className="secondary">
                            {t("close.saveOverride")}
                          </button>
                        </Form>
                      </details>
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      {pages > 1 ? (
        <nav className="pager" aria-label={t("board.pager")}>
          {page > 1 ? (
            <Link to={`?page=${page - 1}`} rel="prev">
              ← {t("board.previousPage")}
            </Link>
          ) : (
            <span />
          )}
          <span aria-current="page">{t("board.pageOf", { page, pages })}</span>
          {page < pages ? (
            <Link to={`?page=${page + 1}`} rel="next">
              {t("board.nextPage")} →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}

const formatCount = (n: number, locale: string) => new Intl.NumberFormat(locale).format(n);

/** While the close's POST runs (batches of trainees), the counts read from the progress route. */
function CloseProgress({ editionId, locale }: { editionId: number; locale: string }) {
  const { t } = useTranslation("course");
  const navigation = useNavigation();
  const running = navigation.state === "submitting" && navigation.formData?.get("intent") === "close";
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  useEffect(() => {
    if (!running) {
      setProgress(null);
      return;
    }
    const controller = new AbortController();
    const tick = async () => {
      try {
        const res = await fetch(`/editions/${editionId}/online/close/progress`, { signal: controller.signal });
        if (res.ok) setProgress((await res.json()) as { done: number; total: number });
      } catch {
        // aborted or offline: the next tick tries again
      }
    };
    const timer = setInterval(tick, 700);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [running, editionId]);
  if (!running || !progress) return null;
  return (
    <div className="issue-progress">
      <progress max={Math.max(1, progress.total)} value={progress.done} aria-label={t("close.progressLabel")} />
      {/* biome-ignore lint/a11y/useSemanticElements: a polite live region for progress */}
      <span role="status" aria-live="polite">
        {t("close.running", { done: formatCount(progress.done, locale), total: formatCount(progress.total, locale) })}
      </span>
    </div>
  );
}
