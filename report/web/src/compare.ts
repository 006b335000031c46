// Two or more runs on one page: each metric's figures side by side with the change against the
// first run (better green, worse red), and the over-time charts overlaid on a time axis
// relative to each run's start.
import uPlot from "uplot";
import { ChartGroup, type Line } from "./chart";
import { el } from "./dom";
import {
  formatChange,
  formatOffset,
  formatPercent,
  formatRate,
  formatRunDuration,
  formatValue,
} from "./format";
import { chartOrder } from "./groups";
import { wallClock } from "./header";
import {
  dense,
  denseSum,
  gridSeconds,
  gridSize,
  namesOf,
  perSecond,
  primary,
  seriesNamed,
  totalNumber,
} from "./series";
import { sortableTable, type Cell, type Column, type Row } from "./table";
import { oneLine, tagsText } from "./text";
import { paletteColor } from "./theme";
import { runRange } from "./timeline";
import type { RunData, Series } from "./types";

const QUANTILES = ["p50", "p95", "p99"];
// Within this, two sketches' figures are the same: each is only within 1% of the truth.
const SAME = 0.02;

export function letter(i: number): string {
  return String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : "");
}

export function change(base: number, value: number, lowerIsBetter: boolean | null): Cell["note"] {
  if (!(base > 0) || !isFinite(value)) return undefined;
  const ratio = (value - base) / base;
  const tone =
    lowerIsBetter === null || Math.abs(ratio) < SAME
      ? "same"
      : ratio < 0 === lowerIsBetter
        ? "better"
        : "worse";
  return { text: formatChange(ratio), tone };
}

// A style attribute would be refused by the page's content security policy; a property is not.
function runLetter(i: number): HTMLElement {
  const badge = el("span", { class: "run-letter" }, letter(i));
  badge.style.setProperty("--run", paletteColor(i));
  return badge;
}

function runsTable(runs: RunData[]): HTMLElement {
  const body = el("tbody", {});
  runs.forEach((r, i) => {
    const s = r.run.summary ?? {};
    const ok = s.iterations_ok ?? 0;
    const failed = s.iterations_failed ?? 0;
    body.appendChild(
      el(
        "tr",
        { "data-run": i },
        el(
          "th",
          { scope: "row" },
          runLetter(i),
          i === 0 ? el("span", { class: "badge calm" }, "baseline") : null,
        ),
        el("td", { class: "mono" }, oneLine(r.label)),
        el("td", {}, oneLine(r.run.scenario?.name)),
        el("td", {}, wallClock(r.run.started_at)),
        el("td", { class: "num" }, formatRunDuration(r.run.duration_us ?? 0)),
        el("td", { class: "num" }, formatValue(s.users_started ?? NaN, "count")),
        el("td", { class: "num" }, formatValue(ok, "count")),
        el("td", { class: "num" }, formatValue(failed, "count")),
        el("td", { class: "num" }, formatPercent(failed, ok + failed)),
      ),
    );
  });
  return el(
    "div",
    { class: "table-wrap" },
    el(
      "table",
      { class: "metrics", "data-table": "runs" },
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          ...[
            "Run",
            "File",
            "Scenario",
            "Started",
            "Duration",
            "Users",
            "Iterations ok",
            "Failed",
            "Failure rate",
          ].map((t, i) => el("th", { scope: "col", class: i >= 4 ? "num" : "" }, t)),
        ),
      ),
      body,
    ),
  );
}

function seriesKey(s: Series): string {
  return `${s.name}\u0000${tagsText(s.tags)}`;
}

// One row per histogram name (all tag values), with a child per tag set found in any run.
function histogramRows(runs: RunData[]): Row[] {
  const names = chartOrder([...new Set(runs.flatMap((r) => namesOf(r, "histogram")))]);
  const cellsOf = (list: (Series | undefined)[]) => {
    const cells: Record<string, Cell> = {};
    for (const q of ["count", ...QUANTILES]) {
      const base = totalNumber(list[0], q);
      list.forEach((s, i) => {
        const v = totalNumber(s, q);
        cells[`${q}:${i}`] = {
          text: formatValue(v, q === "count" ? "count" : (s?.unit ?? "us")),
          sort: v,
          note: i > 0 ? change(base, v, q === "count" ? null : true) : undefined,
        };
      });
    }
    return cells;
  };
  return names.map((name) => {
    const keys = new Map<string, Series>();
    for (const r of runs)
      for (const s of seriesNamed(r, name, "histogram")) keys.set(seriesKey(s), s);
    const children =
      [...keys.values()].length > 1
        ? [...keys.values()].map((s) => ({
            key: seriesKey(s),
            label: el("span", { class: "tags mono" }, oneLine(tagsText(s.tags)) || "(no tags)"),
            attrs: { "data-metric": name, "data-tags": tagsText(s.tags) },
            cells: cellsOf(
              runs.map((r) =>
                seriesNamed(r, name, "histogram").find((x) => seriesKey(x) === seriesKey(s)),
              ),
            ),
            children: [],
          }))
        : [];
    return {
      key: name,
      label: el("span", { class: "label mono" }, oneLine(name)),
      attrs: { "data-metric": name },
      cells: cellsOf(runs.map((r) => primary(r, name))),
      children,
    };
  });
}

