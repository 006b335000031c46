// Reads the tables of report.md, so the browser tests can hold the page to the same figures.
// Tables are told apart by their header row, not by the section they are in.

function cells(row) {
  const out = [];
  let cell = "";
  for (let i = 0; i < row.length; i++) {
    if (row[i] === "\\" && i + 1 < row.length) {
      cell += row[i + 1]; // md_escape's backslashes, undone
      i++;
    } else if (row[i] === "|") {
      out.push(cell.trim());
      cell = "";
    } else {
      cell += row[i];
    }
  }
  out.push(cell.trim());
  return out.slice(1, -1);
}

// Every table: its header cells and its rows of cells.
export function markdownTables(md) {
  const tables = [];
  let current = null;
  for (const line of md.split("\n")) {
    if (!line.startsWith("|")) {
      current = null;
      continue;
    }
    if (!current) {
      current = { header: cells(line), rows: [] };
      tables.push(current);
    } else if (!/^\|[-:| ]+\|$/.test(line)) {
      current.rows.push(cells(line));
    }
  }
  return tables;
}

// The rows of every table whose header starts with `header`.
export function markdownRows(md, ...header) {
  return markdownTables(md)
    .filter((t) => header.every((h, i) => t.header[i] === h))
    .flatMap((t) => t.rows);
}

export const histogramRows = (md) => markdownRows(md, "Metric", "Tags", "Count", "p50");
export const counterRows = (md) =>
  markdownRows(md, "Metric", "Tags", "Value").filter((r) => r.length === 3);
export const gaugeRows = (md) => markdownRows(md, "Metric", "Tags", "Last", "Min", "Max");

export function markdownLine(md, label) {
  return md.split("\n").find((l) => l.startsWith(`- **${label}`)) ?? "";
}
