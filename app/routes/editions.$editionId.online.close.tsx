import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import { stateName } from "~/vocabulary";
import { ErrorText, FormAlert, Notice } from "~/components/form";
import { ReasonList, ResultBadge, TutorPageHead } from "~/components/online";
import { DomainError } from "~/domain/accounts.server";
import { requireEdition } from "~/auth/guards.server";
import { closeOnlineStage, onlineRecords, overrideOnlineResult } from "~/domain/online-results.server";
import { encodeReasons } from "~/domain/online-rules";
import { formatDateTime } from "~/lib/format";
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
});
const OverrideSchema = z.object({
  intent: z.literal("override"),
  enrolmentId: fields.id(),
  result: z.enum(["passed", "not-passed"]),
  reason: fields.text(1000),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, edition, locale } = await requireEdition(request, params, "edition.grade");
  const { modules, rows } = onlineRecords(db, edition, locale);
  return {
    locale,
    edition,
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
    const parsed = parseForm(CloseSchema, formData);
    if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
    const counts = await closeOnlineStage({ db, actor: user, edition, locale });
    return { ok: true as const, done: "close" as const, ...counts };
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure("form", { key: err.key }, {}, 409);
    throw err;
  }
}

export default function CloseStage() {
  const { t } = useTranslation("course");
  const { locale, edition, rows, titles } = useLoaderData<typeof loader>();
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
      <FormAlert error={errors.form} />
      {closed ? (
        <p>{t("close.closedOn", { date: formatDateTime(edition.onlineClosedAt, locale) })}</p>
      ) : (
        <section className="card" aria-labelledby="close-now">
          <h2 id="close-now">{t("close.closeNow")}</h2>
          <p>{t("close.explain", { mark: edition.quizPassMark })}</p>
          {edition.status !== "online" ? (
            <p className="alert warn">{t("close.errors.notOnline")}</p>
          ) : (
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="close" />
              <label className="option">
                <input type="checkbox" name="confirm" aria-describedby="confirm-error" />
                <span>{t("close.confirm", { count: rows.length })}</span>
              </label>
              <ErrorText id="confirm-error" error={errors.confirm} />
              <div className="actions">
                <button type="submit" className="primary">
                  {t("close.submit")}
                </button>
              </div>
            </Form>
          )}
        </section>
      )}
      <h2 id="results-title">{closed ? t("close.results") : t("close.preview")}</h2>
      <TableScroll labelledBy="results-title">
        <table aria-labelledby="results-title">
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
                  <td>{r.state}</td>
                  <td>
                    <ResultBadge result={closed ? r.onlineResult : r.projected} />
                    {r.overridden ? <div className="small muted">{t("board.overridden")}</div> : null}
                  </td>
                  <td>
                    <ReasonList stored={r.reason} titles={titles} />
                    {r.overrideReason ? <p className="small">{t("course.overrideNote", { reason: r.overrideReason })}</p> : null}
                  </td>
                  {closed ? (
                    <td>
                      <details open={Boolean(editing)}>
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
    </>
  );
}
