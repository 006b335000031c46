// Light and dark: the page follows the system unless the reader picks one; charts take their
// colours from the same CSS variables as the rest of the page.

export type ThemeChoice = "light" | "dark";

export function currentTheme(): ThemeChoice {
  const forced = document.documentElement.dataset.theme;
  if (forced === "light" || forced === "dark") return forced;
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

export function setTheme(theme: ThemeChoice): void {
  document.documentElement.dataset.theme = theme;
}

export function onSystemThemeChange(callback: () => void): void {
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
    if (!document.documentElement.dataset.theme) callback();
  });
}

export function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(`--${name}`).trim() || "#888";
}

// A series colour at a given opacity, for area fills.
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const n = parseInt(m[1], 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

// Distinct colours for tag values and runs, in order.
export function paletteColor(i: number): string {
  return cssColor(`c${i % 8}`);
}
