// The top of a report: what ran where and when, and cards with the figures a reader wants
// first.
import { el } from "./dom";
import {
  formatDuration,
  formatBytes,
  formatPercent,
  formatRate,
  formatRunDuration,
  formatValue,
} from "./format";
import { counterTotal, primary, seriesNamed, totalNumber } from "./series";
import { oneLine } from "./text";
import type { RunData, Scope } from "./types";

export function wallClock(iso: string | undefined): string {
  if (!iso) return "-";
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : oneLine(iso);
}

function statusBadge(status: string | undefined): HTMLElement {
  const s = status ?? "unknown";
  const tone = s === "completed" ? "calm" : s === "interrupted" ? "warn" : "alarm";
  return el("span", { class: `badge ${tone}`, "data-status": s }, oneLine(s));
}

function fact(label: string, ...value: (Node | string)[]): HTMLElement {
  return el(
    "div",
    { class: `fact ${label === "Options" ? "wide" : ""}`, "data-fact": label.toLowerCase() },
    el("dt", {}, label),
    el("dd", {}, ...value),
  );
}

function optionText(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function runFacts(run: RunData): HTMLElement {
  const r = run.run;
  const m = r.machine ?? {};
  const facts = el(
    "dl",
    { class: "facts" },
    fact("Target", el("span", { class: "mono", "data-field": "target" }, oneLine(r.target))),
    fact("Started", wallClock(r.started_at)),
    fact("Duration", formatRunDuration(r.duration_us ?? 0)),
    fact("Status", statusBadge(r.status), ` exit code ${r.exit_code ?? "-"}`),
    fact("Scenario file", el("span", { class: "mono" }, oneLine(r.scenario?.path))),
    fact("LiveLoad", oneLine(r.liveload_version)),
    fact(
      "Machine",
      [
        oneLine(m.hostname),
        m.cores ? `${m.cores} cores` : "",
        m.memory_bytes ? formatBytes(m.memory_bytes) : "",
        oneLine(m.os),
      ]
        .filter((p) => p)
        .join(" · ") || "-",
    ),
  );
  const options = Object.entries(r.options ?? {});
  if (options.length) {
    facts.appendChild(
      fact(
        "Options",
        el(
          "span",
          { class: "chips" },
          ...options.map(([k, v]) =>
            el("code", { class: "chip" }, `${oneLine(k)}=${oneLine(optionText(v))}`),
          ),
        ),
      ),
    );
  }
  return facts;
}

function card(label: string, big: string, id: string, ...rest: (Node | string)[]): HTMLElement {
  return el(
    "section",
    { class: "card stat", "data-card": id },
    el("h3", {}, label),
    el("p", { class: "big" }, big),
    el("p", { class: "sub" }, ...rest),
  );
}

// The highest level of a gauge, added over its tag sets (an upper bound, like result.json's).
export function gaugePeak(scope: Scope, name: string): number {
  const list = seriesNamed(scope, name, "gauge");
  if (list.length === 0) return NaN;
  return list.reduce((sum, s) => sum + (totalNumber(s, "max") || 0), 0);
}

// `filtered`: the figures of one node, where the run's summary does not apply.
export function cards(run: RunData, scope: Scope, filtered: boolean): HTMLElement {
  const summary = run.run.summary ?? {};
  const ok = filtered
    ? counterTotal(scope, "iterations", "result", "ok")
    : (summary.iterations_ok ?? 0);
  const failed = filtered
    ? counterTotal(scope, "iterations", "result", "failed")
    : (summary.iterations_failed ?? 0);
  const seconds = (run.run.duration_us ?? 0) / 1e6;
  const iteration = primary(scope, "iteration.duration");
  const peak = gaugePeak(scope, "users.active");
  const users = [`peak ${formatValue(peak, "count")} active`];
  if (summary.users_succeeded !== undefined) users.push(`${summary.users_succeeded} succeeded`);
  if (summary.users_failed !== undefined) users.push(`${summary.users_failed} failed`);
  const failureTone = failed === 0 ? "calm" : failed / (ok + failed) <= 0.01 ? "warn" : "alarm";
  return el(
    "div",
    { class: "cards" },
    card(
      filtered ? "Users (run)" : "Users",
      formatValue(summary.users_started ?? NaN, "count"),
      "users",
      "started · ",
      users.join(" · "),
    ),
    card(
      "Iterations",
      formatValue(ok + failed, "count"),
      "iterations",
      el("span", { class: "ok" }, `${formatValue(ok, "count")} ok`),
      " · ",
      el("span", { class: failed ? "bad" : "" }, `${formatValue(failed, "count")} failed`),
      " · ",
      formatRate(seconds > 0 ? (ok + failed) / seconds : NaN, "count"),
    ),
    card(
      "Failure rate",
      formatPercent(failed, ok + failed),
      "failure-rate",
      el("span", { class: `dot ${failureTone}` }),
      " of iterations failed",
    ),
    card(
      "Iteration p95",
      formatValue(totalNumber(iteration, "p95"), "us"),
      "iteration-p95",
      `p50 ${formatValue(totalNumber(iteration, "p50"), "us")} · p99 ` +
        formatValue(totalNumber(iteration, "p99"), "us"),
    ),
    card(
      "Nodes",
      String(run.nodes.length),
      "nodes",
      run.nodes
        .map((n) => oneLine(n.status))
        .filter((v, i, a) => a.indexOf(v) === i)
        .join(", "),
    ),
    card(
      "Bucket width",
      formatDuration(run.bucket_us),
      "bucket",
      run.factor > 1 ? `charts: ${formatDuration(run.step_us)} per point` : "one point per bucket",
    ),
  );
}
