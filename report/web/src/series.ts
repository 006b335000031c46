// The series of one run as the views read them: the scope (run total or one node), series by
// name, and bucket columns laid out densely on the run's time grid.
import type { NodeData, RunData, Scope, Series } from "./types";

const groupCache = new WeakMap<Series, number[]>();

// Bucket group indices of a series (stored as deltas).
export function groupsOf(s: Series): number[] {
  let groups = groupCache.get(s);
  if (!groups) {
    let at = 0;
    groups = s.t.map((d) => (at += d));
    groupCache.set(s, groups);
  }
  return groups;
}

export function nodeOf(run: RunData, id: string | null): NodeData | undefined {
  return id === null ? undefined : run.nodes.find((n) => n.id === id);
}

// The series the page shows: the run total's, or a node's alone.
export function scopeOf(run: RunData, nodeId: string | null): Scope {
  const node = nodeOf(run, nodeId);
  if (!node || node.same_as_total) return { series: run.series, merged: run.merged };
  return { series: node.series ?? [], merged: node.merged ?? [] };
}

export function namesOf(scope: Scope, kind: Series["kind"]): string[] {
  const names: string[] = [];
  for (const s of scope.series) {
    if (s.kind === kind && !names.includes(s.name)) names.push(s.name);
  }
  return names;
}

export function seriesNamed(scope: Scope, name: string, kind: Series["kind"]): Series[] {
  return scope.series.filter((s) => s.name === name && s.kind === kind);
}

// One series for a whole name: the merge of its tag sets, or its only series.
export function primary(
  scope: Scope,
  name: string,
  kind: Series["kind"] = "histogram",
): Series | undefined {
  const merged = scope.merged.find((s) => s.name === name && s.kind === kind);
  if (merged) return merged;
  const named = seriesNamed(scope, name, kind);
  return named.length === 1 ? named[0] : undefined;
}

// Number of bucket groups the run spans.
export function gridSize(run: RunData, scopes: Scope[] = [run]): number {
  let size = Math.ceil((run.run.duration_us ?? 0) / run.step_us);
  for (const scope of scopes) {
    for (const s of scope.series) {
      const g = groupsOf(s);
      if (g.length) size = Math.max(size, g[g.length - 1] + 1);
    }
  }
  return Math.max(size, 1);
}

// Seconds since the start of each group.
export function gridSeconds(run: RunData, size: number): number[] {
  return Array.from({ length: size }, (_, g) => (g * run.step_us) / 1e6);
}

// Length of group g in seconds: the last one ends with the run.
export function groupSeconds(run: RunData, g: number): number {
  const start = g * run.step_us;
  const end = Math.min(start + run.step_us, run.run.duration_us ?? Infinity);
  return (end > start ? end - start : run.step_us) / 1e6;
}

type Column = "n" | "p50" | "p95" | "p99" | "max" | "sum" | "v" | "last" | "min";

// One column on the dense grid; groups without a value hold null (a gap in the chart).
export function dense(s: Series, column: Column, size: number): (number | null)[] {
  const out = new Array<number | null>(size).fill(null);
  const values = s[column];
  if (!values) return out;
  groupsOf(s).forEach((g, i) => {
    if (g < size) out[g] = values[i] ?? null;
  });
  return out;
}

// The sum of one column over several series (tag sets), on the dense grid. `fill` is what a
// group none of them has counts as: 0 for counters, which only store non-zero buckets.
export function denseSum(list: Series[], column: Column, size: number, fill: number | null = 0) {
  const out = new Array<number | null>(size).fill(fill);
  for (const s of list) {
    const values = s[column];
    if (!values) continue;
    groupsOf(s).forEach((g, i) => {
      const v = values[i];
      if (g < size && v !== null && v !== undefined) out[g] = (out[g] ?? 0) + v;
    });
  }
  return out;
}

// Per second: each group's value divided by the group's length. A group that starts when the
// run ended (where a gauge's last change lands) spans no time, so it has no rate.
export function perSecond(run: RunData, values: (number | null)[]): (number | null)[] {
  const end = run.run.duration_us ?? Infinity;
  return values.map((v, g) =>
    v === null || g * run.step_us >= end ? null : v / groupSeconds(run, g),
  );
}

export function totalNumber(s: Series | undefined, key: string): number {
  const v = s?.total?.[key];
  return typeof v === "number" ? v : NaN;
}

export function counterTotal(
  scope: Scope,
  name: string,
  tagKey?: string,
  tagValue?: string,
): number {
  let sum = 0;
  for (const s of seriesNamed(scope, name, "counter")) {
    if (tagKey !== undefined && s.tags[tagKey] !== tagValue) continue;
    const v = totalNumber(s, "value");
    if (isFinite(v)) sum += v;
  }
  return sum;
}
