// Which group a metric belongs to, by its name, for the tables and the order of the charts.

export interface Group {
  id: string;
  title: string;
  matches: (name: string) => boolean;
}

const starts =
  (...prefixes: string[]) =>
  (name: string) =>
    prefixes.some((p) => name.startsWith(p));

export const HISTOGRAM_GROUPS: Group[] = [
  {
    id: "steps",
    title: "Iterations and steps",
    matches: starts("iteration.", "step.", "action.", "navigation."),
  },
  { id: "liveview", title: "LiveView", matches: starts("liveview.") },
  { id: "websocket", title: "WebSocket", matches: starts("ws.", "websocket.") },
  { id: "http", title: "HTTP", matches: starts("http.") },
  { id: "vitals", title: "Web vitals", matches: starts("web.", "vitals.", "web_vitals.") },
  { id: "other", title: "Other", matches: () => true },
];

export function groupOf(name: string): Group {
  return (
    HISTOGRAM_GROUPS.find((g) => g.matches(name)) ?? HISTOGRAM_GROUPS[HISTOGRAM_GROUPS.length - 1]
  );
}

// The timings a reader looks at first, charted first, in this order; the rest follow by group.
const MAIN = [
  "iteration.duration",
  "step.duration",
  "liveview.event",
  "liveview.join",
  "action.duration",
  "navigation.duration",
  "http.duration",
];

export function chartOrder(names: string[]): string[] {
  const rank = (name: string) => {
    const main = MAIN.indexOf(name);
    if (main >= 0) return main;
    return MAIN.length + HISTOGRAM_GROUPS.indexOf(groupOf(name));
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
