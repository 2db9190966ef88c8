import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import { stateName } from "~/vocabulary";
import { CsvErrors } from "~/components/csv-errors";
import { ConfirmAction } from "~/components/confirm";
import { ErrorSummary, Field, FormAlert, Notice } from "~/components/form";
import { ResendInvitation } from "~/components/resend-invitation";
import { resendInvitationAction } from "~/lib/resend-invitation.server";
import { StatusBadge } from "~/components/status";
import { TableScroll } from "~/components/table-scroll";
import { DomainError } from "~/domain/accounts.server";
import { courseTitle } from "~/domain/editions.server";
import {
  importNominations,
  NominationImportError,
  nominateTrainee,
  nominationWindow,
  participationRoster,
  withdrawTrainee,
} from "~/domain/enrolments.server";
import { requireParticipation } from "~/auth/guards.server";
import { LOCALE_NAMES, LOCALES } from "~/i18n/config";
import { MAX_CSV_BYTES, parseCsv } from "~/lib/csv.server";
import { formatDate } from "~/lib/format";
import { noticeCount, noticeRecord } from "~/lib/notices";
import { fields, parseForm } from "~/lib/forms";
import { NOMINATION_COLUMNS, NomineeSchema } from "~/lib/nomination-schema";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { bodyRefusal, tryReadForm } from "~/lib/upload.server";
import { HistoryLink } from "~/components/history-link";
import { canWithdraw } from "~/domain/edition-phase";
import { localDay } from "~/domain/time-zone";

export const meta: MetaFunction = ({ data: d }) => [{ title: `${(d as { title?: string } | undefined)?.title ?? ""} · Aula` }];

/** Roster rows per page. */
const ROSTER_PAGE_SIZE = 100;

function pageLink(params: URLSearchParams, page: number): string {
  const next = new URLSearchParams(params);
  next.set("page", String(page));
  return `?${next.toString()}`;
}

