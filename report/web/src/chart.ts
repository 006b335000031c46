// One uPlot chart, and the group of over-time charts that share a time axis: moving the
// crosshair over one shows every chart's values at that instant; dragging zooms all of them,
// a double click (or Escape) zooms out. The arrow keys move the crosshair of a focused chart.
import uPlot from "uplot";
import { el } from "./dom";
import { cssColor, withAlpha } from "./theme";

export interface Line {
  label: string;
  values: (number | null)[];
  color: string;
  format: (v: number | null) => string;
  scale?: string; // "y" unless given; "users" is drawn on the right axis
  style?: "line" | "area" | "bars" | "steps";
  dash?: number[];
  width?: number;
  show?: boolean;
}

export interface ChartSpec {
  id: string;
  x: number[];
  lines: Line[];
  xFormat: (v: number) => string;
  yFormat: (v: number) => string;
  rightFormat?: (v: number) => string; // the "users" scale's axis
  xLog?: boolean;
  xLabel?: string; // the legend's name for x: "Time" unless given
  xRange?: [number, number]; // the whole run, so that a run of one bucket still has an axis
  xEnd?: number; // where the last bucket ends: steps and areas hold their last value until then
  yRange?: [number, number];
  yUnit?: string; // "bytes" gets ticks at round binary sizes
  height?: number;
  label: string; // what the chart shows, for assistive technology
  plugins?: uPlot.Plugin[];
}

// Bars start at their bucket's start, like the users' steps, so both read the same way.
// The chart's columns. A step drawn from its bucket's start has no width at the last point, so
// steps and areas get one more point at `end` holding their last value.
export function chartData(x: number[], lines: Line[], end?: number): uPlot.AlignedData {
  const columns = lines.map((l) => l.values);
  if (end === undefined || x.length === 0 || end <= x[x.length - 1]) {
    return [x, ...columns] as uPlot.AlignedData;
  }
  const extended = lines.map((l) => {
    const holds = l.style === "area" || l.style === "steps";
    return [...l.values, holds ? (l.values[l.values.length - 1] ?? null) : null];
  });
  return [[...x, end], ...extended] as uPlot.AlignedData;
}

const bars = uPlot.paths.bars!({ size: [0.9, 60], align: 1 });
const steps = uPlot.paths.stepped!({ align: 1 });

function seriesOf(line: Line): uPlot.Series {
  const s: uPlot.Series = {
    label: line.label,
    stroke: line.color,
    width: line.width ?? 1.75,
    scale: line.scale ?? "y",
    dash: line.dash,
    show: line.show ?? true,
    spanGaps: false,
    // uPlot's default shows a line's points only where they stand apart, so a run of a single
    // bucket still shows its one value.
    points:
      line.style === "area" || line.style === "bars"
        ? { show: false }
        : { size: 6, fill: line.color },
    value: (_u, v) => line.format(v),
  };
  if (line.style === "area") {
    s.fill = withAlpha(line.color, 0.16);
    s.paths = steps;
    s.width = 1;
  } else if (line.style === "bars") {
    s.fill = line.color;
    s.paths = bars;
    s.width = 0;
  } else if (line.style === "steps") {
    s.paths = steps;
  }
  return s;
}

// Tick steps of 1, 2, 5, 10, 20, 50, 100, 200 and 500 B, KiB, MiB and GiB.
const BINARY_STEPS = [0, 1, 2, 3].flatMap((k) =>
  [1, 2, 5, 10, 20, 50, 100, 200, 500].map((m) => m * 1024 ** k),
);

const INTEGER_STEPS = [0, 1, 2, 3, 4, 5, 6].flatMap((k) => [1, 2, 5].map((m) => m * 10 ** k));

// On a log axis, labels at 1, 2 and 5 times a power of ten; the other ticks stay unlabelled.
function logLabel(v: number, format: (v: number) => string): string {
  const mantissa = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
  return [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6) ? format(v) : "";
}

// Ticks of the time axis (seconds since the start) at round times.
const TIME_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800,
  604800,
];

function axis(
  format: (v: number) => string,
  scale: string,
  side: 0 | 1 | 2 | 3,
  unit?: string,
): uPlot.Axis {
  const grid = cssColor("grid");
  return {
    incrs:
      unit === "bytes"
        ? BINARY_STEPS
        : unit === "seconds"
          ? TIME_STEPS
          : unit === "integer"
            ? INTEGER_STEPS
            : undefined,
    space: side === 2 ? 64 : 30,
    scale,
    side,
    stroke: cssColor("muted"),
    font: "11px system-ui, sans-serif",
    grid: { show: side !== 1, stroke: grid, width: 1 },
    ticks: { show: true, stroke: grid, width: 1, size: 4 },
    values: (u, splits) =>
      splits.map((v) =>
        v === null ? "" : u.scales[scale]?.distr === 3 ? logLabel(v, format) : format(v),
      ),
    // Fixed widths keep the plotting areas of stacked charts aligned on the time axis.
    size: side === 2 ? 30 : side === 3 ? 62 : 46,
    gap: 4,
  };
}

