import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { z } from "zod";
import { EDITION_STATUSES, type Locale } from "~/vocabulary";
import { OAS_STATES, stateName } from "~/vocabulary";
import { requireEdition } from "~/auth/guards.server";
import { ConfirmAction } from "~/components/confirm";
import { Field, FormAlert, Notice } from "~/components/form";
import { StatusBadge } from "~/components/status";
import { DomainError } from "~/domain/accounts.server";
import {
  advanceEdition,
  courseTitle,
  editionBoard,
  inviteState,
  lifecycleBlockers,
  reallocateSeats,
} from "~/domain/editions.server";
import { phaseForms } from "~/domain/edition-phase";
import { localDay } from "~/domain/time-zone";
import { formatDate } from "~/lib/format";
import { noticeCode, noticeRecord } from "~/lib/notices";
import { fields, parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { ParticipationSchema } from "~/lib/participation-schema";
import { TableScroll } from "~/components/table-scroll";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ data, matches }) => {
  const d = data as { title?: string } | undefined;
  return d?.title ? [{ title: `${d.title} · Aula` }] : pageTitle(matches, "nav.editions");
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale, found } = await requireEdition(request, params, "edition.manage");
  const board = editionBoard(db, found.edition.id).map((p) => ({ ...p, stateName: stateName(p.stateCode, locale) }));
  const taken = new Set(board.map((b) => b.stateCode));
  const course = courseTitle(found.courseSlug, locale);
  const e = found.edition;
  return {
    title: `${course} · ${e.name}`,
    course,
    edition: e,
    locale,
    board,
    lifecycle: lifecycleBlockers(db, e.id),
    forms: phaseForms(e, localDay(new Date(), e.timeZone)),
    invitable: OAS_STATES.filter((s) => !taken.has(s.code))
      .map((s) => ({ code: s.code, name: s[locale] }))
      .sort((a, b) => a.name.localeCompare(b.name, locale)),
    dates: {
      nominations: `${formatDate(e.nominationOpensOn, locale)} – ${formatDate(e.nominationClosesOn, locale)}`,
      online: `${formatDate(e.onlineStartsOn, locale)} – ${formatDate(e.onlineEndsOn, locale)}`,
      faceToFace: `${formatDate(e.faceToFaceStartsOn, locale)} – ${formatDate(e.faceToFaceEndsOn, locale)}`,
    },
  };
}

const AdvanceSchema = z.object({ to: z.enum(EDITION_STATUSES) });
const InviteSchema = ParticipationSchema.and(z.object({ stateCode: z.string().length(2) }));
const ReallocateSchema = z.object({ fromParticipationId: fields.id(), toParticipationId: fields.id(), seats: z.coerce.number().int().min(1).max(1000) });

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, found } = await requireEdition(request, params, "edition.manage");
  const editionId = found.edition.id;
  const form = await readForm(request);
  const intent = form.get("intent");
  try {
    if (intent === "advance") {
      const parsed = parseForm(AdvanceSchema, form);
      if (!parsed.ok) return formFailure(parsed.errors);
      advanceEdition({ db, actor: user, editionId, to: parsed.data.to });
      return redirect(`/editions/${editionId}?moved=${parsed.data.to}`);
    }
    if (intent === "invite") {
      const parsed = parseForm(InviteSchema, form);
      if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
      if (!OAS_STATES.some((s) => s.code === parsed.data.stateCode)) return fieldFailure("stateCode", { key: "errors.choice" });
      const { stateCode, ...input } = parsed.data;
      inviteState({ db, actor: user, editionId, stateCode, input });
      return redirect(`/editions/${editionId}?invited=${stateCode}`);
    }
    if (intent === "reallocate") {
      const parsed = parseForm(ReallocateSchema, form);
      if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
      await reallocateSeats({ db, actor: user, editionId, ...parsed.data });
      const { fromParticipationId: from, toParticipationId: to, seats } = parsed.data;
      return redirect(`/editions/${editionId}?reallocated=${from}-${to}-${seats}-${Date.now().toString(36)}`);
    }
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure(err.field, { key: err.key, values: err.values });
    throw err;
  }
  return fieldFailure("form", { key: "errors.invalid" });
}

