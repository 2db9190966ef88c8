/**
 * What the report page and its downloads show, built from the domain's figures: the charts' geometry
 * (with their titles and descriptions in the reader's language), and the tables (the same numbers in
 * the page, the CSV and the XLSX).
 */
import type { TFunction } from "i18next";
import { type EditionReport, FUNNEL_STAGES } from "~/domain/reports.server";
import type { Locale } from "~/i18n/config";
import { stateName } from "~/vocabulary";
import { barChart, lineChart } from "./charts.server";
import type { Table } from "./tables.server";

export function numberFormat(locale: Locale) {
  const n = new Intl.NumberFormat(locale);
  const p = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  return { number: (v: number) => n.format(v), percent: (v: number | null) => (v === null ? "—" : p.format(v / 100)) };
}

const percentOf = (part: number, whole: number) => (whole > 0 ? Math.round((part * 1000) / whole) / 10 : null);

export function reportCharts(report: EditionReport, t: TFunction, locale: Locale, scope: string) {
  const f = numberFormat(locale);
  const totals = report.totals;
  const stageRows = FUNNEL_STAGES.map((stage) => ({
    label: t(`insight:report.stage.${stage}`),
    value: totals[stage],
    valueLabel: f.number(totals[stage]),
  }));
  const funnel = barChart({
    id: "chart-funnel",
    title: t("insight:report.funnelTitle", { scope }),
    desc: t("insight:report.funnelDesc", {
      nominated: f.number(totals.nominated),
      enrolled: f.number(totals.enrolled),
      onlinePassed: f.number(totals.onlinePassed),
      faceToFacePassed: f.number(totals.faceToFacePassed),
      certified: f.number(totals.certified),
    }),
    rows: stageRows,
  });
  const list = (items: string[]) => items.join("; ");
  const seats = barChart({
    id: "chart-seats",
    title: t("insight:report.seatsTitle", { scope }),
    desc: t("insight:report.seatsDesc", {
      list: list(report.states.map((s) => `${stateName(s.stateCode, locale)} ${f.number(s.enrolled)} / ${f.number(s.quota)}`)),
    }),
    rows: report.states.map((s) => ({
      label: stateName(s.stateCode, locale),
      value: s.enrolled,
      track: s.quota,
      valueLabel: `${f.number(s.enrolled)} / ${f.number(s.quota)}`,
    })),
  });
  const attendance = barChart({
    id: "chart-attendance",
    title: t("insight:report.attendanceTitle", { scope }),
    desc: t("insight:report.attendanceDesc", {
      list: list(report.states.map((s) => `${stateName(s.stateCode, locale)} ${f.percent(s.attendanceRate)}`)),
    }),
    rows: report.states.map((s) => ({
      label: stateName(s.stateCode, locale),
      value: s.attendanceRate ?? 0,
      valueLabel: f.percent(s.attendanceRate),
    })),
    max: 100,
  });
  const quizzes = barChart({
    id: "chart-quizzes",
    title: t("insight:report.quizzesTitle", { scope }),
    desc: t("insight:report.quizzesDesc", {
      list: list(report.quizzes.map((q) => `${t("insight:report.moduleN", { n: q.order })} ${f.percent(q.average)}`)),
    }),
    rows: report.quizzes.map((q) => ({
      label: t("insight:report.moduleN", { n: q.order }),
      value: q.average ?? 0,
      valueLabel: f.percent(q.average),
    })),
    max: 100,
  });
  const trendSeries = (["nominated", "enrolled", "certified"] as const).map((k) => ({
    name: t(`insight:report.stage.${k}`),
    values: report.trend.map((p) => p[k]),
  }));
  const trend = lineChart({
    id: "chart-trend",
    title: t("insight:report.trendTitle", { scope }),
    desc: t("insight:report.trendDesc", {
      list: list(
        report.trend.map(
          (p) =>
            `${p.name}: ${f.number(p.nominated)} ${t("insight:report.stage.nominated")}, ${f.number(p.enrolled)} ${t("insight:report.stage.enrolled")}, ${f.number(p.certified)} ${t("insight:report.stage.certified")}`,
        ),
      ),
    }),
    categories: report.trend.map((p) => p.name),
    series: trendSeries,
    formatNumber: f.number,
  });
  return { funnel, seats, attendance, quizzes, trend };
}

