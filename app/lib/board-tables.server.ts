/**
 * The boards as downloadable tables (issue 13, section 2: "every board as CSV and as XLSX"): one typed
 * `Table` per board, which the board's CSV route writes with the reader's separator and its XLSX route
 * writes with `xlsxResponse` (app/lib/tables.server.ts). Rows are iterators, drawn while the file streams;
 * the certificates board is read a batch of trainees at a time, so an edition of any size fits in memory.
 */
import { z } from "zod";
import type { Db } from "~db/index.server";
import { certificateBoardPage, STAGES, type Stage } from "~/domain/certificates.server";
import { participationRoster } from "~/domain/enrolments.server";
import { editionFaceToFaceBoard } from "~/domain/face-to-face.server";
import type { OnlineEdition } from "~/domain/online-access.server";
import { progressBoard } from "~/domain/online-results.server";
import { type BOARD_STATUSES, decodeReasons } from "~/domain/online-rules";
import { fixedT } from "~/i18n/i18n.server";
import { csvHeader } from "~/lib/csv.server";
import { type Locale, stateName } from "~/vocabulary";
import type { Cell, Column, TableSource } from "./tables.server";

function* lazyMap<T, U>(items: Iterable<T>, fn: (item: T) => U): Generator<U> {
  for (const item of items) yield fn(item);
}

/** The online progress board, with the page's filters: the same columns and values as its CSV. */
export function onlineBoardTable({
  db,
  edition,
  locale,
  state,
  status,
}: {
  db: Db;
  edition: OnlineEdition;
  locale: Locale;
  state?: string;
  status?: (typeof BOARD_STATUSES)[number];
}): TableSource {
  const board = progressBoard({ db, edition, locale, state, status, pageSize: null });
  const t = fixedT(locale);
  const quizModules = board.modules.filter((m) => m.hasQuiz);
  const titles = Object.fromEntries(board.modules.map((m) => [m.slug, m.title]));
  const columns: Column[] = [
    { header: t("course:csv.name"), type: "text", width: 30 },
    { header: t("course:csv.email"), type: "text", width: 30 },
    { header: t("course:csv.state"), type: "text", width: 20 },
    { header: t("course:csv.modulesDone"), type: "integer" },
    { header: t("course:csv.modulesRequired"), type: "integer" },
    ...quizModules.map((m): Column => ({ header: t("course:csv.quiz", { n: m.order }), type: "decimal" })),
    { header: t("course:csv.assignment"), type: "text", width: 20 },
    { header: t("course:csv.assignmentScore"), type: "decimal" },
    { header: t("course:csv.result"), type: "text", width: 16 },
    { header: t("course:csv.reasons"), type: "text", width: 40 },
    { header: t("course:csv.overrideReason"), type: "text", width: 30 },
  ];
  const rows = lazyMap(board.rows, (r): Cell[] => [
    r.name,
    r.email,
    stateName(r.stateCode, locale),
    r.modulesDone,
    r.required,
    ...quizModules.map((m) => r.bestScores[m.slug] ?? ""),
    t(`course:progressStatus.${r.assignment}`),
    r.assignmentScore ?? "",
    r.onlineResult ? t(`course:result.${r.onlineResult}`) : t("course:result.pending"),
    decodeReasons(r.onlineResultReason)
      .map((reason) =>
        t(`course:reasons.${reason.code}`, {
          modules: reason.modules.map((slug) => titles[slug] ?? slug).join("; "),
          count: reason.modules.length,
        }),
      )
      .join(" | "),
    r.overrideReason ?? "",
  ]);
  return { name: t("insight:downloads.sheet.online"), columns, rows };
}

/** A state's nominated people (the coordinator's roster): the columns of its CSV, in the same order. */
export function rosterTable({ db, participationId, locale }: { db: Db; participationId: number; locale: Locale }): TableSource {
  const t = fixedT(locale);
  const roster = participationRoster(db, participationId);
  const columns: Column[] = [
    { header: csvHeader("name", locale), type: "text", width: 30 },
    { header: csvHeader("email", locale), type: "text", width: 30 },
    { header: csvHeader("institution", locale), type: "text", width: 30 },
    { header: csvHeader("position", locale), type: "text", width: 24 },
    { header: csvHeader("status", locale), type: "text", width: 12 },
    { header: csvHeader("waitlistPosition", locale), type: "integer" },
    { header: csvHeader("nominatedAt", locale), type: "datetime", width: 18 },
  ];
  const rows = lazyMap(roster, (r): Cell[] => [r.name, r.email, r.institution, r.position, r.status, r.waitlistPosition, r.nominatedAt]);
  return { name: t("insight:downloads.sheet.roster"), columns, rows };
}