// The data's own extent is widened to the run's (a zoom keeps the range it asked for), and a
// single point gets a range around it.
function xRange(spec: ChartSpec, min: number, max: number): [number, number] {
  // uPlot hands a single point a range of its own choosing.
  const whole = spec.x.length <= 1 || (min === spec.x[0] && max === spec.x[spec.x.length - 1]);
  if (whole && spec.xRange) return [Math.min(min, spec.xRange[0]), Math.max(max, spec.xRange[1])];
  return min < max ? [min, max] : [min - 1, max + 1];
}

function options(spec: ChartSpec, width: number, sync?: string): uPlot.Options {
  const hasRight = spec.lines.some((l) => l.scale === "users");
  const axes = [
    axis(spec.xFormat, "x", 2, spec.xLog ? undefined : "seconds"),
    axis(spec.yFormat, "y", 3, spec.yUnit),
  ];
  if (hasRight) axes.push(axis(spec.rightFormat ?? spec.yFormat, "users", 1, "integer"));
  return {
    width,
    height: spec.height ?? 220,
    series: [
      { label: spec.xLabel ?? "Time", value: (_u, v) => (v === null ? "--" : spec.xFormat(v)) },
      ...spec.lines.map(seriesOf),
    ],
    axes,
    scales: {
      x: spec.xLog
        ? { time: false, distr: 3 }
        : { time: false, range: (_u, min, max) => xRange(spec, min, max) },
      y: spec.yRange
        ? { range: spec.yRange }
        : { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] },
      users: { range: (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1] },
    },
    cursor: {
      sync: sync ? { key: sync, setSeries: false } : undefined,
      drag: { x: true, y: false, setScale: true },
      points: { size: 6 },
    },
    legend: { live: true },
    plugins: spec.plugins,
  };
}

export class ChartGroup {
  readonly charts: uPlot[] = [];
  private syncing = false;
  private readonly observer = new ResizeObserver((entries) => this.resize(entries));
  private readonly key: string;
  private static count = 0;

  // `linked`: charts share the crosshair and the zoom (the over-time charts).
  constructor(private readonly linked: boolean) {
    ChartGroup.count += 1;
    this.key = `liveload-${ChartGroup.count}`;
  }

  add(holder: HTMLElement, spec: ChartSpec): uPlot {
    const width = Math.max(280, holder.clientWidth || 600);
    const opts = options(spec, width, this.linked ? this.key : undefined);
    opts.hooks = { setScale: [(u, key) => this.onScale(u, key)] };
    const frame = el("div", {
      class: "chart",
      tabindex: 0,
      role: "img",
      "aria-label": spec.label,
      "data-chart": spec.id,
    });
    holder.appendChild(frame);
    const data = chartData(spec.x, spec.lines, spec.xEnd);
    const chart = new uPlot(opts, data, frame);
    frame.addEventListener("keydown", (e) => this.onKey(chart, data[0] as number[], e));
    this.charts.push(chart);
    this.observer.observe(holder);
    (holder as HTMLElement & { chart?: uPlot }).chart = chart;
    return chart;
  }

  destroy(): void {
    this.observer.disconnect();
    for (const c of this.charts) c.destroy();
    this.charts.length = 0;
  }

  // Back to the whole time axis: setting the same data again rescales each chart to it.
  zoomOut(): void {
    this.syncing = true;
    for (const c of this.charts) c.setData(c.data, true);
    this.syncing = false;
  }

  private onScale(source: uPlot, key: string): void {
    if (!this.linked || key !== "x" || this.syncing) return;
    const { min, max } = source.scales.x;
    if (min === undefined || max === undefined || min === null || max === null) return;
    this.syncing = true;
    for (const c of this.charts) if (c !== source) c.setScale("x", { min, max });
    this.syncing = false;
  }

  private onKey(chart: uPlot, x: number[], e: KeyboardEvent): void {
    if (e.key === "Escape") {
      this.zoomOut();
      return;
    }
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight" && e.key !== "Home" && e.key !== "End")
      return;
    e.preventDefault();
    const last = x.length - 1;
    const now = chart.cursor.idx ?? (e.key === "ArrowLeft" ? last + 1 : -1);
    const next =
      e.key === "Home"
        ? 0
        : e.key === "End"
          ? last
          : Math.min(last, Math.max(0, now + (e.key === "ArrowLeft" ? -1 : 1)));
    // The third argument publishes the move to the charts that share the crosshair.
    const setCursor = chart.setCursor as (
      o: { left: number; top: number },
      fire: boolean,
      pub: boolean,
    ) => void;
    setCursor({ left: chart.valToPos(x[next], "x"), top: chart.over.clientHeight / 2 }, true, true);
  }

  private resize(entries: ResizeObserverEntry[]): void {
    for (const entry of entries) {
      const chart = (entry.target as HTMLElement & { chart?: uPlot }).chart;
      const width = Math.floor(entry.contentRect.width);
      if (chart && width > 0 && Math.abs(chart.width - width) > 2) {
        chart.setSize({ width, height: chart.height });
      }
    }
  }
}
