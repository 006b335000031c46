// The distribution of any histogram, drawn from its stored DDSketch: the CDF and a histogram of
// the bins (neighbouring bins merged into bars), with p50, p95 and p99 marked on both.
import uPlot from "uplot";
import { ChartGroup } from "./chart";
import { clear, el } from "./dom";
import { formatValue } from "./format";
import { namesOf, seriesNamed } from "./series";
import {
  binLowerBound,
  binValue,
  emptySketch,
  mergeSketches,
  quantile,
  sketchFromBase64,
  type Sketch,
} from "./sketch";
import { oneLine, tagsText } from "./text";
import { cssColor } from "./theme";
import type { Scope, Series } from "./types";

const BARS = 48;
const MARKS: [string, number, string][] = [
  ["p50", 0.5, "p50"],
  ["p95", 0.95, "p95"],
  ["p99", 0.99, "p99"],
];

// The sketch of a set of series: one stored sketch, or the merge of several.
export function sketchOf(list: Series[]): Sketch {
  let merged: Sketch | undefined;
  for (const s of list) {
    const text = s.total.sketch;
    if (typeof text !== "string") throw new Error(`${s.name} has no stored sketch`);
    const one = sketchFromBase64(text);
    merged = merged ? mergeSketches(merged, one) : one;
  }
  return merged ?? emptySketch();
}

function cdfData(s: Sketch): [number[], number[]] {
  const xs: number[] = [];
  const ys: number[] = [];
  let seen = s.zeroCount;
  if (seen > 0) {
    xs.push(Math.max(s.min, 1e-9));
    ys.push(seen / s.count);
  }
  s.bins.forEach((c, k) => {
    if (c === 0) return;
    seen += c;
    xs.push(Math.min(Math.max(binValue(s.alpha, s.offset + k), s.min), s.max));
    ys.push(seen / s.count);
  });
  return [xs, ys];
}

// Bars of about equal width on a log axis, each the sum of its bins.
function histogramData(s: Sketch): [number[], number[]] {
  const per = Math.max(1, Math.ceil(s.bins.length / BARS));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 0; k < s.bins.length; k += per) {
    const lo = binLowerBound(s.alpha, s.offset + k);
    const hi = binLowerBound(s.alpha, s.offset + Math.min(k + per, s.bins.length));
    xs.push(Math.sqrt(lo * hi));
    ys.push(s.bins.slice(k, k + per).reduce((a, b) => a + b, 0));
  }
  return [xs, ys];
}

function marker(values: [string, number][]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const { ctx } = u;
        const top = u.bbox.top;
        const height = u.bbox.height;
        ctx.save();
        ctx.font = `${Math.round(11 * devicePixelRatio)}px system-ui, sans-serif`;
        values.forEach(([name, v], i) => {
          if (!(v > 0)) return;
          const x = Math.round(u.valToPos(v, "x", true));
          ctx.strokeStyle = cssColor(name);
          ctx.fillStyle = cssColor(name);
          ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
          ctx.lineWidth = 1.5 * devicePixelRatio;
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          // Staggered, so that close quantiles keep readable labels.
          ctx.fillText(name, x + 4 * devicePixelRatio, top + (12 + 13 * i) * devicePixelRatio);
        });
        ctx.restore();
      },
    },
  };
}

