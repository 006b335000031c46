// The data the C++ side inserts into the page (src/report/html_data.cpp writes it). Everything
// in it that came from the target is text to show, never markup.

export type Kind = "histogram" | "counter" | "gauge";
export type Unit = "us" | "bytes" | "count" | "ratio";
export type Tags = Record<string, string>;

// A histogram total as stored in result.json (figures may be null where none exist).
export interface HistogramTotal {
  count: number;
  sum: number | null;
  min: number | null;
  max: number | null;
  mean: number | null;
  p50: number | null;
  p75: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  "p99.9": number | null;
  sketch?: string;
}

export interface Series {
  name: string;
  kind: Kind;
  unit: Unit;
  tags: Tags;
  all?: boolean; // the merge of every tag set of `name`
  total: Record<string, number | string | null>;
  t: number[]; // bucket group indices, delta coded
  // histogram columns
  n?: (number | null)[];
  p50?: (number | null)[];
  p95?: (number | null)[];
  p99?: (number | null)[];
  max?: (number | null)[];
  sum?: (number | null)[]; // bytes histograms only
  // counter column
  v?: (number | null)[];
  // gauge columns (max shared with histograms)
  last?: (number | null)[];
  min?: (number | null)[];
}

export interface Scope {
  series: Series[];
  merged: Series[];
}

export interface NodeData extends Partial<Scope> {
  id: string;
  status: string;
  taken_at_us: number;
  same_as_total: boolean;
}

export interface FailureSample {
  at_us: number;
  node: string;
  message: string;
}

export interface FailureEntry {
  step: string;
  target: string;
  reason: string;
  count: number;
  samples: FailureSample[];
}

export interface RunMeta {
  scenario?: { name?: string; path?: string };
  target?: string;
  options?: Record<string, unknown>;
  started_at?: string;
  started_unix_ms?: number;
  ended_at?: string;
  duration_us?: number;
  liveload_version?: string;
  machine?: { hostname?: string; cores?: number; memory_bytes?: number; os?: string };
  status?: string;
  exit_code?: number;
  bucket_us?: number;
  node_count?: number;
  summary?: Record<string, number>;
  warnings?: string[];
}

export interface RunData extends Scope {
  label: string;
  run: RunMeta;
  failures: FailureEntry[];
  descriptions: Record<string, string>;
  bucket_us: number;
  factor: number;
  step_us: number;
  nodes: NodeData[];
  notes: string[];
}

export interface ReportData {
  format: "liveload.report-data";
  version: number;
  view: "report" | "compare";
  runs: RunData[];
}
