import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { ConfirmAction } from "~/components/confirm";
import { Form, Link, useActionData, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import { stateName } from "~/vocabulary";
import { requireEdition } from "~/auth/guards.server";
import { CertificatesZipLink, CertificateTraineesTable, HoursWarning, StageBadge } from "~/components/certificates";
import { FormAlert, Notice } from "~/components/form";
import { DomainError } from "~/domain/accounts.server";
import {
  approveCertificates,
  bulkIssue,
  certificateBoard,
  courseTitle,
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

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor, locale, edition } = await requireEdition(request, params, "edition.certify");
  const editionId = edition.id;
  let board: ReturnType<typeof certificateBoard>;
  try {
    board = certificateBoard(db, { editionId });
  } catch (err) {
    if (err instanceof DomainError) throw new Response("Not found", { status: 404 });
    throw err;
  }
  // notices name a serial only when it is one of this edition's certificates (never text from the URL)
  const query = new URL(request.url).searchParams;
  return {
    locale,
    revokedSerial: serialInEdition(db, editionId, query.get("revoked")),
    reissuedSerial: serialInEdition(db, editionId, query.get("reissued")),
    courseTitle: courseTitle(board.edition.courseSlug, locale),
    isInstituteSignatory: board.instituteSignatory?.id === actor.id,
    board: {
      ...board,
      states: board.states.map((s) => ({ ...s, stateName: stateName(s.stateCode, locale) })),
    },
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

export default function CertificateBoard() {
  const { t } = useTranslation("certificates");
  const { board, locale, courseTitle, isInstituteSignatory, revokedSerial, reissuedSerial } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { edition, instituteSignatory, totals } = board;
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

      {board.states.map((s) => {
        const headingId = `state-${s.participationId}`;
        const stateSignatory = s.signatory.name;
        return (
          <section key={s.participationId} className="card" aria-labelledby={headingId}>
            <div className="page-head">
              <h2 id={headingId}>{s.stateName}</h2>
              <span className="muted small">
                {t("counts.summary", { eligible: s.counts.eligible, trainees: s.counts.trainees, issued: s.counts.issued })}
              </span>
            </div>
            <p className="small">
              {stateSignatory
                ? t("board.stateSignatory", { name: stateSignatory, title: s.signatory.title ?? "" })
                : t("board.noStateSignatory")}{" "}
              {s.signatory.hasSignature ? (
                <span className="badge ok">{t("signature.uploaded")}</span>
              ) : (
                <span className="badge warn">{t("signature.missing")}</span>
              )}
              {s.coordinators.length ? (
                <>
                  {" · "}
                  {t("board.coordinators", { names: s.coordinators.join(", ") })}
                </>
              ) : null}
            </p>
            <HoursWarning hours={s.hours} stateName={s.stateName} />
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
            <CertificateTraineesTable
              trainees={s.trainees}
              stateName={s.stateName}
              coordinators={s.coordinators}
              stateSignatory={stateSignatory}
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
                  <CertificateCell certificate={r.certificate} history={r.history} locale={locale} values={errors ? result?.values : undefined} />
                ) : (
                  <span className="muted">—</span>
                )
              }
            />
          </section>
        );
      })}
    </>
  );
}

function CertificateCell({
  certificate: c,
  history,
  locale,
  values,
}: {
  certificate: { serial: string; verificationCode: string; status: "valid" | "revoked"; issuedOn: string; traineeName: string; revokedReason: string | null };
  history: { serial: string; status: string }[];
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
      {history.length > 1 ? (
        <span className="small muted">
          <br />
          {t("table.earlier", { serials: history.filter((h) => h.serial !== c.serial).map((h) => h.serial).join(", ") })}
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
