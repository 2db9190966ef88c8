import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { ConfirmAction } from "~/components/confirm";
import { Form, Link, useActionData, useFetcher, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import { stateName } from "~/vocabulary";
import { requireEdition } from "~/auth/guards.server";
import { CertificatesZipLink, CertificateTraineesTable, HoursWarning, StageBadge } from "~/components/certificates";
import { TableScroll } from "~/components/table-scroll";
import { FormAlert, Notice } from "~/components/form";
import { DomainError } from "~/domain/accounts.server";
import { prepareIssueWorker } from "~/domain/certificates/issue-worker.server";
import {
  approveCertificates,
  bulkIssue,
  certificateBoardPage,
  courseTitle,
  STAGES,
  type Stage,
  reissueCertificate,
  revokeCertificate,
  serialInEdition,
} from "~/domain/certificates.server";
import { formatDate } from "~/lib/format";
import { type FieldErrors, fields, parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "certificates:board.title");

const BoardQuery = z.object({
  state: z.string().regex(/^[A-Z]{2}$/).optional().catch(undefined),
  stage: z.enum(STAGES as [Stage, ...Stage[]]).optional().catch(undefined),
  q: z.string().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor, locale, edition } = await requireEdition(request, params, "edition.certify");
  const editionId = edition.id;
  const query = new URL(request.url).searchParams;
  const filters = BoardQuery.parse(Object.fromEntries([...query].filter(([, v]) => v !== "")));
  let board: ReturnType<typeof certificateBoardPage>;
  try {
    board = certificateBoardPage(db, { editionId, stateCode: filters.state, stage: filters.stage, search: filters.q, page: filters.page });
  } catch (err) {
    if (err instanceof DomainError) throw new Response("Not found", { status: 404 });
    throw err;
  }
  // certificates to issue: the worker that draws and signs them loads while the tutor reads the board
  if (board.totals.ready > 0) prepareIssueWorker();
  const names = new Map(board.states.map((s) => [s.participationId, stateName(s.stateCode, locale)]));
  // notices name a serial only when it is one of this edition's certificates (never text from the URL)
  return {
    locale,
    revokedSerial: serialInEdition(db, editionId, query.get("revoked")),
    reissuedSerial: serialInEdition(db, editionId, query.get("reissued")),
    courseTitle: courseTitle(board.edition.courseSlug, locale),
    isInstituteSignatory: board.instituteSignatory?.id === actor.id,
    edition: board.edition,
    instituteSignatory: board.instituteSignatory,
    totals: board.totals,
    states: board.states.map((s) => ({ ...s, stateName: names.get(s.participationId) ?? s.stateCode })),
    // one page of trainees, only the columns the table shows
    trainees: board.trainees.map((r) => ({
      enrolmentId: r.enrolmentId,
      participationId: r.participationId,
      name: r.name,
      missing: r.missing,
      eligible: r.eligible,
      stage: r.stage,
      approvals: r.approvals,
      certificate: r.certificate,
      earlier: r.history.filter((h) => h.serial !== r.certificate?.serial).map((h) => h.serial),
    })),
    filters: board.filters,
    matching: board.matching,
    page: board.page,
    pages: board.pages,
  };
}

const ApproveSchema = z.object({ intent: z.literal("approve"), participationId: fields.id().optional() });
const IssueSchema = z.object({ intent: z.literal("issue"), participationId: fields.id().optional() });
const RevokeSchema = z.object({ intent: z.literal("revoke"), serial: fields.text(80), reason: fields.text(500) });
const ReissueSchema = z.object({
  intent: z.literal("reissue"),
  serial: fields.text(80),
  traineeName: fields.text(200),
  reason: fields.text(500),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, edition } = await requireEdition(request, params, "edition.certify");
  const editionId = edition.id;
  const form = await readForm(request);
  const intent = form.get("intent");
  const back = (query: string) => redirect(`/editions/${editionId}/certificates?${query}`);
  try {
    if (intent === "approve") {
      const parsed = parseForm(ApproveSchema, form);
      if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
      const { approved } = approveCertificates({ db, actor, editionId, party: "institute", participationId: parsed.data.participationId });
      return back(`approved=${approved}`);
    }
    if (intent === "issue") {
      const parsed = parseForm(IssueSchema, form);
      if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
      // Runs to the end (one transaction per certificate); the page polls the progress route meanwhile.
      const result = await bulkIssue({ db, actor, editionId, participationId: parsed.data.participationId });
      return back(`issued=${result.issued}&failed=${result.failed}&unrenderable=${result.unrenderable.length}`);
    }
    if (intent === "revoke") {
      const parsed = parseForm(RevokeSchema, form);
      if (!parsed.ok) return firstError(parsed.errors, parsed.values);
      await revokeCertificate({ db, actor, editionId, serial: parsed.data.serial, reason: parsed.data.reason });
      return back(`revoked=${encodeURIComponent(parsed.data.serial)}`);
    }
    if (intent === "reissue") {
      const parsed = parseForm(ReissueSchema, form);
      if (!parsed.ok) return firstError(parsed.errors, parsed.values);
      const { serial } = await reissueCertificate({ db, actor, editionId, ...parsed.data });
      return back(`reissued=${encodeURIComponent(serial)}`);
    }
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure("form", { key: err.key, values: err.values }, formValuesOf(form));
    throw err;
  }
  return fieldFailure("form", { key: "errors.invalid" });
}

/** The small forms in the table show their error at the top of the page. */
const firstError = (errors: FieldErrors, values: Record<string, string>) =>
  fieldFailure("form", Object.values(errors)[0] ?? { key: "errors.invalid" }, values);

const formValuesOf = (form: FormData) =>
  Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));