/** The report's downloadable tables: by state (with a total row; the CSV is this one), and the editions compared. */
export function reportTables(report: EditionReport, t: TFunction, locale: Locale): { byState: Table; trend: Table } {
  const quizColumns = report.quizzes.map((q) => ({ header: t("insight:report.quizColumn", { n: q.order }), type: "decimal" as const }));
  const byState: Table = {
    name: t("insight:report.byStateSheet"),
    columns: [
      { header: t("insight:report.column.state"), type: "text", width: 28 },
      { header: t("insight:report.column.quota"), type: "integer" },
      ...FUNNEL_STAGES.map((s) => ({ header: t(`insight:report.stage.${s}`), type: "integer" as const })),
      { header: t("insight:report.column.seatsUsedPercent"), type: "decimal" },
      { header: t("insight:report.column.attendanceMarks"), type: "integer" },
      { header: t("insight:report.column.attended"), type: "integer" },
      { header: t("insight:report.column.attendanceRate"), type: "decimal" },
      ...quizColumns,
    ],
    rows: [
      ...report.states.map((s) => [
        stateName(s.stateCode, locale),
        s.quota,
        ...FUNNEL_STAGES.map((k) => s[k]),
        percentOf(s.enrolled, s.quota),
        s.attendanceMarks,
        s.attended,
        s.attendanceRate,
        ...report.quizzes.map((q) => s.quizAverages[q.slug] ?? null),
      ]),
      [
        t("insight:report.total"),
        report.totals.quota,
        ...FUNNEL_STAGES.map((k) => report.totals[k]),
        percentOf(report.totals.enrolled, report.totals.quota),
        report.totals.attendanceMarks,
        report.totals.attended,
        report.totals.attendanceRate,
        ...report.quizzes.map((q) => q.average),
      ],
    ],
  };
  const trend: Table = {
    name: t("insight:report.trendSheet"),
    columns: [
      { header: t("insight:report.column.edition"), type: "text", width: 16 },
      { header: t("insight:report.column.onlineStartsOn"), type: "date", width: 14 },
      { header: t("insight:report.column.quota"), type: "integer" },
      ...FUNNEL_STAGES.map((s) => ({ header: t(`insight:report.stage.${s}`), type: "integer" as const })),
    ],
    rows: report.trend.map((p) => [p.name, p.onlineStartsOn, p.quota, ...FUNNEL_STAGES.map((k) => p[k])]),
  };
  return { byState, trend };
}

export interface ReportSection {
  id: string;
  heading: string;
  chart: ReturnType<typeof barChart>;
  table: Table;
}

/** The report page: each chart with the data table next to it, then the figures by state. */
export function reportPage(report: EditionReport, t: TFunction, locale: Locale, scope: string) {
  const charts = reportCharts(report, t, locale, scope);
  const tables = reportTables(report, t, locale);
  const totals = report.totals;
  const sections: ReportSection[] = [
    {
      id: "funnel",
      heading: t("insight:report.funnelHeading"),
      chart: charts.funnel,
      table: {
        name: "funnel",
        columns: [
          { header: t("insight:report.column.stage"), type: "text" },
          { header: t("insight:report.column.trainees"), type: "integer" },
          { header: t("insight:report.column.ofNominated"), type: "decimal" },
        ],
        rows: FUNNEL_STAGES.map((s) => [t(`insight:report.stage.${s}`), totals[s], percentOf(totals[s], totals.nominated)]),
      },
    },
    {
      id: "seats",
      heading: t("insight:report.seatsHeading"),
      chart: charts.seats,
      table: {
        name: "seats",
        columns: [
          { header: t("insight:report.column.state"), type: "text" },
          { header: t("insight:report.column.quota"), type: "integer" },
          { header: t("insight:report.column.seatsUsed"), type: "integer" },
          { header: t("insight:report.column.seatsUsedPercent"), type: "decimal" },
        ],
        rows: report.states.map((s) => [stateName(s.stateCode, locale), s.quota, s.enrolled, percentOf(s.enrolled, s.quota)]),
      },
    },
    {
      id: "attendance",
      heading: t("insight:report.attendanceHeading"),
      chart: charts.attendance,
      table: {
        name: "attendance",
        columns: [
          { header: t("insight:report.column.state"), type: "text" },
          { header: t("insight:report.column.attendanceMarks"), type: "integer" },
          { header: t("insight:report.column.attended"), type: "integer" },
          { header: t("insight:report.column.attendanceRate"), type: "decimal" },
        ],
        rows: report.states.map((s) => [stateName(s.stateCode, locale), s.attendanceMarks, s.attended, s.attendanceRate]),
      },
    },
    {
      id: "quizzes",
      heading: t("insight:report.quizzesHeading"),
      chart: charts.quizzes,
      table: {
        name: "quizzes",
        columns: [
          { header: t("insight:report.column.module"), type: "text" },
          { header: t("insight:report.column.trainees"), type: "integer" },
          { header: t("insight:report.column.average"), type: "decimal" },
        ],
        rows: report.quizzes.map((q) => [`${t("insight:report.moduleN", { n: q.order })}: ${q.title}`, q.trainees, q.average]),
      },
    },
    {
      id: "trend",
      heading: t("insight:report.trendHeading"),
      chart: charts.trend,
      table: tables.trend,
    },
  ];
  return { sections, byState: tables.byState };
}
