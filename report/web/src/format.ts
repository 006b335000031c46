// Numbers for people, formatted exactly as src/report/format.cpp does, so that report.md and
// the page show the same figure as the same text.
import type { Unit } from "./types";

// fmt's "{:.Nf}": round half to even on the exact binary value, where toFixed rounds half up.
export function fixed(v: number, digits: number): string {
  const text = v.toFixed(digits);
  const scaled = v * 10 ** digits;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5 && Number.isSafeInteger(floor) && floor % 2 === 0) {
    return (floor / 10 ** digits).toFixed(digits);
  }
  return text;
}

function threeDigits(v: number): string {
  if (v >= 100) return fixed(v, 0);
  if (v >= 10) return fixed(v, 1);
  return fixed(v, 2);
}

function micros(us: number): string {
  if (us < 1000) return `${fixed(us, 0)} us`;
  const ms = us / 1000;
  if (ms < 1000) return `${threeDigits(ms)} ms`;
  const s = ms / 1000;
  if (s < 10) return `${fixed(s, 2)} s`;
  if (s < 100) return `${fixed(s, 1)} s`;
  return `${fixed(s, 0)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${fixed(bytes, 0)} B`;
  if (bytes < 1024 * 1024) return `${threeDigits(bytes / 1024)} KiB`;
  if (bytes < 1024 ** 3) return `${threeDigits(bytes / 1024 ** 2)} MiB`;
  return `${threeDigits(bytes / 1024 ** 3)} GiB`;
}

function count(v: number): string {
  if (v === Math.floor(v) && Math.abs(v) < 1e15) return fixed(v, 0);
  return fixed(v, 2);
}

export function formatValue(value: number | null | undefined, unit: Unit | string): string {
  if (value === null || value === undefined || !isFinite(value)) return "-";
  if (unit === "us") return micros(value);
  if (unit === "bytes") return formatBytes(value);
  if (unit === "ratio") return fixed(value, 3);
  return count(value);
}

// A rate per second: "12.5/s", with fewer digits as it grows.
export function formatRate(perSecond: number, unit: Unit | string): string {
  if (!isFinite(perSecond)) return "-";
  if (unit === "bytes") return `${formatBytes(perSecond)}/s`;
  return `${perSecond >= 100 ? fixed(perSecond, 0) : threeDigits(perSecond)}/s`;
}

export function formatRunDuration(us: number): string {
  const s = us / 1e6;
  if (s < 60) return `${fixed(s, 1)} s`;
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor(total / 60) % 60;
  const sec = total % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  if (h > 0) return `${h}h ${two(m)}m ${two(sec)}s`;
  return `${m}m ${two(sec)}s`;
}

// Like util/duration's format_duration: the shortest exact form, "250ms", "5s", "2m30s".
export function formatDuration(us: number): string {
  us = Math.round(us);
  if (us === 0) return "0s";
  if (us % 1000 !== 0) return `${us}us`;
  const ms = us / 1000;
  if (ms % 1000 !== 0) return `${ms}ms`;
  let s = ms / 1000;
  let out = "";
  if (s >= 3600) {
    out += `${Math.floor(s / 3600)}h`;
    s %= 3600;
  }
  if (s >= 60) {
    out += `${Math.floor(s / 60)}m`;
    s %= 60;
  }
  if (s > 0) out += `${s}s`;
  return out;
}

// An offset since the start for axes and legends: "+0s", "+2m30s", "+1h05m".
export function formatOffset(seconds: number): string {
  const sign = seconds < 0 ? "-" : "+";
  let s = Math.round(Math.abs(seconds));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const two = (n: number) => String(n).padStart(2, "0");
  if (h > 0) return `${sign}${h}h${m || s ? `${two(m)}m` : ""}${s ? `${two(s)}s` : ""}`;
  if (m > 0) return `${sign}${m}m${s ? two(s) + "s" : ""}`;
  return `${sign}${s}s`;
}

export function formatPercent(part: number, whole: number): string {
  if (!(whole > 0)) return "-";
  return `${fixed((100 * part) / whole, 1)}%`;
}

// A signed change in percent, "+12.5%", "-3.0%", "±0.0%".
export function formatChange(ratio: number): string {
  if (!isFinite(ratio)) return "-";
  const pct = ratio * 100;
  if (Math.abs(pct) < 0.05) return "±0.0%";
  return `${pct > 0 ? "+" : ""}${fixed(pct, 1)}%`;
}

// p99 / p50 as report.md prints it.
export function tailRatio(p50: number | null | undefined, p99: number | null | undefined): number {
  if (p50 === null || p50 === undefined || p99 === null || p99 === undefined) return NaN;
  if (!(p50 > 0) || !isFinite(p99)) return NaN;
  return p99 / p50;
}
