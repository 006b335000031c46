// The report page: reads the inserted data and draws the report of one run or the comparison
// of several. Choosing a node or a theme draws the page again from the same data.
import { ChartGroup } from "./chart";
import { compare, letter } from "./compare";
import { distribution } from "./distribution";
import { clear, el } from "./dom";
import { failures } from "./failures";
import { cards, runFacts } from "./header";
import { loadData } from "./load";
import { nodes } from "./nodes";
import { scopeOf } from "./series";
import { metricTables } from "./tables";
import { oneLine } from "./text";
import { currentTheme, onSystemThemeChange, setTheme } from "./theme";
import { timeline } from "./timeline";
import type { ReportData, RunData } from "./types";

declare global {
  interface Window {
    liveloadReady?: number; // performance.now() when every chart was drawn; read by the tests
  }
}

let data: ReportData;
let node: string | null = null;
let disposers: (() => void)[] = [];

function toolbar(): HTMLElement {
  const theme = el(
    "button",
    {
      type: "button",
      class: "ghost",
      "data-action": "theme",
      "aria-label": "Switch between light and dark",
    },
    currentTheme() === "dark" ? "☀ Light" : "☾ Dark",
  );
  theme.addEventListener("click", () => {
    setTheme(currentTheme() === "dark" ? "light" : "dark");
    render();
  });
  const print = el("button", { type: "button", class: "ghost", "data-action": "print" }, "Print");
  print.addEventListener("click", () => window.print());
  return el("div", { class: "toolbar" }, theme, print);
}

function brand(subtitle: string): HTMLElement {
  return el(
    "div",
    { class: "brand" },
    el("span", { class: "mark", "aria-hidden": "true" }, "◢"),
    el("span", {}, "LiveLoad"),
    el("span", { class: "muted" }, ` · ${subtitle}`),
  );
}

function nav(links: [string, string][]): HTMLElement {
  return el(
    "nav",
    { class: "sections", "aria-label": "Sections" },
    ...links.map(([id, title]) => el("a", { href: `#${id}` }, title)),
  );
}

function filterBanner(): HTMLElement | null {
  if (node === null) return null;
  const all = el(
    "button",
    { type: "button", class: "primary", "data-action": "all-nodes" },
    "Show all nodes",
  );
  all.addEventListener("click", () => choose(null));
  return el(
    "div",
    { class: "notice filter", role: "status", "data-filter": node },
    "Showing node ",
    el("strong", { class: "mono" }, oneLine(node)),
    " alone: every chart, table and failure below is its own. ",
    all,
  );
}

function choose(id: string | null): void {
  node = id;
  render();
  document.getElementById("top")?.scrollIntoView();
}

function report(app: HTMLElement, run: RunData): void {
  const scope = scopeOf(run, node);
  document.title = `${oneLine(run.run.scenario?.name) || "run"} · LiveLoad report`;
  app.appendChild(
    el(
      "header",
      { id: "top", class: "top" },
      el("div", { class: "bar" }, brand("load test report"), toolbar()),
      el("h1", {}, oneLine(run.run.scenario?.name) || "(unnamed scenario)"),
      runFacts(run),
      ...(run.run.warnings ?? []).map((w) =>
        el("p", { class: "notice warn" }, `Warning: ${oneLine(w)}`),
      ),
      ...run.notes.map((n) => el("p", { class: "notice warn" }, oneLine(n))),
    ),
  );
  const banner = filterBanner();
  if (banner) app.appendChild(banner);
  app.appendChild(cards(run, scope, node !== null));
  app.appendChild(
    nav([
      ["over-time", "Over time"],
      ["tables", "Figures"],
      ["distribution", "Distribution"],
      ["failures", "Failures"],
      ["nodes", "Nodes"],
    ]),
  );
  const group = new ChartGroup(true);
  disposers.push(() => group.destroy());
  timeline(app, run, scope, group);
  app.appendChild(metricTables(run, scope));
  disposers.push(distribution(app, scope));
  failures(app, run, scope, node, group);
  nodes(app, run, node, choose);
}

function comparison(app: HTMLElement): void {
  document.title = `Comparison of ${data.runs.length} runs · LiveLoad`;
  app.appendChild(
    el(
      "header",
      { id: "top", class: "top" },
      el("div", { class: "bar" }, brand("comparison"), toolbar()),
      el("h1", {}, `${data.runs.length} runs compared`),
      el(
        "p",
        { class: "lead" },
        data.runs.map((r, i) => `${letter(i)}: ${oneLine(r.label)}`).join(" · "),
      ),
    ),
  );
  app.appendChild(
    nav([
      ["runs", "Runs"],
      ["over-time", "Over time"],
      ["tables", "Figures"],
    ]),
  );
  const group = new ChartGroup(true);
  disposers.push(() => group.destroy());
  compare(app, data.runs, group);
}

function render(): void {
  for (const dispose of disposers) dispose();
  disposers = [];
  const app = document.getElementById("app")!;
  clear(app);
  if (data.view === "compare") comparison(app);
  else report(app, data.runs[0]);
  app.appendChild(
    el("footer", { class: "foot" }, "Made by LiveLoad from result.json; this file works offline."),
  );
  // uPlot draws on the next frame; the tests and the benchmark wait for this mark.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      window.liveloadReady = performance.now();
      document.documentElement.dataset.ready = "true";
    }),
  );
}

async function start(): Promise<void> {
  const app = document.getElementById("app")!;
  try {
    data = await loadData();
    if (data.runs.length === 0) throw new Error("The report's data holds no run.");
  } catch (e) {
    clear(app);
    app.appendChild(
      el("div", { class: "notice bad", role: "alert", "data-error": "" }, (e as Error).message),
    );
    document.documentElement.dataset.ready = "error";
    return;
  }
  onSystemThemeChange(render);
  render();
}

void start();
