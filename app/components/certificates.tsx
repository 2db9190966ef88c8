import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "~/i18n/react";
import { TableScroll } from "~/components/table-scroll";
import { HistoryLink } from "~/components/history-link";

export type Stage = "ineligible" | "awaitingApproval" | "ready" | "issued" | "revoked";

const stageTone: Record<string, string> = { ineligible: "", awaitingApproval: "warn", ready: "ok", issued: "ok", revoked: "danger" };

/** Where a trainee's certificate stands, as a translated badge. */
export function StageBadge({ stage }: { stage: Stage | "revoked" }) {
  const { t } = useTranslation("certificates");
  return <span className={`badge ${stageTone[stage] ?? ""}`}>{t(`stage.${stage}`)}</span>;
}

export interface MissingRow {
  missing: string[];
  eligible: boolean;
  stage: Stage;
  approvals: { institute: { byName: string; at: string } | null; state: { byName: string; at: string } | null };
}

/** What is still missing for one trainee, and from whom. */
export function MissingList({
  row,
  coordinators,
  stateSignatory,
  instituteSignatory,
  stateName,
}: {
  row: MissingRow;
  coordinators: string[];
  stateSignatory: string | null;
  instituteSignatory: string | null;
  stateName: string;
}) {
  const { t } = useTranslation("certificates");
  const coordinator = coordinators.length ? coordinators.join(", ") : t("missing.stateCoordinator", { state: stateName });
  const items: string[] = row.missing.map((m) => t(`missing.${m}`, { who: coordinator, state: stateName }));
  if (row.stage === "revoked") {
    items.push(t("missing.revoked"));
  } else if (row.eligible && row.stage !== "issued") {
    if (!row.approvals.institute) {
      items.push(
        instituteSignatory
          ? t("missing.instituteApproval", { who: instituteSignatory })
          : t("missing.noInstituteSignatory"),
      );
    }
    if (!row.approvals.state) {
      const who = stateSignatory ? t("missing.signatoryThrough", { name: stateSignatory, coordinator }) : coordinator;
      items.push(t("missing.stateApproval", { state: stateName, who }));
    }
  }
  if (items.length === 0) return null;
  return (
    <ul className="missing-list">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

/**
 * A state's trainees: where each one's certificate stands and what is still missing. `notes` adds to a
 * row's missing column; `certificate` fills its last column.
 */
export function CertificateTraineesTable<R extends MissingRow & { enrolmentId: number; name: string }>({
  trainees,
  stateName,
  coordinators,
  stateSignatory,
  instituteSignatory,
  notes,
  certificate,
}: {
  trainees: R[];
  stateName: string;
  coordinators: string[];
  stateSignatory: string | null;
  instituteSignatory: string | null;
  notes?: (row: R) => ReactNode;
  certificate: (row: R) => ReactNode;
}) {
  const { t } = useTranslation("certificates");
  if (trainees.length === 0) return <p className="muted">{t("board.noTrainees")}</p>;
  return (
    <TableScroll label={t("board.tableCaption", { state: stateName })}>
      <table>
        <caption className="visually-hidden">{t("board.tableCaption", { state: stateName })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("table.trainee")}</th>
            <th scope="col">{t("table.status")}</th>
            <th scope="col">{t("table.missing")}</th>
            <th scope="col">{t("table.certificate")}</th>
          </tr>
        </thead>
        <tbody>
          {trainees.map((r) => (
            <tr key={r.enrolmentId}>
              <th scope="row">
                {r.name}
                <div>
                  <HistoryLink enrolmentId={r.enrolmentId} name={r.name} />
                </div>
              </th>
              <td>
                <StageBadge stage={r.stage} />
              </td>
              <td>
                <MissingList
                  row={r}
                  coordinators={coordinators}
                  stateSignatory={stateSignatory}
                  instituteSignatory={instituteSignatory}
                  stateName={stateName}
                />
                {notes?.(r)}
              </td>
              <td>{certificate(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/**
 * Before approval: warns when the state's face-to-face hours setting differs from its recorded
 * sessions' total, and says which one the certificate prints (the setting).
 */
export function HoursWarning({ hours, stateName }: { hours: { printed: number; sessions: number }; stateName: string }) {
  const { t, i18n } = useTranslation("certificates");
  if (hours.printed === hours.sessions) return null;
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <p className="alert warn" data-testid="hours-warning">
      {t("hours.mismatch", { state: stateName, printed: number.format(hours.printed), sessions: number.format(hours.sessions) })}
    </p>
  );
}

/** The ZIP of a state's issued certificates (nothing while none is issued). */
export function CertificatesZipLink({ participationId, issued }: { participationId: number; issued: number }) {
  const { t } = useTranslation("certificates");
  if (issued === 0) return null;
  return (
    <a className="button secondary" href={`/coordination/${participationId}/certificates.zip`} download>
      {t("download.zip", { count: issued })}
    </a>
  );
}

/** A signatory's name, title and institution on one line each. */
export function SignatoryBlock({
  name,
  title,
  institution,
  onBehalfBy,
}: { name: string; title: string; institution: string; onBehalfBy?: string | null }) {
  const { t } = useTranslation("certificates");
  return (
    <>
      <strong>{name}</strong>
      <br />
      <span className="small">{title}</span>
      <br />
      <span className="small muted">{institution}</span>
      {onBehalfBy ? (
        <>
          <br />
          <span className="small">{t("verify.onBehalf", { by: onBehalfBy, name })}</span>
        </>
      ) : null}
    </>
  );
}

/** The verification pages' errors: a code that matches nothing, or too many requests. */
export function VerifyErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation("certificates");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = status === 429 ? "tooMany" : status === 404 ? "notFound" : "unexpected";
  if (key === "unexpected") console.error(error);
  return (
    <section className="card narrow" aria-labelledby="verify-error">
      <h1 id="verify-error">{t(`verify.errors.${key}.title`)}</h1>
      <p>{t(`verify.errors.${key}.body`)}</p>
      <p>
        <Link to="/verify">{t("verify.another")}</Link>
      </p>
    </section>
  );
}