const NominateSchema = NomineeSchema.extend({ locale: z.enum(LOCALES) });
const WithdrawSchema = z.object({ enrolmentId: fields.id(), reason: fields.text(300) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale, participation, edition, courseSlug } = await requireParticipation(request, params, "participation.view");
  const all = participationRoster(db, participation.id);
  const state = stateName(participation.stateCode, locale);
  // one page of the roster (a state can have hundreds); the counts and the notices' people come from all of it
  const url = new URL(request.url);
  const pages = Math.max(1, Math.ceil(all.length / ROSTER_PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Math.floor(Number(url.searchParams.get("page") ?? 1)) || 1));
  const noticed = all.filter(
    (r) =>
      [url.searchParams.get("nominated"), url.searchParams.get("withdrawn")].includes(String(r.enrolmentId)) ||
      url.searchParams.get("resent") === String(r.userId),
  );
  return {
    title: `${state} · ${edition.name}`,
    state,
    course: courseTitle(courseSlug, locale),
    edition: { id: edition.id, name: edition.name, status: edition.status },
    participation: { id: participation.id, quota: participation.quota, agreementStatus: participation.agreementStatus },
    window: participation.agreementStatus !== "agreed" ? ("not-agreed" as const) : nominationWindow(edition),
    windowDates: { from: formatDate(edition.nominationOpensOn, locale), to: formatDate(edition.nominationClosesOn, locale) },
    canWithdraw: canWithdraw(edition, localDay(new Date(), edition.timeZone)),
    roster: all.slice((page - 1) * ROSTER_PAGE_SIZE, page * ROSTER_PAGE_SIZE),
    noticed,
    page,
    pages,
    enrolled: all.filter((r) => r.status === "enrolled").length,
    waitlisted: all.filter((r) => r.status === "waitlisted").length,
    locale,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, locale, participation } = await requireParticipation(request, params, "participation.nominate");
  const back = `/coordination/${participation.id}`;
  const read = await tryReadForm(request, { files: { file: MAX_CSV_BYTES } });
  if (!read.ok) {
    if (read.field !== "file") throw bodyRefusal(read);
    return data({ ok: false as const, intent: "csv", csvErrors: [{ row: 1, column: null, error: { key: "csv.tooLarge", values: { kb: MAX_CSV_BYTES / 1024 } } }] }, { status: 413 });
  }
  const form = read.form;
  const intent = form.get("intent");
  if (intent === "resend-invitation") {
    return resendInvitationAction({ db, actor: user, form, scope: { kind: "trainee", participationId: participation.id }, fallbackLocale: locale, back });
  }
  try {
    if (intent === "import") {
      const file = form.get("file");
      if (!(file instanceof File) || file.size === 0) {
        return data({ ok: false as const, intent: "csv", csvErrors: [{ row: 1, column: null, error: { key: "editions:nominate.csvRequired" } }] }, { status: 400 });
      }
      const parsed = parseCsv(new Uint8Array(await file.arrayBuffer()), NOMINATION_COLUMNS, NomineeSchema);
      // every row is checked against every rule, also when some rows are already invalid
      const rows = parsed.ok ? parsed.rows : parsed.valid.map((v) => v.value);
      const lines = parsed.ok ? parsed.lines : parsed.valid.map((v) => v.row);
      const invalid = parsed.ok ? [] : parsed.errors;
      if (!parsed.ok && parsed.valid.length === 0) return data({ ok: false as const, intent: "csv", csvErrors: invalid }, { status: 400 });
      try {
        const r = await importNominations({ db, actor: user, participationId: participation.id, rows, lines, invalid, fallbackLocale: locale });
        return redirect(`${back}?imported=${r.enrolled}-${r.waitlisted}`);
      } catch (err) {
        if (err instanceof NominationImportError) return data({ ok: false as const, intent: "csv", csvErrors: err.rows }, { status: 400 });
        throw err;
      }
    }
    if (intent === "nominate") {
      const parsed = parseForm(NominateSchema, form);
      if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
      const { locale: inviteLocale, ...trainee } = parsed.data;
      const r = await nominateTrainee({ db, actor: user, participationId: participation.id, trainee: { ...trainee, locale: inviteLocale }, fallbackLocale: inviteLocale });
      return redirect(`${back}?nominated=${r.enrolmentId}${r.account === "new" ? "" : `&account=${r.account}`}`);
    }
    if (intent === "withdraw") {
      const parsed = parseForm(WithdrawSchema, form);
      if (!parsed.ok) return formFailure(parsed.errors, { intent: "withdraw", enrolmentId: String(form.get("enrolmentId") ?? "") });
      const r = await withdrawTrainee({ db, actor: user, participationId: participation.id, enrolmentId: parsed.data.enrolmentId, reason: parsed.data.reason, fallbackLocale: locale });
      return redirect(`${back}?withdrawn=${parsed.data.enrolmentId}&promoted=${r.promoted}`);
    }
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure(err.field, { key: err.key, values: err.values }, {});
    throw err;
  }
  return fieldFailure("form", { key: "errors.invalid" });
}

