import type { LoaderFunctionArgs } from "@remix-run/node";
import { stateName } from "~/vocabulary";
import { requireEdition } from "~/auth/guards.server";
import { progressBoard } from "~/domain/online-results.server";
import { boardFilters, decodeReasons } from "~/domain/online-rules";
import { fixedT } from "~/i18n/i18n.server";
import { csvStreamResponse } from "~/lib/csv.server";

/** The progress board as CSV (same filters as the page), in the tutor's language; formulas neutralised. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, edition, locale } = await requireEdition(request, params, "edition.progress");
  const filters = boardFilters(new URL(request.url));
  const board = progressBoard({ db, edition, locale, ...filters, pageSize: null });
  const t = fixedT(locale);
  const quizModules = board.modules.filter((m) => m.hasQuiz);
  const titles = Object.fromEntries(board.modules.map((m) => [m.slug, m.title]));
  const header = [
    t("course:csv.name"),
    t("course:csv.email"),
    t("course:csv.state"),
    t("course:csv.modulesDone"),
    t("course:csv.modulesRequired"),
    ...quizModules.map((m) => t("course:csv.quiz", { n: m.order })),
    t("course:csv.assignment"),
    t("course:csv.assignmentScore"),
    t("course:csv.result"),
    t("course:csv.reasons"),
    t("course:csv.overrideReason"),
  ];
  // each row is turned into cells only when the stream reaches it
  const rows = lazyMap(board.rows, (r) => [
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
  return csvStreamResponse(`online-${edition.name}${filters.state ? `-${filters.state}` : ""}.csv`, header, rows, locale);
}

function* lazyMap<T, U>(items: readonly T[], fn: (item: T) => U): Generator<U> {
  for (const item of items) yield fn(item);
}
