// The nodes of a run: each one's status, users and failures. Choosing one filters the whole
// page to it.
import { el } from "./dom";
import { formatValue } from "./format";
import { gaugePeak } from "./header";
import { counterTotal, scopeOf } from "./series";
import { oneLine } from "./text";
import type { RunData } from "./types";

export function nodes(
  parent: HTMLElement,
  run: RunData,
  current: string | null,
  choose: (id: string | null) => void,
) {
  const body = el("tbody", {});
  for (const node of run.nodes) {
    const scope = scopeOf(run, node.id);
    const failed = counterTotal(scope, "iterations", "result", "failed");
    const chosen = current === node.id;
    const button = el(
      "button",
      {
        type: "button",
        class: chosen ? "primary" : "ghost",
        "aria-pressed": String(chosen),
        "data-node": node.id,
      },
      chosen ? "Showing this node" : "Show only this node",
    );
    button.addEventListener("click", () => choose(chosen ? null : node.id));
    body.appendChild(
      el(
        "tr",
        { "data-node-row": node.id, class: chosen ? "chosen" : "" },
        el("th", { scope: "row", class: "mono" }, oneLine(node.id)),
        el(
          "td",
          {},
          el(
            "span",
            { class: `badge ${node.status === "completed" ? "calm" : "warn"}` },
            oneLine(node.status),
          ),
        ),
        el("td", { class: "num" }, formatValue(gaugePeak(scope, "users.active"), "count")),
        el(
          "td",
          { class: "num" },
          formatValue(counterTotal(scope, "iterations", "result", "ok"), "count"),
        ),
        el("td", { class: `num ${failed ? "bad" : ""}` }, formatValue(failed, "count")),
        el("td", { class: "num" }, formatValue(counterTotal(scope, "failures"), "count")),
        el("td", {}, button),
      ),
    );
  }
  parent.appendChild(
    el(
      "section",
      { id: "nodes", class: "section", "aria-labelledby": "nodes-h" },
      el(
        "div",
        { class: "section-head" },
        el("h2", { id: "nodes-h" }, "Nodes"),
        el("p", { class: "hint" }, "Choose a node to see the whole page for it alone."),
      ),
      el(
        "div",
        { class: "table-wrap" },
        el(
          "table",
          { class: "metrics", "data-table": "nodes" },
          el(
            "thead",
            {},
            el(
              "tr",
              {},
              ...[
                "Node",
                "Status",
                "Peak users",
                "Iterations ok",
                "Iterations failed",
                "Failures",
                "",
              ].map((t, i) => el("th", { scope: "col", class: i >= 2 && i <= 5 ? "num" : "" }, t)),
            ),
          ),
          body,
        ),
      ),
    ),
  );
}
