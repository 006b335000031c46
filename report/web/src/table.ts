// A sortable table whose rows may expand into child rows (a metric into its tag values).
// Headers are buttons, so sorting works from the keyboard; the expand toggles are buttons too.
import { clear, el } from "./dom";

export interface Column {
  key: string;
  title: string;
  numeric?: boolean;
}

export interface Cell {
  text: string;
  sort: number | string;
  tone?: "calm" | "warn" | "alarm";
  title?: string;
  // A second figure after the first, such as a change against a baseline.
  note?: { text: string; tone: "better" | "worse" | "same" };
}

export interface Row {
  key: string;
  label: Node | string;
  attrs: Record<string, string>;
  cells: Record<string, Cell>;
  children: Row[];
}

export function sortableTable(
  id: string,
  caption: string,
  columns: Column[],
  rows: Row[],
): HTMLElement {
  let sortKey = "";
  let ascending = true;
  const expanded = new Set<string>();
  const head = el("tr", {});
  const body = el("tbody", {});
  const table = el(
    "table",
    { class: "metrics", "data-table": id },
    el("caption", { class: "sr-only" }, caption),
    el("thead", {}, head),
    body,
  );

  const compare = (a: Row, b: Row) => {
    if (!sortKey) return 0;
    const x = sortKey === "label" ? a.key : a.cells[sortKey]?.sort;
    const y = sortKey === "label" ? b.key : b.cells[sortKey]?.sort;
    const missing = (v: unknown) => v === undefined || (typeof v === "number" && !isFinite(v));
    if (missing(x) || missing(y)) return missing(x) === missing(y) ? 0 : missing(x) ? 1 : -1;
    const order = x! < y! ? -1 : x! > y! ? 1 : 0;
    return ascending ? order : -order;
  };

  const rowElement = (row: Row, depth: number) => {
    const tr = el("tr", { class: depth ? "child" : "", ...row.attrs });
    const first = el("th", { scope: "row", class: "name" });
    if (depth === 0 && row.children.length) {
      const open = expanded.has(row.key);
      const toggle = el(
        "button",
        {
          type: "button",
          class: "expand",
          "aria-expanded": String(open),
          "aria-label": `${open ? "Collapse" : "Expand"} tag values`,
        },
        open ? "▾" : "▸",
      );
      toggle.addEventListener("click", () => {
        if (expanded.has(row.key)) expanded.delete(row.key);
        else expanded.add(row.key);
        render();
        body
          .querySelector<HTMLButtonElement>(
            `tr[data-row-key="${CSS.escape(row.key)}"] button.expand`,
          )
          ?.focus();
      });
      first.appendChild(toggle);
    } else {
      first.appendChild(el("span", { class: "expand-space" }));
    }
    first.appendChild(
      typeof row.label === "string" ? el("span", { class: "label" }, row.label) : row.label,
    );
    tr.setAttribute("data-row-key", row.key);
    tr.appendChild(first);
    for (const c of columns.slice(1)) {
      const cell = row.cells[c.key];
      tr.appendChild(
        el(
          "td",
          {
            class: `${c.numeric ? "num" : ""} ${cell?.tone ?? ""}`.trim(),
            "data-col": c.key,
            title: cell?.title,
          },
          cell?.text ?? "",
          cell?.note
            ? el(
                "span",
                { class: `change ${cell.note.tone}`, "data-change": cell.note.text },
                cell.note.text,
              )
            : null,
        ),
      );
    }
    return tr;
  };

  const render = () => {
    clear(head);
    for (const c of columns) {
      const active = sortKey === c.key;
      const button = el(
        "button",
        { type: "button", class: "sort" },
        c.title,
        el(
          "span",
          { class: "arrow", "aria-hidden": "true" },
          active ? (ascending ? " ▲" : " ▼") : "",
        ),
      );
      button.addEventListener("click", () => {
        ascending = sortKey === c.key ? !ascending : !c.numeric;
        sortKey = c.key;
        render();
        head.querySelectorAll<HTMLButtonElement>("button.sort")[columns.indexOf(c)]?.focus();
      });
      head.appendChild(
        el(
          "th",
          {
            scope: "col",
            class: c.numeric ? "num" : "",
            "aria-sort": active ? (ascending ? "ascending" : "descending") : "none",
          },
          button,
        ),
      );
    }
    clear(body);
    for (const row of [...rows].sort(compare)) {
      body.appendChild(rowElement(row, 0));
      if (expanded.has(row.key))
        for (const child of [...row.children].sort(compare)) body.appendChild(rowElement(child, 1));
    }
  };
  render();
  return el("div", { class: "table-wrap" }, table);
}