export default function StateNominations() {
  const { t } = useTranslation("editions");
  const { t: tc } = useTranslation();
  const { t: tco } = useTranslation("course");
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const failure = result && "errors" in result ? result : null;
  const errors = failure?.errors ?? {};
  const values = failure?.values ?? {};
  const csvErrors = result && "csvErrors" in result ? result.csvErrors : [];
  const open = d.window === "open";
  // notices name people only from the roster the loader sent, never from the URL
  const nominated = noticeRecord(params, "nominated", d.noticed, (r) => r.enrolmentId);
  const withdrawn = noticeRecord(params, "withdrawn", d.noticed, (r) => r.enrolmentId);
  const promoted = noticeCount(params, "promoted");
  const account = ["updated", "kept"].includes(params.get("account") ?? "") ? (params.get("account") as "updated" | "kept") : null;
  const resent = noticeRecord(params, "resent", d.noticed, (r) => r.userId);
  const imported = /^\d{1,6}-\d{1,6}$/.test(params.get("imported") ?? "") ? params.get("imported")!.split("-") : null;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted small">{d.course} · {d.edition.name}</p>
          <h1>{d.state}</h1>
        </div>
        <StatusBadge status={d.edition.status} />
      </div>
      <section className="card" aria-labelledby="seats-title">
        <h2 id="seats-title" className="visually-hidden">{t("board.quota")}</h2>
        <dl className="stats">
          <div><dt>{t("board.quota")}</dt><dd>{d.participation.quota}</dd></div>
          <div><dt>{t("board.enrolled")}</dt><dd>{d.enrolled}</dd></div>
          <div><dt>{t("board.waitlisted")}</dt><dd>{d.waitlisted}</dd></div>
        </dl>
        <meter className="meter" min={0} max={Math.max(1, d.participation.quota)} value={d.enrolled} aria-label={t("nominate.seats", { enrolled: d.enrolled, quota: d.participation.quota })}>
          {d.enrolled} / {d.participation.quota}
        </meter>
        <p className="muted small" style={{ marginTop: ".75rem" }}>{t("nominate.windowDates", d.windowDates)}</p>
        <p className="small">
          <Link to={`/coordination/${d.participation.id}/report`}>{t("insight:report.link")}</Link>
        </p>
      </section>

      {nominated ? (
        <Notice tone={nominated.status === "waitlisted" ? "warn" : "success"}>
          {nominated.status === "waitlisted"
            ? t("nominate.waitlisted", { name: nominated.name, position: nominated.waitlistPosition })
            : t("nominate.enrolled", { name: nominated.name })}
          {account ? ` ${t(`nominate.existingAccount.${account}`)}` : null}
        </Notice>
      ) : null}
      {imported ? <Notice>{t("nominate.imported", { enrolled: imported[0], waitlisted: imported[1] })}</Notice> : null}
      {withdrawn ? <Notice>{t(promoted ? "nominate.withdrawnPromoted" : "nominate.withdrawn", { name: withdrawn.name })}</Notice> : null}
      <ErrorSummary errors={errors} />
      {resent ? <Notice>{tc("invitations.resent", { email: resent.email })}</Notice> : null}
      <FormAlert error={errors.resend} />

      {open ? (
        <div className="grid">
          <section className="card" aria-labelledby="nominate-title">
            <h2 id="nominate-title">{t("nominate.form")}</h2>
            <p className="muted small">{t("nominate.lede")}</p>
            {/* a new key after each success (the redirect's query) empties the form for the next person */}
            <Form key={params.toString()} method="post" className="stack" noValidate>
              <input type="hidden" name="intent" value="nominate" />
              <Field name="name" label={t("nominate.name")} defaultValue={values.name} error={errors.name} maxLength={120} autoComplete="off" />
              <Field name="email" type="email" label={t("nominate.email")} defaultValue={values.email} error={errors.email} autoComplete="off" />
              <Field name="institution" label={t("nominate.institution")} defaultValue={values.institution} error={errors.institution} maxLength={200} />
              <Field name="position" label={t("nominate.position")} defaultValue={values.position} error={errors.position} maxLength={160} />
              <Field name="locale" label={t("nominate.language")} error={errors.locale}>
                <select id="f-locale" name="locale" defaultValue={values.locale ?? d.locale}>
                  {LOCALES.map((l) => (
                    <option key={l} value={l} lang={l}>{LOCALE_NAMES[l]}</option>
                  ))}
                </select>
              </Field>
              <p className="muted small">{t("nominate.residence", { state: d.state })}</p>
              <button type="submit" className="primary" disabled={busy}>{t("nominate.submit")}</button>
            </Form>
          </section>
          <section className="card" aria-labelledby="csv-title">
            <h2 id="csv-title">{t("nominate.csv")}</h2>
            <p className="muted small">{t("nominate.csvLede")}</p>
            <p>
              <a href={`/coordination/${d.participation.id}/template.csv`} download>{t("nominate.template")}</a>
            </p>
            <CsvErrors errors={csvErrors} />
            <Form key={params.toString()} method="post" encType="multipart/form-data" className="stack">
              <input type="hidden" name="intent" value="import" />
              <div className="field">
                <label htmlFor="f-file">{t("nominate.csvFile")}</label>
                <input id="f-file" name="file" type="file" accept=".csv,text/csv" required />
              </div>
              <button type="submit" className="secondary" disabled={busy}>{t("nominate.upload")}</button>
            </Form>
          </section>
        </div>
      ) : (
        <div className="alert info">{d.window === "not-agreed" ? t("nominate.notAgreed") : t(`nominate.window.${d.window}`)}</div>
      )}

      <section aria-labelledby="roster-title" style={{ marginTop: "1rem" }}>
        <div className="page-head">
          <h2 id="roster-title">{t("nominate.roster")}</h2>
          {d.roster.length > 0 ? (
            <p className="actions">
              <a href={`/coordination/${d.participation.id}/roster.csv`} download>
                {t("nominate.exportCsv")}
              </a>
              <a href={`/coordination/${d.participation.id}/roster.xlsx`} download>
                {t("insight:downloads.xlsx")}
              </a>
            </p>
          ) : null}
        </div>
        {d.roster.length === 0 ? (
          <p className="muted">{t("nominate.nobody")}</p>
        ) : (
          <TableScroll labelledBy="roster-title">
            <table className="stack-table">
              <thead>
                <tr>
                  <th scope="col">{t("nominate.name")}</th>
                  <th scope="col">{t("nominate.institution")}</th>
                  <th scope="col">{t("nominate.status")}</th>
                  <th scope="col">{t("nominate.account")}</th>
                  {d.canWithdraw ? <th scope="col"><span className="visually-hidden">{t("nominate.withdraw")}</span></th> : null}
                </tr>
              </thead>
              <tbody>
                {d.roster.map((r) => (
                  <tr key={r.enrolmentId}>
                    <th scope="row">
                      {r.name}
                      <div className="muted small">{r.email}</div>
                      <HistoryLink enrolmentId={r.enrolmentId} name={r.name} />
                    </th>
                    <td data-label={t("nominate.institution")}>{r.institution}<div className="muted small">{r.position}</div></td>
                    <td data-label={t("nominate.status")}>
                      <StatusBadge status={r.status} />
                      {r.waitlistPosition ? <div className="small">{t("nominate.waitlistPlace", { position: r.waitlistPosition })}</div> : null}
                    </td>
                    <td className="small" data-label={t("nominate.account")}>
                      {tc(`accountStatus.${r.accountStatus}`)}
                      {r.accountStatus === "invited" && r.status !== "withdrawn" ? <ResendInvitation userId={r.userId} name={r.name} /> : null}
                    </td>
                    {d.canWithdraw ? (
                      <td className="row-actions">
                        {r.status !== "withdrawn" ? (
                          <ConfirmAction
                            id={`withdraw-${r.enrolmentId}`}
                            trigger={t("nominate.withdraw")}
                            triggerLabel={`${t("nominate.withdraw")}: ${r.name}`}
                            title={t("withdraw.confirmTitle", { name: r.name })}
                            confirm={t("withdraw.confirm")}
                            confirmClassName="danger"
                            hidden={{ intent: "withdraw", enrolmentId: r.enrolmentId }}
                            failed={values.intent === "withdraw" && values.enrolmentId === String(r.enrolmentId)}
                            fields={
                              <div className="field">
                                <label htmlFor={`reason-${r.enrolmentId}`}>{t("withdraw.reason")}</label>
                                <textarea
                                  id={`reason-${r.enrolmentId}`}
                                  name="reason"
                                  required
                                  maxLength={300}
                                  rows={3}
                                  aria-invalid={values.enrolmentId === String(r.enrolmentId) && errors.reason ? true : undefined}
                                  aria-describedby={values.enrolmentId === String(r.enrolmentId) && errors.reason ? `reason-${r.enrolmentId}-error` : undefined}
                                />
                                {values.enrolmentId === String(r.enrolmentId) && errors.reason ? (
                                  <p className="field-error" id={`reason-${r.enrolmentId}-error`}>{tc(errors.reason.key, errors.reason.values)}</p>
                                ) : null}
                              </div>
                            }
                          >
                            <ul>
                              <li>{t(r.status === "enrolled" ? "withdraw.whatSeat" : "withdraw.whatWaiting", { name: r.name })}</li>
                              {r.status === "enrolled" && d.waitlisted > 0 ? <li>{t("withdraw.whatPromotion")}</li> : null}
                              <li>{t("withdraw.whatEmail", { name: r.name })}</li>
                            </ul>
                          </ConfirmAction>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        {d.pages > 1 ? (
          <nav className="pager" aria-label={tco("board.pager")}>
            {d.page > 1 ? (
              <Link to={pageLink(params, d.page - 1)} rel="prev">
                ← {tco("board.previousPage")}
              </Link>
            ) : (
              <span />
            )}
            <span aria-current="page">{tco("board.pageOf", { page: d.page, pages: d.pages })}</span>
            {d.page < d.pages ? (
              <Link to={pageLink(params, d.page + 1)} rel="next">
                {tco("board.nextPage")} →
              </Link>
            ) : (
              <span />
            )}
          </nav>
        ) : null}
      </section>
      <p className="muted small" style={{ marginTop: "1rem" }}>
        <Link to="/coordination">← {tc("nav.coordination")}</Link>
      </p>
    </>
  );
}
