/**
 * Chart geometry, computed on the server with d3-scale and d3-shape (docs/decisions/010-reports-and-charts.md):
 * the result is a list of shapes that app/components/chart.tsx renders as SVG, so the browser receives
 * coordinates, never chart code. Colours come from CSS classes (app.css), so print and screen agree.
 */
import { scaleBand, scaleLinear, scalePoint } from "d3-scale";
import { line } from "d3-shape";
import type { ChartItem, ChartSpec } from "~/components/chart";

const r1 = (n: number) => Math.round(n * 10) / 10;

export interface BarRow {
  label: string;
  value: number;
  /** The value as the reader reads it (locale-formatted, with its unit). */
  valueLabel: string;
  /** A second, lighter bar behind this one (e.g. the quota behind the seats used). */
  track?: number;
}

/** Horizontal bars, one per row, on a common scale from 0 to `max`. */
export function barChart({
  id,
  title,
  desc,
  rows,
  max,
}: {
  id: string;
  title: string;
  desc: string;
  rows: BarRow[];
  max?: number;
}): ChartSpec {
  const width = 640;
  const labelWidth = 210;
  const valueWidth = 90;
  const rowHeight = 30;
  const top = 8;
  const height = top * 2 + Math.max(1, rows.length) * rowHeight;
  const domainMax = Math.max(1, max ?? 0, ...rows.map((r) => Math.max(r.value, r.track ?? 0)));
  const x = scaleLinear().domain([0, domainMax]).range([0, width - labelWidth - valueWidth]);
  const y = scaleBand<number>()
    .domain(rows.map((_, i) => i))
    .range([top, height - top])
    .paddingInner(0.25)
    .paddingOuter(0.1);
  const items: ChartItem[] = [];
  rows.forEach((row, i) => {
    const y0 = y(i) ?? 0;
    const h = y.bandwidth();
    const mid = r1(y0 + h / 2);
    items.push({ t: "text", x: labelWidth - 8, y: mid, text: row.label, cls: "chart-label", anchor: "end" });
    if (row.track !== undefined) items.push({ t: "rect", x: labelWidth, y: r1(y0), w: r1(x(row.track)), h: r1(h), cls: "chart-track" });
    items.push({ t: "rect", x: labelWidth, y: r1(y0), w: r1(Math.max(0, x(row.value))), h: r1(h), cls: "chart-bar" });
    const end = Math.max(x(row.value), row.track !== undefined ? x(row.track) : 0);
    items.push({ t: "text", x: r1(labelWidth + end + 6), y: mid, text: row.valueLabel, cls: "chart-value" });
  });
  items.push({ t: "line", x1: labelWidth, y1: top, x2: labelWidth, y2: height - top, cls: "chart-axis" });
  return { id, width, height, title, desc, items };
}

export interface Series {
  name: string;
  values: number[];
}

/** Lines over categories (the editions, oldest first), with a legend and a y axis from 0. */
export function lineChart({
  id,
  title,
  desc,
  categories,
  series,
  formatNumber,
}: {
  id: string;
  title: string;
  desc: string;
  categories: string[];
  series: Series[];
  formatNumber: (n: number) => string;
}): ChartSpec {
  const width = 640;
  const height = 300;
  const margin = { top: 44, right: 24, bottom: 36, left: 52 };
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const x = scalePoint<string>()
    .domain(categories)
    .range([margin.left, width - margin.right])
    .padding(categories.length === 1 ? 0.5 : 0.1);
  const y = scaleLinear()
    .domain([0, max])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const items: ChartItem[] = [];
  for (const tick of y.ticks(5).filter((t) => Number.isInteger(t))) {
    const ty = r1(y(tick));
    items.push({ t: "line", x1: margin.left, y1: ty, x2: width - margin.right, y2: ty, cls: "chart-grid" });
    items.push({ t: "text", x: margin.left - 8, y: ty, text: formatNumber(tick), cls: "chart-tick", anchor: "end" });
  }
  for (const c of categories) items.push({ t: "text", x: r1(x(c) ?? 0), y: height - margin.bottom + 18, text: c, cls: "chart-tick", anchor: "middle" });
  const path = line<number>()
    .x((_, i) => x(categories[i] ?? "") ?? 0)
    .y((v) => y(v));
  series.forEach((s, k) => {
    const cls = `chart-series-${k % 4}`;
    const d = path(s.values);
    if (d && s.values.length > 1) items.push({ t: "path", d, cls: `chart-line ${cls}` });
    s.values.forEach((v, i) => {
      items.push({ t: "circle", cx: r1(x(categories[i] ?? "") ?? 0), cy: r1(y(v)), r: 4, cls: `chart-point ${cls}` });
    });
    // legend across the top
    const lx = margin.left + k * 150;
    items.push({ t: "rect", x: lx, y: 12, w: 14, h: 14, cls: `chart-key ${cls}` });
    items.push({ t: "text", x: lx + 20, y: 19, text: s.name, cls: "chart-label" });
  });
  return { id, width, height, title, desc, items };
}
