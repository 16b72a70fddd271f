/**
 * Paired comparisons of sweep points against a baseline point (`batch --baseline K`).
 *
 * Replicate r of every point runs with the same seed (plan.ts: common random numbers), so the
 * runs of two points come in pairs that share their dice. The difference of a pair, d_r =
 * x_point,r - x_baseline,r, cancels the part of the outcome the dice decide in both, and the interval
 * of the mean difference is built from the spread of the d_r:
 *
 *   paired:    for a metric, mean(d) ± t(0.975, n - 1) · sd(d) / √n; for an outcome's share,
 *              Newcombe's score interval for paired proportions (1998, Statistics in Medicine
 *              17:2635, method 10), from the two Wilson intervals and the correlation of the pairs
 *   unpaired:  Welch's interval from the two points' own spreads, as if their runs were independent
 *              (for shares, Newcombe's hybrid score interval from the two Wilson intervals,
 *              Statistics in Medicine 17:873, method 10)
 *
 * Both are centred on the same difference of means; where the pairs are positively correlated,
 * var(d) = var(x) + var(y) - 2 cov(x, y) is smaller than var(x) + var(y) and the paired interval is
 * the narrower (docs/BATCH.md, "Paired comparisons"). The paired share interval is a score interval,
 * not a t interval of d_r in {-1, 0, 1}: that one has width 0 when no pair disagrees, and covers far
 * less than 95% when few do.
 *
 * Only pairs whose two runs are both present are used (a shard holds a slice of the runs; the
 * merged batch has them all). The sums are exact (stats.ts), so the result does not depend on the
 * order rows are visited in.
 */
import { NO_END, type RowValues } from './aggregate';
import type { Layout } from './runner';
import { Moments, tQuantile975, wilson } from './stats';

export interface Difference {
  /** Mean over pairs of (point - baseline). */
  diff: number;
  pairedCi95: [number, number];
  unpairedCi95: [number, number];
  /** The standard deviation of the pair differences. */
  sdDiff: number;
  pairs: number;
}

export interface PointComparison {
  point: number;
  baseline: number;
  pairs: number;
  metrics: Record<string, Difference>;
  outcomes: Record<string, Difference>;
}

/** Visit every row present: (point, replicate, row). Called twice: once for the baseline, once for the rest. */
export type RowSource = (visit: (point: number, replicate: number, row: RowValues) => void) => void;

/** Welch's interval for a difference of two means. */
function welch(a: Moments, b: Moments): [number, number] {
  const d = a.mean() - b.mean();
  const va = a.sd() ** 2 / a.n;
  const vb = b.sd() ** 2 / b.n;
  if (!(a.n > 1 && b.n > 1)) return [NaN, NaN];
  const v = va + vb;
  if (v === 0) return [d, d];
  const df = (v * v) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  // The t table is indexed by whole degrees of freedom: rounding down is the conservative side.
  const h = tQuantile975(Math.max(1, Math.floor(df))) * Math.sqrt(v);
  return [d - h, d + h];
}

/** Newcombe's hybrid score interval for p1 - p2 from the two Wilson intervals (Newcombe 1998, method 10). */
function newcombe(k1: number, k2: number, n: number): [number, number] {
  const p1 = k1 / n;
  const p2 = k2 / n;
  const [l1, u1] = wilson(k1, n);
  const [l2, u2] = wilson(k2, n);
  const d = p1 - p2;
  return [d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)];
}

/**
 * Newcombe's score interval for p1 - p2 from n pairs of 0/1 values (1998, Statistics in Medicine
 * 17:2635, method 10): both = pairs with 1 in both, k1 and k2 the 1s of each side. The pairs'
 * correlation phi narrows the interval; as Newcombe does, ad - bc is shrunk by n/2 when positive.
 */
