// The tables of figures per group: histograms (count, p50, p95, p99, max, mean and the tail
// ratio p99 / p50, coloured), counters and gauges, each row expandable into its tag values.
import { el } from "./dom";
import { fixed, formatRate, formatValue, tailRatio } from "./format";
import { HISTOGRAM_GROUPS, groupOf } from "./groups";
import { namesOf, primary, seriesNamed, totalNumber } from "./series";
import { sortableTable, type Cell, type Row } from "./table";
import { oneLine, tagsText } from "./text";
import type { RunData, Scope, Series } from "./types";

export function tailTone(ratio: number): Cell["tone"] {
  if (!isFinite(ratio)) return undefined;
  return ratio <= 2 ? "calm" : ratio <= 4 ? "warn" : "alarm";
}

function valueCell(v: number, unit: string): Cell {
  return { text: formatValue(v, unit), sort: v };
}

function histogramCells(s: Series): Record<string, Cell> {
  const get = (k: string) => totalNumber(s, k);
  const ratio = tailRatio(get("p50"), get("p99"));
  return {
    count: valueCell(get("count"), "count"),
    p50: valueCell(get("p50"), s.unit),
    p95: valueCell(get("p95"), s.unit),
    p99: valueCell(get("p99"), s.unit),
    max: valueCell(get("max"), s.unit),
    mean: valueCell(get("mean"), s.unit),
    tail: {
      text: isFinite(ratio) ? fixed(ratio, 2) : "-",
      sort: ratio,
      tone: tailTone(ratio),
      title: "p99 ÷ p50: up to 2 calm, up to 4 a warning, above that alarming",
    },
  };
}

function tagLabel(s: Series): HTMLElement {
  return el("span", { class: "tags mono" }, oneLine(tagsText(s.tags)) || "(no tags)");
}

// One row per name, with a child per tag set when it has several; `combine` gives the figures
// of the name as a whole from its tag sets.
function rowsOf(
  scope: Scope,
  names: string[],
  kind: Series["kind"],
  cells: (s: Series) => Record<string, Cell>,
  combine: (sets: Series[]) => Record<string, Cell>,
): Row[] {
  return names.map((name) => {
    const sets = seriesNamed(scope, name, kind);
    const several = sets.length > 1;
    const own = !several && Object.keys(sets[0].tags).length > 0;
    return {
      key: name,
      label: el(
        "span",
        { class: "label mono" },
        oneLine(name),
        several ? el("span", { class: "count-tag" }, ` ${sets.length} tag values`) : null,
        own ? el("span", { class: "tags" }, ` ${oneLine(tagsText(sets[0].tags))}`) : null,
      ),
      attrs: { "data-metric": name, "data-tags": several ? "all" : tagsText(sets[0].tags) },
      cells: several ? combine(sets) : cells(sets[0]),
      children: several
        ? sets.map((s) => ({
            key: JSON.stringify([name, s.tags]),
            label: tagLabel(s),
            attrs: { "data-metric": name, "data-tags": tagsText(s.tags) },
            cells: cells(s),
            children: [],
          }))
        : [],
    };
  });
}

function sumOf(sets: Series[], key: string): number {
  return sets.reduce((acc, s) => acc + (totalNumber(s, key) || 0), 0);
}

const HISTOGRAM_COLUMNS = [
  { key: "label", title: "Metric" },
  { key: "count", title: "Count", numeric: true },
  { key: "p50", title: "p50", numeric: true },
  { key: "p95", title: "p95", numeric: true },
  { key: "p99", title: "p99", numeric: true },
  { key: "max", title: "Max", numeric: true },
  { key: "mean", title: "Mean", numeric: true },
  { key: "tail", title: "p99/p50", numeric: true },
];

export function metricTables(run: RunData, scope: Scope): HTMLElement {
  const section = el(
    "section",
    { id: "tables", class: "section", "aria-labelledby": "tables-h" },
    el(
      "div",
      { class: "section-head" },
      el("h2", { id: "tables-h" }, "Figures"),
      el(
        "p",
        { class: "hint" },
        "Click a heading to sort; ▸ opens a metric's tag values. Tail ratio p99/p50: ",
        el("span", { class: "tone-key calm" }, "≤ 2 calm"),
        " ",
        el("span", { class: "tone-key warn" }, "≤ 4 warning"),
        " ",
        el("span", { class: "tone-key alarm" }, "> 4 alarming"),
      ),
    ),
  );
  const histograms = namesOf(scope, "histogram");
  for (const group of HISTOGRAM_GROUPS) {
    const names = histograms.filter((n) => groupOf(n) === group);
    if (names.length === 0) continue;
    section.appendChild(el("h3", { class: "table-title" }, group.title));
    section.appendChild(
      sortableTable(
        group.id,
        `${group.title} timings and sizes`,
        HISTOGRAM_COLUMNS,
        rowsOf(scope, names, "histogram", histogramCells, (sets) => {
          const merged = primary(scope, sets[0].name);
          return merged ? histogramCells(merged) : {};
        }),
      ),
    );
  }
  const seconds = (run.run.duration_us ?? 0) / 1e6;
  const counterCells = (v: number, unit: string): Record<string, Cell> => ({
    value: valueCell(v, unit),
    rate: { text: seconds > 0 ? formatRate(v / seconds, unit) : "-", sort: v },
  });
  const counters = namesOf(scope, "counter");
  if (counters.length) {
    const rows = rowsOf(
      scope,
      counters,
      "counter",
      (s) => counterCells(totalNumber(s, "value"), s.unit),
      (sets) => counterCells(sumOf(sets, "value"), sets[0].unit),
    );
    section.appendChild(el("h3", { class: "table-title" }, "Counters"));
    section.appendChild(
      sortableTable(
        "counters",
        "Counters",
        [
          { key: "label", title: "Metric" },
          { key: "value", title: "Value", numeric: true },
          { key: "rate", title: "Per second", numeric: true },
        ],
        rows,
      ),
    );
  }
  const gaugeCells = (get: (k: string) => number, unit: string): Record<string, Cell> => ({
    last: valueCell(get("last"), unit),
    min: valueCell(get("min"), unit),
    max: valueCell(get("max"), unit),
  });
  const gauges = namesOf(scope, "gauge");
  if (gauges.length) {
    const rows = rowsOf(
      scope,
      gauges,
      "gauge",
      (s) => gaugeCells((k) => totalNumber(s, k), s.unit),
      (sets) => gaugeCells((k) => sumOf(sets, k), sets[0].unit),
    );
    section.appendChild(el("h3", { class: "table-title" }, "Gauges"));
    section.appendChild(
      sortableTable(
        "gauges",
        "Gauges",
        [
          { key: "label", title: "Metric" },
          { key: "last", title: "Last", numeric: true },
          { key: "min", title: "Min", numeric: true },
          { key: "max", title: "Max", numeric: true },
        ],
        rows,
      ),
    );
  }
  return section;
}