/** The face-to-face stage by state (the tutor's board): one row per state, in the page's order. */
export function faceToFaceBoardTable({ db, editionId, locale }: { db: Db; editionId: number; locale: Locale }): TableSource {
  const t = fixedT(locale);
  const board = editionFaceToFaceBoard(db, editionId)
    .map((r) => ({ ...r, state: stateName(r.stateCode, locale) }))
    .sort((a, b) => a.state.localeCompare(b.state, locale));
  const h = (key: string) => t(`insight:downloads.faceToFace.${key}`);
  const columns: Column[] = [
    { header: h("state"), type: "text", width: 24 },
    { header: h("sessions"), type: "integer" },
    { header: h("sessionsComplete"), type: "integer" },
    { header: h("hours"), type: "decimal" },
    { header: h("enrolled"), type: "integer" },
    { header: h("assessed"), type: "integer" },
    { header: h("passed"), type: "integer" },
    { header: h("notPassed"), type: "integer" },
    { header: h("signedOffAt"), type: "datetime", width: 18 },
    { header: h("signedOffBy"), type: "text", width: 24 },
  ];
  const rows = lazyMap(board, (r): Cell[] => [
    r.state,
    r.sessions,
    r.sessionsComplete,
    r.plannedHours,
    r.enrolled,
    r.assessed,
    r.passed,
    r.notPassed,
    r.signedOffAt,
    r.signedOffBy,
  ]);
  return { name: t("insight:downloads.sheet.faceToFace"), columns, rows };
}

/** Trainees read per batch for the certificates download. */
export const CERTIFICATE_BATCH = 500;

/** The certificates board's filters from its URL, as the page reads them (anything else is ignored). */
export function certificateBoardFilters(url: URL): { stateCode?: string; stage?: Stage; search?: string } {
  const query = z.object({
    state: z.string().regex(/^[A-Z]{2}$/).optional().catch(undefined),
    stage: z.enum(STAGES as [Stage, ...Stage[]]).optional().catch(undefined),
    q: z.string().max(100).optional().catch(undefined),
  });
  const parsed = query.parse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== "")));
  return { stateCode: parsed.state, stage: parsed.stage, search: parsed.q };
}

/**
 * The certificates board: every trainee the board lists (with its filters: state, stage, search), their
 * stage and current certificate, read a batch at a time from the board's own paged query.
 */
export function certificateBoardTable({
  db,
  editionId,
  locale,
  stateCode,
  stage,
  search,
  batch = CERTIFICATE_BATCH,
}: {
  db: Db;
  editionId: number;
  locale: Locale;
  stateCode?: string;
  stage?: Stage;
  search?: string;
  /** Trainees read per query. */
  batch?: number;
}): TableSource {
  const t = fixedT(locale);
  const h = (key: string) => t(`insight:downloads.certificates.${key}`);
  // the first batch is read now, so that an unknown edition fails before the response starts
  const first = certificateBoardPage(db, { editionId, stateCode, stage, search, page: 1, pageSize: batch });
  const states = new Map(first.states.map((s) => [s.participationId, stateName(s.stateCode, locale)]));
  function* rows(): Generator<Cell[]> {
    let current = first;
    for (let page = 1; ; page++) {
      if (page > 1) current = certificateBoardPage(db, { editionId, stateCode, stage, search, page, pageSize: batch });
      for (const r of current.trainees) {
        const c = r.certificate;
        yield [
          states.get(r.participationId) ?? "",
          r.name,
          t(`certificates:stage.${r.stage}`),
          c?.serial ?? "",
          c ? t(`certificates:stage.${c.status === "valid" ? "issued" : "revoked"}`) : "",
          c?.issuedOn ?? "",
          c?.revokedAt ?? "",
        ];
      }
      if (page >= current.pages) return;
    }
  }
  const columns: Column[] = [
    { header: h("state"), type: "text", width: 24 },
    { header: h("trainee"), type: "text", width: 30 },
    { header: h("stage"), type: "text", width: 20 },
    { header: h("serial"), type: "text", width: 20 },
    { header: h("status"), type: "text", width: 12 },
    { header: h("issuedOn"), type: "date", width: 12 },
    { header: h("revokedAt"), type: "datetime", width: 18 },
  ];
  return { name: t("insight:downloads.sheet.certificates"), columns, rows: rows() };
}