function compareColumns(runs: RunData[]): Column[] {
  const columns: Column[] = [{ key: "label", title: "Metric" }];
  for (const q of ["count", ...QUANTILES]) {
    runs.forEach((_, i) =>
      columns.push({
        key: `${q}:${i}`,
        title: `${q === "count" ? "Count" : q} ${letter(i)}`,
        numeric: true,
      }),
    );
  }
  return columns;
}

// Several runs' values on one relative time axis.
function overlay(
  runs: RunData[],
  pick: (r: RunData, size: number) => (number | null)[] | undefined,
) {
  const tables: uPlot.AlignedData[] = [];
  const used: number[] = [];
  runs.forEach((r, i) => {
    const size = gridSize(r);
    const values = pick(r, size);
    if (!values) return;
    tables.push([gridSeconds(r, size), values]);
    used.push(i);
  });
  if (tables.length === 0) return undefined;
  const joined = uPlot.join(tables as never);
  return { x: joined[0] as number[], ys: joined.slice(1) as (number | null)[][], used };
}

function overlayChart(
  grid: HTMLElement,
  group: ChartGroup,
  runs: RunData[],
  id: string,
  title: string,
  unit: string,
  pick: (r: RunData, size: number) => (number | null)[] | undefined,
  rate = false,
) {
  const data = overlay(runs, pick);
  if (!data) return;
  const holder = el("div", { class: "chart-holder" });
  grid.appendChild(
    el(
      "article",
      { class: "card chart-card", "data-chart-card": id },
      el("header", {}, el("div", {}, el("h3", {}, title))),
      holder,
    ),
  );
  const fmt = (v: number | null) =>
    v === null ? "--" : rate ? formatRate(v, unit) : formatValue(v, unit);
  const lines: Line[] = data.ys.map((values, k) => ({
    label: `${letter(data.used[k])} ${oneLine(runs[data.used[k]].label)}`,
    values,
    color: paletteColor(data.used[k]),
    format: fmt,
  }));
  const longest = Math.max(...runs.map((r) => runRange(r)[1]));
  group.add(holder, {
    id,
    x: data.x,
    lines,
    label: title,
    xFormat: formatOffset,
    yUnit: unit,
    xRange: [0, longest],
    yFormat: (v) => (rate ? formatRate(v, unit) : formatValue(v, unit)),
  });
}

export function compare(parent: HTMLElement, runs: RunData[], group: ChartGroup): void {
  parent.appendChild(
    el(
      "section",
      { id: "runs", class: "section" },
      el(
        "div",
        { class: "section-head" },
        el("h2", {}, "Runs"),
        el(
          "p",
          { class: "hint" },
          "Changes are against run A. Lower timings are better; within 2% counts as the same.",
        ),
      ),
      runsTable(runs),
    ),
  );
  const grid = el("div", { class: "chart-grid" });
  parent.appendChild(
    el(
      "section",
      { id: "over-time", class: "section" },
      el(
        "div",
        { class: "section-head" },
        el("h2", {}, "Over time"),
        el(
          "p",
          { class: "hint" },
          "Each run on a time axis from its own start. Drag to zoom, double-click to zoom out.",
        ),
      ),
      grid,
    ),
  );
  overlayChart(grid, group, runs, "users", "Active users", "count", (r, size) =>
    seriesNamed(r, "users.active", "gauge").length
      ? denseSum(seriesNamed(r, "users.active", "gauge"), "max", size, null)
      : undefined,
  );
  overlayChart(
    grid,
    group,
    runs,
    "throughput",
    "Iterations per second",
    "count",
    (r, size) => {
      const list = seriesNamed(r, "iterations", "counter");
      return list.length ? perSecond(r, denseSum(list, "v", size)) : undefined;
    },
    true,
  );
  const names = chartOrder([...new Set(runs.flatMap((r) => namesOf(r, "histogram")))]);
  for (const name of names) {
    const unit = runs.map((r) => primary(r, name)?.unit).find((u) => u) ?? "us";
    overlayChart(grid, group, runs, name, `${name} p95`, unit, (r, size) => {
      const s = primary(r, name);
      return s ? dense(s, "p95", size) : undefined;
    });
  }
  parent.appendChild(
    el(
      "section",
      { id: "tables", class: "section" },
      el(
        "div",
        { class: "section-head" },
        el("h2", {}, "Figures side by side"),
        el("p", { class: "hint" }, "Whole-run figures of every histogram; ▸ opens its tag values."),
      ),
      sortableTable(
        "compare",
        "Figures of each run side by side",
        compareColumns(runs),
        histogramRows(runs),
      ),
    ),
  );
}
