/**
 * Streaming statistics whose results depend only on the multiset of values added, never on their
 * order. That is what makes a batch give the same bytes on any number of workers, shards or
 * resumptions: each aggregate here can be filled in any order, and merged, to the same result.
 *
 * - Sums are exact (Shewchuk's algorithm, as in Python's math.fsum), rounded once at the end.
 * - Quantiles are exact (sorted values, linear interpolation between order statistics, R's type 7)
 *   while a store holds at most `limit` values; past that the store becomes a DDSketch (Masson,
 *   Rim and Lee, VLDB 2019) whose quantiles are within a relative error `ALPHA` of the exact
 *   lower-rank quantile. A sketch's bucket counts are a function of the multiset, so merging is exact.
 */
import { DDSketch } from '@datadog/sketches-js';

/** The relative accuracy of quantiles once a store has become a sketch: 0.5% of the value. */
export const ALPHA = 0.005;

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** An exact running sum of doubles (Shewchuk 1997, "Adaptive precision floating-point arithmetic"). */
export class ExactSum {
  private partials: number[] = [];

  add(value: number): void {
    let x = value;
    const p = this.partials;
    let i = 0;
    for (let k = 0; k < p.length; k++) {
      let y = p[k];
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    p.length = i;
    p.push(x);
  }

  /** The exact sum as non-overlapping parts (smallest first), for further exact arithmetic. */
  parts(): readonly number[] {
    return this.partials;
  }

  /** The exact sum, correctly rounded to a double (the final step of CPython's fsum). */
  value(): number {
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }
}

/** a * b as an exact pair [product, error] (Dekker's two-product; JS has no fused multiply-add). */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  const split = (x: number) => {
    const c = 134217729 * x; // 2^27 + 1
    const hi = c - (c - x);
    return [hi, x - hi];
  };
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

/** Count, exact sum and exact sum of squares, min and max of a stream. */
export class Moments {
  n = 0;
  min = Infinity;
  max = -Infinity;
  private sum = new ExactSum();
  private squares = new ExactSum();

  add(value: number): void {
    const x = value === 0 ? 0 : value; // -0 and 0 are one value here
    this.n++;
    this.sum.add(x);
    const [p, e] = twoProduct(x, x);
    this.squares.add(p);
    this.squares.add(e);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  mean(): number {
    return this.n ? this.sum.value() / this.n : NaN;
  }

  /** The sample standard deviation (n - 1). */
  sd(): number {
    if (this.n < 2) return NaN;
    if (this.min === this.max) return 0;
    // n * sum(x^2) - (sum x)^2, computed exactly from the exact parts and rounded once: no
    // cancellation however large the mean is against the spread.
    const d = new ExactSum();
    for (const q of this.squares.parts()) {
      const [p, e] = twoProduct(q, this.n);
      d.add(p);
      d.add(e);
    }
    const parts = this.sum.parts();
    for (const a of parts)
      for (const b of parts) {
        const [p, e] = twoProduct(a, b);
        d.add(-p);
        d.add(-e);
      }
    return Math.sqrt(Math.max(0, d.value()) / (this.n * (this.n - 1)));
  }

  /** A 95% confidence interval for the mean (Student's t with n - 1 degrees of freedom). */
  meanCi95(): [number, number] {
    const m = this.mean();
    if (this.n < 2) return [NaN, NaN];
    const h = (tQuantile975(this.n - 1) * this.sd()) / Math.sqrt(this.n);
    return [m - h, m + h];
  }
}

// Student's t, 97.5th percentile, for 1..30 degrees of freedom (standard tables).
const T975 = [
  12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139, 2.200985,
  2.178813, 2.160369, 2.144787, 2.13145, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963, 2.079614, 2.073873, 2.068658,
  2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.04523, 2.042272,
];

/** t(0.975, df): the table up to 30, then the Cornish-Fisher series (Abramowitz & Stegun 26.7.5), within 1e-5. */
export function tQuantile975(df: number): number {
  if (df <= 30) return T975[df - 1];
  const z = Z95;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
  );
}

/** The 95% Wilson score interval for k successes in n trials. */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const z2 = Z95 * Z95;
  const centre = p + z2 / (2 * n);
  const half = Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const d = 1 + z2 / n;
  // At k = 0 and k = n the bound on that side is exactly 0 or 1 (rounding would leave 0.9999...).
  return [k === 0 ? 0 : Math.max(0, (centre - half) / d), k === n ? 1 : Math.min(1, (centre + half) / d)];
}

