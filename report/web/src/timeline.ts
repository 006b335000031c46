// Over time, the heart of the report: every chart on one time axis with the active users as a
// step area behind it, so a reader sees that p95 went up when users passed 150.
import { ChartGroup, chartData, type Line } from "./chart";
import { el } from "./dom";
import { formatDuration, formatOffset, formatRate, formatValue } from "./format";
import { chartOrder } from "./groups";
import {
  dense,
  denseSum,
  gridSeconds,
  gridSize,
  namesOf,
  perSecond,
  primary,
  seriesNamed,
} from "./series";
import { oneLine, tagsText } from "./text";
import { cssColor, paletteColor } from "./theme";
import type { RunData, Scope, Series } from "./types";

interface Frame {
  run: RunData;
  scope: Scope;
  size: number;
  x: number[];
  users: Line | undefined;
  group: ChartGroup;
  grid: HTMLElement; // in the document already, so that charts get their card's width
}

function usersLine(f: Pick<Frame, "scope" | "size">): Line | undefined {
  const list = seriesNamed(f.scope, "users.active", "gauge");
  if (list.length === 0) return undefined;
  return {
    label: "active users",
    values: denseSum(list, "max", f.size, null),
    color: cssColor("users"),
    scale: "users",
    style: "area",
    format: (v) => formatValue(v, "count"),
  };
}

function chartCard(f: Frame, title: string, description: string, id: string, controls?: Node) {
  return f.grid.appendChild(
    el(
      "article",
      { class: "card chart-card", "data-chart-card": id },
      el(
        "header",
        {},
        el(
          "div",
          {},
          el("h3", {}, title),
          description ? el("p", { class: "desc" }, description) : null,
        ),
        controls ?? null,
      ),
      el("div", { class: "chart-holder" }),
    ),
  );
}

function withUsers(f: Frame, lines: Line[]): Line[] {
  return f.users ? [...lines, f.users] : lines;
}

function quantileLines(s: Series, size: number): Line[] {
  const fmt = (v: number | null) => formatValue(v, s.unit);
  return [
    { label: "p50", values: dense(s, "p50", size), color: cssColor("p50"), format: fmt },
    { label: "p95", values: dense(s, "p95", size), color: cssColor("p95"), format: fmt },
    {
      label: "p99",
      values: dense(s, "p99", size),
      color: cssColor("p99"),
      format: fmt,
      dash: [5, 3],
    },
  ];
}

export function runRange(run: RunData): [number, number] {
  return [0, Math.max((run.run.duration_us ?? 0) / 1e6, run.step_us / 1e6)];
}

function draw(f: Frame, card: HTMLElement, id: string, lines: Line[], unit: string, label: string) {
  const holder = card.querySelector<HTMLElement>(".chart-holder")!;
  return f.group.add(holder, {
    id,
    x: f.x,
    lines: withUsers(f, lines),
    label,
    yUnit: unit,
    xRange: runRange(f.run),
    xEnd: (f.run.run.duration_us ?? 0) / 1e6,
    xFormat: formatOffset,
    yFormat: (v) => formatValue(v, unit),
    rightFormat: (v) => formatValue(v, "count"),
  });
}

// A histogram name: p50, p95 and p99, for all tag sets merged or one chosen set.
function histogramChart(f: Frame, name: string, description: string): HTMLElement | null {
  const all = primary(f.scope, name);
  const sets = seriesNamed(f.scope, name, "histogram");
  if (!all && sets.length === 0) return null;
  const choices: [string, Series][] = [];
  if (all) choices.push([sets.length > 1 ? "all tag values" : tagsText(all.tags) || "all", all]);
  if (sets.length > 1) for (const s of sets) choices.push([oneLine(tagsText(s.tags)), s]);
  let select: HTMLSelectElement | undefined;
  if (choices.length > 1) {
    select = el("select", { "aria-label": `${name}: which tag values` });
    choices.forEach(([label], i) => select!.appendChild(el("option", { value: i }, label)));
  }
  const card = chartCard(f, oneLine(name), description, name, select);
  const first = choices[0][1];
  const chart = draw(
    f,
    card,
    name,
    quantileLines(first, f.size),
    first.unit,
    `${name} p50, p95 and p99 over time`,
  );
  select?.addEventListener("change", () => {
    const s = choices[Number(select!.value)][1];
    const lines = withUsers(f, quantileLines(s, f.size));
    chart.setData(chartData(f.x, lines, (f.run.run.duration_us ?? 0) / 1e6));
  });
  return card;
}