function draw(holder: HTMLElement, charts: ChartGroup, list: Series[]): void {
  clear(holder);
  const unit = list[0].unit;
  let sketch: Sketch;
  try {
    sketch = sketchOf(list);
  } catch (e) {
    holder.appendChild(
      el("p", { class: "notice bad" }, `Cannot draw this distribution: ${(e as Error).message}`),
    );
    return;
  }
  if (sketch.count === 0) {
    holder.appendChild(el("p", { class: "empty" }, "No samples."));
    return;
  }
  const marks: [string, number][] = MARKS.map(([name, q]) => [name, quantile(sketch, q)]);
  const fmt = (v: number | null) => formatValue(v, unit);
  const stats = el(
    "dl",
    { class: "facts compact", "data-distribution-stats": "" },
    ...[
      ["count", sketch.count, "count"],
      ["min", sketch.min, unit],
      ...marks.map(([n, v]) => [n, v, unit]),
      ["p99.9", quantile(sketch, 0.999), unit],
      ["max", sketch.max, unit],
    ].map(([label, v, u]) =>
      el(
        "div",
        { class: "fact", "data-stat": String(label) },
        el("dt", {}, String(label)),
        el("dd", {}, formatValue(v as number, u as string)),
      ),
    ),
  );
  const cdfHolder = el("div", { class: "chart-holder" });
  const histHolder = el("div", { class: "chart-holder" });
  holder.append(
    stats,
    el(
      "div",
      { class: "chart-grid two" },
      el(
        "article",
        { class: "card chart-card" },
        el("header", {}, el("h3", {}, "Cumulative distribution")),
        cdfHolder,
      ),
      el(
        "article",
        { class: "card chart-card" },
        el("header", {}, el("h3", {}, "Histogram")),
        histHolder,
      ),
    ),
  );
  const [cx, cy] = cdfData(sketch);
  const [hx, hy] = histogramData(sketch);
  charts.add(cdfHolder, {
    id: "cdf",
    plugins: [marker(marks)],
    xLabel: "Value",
    x: cx,
    xLog: true,
    yRange: [0, 1],
    label: "Cumulative distribution",
    lines: [
      {
        label: "fraction ≤ value",
        values: cy,
        color: cssColor("c0"),
        style: "steps",
        format: (v) => (v === null ? "--" : `${(v * 100).toFixed(1)}%`),
      },
    ],
    xFormat: (v) => fmt(v),
    yFormat: (v) => `${Math.round(v * 100)}%`,
  });
  charts.add(histHolder, {
    id: "histogram",
    plugins: [marker(marks)],
    xLabel: "Value",
    x: hx,
    xLog: true,
    label: "Histogram of the sketch's bins",
    lines: [
      {
        label: "samples",
        values: hy,
        color: cssColor("c0"),
        style: "bars",
        format: (v) => formatValue(v, "count"),
      },
    ],
    xFormat: (v) => fmt(v),
    yFormat: (v) => formatValue(v, "count"),
  });
}

// Appends the section; returns what to call before the page is drawn again.
export function distribution(parent: HTMLElement, scope: Scope): () => void {
  const choices: [string, Series[]][] = [];
  for (const name of namesOf(scope, "histogram")) {
    const sets = seriesNamed(scope, name, "histogram");
    if (sets.length > 1) choices.push([`${oneLine(name)} — all tag values`, sets]);
    for (const s of sets)
      choices.push([
        `${oneLine(name)}${Object.keys(s.tags).length ? ` — ${oneLine(tagsText(s.tags))}` : ""}`,
        [s],
      ]);
  }
  if (choices.length === 0) return () => {};
  const select = el(
    "select",
    { id: "distribution-metric", "aria-label": "Histogram to show" },
    ...choices.map(([label], i) => el("option", { value: i }, label)),
  );
  const holder = el("div", { class: "distribution" });
  parent.appendChild(
    el(
      "section",
      { id: "distribution", class: "section", "aria-labelledby": "distribution-h" },
      el(
        "div",
        { class: "section-head" },
        el("h2", { id: "distribution-h" }, "Distribution"),
        el(
          "p",
          { class: "hint" },
          "Drawn from the stored sketch: every bin within 1% of the values it holds.",
        ),
        el("label", { class: "picker" }, "Histogram ", select),
      ),
      holder,
    ),
  );
  let current = new ChartGroup(false);
  const show = () => {
    current.destroy();
    current = new ChartGroup(false);
    draw(holder, current, choices[Number(select.value)][1]);
  };
  select.addEventListener("change", show);
  show();
  return () => current.destroy();
}
