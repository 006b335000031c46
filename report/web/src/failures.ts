// Failures by step and reason, most frequent first, each with its count over time and the
// sample messages that were kept.
import { ChartGroup } from "./chart";
import { el } from "./dom";
import { formatOffset, formatPercent, formatValue } from "./format";
import { dense, gridSeconds, gridSize, seriesNamed, totalNumber } from "./series";
import { oneLine, visible } from "./text";
import { cssColor, paletteColor } from "./theme";
import { runRange } from "./timeline";
import type { FailureSample, RunData, Scope, Series } from "./types";

const CHARTED = 6;

interface Kind {
  series: Series;
  step: string;
  target: string;
  reason: string;
  count: number;
  samples: FailureSample[];
}

function kindsOf(run: RunData, scope: Scope, node: string | null): Kind[] {
  return seriesNamed(scope, "failures", "counter")
    .map((s) => {
      const step = s.tags.step ?? "";
      const target = s.tags.target ?? "";
      const reason = s.tags.reason ?? "";
      const entry = run.failures.find(
        (f) => f.step === step && f.target === target && f.reason === reason,
      );
      const samples = (entry?.samples ?? []).filter((x) => node === null || x.node === node);
      return { series: s, step, target, reason, count: totalNumber(s, "value"), samples };
    })
    .sort((a, b) => b.count - a.count);
}

function samplesList(samples: FailureSample[]): HTMLElement {
  if (samples.length === 0)
    return el("p", { class: "empty" }, "No sample messages were kept for this node.");
  return el(
    "ol",
    { class: "samples" },
    ...samples.map((s) =>
      el(
        "li",
        {},
        el("span", { class: "when mono" }, formatOffset(s.at_us / 1e6)),
        el("span", { class: "node mono" }, oneLine(s.node)),
        el("pre", { class: "message" }, visible(s.message)),
      ),
    ),
  );
}

export function failures(
  parent: HTMLElement,
  run: RunData,
  scope: Scope,
  node: string | null,
  group: ChartGroup,
) {
  const kinds = kindsOf(run, scope, node);
  const section = el(
    "section",
    { id: "failures", class: "section", "aria-labelledby": "failures-h" },
    el("div", { class: "section-head" }, el("h2", { id: "failures-h" }, "Failures")),
  );
  parent.appendChild(section);
  if (kinds.length === 0) {
    section.appendChild(
      el(
        "p",
        { class: "empty good", "data-empty": "failures" },
        "No failures. Every step that ran succeeded.",
      ),
    );
    return;
  }
  const total = kinds.reduce((a, k) => a + k.count, 0);
  const holder = el("div", { class: "chart-holder" });
  section.appendChild(
    el(
      "article",
      { class: "card chart-card wide" },
      el(
        "header",
        {},
        el(
          "div",
          {},
          el("h3", {}, "Failures over time"),
          el(
            "p",
            { class: "desc" },
            kinds.length === 1
              ? "Per bucket"
              : `The ${Math.min(CHARTED, kinds.length)} most frequent kinds, per bucket`,
          ),
        ),
      ),
      holder,
    ),
  );
  const size = gridSize(run, [scope]);
  group.add(holder, {
    id: "failure-kinds",
    x: gridSeconds(run, size),
    label: "Failures per bucket by kind",
    xRange: runRange(run),
    xFormat: formatOffset,
    yFormat: (v) => formatValue(v, "count"),
    yUnit: "integer",
    lines: kinds.slice(0, CHARTED).map((k, i) => ({
      label: oneLine(`${k.step} ${k.target} · ${k.reason}`),
      values: dense(k.series, "v", size).map((v) => v ?? 0),
      color: i === 0 ? cssColor("bad") : paletteColor(i + 1),
      style: "steps" as const,
      format: (v: number | null) => formatValue(v, "count"),
    })),
  });

  const body = el("tbody", {});
  kinds.forEach((k, i) => {
    const id = `failure-${i}`;
    const toggle = el(
      "button",
      {
        type: "button",
        class: "expand",
        "aria-expanded": "false",
        "aria-controls": id,
        "aria-label": "Show sample messages",
      },
      "▸",
    );
    const detail = el(
      "tr",
      { id, class: "detail", hidden: true },
      el("td", { colspan: 5 }, samplesList(k.samples)),
    );
    toggle.addEventListener("click", () => {
      const open = detail.hidden;
      detail.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = open ? "▾" : "▸";
    });
    body.append(
      el(
        "tr",
        { "data-failure": i },
        el(
          "th",
          { scope: "row", class: "name" },
          toggle,
          el("span", { class: "label mono" }, oneLine(k.step)),
        ),
        el("td", { class: "mono target" }, oneLine(k.target)),
        el("td", { class: "reason" }, el("span", { class: "badge alarm" }, oneLine(k.reason))),
        el("td", { class: "num" }, formatValue(k.count, "count")),
        el("td", { class: "num" }, formatPercent(k.count, total)),
      ),
      detail,
    );
  });
  section.appendChild(
    el(
      "div",
      { class: "table-wrap" },
      el(
        "table",
        { class: "metrics", "data-table": "failures" },
        el(
          "thead",
          {},
          el(
            "tr",
            {},
            ...["Step", "Target", "Reason", "Count", "Share"].map((t, i) =>
              el("th", { scope: "col", class: i >= 3 ? "num" : "" }, t),
            ),
          ),
        ),
        body,
      ),
    ),
  );
}