/** A store's serialised form: exact values (sorted) or sketch buckets as [key, count] pairs. */
export interface StoreJson {
  n: number;
  min: number | null;
  max: number | null;
  values?: number[];
  zero?: number;
  pos?: [number, number][];
  neg?: [number, number][];
}

type Store = DDSketch['store'];
/** A total order for sorting, NaN last, so a NaN cannot make the order of the values matter. */
const ascending = (a: number, b: number) =>
  Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : a - b;
const bins = (s: Store): [number, number][] => {
  const out: [number, number][] = [];
  if (s.count === 0) return out;
  for (let k = s.minKey; k <= s.maxKey; k++) {
    const c = s.bins[k - s.offset];
    if (c) out.push([k, c]);
  }
  return out;
};

/** Quantiles of a stream: exact up to `limit` values, then a DDSketch (see the module comment). */
export class QuantileStore {
  n = 0;
  min = Infinity;
  max = -Infinity;
  private values: number[] | undefined = [];
  private sketch: DDSketch | undefined;

  constructor(readonly limit: number) {}

  add(value: number): void {
    const x = value === 0 ? 0 : value; // -0 and 0 are one value here
    this.n++;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    if (this.values) {
      this.values.push(x);
      if (this.values.length > this.limit) this.toSketch();
    } else this.sketch!.accept(x);
  }

  private toSketch(): void {
    this.sketch = new DDSketch({ relativeAccuracy: ALPHA });
    for (const v of this.values ?? []) this.sketch.accept(v);
    this.values = undefined;
  }

  /** Whether the quantiles are exact (not yet a sketch). */
  get exact(): boolean {
    return this.values !== undefined;
  }

  /** The q-quantile (0 <= q <= 1); NaN when empty. */
  quantile(q: number): number {
    return this.quantiles([q])[0];
  }

  /** Several quantiles at once (one sort). */
  quantiles(qs: readonly number[]): number[] {
    if (this.n === 0) return qs.map(() => NaN);
    if (this.values) {
      const v = [...this.values].sort(ascending);
      return qs.map((q) => {
        const h = (v.length - 1) * q;
        const lo = Math.floor(h);
        const hi = Math.min(v.length - 1, lo + 1);
        return v[lo] + (h - lo) * (v[hi] - v[lo]);
      });
    }
    return qs.map((q) => Math.min(this.max, Math.max(this.min, this.sketch!.getValueAtQuantile(q))));
  }

  /** Add everything another store holds (same limit). */
  merge(other: QuantileStore): void {
    if (other.n === 0) return;
    this.n += other.n;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    if (this.values && other.values && this.values.length + other.values.length <= this.limit) {
      this.values.push(...other.values);
      return;
    }
    if (this.values) this.toSketch();
    const s = this.sketch!;
    if (other.values) for (const v of other.values) s.accept(v);
    else {
      const o = other.sketch!;
      for (const [k, c] of bins(o.store)) s.store.add(k, c);
      for (const [k, c] of bins(o.negativeStore)) s.negativeStore.add(k, c);
      s.zeroCount += o.zeroCount;
      s.count += o.count;
    }
  }

  toJSON(): StoreJson {
    const head = { n: this.n, min: this.n ? this.min : null, max: this.n ? this.max : null };
    if (this.values) return { ...head, values: [...this.values].sort(ascending) };
    const s = this.sketch!;
    return { ...head, zero: s.zeroCount, pos: bins(s.store), neg: bins(s.negativeStore) };
  }

  static fromJSON(j: StoreJson, limit: number): QuantileStore {
    const q = new QuantileStore(limit);
    q.n = j.n;
    q.min = j.min ?? Infinity;
    q.max = j.max ?? -Infinity;
    if (j.values) {
      q.values = [...j.values];
      return q;
    }
    q.values = undefined;
    const s = (q.sketch = new DDSketch({ relativeAccuracy: ALPHA }));
    for (const [k, c] of j.pos ?? []) s.store.add(k, c);
    for (const [k, c] of j.neg ?? []) s.negativeStore.add(k, c);
    s.zeroCount = j.zero ?? 0;
    s.count = j.n;
    return q;
  }
}