function newcombePaired(both: number, k1: number, k2: number, n: number): [number, number] {
  const a = both;
  const b = k1 - both;
  const c = k2 - both;
  const d = n - a - b - c;
  const p1 = k1 / n;
  const p2 = k2 / n;
  const [l1, u1] = wilson(k1, n);
  const [l2, u2] = wilson(k2, n);
  const den = (a + b) * (c + d) * (a + c) * (b + d);
  const cross = a * d - b * c;
  const phi = den === 0 ? 0 : (cross > 0 ? Math.max(cross - n / 2, 0) : cross) / Math.sqrt(den);
  const delta = p1 - p2;
  const lo = delta - Math.sqrt(Math.max(0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2));
  const hi = delta + Math.sqrt(Math.max(0, (p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1) ** 2));
  return [Math.max(-1, lo), Math.min(1, hi)];
}

/**
 * Compare every point but the baseline with the baseline, pair by pair. Memory: the baseline's
 * values, one number per replicate and metric or outcome (not the other points' runs).
 */
export function comparePoints(
  layout: Layout,
  points: number,
  runsPerPoint: number,
  baseline: number,
  rows: RowSource,
): PointComparison[] {
  const outcomeIds = [NO_END, ...layout.endIds];
  const M = layout.metricIds.length;
  const O = outcomeIds.length;
  // The baseline's row per replicate: M metrics then O indicators, and whether the run is here.
  const base = new Float64Array(runsPerPoint * (M + O));
  const present = new Uint8Array(runsPerPoint);
  rows((point, r, row) => {
    if (point !== baseline) return;
    present[r] = 1;
    const at = r * (M + O);
    for (let k = 0; k < M; k++) base[at + k] = row.metrics[k];
    const o = outcomeIds.indexOf(row.outcome || NO_END);
    for (let k = 0; k < O; k++) base[at + M + k] = k === o ? 1 : 0;
  });
  type Acc = { d: Moments; x: Moments; y: Moments; both: number };
  const accs = new Map<number, Acc[]>();
  const fresh = (): Acc[] =>
    Array.from({ length: M + O }, () => ({ d: new Moments(), x: new Moments(), y: new Moments(), both: 0 }));
  rows((point, r, row) => {
    if (point === baseline || point < 0 || point >= points) return;
    const at = r * (M + O);
    if (!present[r]) return; // the baseline's run of this replicate is not here
    let acc = accs.get(point);
    if (!acc) accs.set(point, (acc = fresh()));
    const o = outcomeIds.indexOf(row.outcome || NO_END);
    for (let k = 0; k < M + O; k++) {
      const x = k < M ? row.metrics[k] : k - M === o ? 1 : 0;
      const y = base[at + k];
      acc[k].d.add(x - y);
      acc[k].x.add(x);
      acc[k].y.add(y);
      if (k >= M && x === 1 && y === 1) acc[k].both++;
    }
  });
  const out: PointComparison[] = [];
  for (let p = 0; p < points; p++) {
    if (p === baseline) continue;
    const acc = accs.get(p) ?? fresh();
    const diffOf = (k: number, share: boolean): Difference => {
      const a = acc[k];
      const n = a.d.n;
      const diff = n ? a.x.mean() - a.y.mean() : NaN;
      // For a share, the counts: x and y are 0/1, so their sums are the counts (exact integers).
      const k1 = Math.round(a.x.mean() * n);
      const k2 = Math.round(a.y.mean() * n);
      const none: [number, number] = [NaN, NaN];
      const unpaired = share ? (n ? newcombe(k1, k2, n) : none) : welch(a.x, a.y);
      const paired = share ? (n ? newcombePaired(a.both, k1, k2, n) : none) : a.d.meanCi95();
      return { diff, pairedCi95: paired, unpairedCi95: unpaired, sdDiff: a.d.sd(), pairs: n };
    };
    out.push({
      point: p,
      baseline,
      pairs: acc[0]?.d.n ?? 0,
      metrics: Object.fromEntries(layout.metricIds.map((id, k) => [id, diffOf(k, false)])),
      outcomes: Object.fromEntries(outcomeIds.map((id, k) => [id, diffOf(M + k, true)])),
    });
  }
  return out;
}