export default function EditionBoard() {
  const { t } = useTranslation("editions");
  const { t: tc } = useTranslation();
  const { edition, course, board, lifecycle, invitable, dates, locale, forms } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = result?.errors ?? {};
  const totals = board.reduce((a, b) => ({ quota: a.quota + b.quota, enrolled: a.enrolled + b.enrolled, waitlisted: a.waitlisted + b.waitlisted }), { quota: 0, enrolled: 0, waitlisted: 0 });
  const moved = noticeCode(params, "moved", EDITION_STATUSES);
  const invited = noticeRecord(params, "invited", board, (b) => b.stateCode);
  const reallocated = reallocationNotice(params.get("reallocated"), board);
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted small">{course}</p>
          <h1>{edition.name}</h1>
          <p className="muted small">{t("board.dates", dates)}</p>
        </div>
        <div className="actions">
          <StatusBadge status={edition.status} />
          {edition.status !== "closed" ? (
            <Link className="button secondary" to={`/editions/${edition.id}/edit`}>
              {t("board.settings")}
            </Link>
          ) : null}
        </div>
      </div>
      <nav aria-label={t("board.sections")} className="subnav">
        <ul>
          <li><Link to={`/editions/${edition.id}/online`}>{t("board.online")}</Link></li>
          <li><Link to={`/editions/${edition.id}/face-to-face`}>{t("board.faceToFace")}</Link></li>
          <li><Link to={`/editions/${edition.id}/certificates`}>{t("board.certificates")}</Link></li>
          <li><Link to={`/editions/${edition.id}/content`}>{t("board.content")}</Link></li>
          <li><Link to={`/editions/${edition.id}/report`}>{t("insight:report.link")}</Link></li>
        </ul>
      </nav>
      {moved ? <Notice>{t("lifecycle.moved", { status: tc(`status.${moved}`) })}</Notice> : null}
      {invited ? <Notice>{t("board.invited", { state: invited.stateName })}</Notice> : null}
      {params.get("copied") ? <Notice>{t("copy.done", { name: edition.name, count: board.length })}</Notice> : null}
      {params.get("created") ? <Notice>{t("copy.created", { name: edition.name })}</Notice> : null}
      {params.get("settings") === "saved" ? <Notice>{t("edit.savedSettings", { name: edition.name })}</Notice> : null}
      {reallocated ? <Notice>{t("board.movedSeats", reallocated)}</Notice> : null}
      {edition.status === "closed" ? <p className="muted">{t("board.closedReadOnly")}</p> : null}
      <FormAlert error={errors.form} />

      <section className="card" aria-labelledby="lifecycle-title">
        <h2 id="lifecycle-title">{t("lifecycle.title")}</h2>
        <ol className="lifecycle">
          {EDITION_STATUSES.map((s) => (
            <li key={s} aria-current={s === edition.status ? "step" : undefined} className={s === edition.status ? "current" : ""}>
              {tc(`status.${s}`)}
            </li>
          ))}
        </ol>
        {lifecycle.next ? (
          <NextPhase next={lifecycle.next} blockers={lifecycle.blockers} board={board} locale={locale} />
        ) : (
          <p className="muted">{t("lifecycle.last")}</p>
        )}
      </section>

      <section aria-labelledby="states-title">
        <h2 id="states-title">{t("board.states")}</h2>
        {board.length === 0 ? (
          <p className="muted">{t("board.noStates")}</p>
        ) : (
          <TableScroll labelledBy="states-title">
            <table className="stack-table">
              <thead>
                <tr>
                  <th scope="col">{t("board.state")}</th>
                  <th scope="col">{t("board.agreement")}</th>
                  <th scope="col" className="num">{t("board.quota")}</th>
                  <th scope="col" className="num">{t("board.enrolled")}</th>
                  <th scope="col" className="num">{t("board.waitlisted")}</th>
                  <th scope="col">{t("board.coordinators")}</th>
                  <th scope="col"><span className="visually-hidden">{t("board.manage")}</span></th>
                </tr>
              </thead>
              <tbody>
                {board.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.stateName}</th>
                    <td data-label={t("board.agreement")}>
                      <span className={`badge ${p.agreementStatus === "agreed" ? "ok" : p.agreementStatus === "declined" ? "danger" : "warn"}`}>
                        {t(`agreement.${p.agreementStatus}`)}
                      </span>
                    </td>
                    <td className="num" data-label={t("board.quota")}>{p.quota}</td>
                    <td className="num" data-label={t("board.enrolled")}>{p.enrolled}</td>
                    <td className="num" data-label={t("board.waitlisted")}>{p.waitlisted}</td>
                    <td data-label={t("board.coordinators")}>{p.coordinators.length > 0 ? p.coordinators.map((c) => c.name).join(", ") : <span className="muted">{t("board.none")}</span>}</td>
                    <td className="row-actions">
                      <Link to={`/editions/${edition.id}/participations/${p.id}`} aria-label={`${t("board.manage")}: ${p.stateName}`}>
                        {t("board.manage")}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t("board.totals")}</th>
                  <td />
                  <td className="num" data-label={t("board.quota")}>{totals.quota}</td>
                  <td className="num" data-label={t("board.enrolled")}>{totals.enrolled}</td>
                  <td className="num" data-label={t("board.waitlisted")}>{totals.waitlisted}</td>
                  <td colSpan={2} />
                </tr>
              </tfoot>
            </table>
          </TableScroll>
        )}
      </section>

      <div className="grid" style={{ marginTop: "1rem" }}>
        {forms.inviteState ? (
        <section className="card" aria-labelledby="invite-title">
          <h2 id="invite-title">{t("board.inviteState")}</h2>
          {/* a new key after each success (the redirect's query) empties the form for the next state */}
          <Form key={params.toString()} method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="invite" />
            <Field name="stateCode" label={t("board.state")} error={errors.stateCode}>
              <select id="f-stateCode" name="stateCode">
                {invitable.map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="quota" type="number" label={t("participation.quota")} defaultValue="5" error={errors.quota} />
            <Field name="agreementStatus" label={t("participation.agreementStatus")} error={errors.agreementStatus}>
              <select id="f-agreementStatus" name="agreementStatus" defaultValue="invited">
                {(["invited", "agreed", "declined"] as const).map((a) => (
                  <option key={a} value={a}>{t(`agreement.${a}`)}</option>
                ))}
              </select>
            </Field>
            <input type="hidden" name="faceToFaceModality" value="in-person" />
            <input type="hidden" name="faceToFaceHours" value="20" />
            <button type="submit" className="primary">{t("board.invite")}</button>
          </Form>
        </section>
        ) : null}
        {forms.reallocateSeats && board.length > 1 ? (
          <section className="card" aria-labelledby="reallocate-title">
            <h2 id="reallocate-title">{t("board.reallocate")}</h2>
            <p className="muted small">{t("board.reallocateLede")}</p>
            <Form key={params.toString()} method="post" className="stack" noValidate>
              <input type="hidden" name="intent" value="reallocate" />
              <Field name="fromParticipationId" label={t("board.from")} error={errors.fromParticipationId}>
                <select id="f-fromParticipationId" name="fromParticipationId">
                  {board.map((p) => (
                    <option key={p.id} value={p.id}>{p.stateName} ({p.quota - p.enrolled})</option>
                  ))}
                </select>
              </Field>
              <Field name="toParticipationId" label={t("board.to")} error={errors.toParticipationId}>
                <select id="f-toParticipationId" name="toParticipationId" defaultValue={board[1]?.id}>
                  {board.map((p) => (
                    <option key={p.id} value={p.id}>{p.stateName}</option>
                  ))}
                </select>
              </Field>
              <Field name="seats" type="number" label={t("board.seats")} defaultValue="1" error={errors.seats} />
              <button type="submit" className="secondary">{t("board.move")}</button>
            </Form>
            <p className="muted small">{t("nominate.windowDates", { from: formatDate(edition.nominationOpensOn, locale), to: formatDate(edition.nominationClosesOn, locale) })}</p>
          </section>
        ) : null}
      </div>
    </>
  );
}