interface Progress {
  issued: number;
  ready: number;
}

/** Issues every ready certificate (of the edition or one state); shows a progress bar while it runs. */
function IssueButton({ editionId, participationId, ready, issued }: { editionId: number; participationId?: number; ready: number; issued: number }) {
  const { t } = useTranslation("certificates");
  const submit = useFetcher();
  const running = submit.state !== "idle";
  const [progress, setProgress] = useState<Progress | null>(null);
  const query = participationId ? `?participationId=${participationId}` : "";

  // While the POST runs (one transaction per certificate), read the counts from the progress route.
  useEffect(() => {
    if (!running) return;
    const controller = new AbortController();
    const tick = async () => {
      try {
        const res = await fetch(`/editions/${editionId}/certificates/progress${query}`, { signal: controller.signal });
        if (res.ok) setProgress((await res.json()) as Progress);
      } catch {
        // aborted or offline: the next tick tries again
      }
    };
    const timer = setInterval(tick, 700);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [running, editionId, query]);

  if (ready === 0 && !running) return null;
  const total = progress ? progress.issued + progress.ready : issued + ready;
  const done = progress ? progress.issued : issued;
  return (
    <submit.Form method="post" className="issue-form">
      <input type="hidden" name="intent" value="issue" />
      {participationId ? <input type="hidden" name="participationId" value={participationId} /> : null}
      <button type="submit" className="primary" disabled={running}>
        {running ? t("board.issuing") : t("board.issue", { count: ready })}
      </button>
      {running ? (
        <div className="issue-progress">
          <progress max={Math.max(1, total)} value={done} aria-label={t("board.progressLabel")} />
          {/* biome-ignore lint/a11y/useSemanticElements: a polite live region for progress */}
          <span role="status" className="small">
            {t("board.progress", { done, total })}
          </span>
        </div>
      ) : null}
    </submit.Form>
  );
}

function pageLink(search: string, page: number): string {
  const params = new URLSearchParams(search);
  for (const k of ["approved", "issued", "failed", "unrenderable", "revoked", "reissued"]) params.delete(k);
  params.set("page", String(page));
  return `?${params.toString()}`;
}

export default function CertificateBoard() {
  const { t } = useTranslation("certificates");
  const data = useLoaderData<typeof loader>();
  const { locale, courseTitle, isInstituteSignatory, revokedSerial, reissuedSerial, edition, instituteSignatory, totals, states, trainees, filters } = data;
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { search } = useLocation();
  const signatoryReady = !!instituteSignatory?.hasSignature && !!instituteSignatory.title && !!instituteSignatory.institution;
  const notice = (() => {
    if (params.get("approved")) return t("board.done.approved", { count: Number(params.get("approved")) });
    if (params.get("issued")) {
      return t("board.done.issued", { count: Number(params.get("issued")) }) +
        (Number(params.get("failed")) > 0 ? ` ${t("board.done.failed", { count: Number(params.get("failed")) })}` : "") +
        (Number(params.get("unrenderable")) > 0 ? ` ${t("board.done.unrenderable", { count: Number(params.get("unrenderable")) })}` : "");
    }
    if (revokedSerial) return t("board.done.revoked", { serial: revokedSerial });
    if (reissuedSerial) return t("board.done.reissued", { serial: reissuedSerial });
    return null;
  })();
  const errors = result && "errors" in result ? result.errors : undefined;
  const stateOf = new Map(states.map((s) => [s.participationId, s]));
  // the page's trainees, grouped by state (they come ordered by state, then name)
  const groups: { state: (typeof states)[number]; rows: typeof trainees }[] = [];
  for (const r of trainees) {
    const last = groups[groups.length - 1];
    if (last && last.state.participationId === r.participationId) last.rows.push(r);
    else {
      const state = stateOf.get(r.participationId);
      if (state) groups.push({ state, rows: [r] });
    }
  }
  const filtered = Boolean(filters.stateCode || filters.stage || filters.search);
  // the downloads hold what the filters select, every page of it
  const downloadParams = new URLSearchParams(
    Object.entries({ state: filters.stateCode ?? "", stage: filters.stage ?? "", q: filters.search }).filter(([, v]) => v !== ""),
  ).toString();
  const downloadQuery = downloadParams ? `?${downloadParams}` : "";

  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted small">
            <Link to={`/editions/${edition.id}`}>
              {courseTitle} · {edition.name}
            </Link>
          </p>
          <h1>{t("board.title")}</h1>
        </div>
        <div className="actions">
          <a className="button secondary" href={`/editions/${edition.id}/certificates.csv${downloadQuery}`} download>
            {t("insight:downloads.csv")}
          </a>
          <a className="button secondary" href={`/editions/${edition.id}/certificates.xlsx${downloadQuery}`} download>
            {t("insight:downloads.xlsx")}
          </a>
        </div>
      </div>
      {notice ? <Notice>{notice}</Notice> : null}
      <FormAlert error={errors?.form} />

      <section className="card" aria-labelledby="institute-title">
        <h2 id="institute-title">{t("board.institute")}</h2>
        {instituteSignatory ? (
          <p>
            {t("board.instituteSignatory", { name: instituteSignatory.name })}{" "}
            {instituteSignatory.hasSignature ? (
              <span className="badge ok">{t("signature.uploaded")}</span>
            ) : (
              <span className="badge warn">{t("signature.missing")}</span>
            )}
          </p>
        ) : (
          <p className="alert warn">{t("missing.noInstituteSignatory")}</p>
        )}
        <dl className="stats">
          <div>
            <dt>{t("counts.eligible")}</dt>
            <dd>{totals.eligible}</dd>
          </div>
          <div>
            <dt>{t("counts.instituteApproved")}</dt>
            <dd>{totals.instituteApproved}</dd>
          </div>
          <div>
            <dt>{t("counts.stateApproved")}</dt>
            <dd>{totals.stateApproved}</dd>
          </div>
          <div>
            <dt>{t("counts.issued")}</dt>
            <dd>{totals.issued}</dd>
          </div>
        </dl>
        <div className="actions">
          {isInstituteSignatory ? (
            signatoryReady ? (
              totals.eligible > totals.instituteApproved ? (
                <ConfirmAction
                  id="approve"
                  trigger={t("board.approveAll", { count: totals.eligible - totals.instituteApproved })}
                  triggerClassName="primary"
                  title={t("confirm.approveTitle")}
                  confirm={t("confirm.approve", { count: totals.eligible - totals.instituteApproved })}
                  hidden={{ intent: "approve" }}
                >
                  <p>{t("confirm.approveWhat", { count: totals.eligible - totals.instituteApproved })}</p>
                </ConfirmAction>
              ) : null
            ) : (
              <p className="muted">
                {t("board.uploadFirst")} <Link to="/account/signature">{t("signature.title")}</Link>
              </p>
            )
          ) : instituteSignatory ? (
            <p className="muted small">{t("board.onlySignatory", { name: instituteSignatory.name })}</p>
          ) : null}
          <IssueButton editionId={edition.id} ready={totals.ready} issued={totals.issued} />
        </div>
      </section>

      <section aria-labelledby="states-title">
        <h2 id="states-title">{t("list.byState")}</h2>
        <TableScroll labelledBy="states-title">
          <table aria-labelledby="states-title" className="cert-states stack-table">
            <thead>
              <tr>
                <th scope="col">{t("list.state")}</th>
                <th scope="col">{t("list.signatory")}</th>
                <th scope="col" className="num">
                  {t("counts.eligible")}
                </th>
                <th scope="col" className="num">
                  {t("counts.instituteApproved")}
                </th>
                <th scope="col" className="num">
                  {t("counts.stateApproved")}
                </th>
                <th scope="col" className="num">
                  {t("counts.issued")}
                </th>
                <th scope="col">{t("list.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {states.map((s) => (
                <tr key={s.participationId}>
                  <th scope="row">
                    <Link to={`?state=${s.stateCode}`}>{s.stateName}</Link>
                    {s.coordinators.length ? <div className="small muted">{t("board.coordinators", { names: s.coordinators.join(", ") })}</div> : null}
                    <HoursWarning hours={s.hours} stateName={s.stateName} />
                  </th>
                  <td data-label={t("list.signatory")}>
                    {s.signatory.name ?? <span className="muted">{t("board.noStateSignatory")}</span>}{" "}
                    {s.signatory.hasSignature ? (
                      <span className="badge ok">{t("signature.uploaded")}</span>
                    ) : (
                      <span className="badge warn">{t("signature.missing")}</span>
                    )}
                  </td>
                  <td className="num" data-label={t("counts.eligible")}>
                    {s.counts.eligible} / {s.counts.trainees}
                  </td>
                  <td className="num" data-label={t("counts.instituteApproved")}>{s.counts.instituteApproved}</td>
                  <td className="num" data-label={t("counts.stateApproved")}>{s.counts.stateApproved}</td>
                  <td className="num" data-label={t("counts.issued")}>{s.counts.issued}</td>
                  <td className="row-actions" data-label={t("list.actions")}>
                    <div className="actions">
                      {isInstituteSignatory && signatoryReady && s.counts.eligible > s.counts.instituteApproved ? (
                        <ConfirmAction
                          id={`approve-${s.participationId}`}
                          trigger={t("board.approveState", { count: s.counts.eligible - s.counts.instituteApproved, state: s.stateName })}
                          title={t("confirm.approveTitle")}
                          confirm={t("confirm.approve", { count: s.counts.eligible - s.counts.instituteApproved })}
                          hidden={{ intent: "approve", participationId: s.participationId }}
                        >
                          <p>{t("confirm.approveWhat", { count: s.counts.eligible - s.counts.instituteApproved })}</p>
                        </ConfirmAction>
                      ) : null}
                      <IssueButton editionId={edition.id} participationId={s.participationId} ready={s.counts.ready} issued={s.counts.issued} />
                      <CertificatesZipLink participationId={s.participationId} issued={s.counts.issued} />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section aria-labelledby="trainees-title">
        <h2 id="trainees-title">{t("list.trainees")}</h2>
        <Form method="get" className="filters card" aria-label={t("list.filters")}>
          <div className="field">
            <label htmlFor="filter-state">{t("list.state")}</label>
            <select id="filter-state" name="state" defaultValue={filters.stateCode ?? ""}>
              <option value="">{t("list.allStates")}</option>
              {states.map((s) => (
                <option key={s.stateCode} value={s.stateCode}>
                  {s.stateName}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-stage">{t("list.stage")}</label>
            <select id="filter-stage" name="stage" defaultValue={filters.stage ?? ""}>
              <option value="">{t("list.allStages")}</option>
              {STAGE_OPTIONS.map((s) => (
                <option key={s} value={s}>
                  {t(`stage.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-q">{t("list.search")}</label>
            <input id="filter-q" name="q" type="search" defaultValue={filters.search} maxLength={100} />
          </div>
          <div className="actions">
            <button type="submit" className="primary">
              {t("list.apply")}
            </button>
            {filtered ? <Link to={`/editions/${edition.id}/certificates`}>{t("list.clear")}</Link> : null}
          </div>
        </Form>
        <p className="muted small" aria-live="polite">
          {t("list.matching", { count: data.matching })}
        </p>
        {groups.length === 0 ? <p className="muted">{filtered ? t("list.noMatch") : t("board.noTrainees")}</p> : null}
        {groups.map(({ state: s, rows }) => (
          <div key={s.participationId} className="cert-group">
            <h3>{s.stateName}</h3>
            <CertificateTraineesTable
              trainees={rows}
              stateName={s.stateName}
              coordinators={s.coordinators}
              stateSignatory={s.signatory.name}
              instituteSignatory={instituteSignatory?.name ?? null}
              notes={(r) =>
                r.approvals.institute || r.approvals.state ? (
                  <p className="small muted">
                    {r.approvals.institute
                      ? t("approval.institute", { name: r.approvals.institute.byName, date: formatDate(r.approvals.institute.at, locale) })
                      : null}
                    {r.approvals.institute && r.approvals.state ? <br /> : null}
                    {r.approvals.state
                      ? t("approval.state", { name: r.approvals.state.byName, date: formatDate(r.approvals.state.at, locale) })
                      : null}
                  </p>
                ) : null
              }
              certificate={(r) =>
                r.certificate ? (
                  <CertificateCell certificate={r.certificate} earlier={r.earlier} locale={locale} values={errors ? result?.values : undefined} />
                ) : (
                  <span className="muted">—</span>
                )
              }
            />
          </div>
        ))}
        {data.pages > 1 ? (
          <nav className="pager" aria-label={t("list.pager")}>
            {data.page > 1 ? (
              <Link to={pageLink(search, data.page - 1)} rel="prev">
                ← {t("list.previousPage")}
              </Link>
            ) : (
              <span />
            )}
            <span aria-current="page">{t("list.pageOf", { page: data.page, pages: data.pages })}</span>
            {data.page < data.pages ? (
              <Link to={pageLink(search, data.page + 1)} rel="next">
                {t("list.nextPage")} →
              </Link>
            ) : (
              <span />
            )}
          </nav>
        ) : null}
      </section>
    </>
  );
}

const STAGE_OPTIONS: readonly Stage[] = ["ineligible", "awaitingApproval", "ready", "issued", "revoked"];

function CertificateCell({
  certificate: c,
  earlier,
  locale,
  values,
}: {
  certificate: { serial: string; verificationCode: string; status: "valid" | "revoked"; issuedOn: string; traineeName: string; revokedReason: string | null };
  earlier: string[];
  locale: Parameters<typeof formatDate>[1];
  values?: Record<string, string>;
}) {
  const { t } = useTranslation("certificates");
  const revoked = c.status === "revoked";
  const mine = values?.serial === c.serial;
  return (
    <div className="certificate-cell">
      <a href={`/certificates/${encodeURIComponent(c.serial)}.pdf`} download>
        {c.serial}
      </a>{" "}
      {revoked ? <StageBadge stage="revoked" /> : null}
      <br />
      <span className="small muted">
        {t("table.issuedOn", { date: formatDate(c.issuedOn, locale) })} ·{" "}
        <Link to={`/verify/${c.verificationCode}`}>{t("table.verify")}</Link>
      </span>
      {earlier.length > 0 ? (
        <span className="small muted">
          <br />
          {t("table.earlier", { serials: earlier.join(", ") })}
        </span>
      ) : null}
      {/* the row shows the valid certificate, else the newest revoked one, which nothing replaced yet */}
      <details className="cert-actions" open={mine}>
        <summary>{revoked ? t("table.reissueRevoked") : t("table.correctOrRevoke")}</summary>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="reissue" />
          <input type="hidden" name="serial" value={c.serial} />
          <div className="field">
            <label htmlFor={`name-${c.serial}`}>{t("reissue.name")}</label>
            <input
              id={`name-${c.serial}`}
              name="traineeName"
              defaultValue={mine ? values?.traineeName : c.traineeName}
              required
              maxLength={200}
            />
          </div>
          <div className="field">
            <label htmlFor={`reissue-reason-${c.serial}`}>{t("reissue.reason")}</label>
            <input id={`reissue-reason-${c.serial}`} name="reason" defaultValue={t("reissue.defaultReason")} required maxLength={500} />
          </div>
          <button type="submit" className="secondary">
            {t("reissue.submit")}
          </button>
        </Form>
        {revoked ? null : (
          <ConfirmAction
            id={`revoke-${c.serial}`}
            trigger={t("revoke.submit")}
            triggerLabel={t("confirm.revokeTrigger", { serial: c.serial })}
            triggerClassName="danger"
            title={t("confirm.revokeTitle", { serial: c.serial })}
            confirm={t("revoke.submit")}
            confirmClassName="danger"
            hidden={{ intent: "revoke", serial: c.serial }}
            fields={
              <div className="field">
                <label htmlFor={`revoke-reason-${c.serial}`}>{t("revoke.reason")}</label>
                <input id={`revoke-reason-${c.serial}`} name="reason" required maxLength={500} />
              </div>
            }
          >
            <p>{t("confirm.revokeWhat", { name: c.traineeName })}</p>
          </ConfirmAction>
        )}
      </details>
    </div>
  );
}