function loadChart(f: Frame): HTMLElement | null {
  const iterations = seriesNamed(f.scope, "iterations", "counter");
  const rate = (list: Series[], column: "v" | "n") =>
    perSecond(f.run, denseSum(list, column, f.size));
  const lines: Line[] = [];
  const fmt = (v: number | null) => (v === null ? "--" : formatRate(v, "count"));
  if (iterations.length) {
    lines.push({
      label: "iterations ok/s",
      color: cssColor("ok"),
      format: fmt,
      values: rate(
        iterations.filter((s) => s.tags.result === "ok"),
        "v",
      ),
    });
    lines.push({
      label: "failed/s",
      color: cssColor("bad"),
      format: fmt,
      values: rate(
        iterations.filter((s) => s.tags.result === "failed"),
        "v",
      ),
    });
  }
  const events = seriesNamed(f.scope, "liveview.event", "histogram");
  if (events.length)
    lines.push({
      label: "events/s",
      color: cssColor("c3"),
      format: fmt,
      values: rate(events, "n"),
    });
  const requests = seriesNamed(f.scope, "http.requests", "counter");
  if (requests.length) {
    lines.push({
      label: "HTTP requests/s",
      color: cssColor("c5"),
      format: fmt,
      values: rate(requests, "v"),
      dash: [4, 3],
    });
  }
  if (lines.length === 0 && !f.users) return null;
  const card = chartCard(
    f,
    "Users and throughput",
    "Active users (area, right axis) and completed work per second",
    "throughput",
  );
  draw(f, card, "throughput", lines, "count", "Active users and throughput over time");
  return card;
}

function failuresChart(f: Frame): HTMLElement | null {
  const failures = seriesNamed(f.scope, "failures", "counter");
  if (failures.length === 0) return null;
  const card = chartCard(f, "Failures", "Failed steps per bucket", "failures");
  draw(
    f,
    card,
    "failures",
    [
      {
        label: "failures",
        values: denseSum(failures, "v", f.size),
        color: cssColor("bad"),
        style: "bars",
        format: (v) => formatValue(v, "count"),
      },
    ],
    "integer",
    "Failures per bucket over time",
  );
  return card;
}

function trafficChart(f: Frame): HTMLElement | null {
  const sent = seriesNamed(f.scope, "ws.frame_sent.bytes", "histogram");
  const received = seriesNamed(f.scope, "ws.frame_received.bytes", "histogram");
  if (sent.length + received.length === 0) return null;
  const fmt = (v: number | null) => (v === null ? "--" : formatRate(v, "bytes"));
  const card = chartCard(f, "WebSocket traffic", "Frame bytes per second, each way", "ws-traffic");
  draw(
    f,
    card,
    "ws-traffic",
    [
      {
        label: "received/s",
        values: perSecond(f.run, denseSum(received, "sum", f.size)),
        color: cssColor("c0"),
        format: fmt,
      },
      {
        label: "sent/s",
        values: perSecond(f.run, denseSum(sent, "sum", f.size)),
        color: cssColor("c1"),
        format: fmt,
      },
    ],
    "bytes",
    "WebSocket bytes per second over time",
  );
  return card;
}

// Gauges other than active users (Chromium memory per process, ...): one line per tag set.
function gaugeChart(f: Frame, name: string, description: string): HTMLElement {
  const list = seriesNamed(f.scope, name, "gauge").slice(0, 8);
  const unit = list[0]?.unit ?? "count";
  const card = chartCard(f, oneLine(name), description, name);
  draw(
    f,
    card,
    name,
    list.map((s, i) => ({
      label: oneLine(tagsText(s.tags)) || name,
      values: dense(s, "last", f.size),
      color: paletteColor(i),
      format: (v: number | null) => formatValue(v, unit),
      style: "steps" as const,
    })),
    unit,
    `${name} over time`,
  );
  return card;
}

// Appends the section to `parent`, then draws its charts.
export function timeline(parent: HTMLElement, run: RunData, scope: Scope, group: ChartGroup): void {
  const size = gridSize(run, [scope]);
  const grid = el("div", { class: "chart-grid" });
  const section = el(
    "section",
    { id: "over-time", class: "section", "aria-labelledby": "over-time-h" },
    el(
      "div",
      { class: "section-head" },
      el("h2", { id: "over-time-h" }, "Over time"),
      el(
        "p",
        { class: "hint" },
        "Drag across a chart to zoom all of them; double-click or Escape zooms out. " +
          "Focus a chart and use ← → to move the crosshair.",
      ),
      el("button", { type: "button", class: "ghost", "data-action": "zoom-out" }, "Zoom out"),
    ),
    run.factor > 1
      ? el(
          "p",
          { class: "notice", "data-downsampled": run.factor },
          `This run is long: each point merges ${run.factor} buckets of ${formatDuration(run.bucket_us)} ` +
            `(${formatDuration(run.step_us)} per point). Their sketches were merged, so no sample was dropped.`,
        )
      : null,
    grid,
  );
  parent.appendChild(section);
  section.querySelector("[data-action=zoom-out]")!.addEventListener("click", () => group.zoomOut());

  const f: Frame = {
    run,
    scope,
    size,
    x: gridSeconds(run, size),
    group,
    grid,
    users: usersLine({ scope, size }),
  };
  loadChart(f);
  failuresChart(f);
  for (const name of chartOrder(namesOf(scope, "histogram"))) {
    histogramChart(f, name, run.descriptions[name] ?? "");
  }
  trafficChart(f);
  for (const name of namesOf(scope, "gauge")) {
    if (name !== "users.active") gaugeChart(f, name, run.descriptions[name] ?? "");
  }
}