/** The next phase: a confirmed move when nothing stands in the way; amber only for what someone must do now. */
function NextPhase({
  next,
  blockers,
  board,
  locale,
}: {
  next: (typeof EDITION_STATUSES)[number];
  blockers: { key: string; values?: Record<string, string | number>; waiting?: boolean }[];
  board: { stateCode: string; stateName: string }[];
  locale: Locale;
}) {
  const { t } = useTranslation("editions");
  const { t: tc } = useTranslation();
  const status = tc(`status.${next}`);
  const text = (b: (typeof blockers)[number]) =>
    tc(b.key, {
      ...b.values,
      state: b.values?.state ? stateNameFor(String(b.values.state), board) : undefined,
      date: b.values?.date ? formatDate(String(b.values.date), locale) : undefined,
    });
  if (blockers.length === 0) {
    return (
      <ConfirmAction
        id="advance"
        trigger={t("lifecycle.moveTo", { status })}
        triggerClassName="primary"
        title={t("lifecycle.confirmTitle", { status })}
        confirm={t("lifecycle.confirmMove", { status })}
        hidden={{ intent: "advance", to: next }}
      >
        <p>{t(`lifecycle.consequences.${next}`)}</p>
        <p className="small muted">{t("lifecycle.oneWay")}</p>
      </ConfirmAction>
    );
  }
  const now = blockers.filter((b) => !b.waiting);
  const later = blockers.filter((b) => b.waiting);
  return (
    <>
      {now.length > 0 ? (
        <div className="alert warn">
          <p>{t("lifecycle.cannotMove", { status })}</p>
          <ul>
            {now.map((b) => (
              <li key={`${b.key}-${JSON.stringify(b.values)}`}>{text(b)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {later.length > 0 ? (
        <div className="lifecycle-next">
          <p>{t("lifecycle.nextWhen", { status })}</p>
          <ul>
            {later.map((b) => (
              <li key={`${b.key}-${JSON.stringify(b.values)}`}>{text(b)}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

/** "12-14-2-…" (from, to, seats, a nonce) → the states' names from the board, never from the URL. */
function reallocationNotice(value: string | null, board: { id: number; stateName: string }[]) {
  const m = /^(\d+)-(\d+)-(\d+)-[a-z0-9]+$/.exec(value ?? "");
  if (!m) return null;
  const from = board.find((b) => b.id === Number(m[1]));
  const to = board.find((b) => b.id === Number(m[2]));
  return from && to ? { from: from.stateName, to: to.stateName, count: Number(m[3]) } : null;
}

function stateNameFor(code: string, board: { stateCode: string; stateName: string }[]) {
  return board.find((b) => b.stateCode === code)?.stateName ?? code;
}
