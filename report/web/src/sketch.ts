// DDSketch in the page: the binary form of src/telemetry/sketch_codec.cpp, decoded exactly,
// with the quantile and merge rules of src/telemetry/ddsketch.cpp and bin_store.cpp, so that a
// figure computed here from a stored sketch is the one the C++ side computes.
import { base64Bytes } from "./base64";

export interface Sketch {
  alpha: number;
  maxBins: number;
  collapsed: boolean;
  count: number;
  zeroCount: number;
  sum: number;
  min: number;
  max: number;
  offset: number; // index of bins[0]
  bins: number[]; // counts per bin index from `offset` upwards
}

const MAGIC = 0xdd;
const VERSION = 1;
const MAX_BINS_CEILING = 1 << 20;

class Reader {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  remaining(): number {
    return this.bytes.length - this.pos;
  }

  byte(): number {
    this.need(1);
    return this.bytes[this.pos++];
  }

  // LEB128; counts past 2^53 would lose precision in a JS number, so they are refused.
  varint(): number {
    let value = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      const b = this.byte();
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        if (value > Number.MAX_SAFE_INTEGER) this.fail("a varint exceeds 2^53");
        return value;
      }
    }
    return this.fail("a varint runs over 64 bits");
  }

  f64(): number {
    this.need(8);
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 8);
    this.pos += 8;
    return view.getFloat64(0, true);
  }

  fail(what: string): never {
    throw new Error(`sketch: ${what} (at byte ${this.pos})`);
  }

  private need(n: number): void {
    if (this.remaining() < n) this.fail("truncated");
  }
}

function unzigzag(v: number): number {
  return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
}

export function decodeSketch(bytes: Uint8Array): Sketch {
  const r = new Reader(bytes);
  if (r.byte() !== MAGIC) r.fail("not a sketch encoding (bad magic)");
  const version = r.byte();
  if (version !== VERSION) r.fail(`unsupported encoding version ${version}`);
  const alpha = r.f64();
  const maxBins = r.varint();
  const flags = r.byte();
  const count = r.varint();
  const zeroCount = r.varint();
  const sum = r.f64();
  const min = r.f64();
  const max = r.f64();
  const offset = unzigzag(r.varint());
  const binCount = r.varint();
  if (!(alpha >= 1e-6 && alpha < 1)) r.fail(`relative accuracy ${alpha} out of range`);
  if (maxBins === 0 || maxBins > MAX_BINS_CEILING) r.fail(`bin limit ${maxBins} out of range`);
  if ((flags & ~1) !== 0) r.fail(`unknown flags ${flags}`);
  if (binCount > maxBins || binCount > r.remaining()) r.fail(`${binCount} bins do not fit`);
  if (offset < -(2 ** 31) || offset + binCount - 1 > 2 ** 31 - 1) {
    r.fail(`bin offset ${offset} out of range`);
  }
  const bins = new Array<number>(binCount);
  let binned = 0;
  for (let i = 0; i < binCount; i++) {
    bins[i] = r.varint();
    binned += bins[i];
  }
  if (r.remaining() !== 0) r.fail(`${r.remaining()} stray bytes at the end`);
  if (binned + zeroCount !== count) r.fail(`count ${count} disagrees with the bins`);
  const boundsOk =
    count === 0
      ? sum === 0 && min === 0 && max === 0
      : isFinite(sum) && isFinite(max) && min >= 0 && min <= max && sum >= 0;
  if (!boundsOk) r.fail(`impossible sum ${sum}, min ${min} or max ${max}`);
  return trim({
    alpha,
    maxBins,
    collapsed: (flags & 1) !== 0,
    count,
    zeroCount,
    sum,
    min,
    max,
    offset,
    bins,
  });
}

export function sketchFromBase64(text: string): Sketch {
  return decodeSketch(base64Bytes(text));
}

// Like BinStore::from_parts: no empty bins at either end.
function trim(s: Sketch): Sketch {
  let first = 0;
  while (first < s.bins.length && s.bins[first] === 0) first++;
  if (first === s.bins.length) return { ...s, offset: 0, bins: [] };
  let end = s.bins.length;
  while (s.bins[end - 1] === 0) end--;
  return { ...s, offset: s.offset + first, bins: s.bins.slice(first, end) };
}

export function emptySketch(alpha = 0.01, maxBins = 2048): Sketch {
  return {
    alpha,
    maxBins,
    collapsed: false,
    count: 0,
    zeroCount: 0,
    sum: 0,
    min: 0,
    max: 0,
    offset: 0,
    bins: [],
  };
}

function multiplier(alpha: number): number {
  return 1 / Math.log1p((2 * alpha) / (1 - alpha));
}

// The value that represents bin `index` (IndexMapping::value).
export function binValue(alpha: number, index: number): number {
  const gamma = (1 + alpha) / (1 - alpha);
  return Math.exp(index / multiplier(alpha) + Math.log(2 / (1 + gamma)));
}

// The exclusive lower bound of bin `index`.
export function binLowerBound(alpha: number, index: number): number {
  return Math.exp((index - 1) / multiplier(alpha));
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}

// The value of the sample of rank q * (count - 1), within alpha, always within [min, max].
export function quantile(s: Sketch, q: number): number {
  if (s.count === 0 || !(q >= 0 && q <= 1)) return NaN;
  if (q === 0) return s.min;
  if (q === 1) return s.max;
  const rank = q * (s.count - 1);
  if (rank < s.zeroCount) return clamp(0, s.min, s.max);
  const binRank = rank - s.zeroCount;
  let cumulative = 0;
  let index = s.offset + s.bins.length - 1;
  for (let k = 0; k < s.bins.length; k++) {
    cumulative += s.bins[k];
    if (cumulative > binRank) {
      index = s.offset + k;
      break;
    }
  }
  return clamp(binValue(s.alpha, index), s.min, s.max);
}

// `a` with every sample of `b`; throws when their accuracies differ, as the C++ merge fails.
export function mergeSketches(a: Sketch, b: Sketch): Sketch {
  if (a.alpha !== b.alpha) {
    throw new Error(`cannot merge a sketch of relative accuracy ${b.alpha} into one of ${a.alpha}`);
  }
  if (b.count === 0) return a;
  let bins = a.bins;
  let offset = a.offset;
  let folded = false;
  if (b.bins.length > 0) {
    const hi =
      Math.max(b.offset + b.bins.length, a.bins.length ? a.offset + a.bins.length : -Infinity) - 1;
    let lo = a.bins.length ? Math.min(a.offset, b.offset) : b.offset;
    lo = Math.max(lo, hi - a.maxBins + 1);
    bins = new Array<number>(hi - lo + 1).fill(0);
    for (const store of [a, b]) {
      store.bins.forEach((c, k) => {
        const index = store.offset + k;
        if (index < lo && c !== 0) folded = true;
        bins[Math.max(index, lo) - lo] += c;
      });
    }
    offset = lo;
  }
  const empty = a.count === 0;
  return {
    alpha: a.alpha,
    maxBins: a.maxBins,
    collapsed: a.collapsed || b.collapsed || folded,
    count: a.count + b.count,
    zeroCount: a.zeroCount + b.zeroCount,
    sum: a.sum + b.sum,
    min: empty ? b.min : Math.min(a.min, b.min),
    max: empty ? b.max : Math.max(a.max, b.max),
    offset,
    bins,
  };
}
