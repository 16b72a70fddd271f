/**
 * Paired comparisons of sweep points against a baseline point (`batch --baseline K`).
 *
 * Replicate r of every point runs with the same seed (plan.ts: common random numbers), so the
 * runs of two points come in pairs that share their dice. The difference of a pair, d_r =
 * x_point,r - x_baseline,r, cancels the part of the outcome the dice decide in both, and the interval
 * of the mean difference is built from the spread of the d_r:
 *
 *   paired:    mean(d) ± t(0.975, n - 1) · sd(d) / √n
 *   unpaired:  Welch's interval from the two points' own spreads, as if their runs were independent
 *              (for shares, Newcombe's hybrid score interval from the two Wilson intervals)
 *
 * Both are centred on the same difference of means; where the pairs are positively correlated,
 * var(d) = var(x) + var(y) - 2 cov(x, y) is smaller than var(x) + var(y) and the paired interval is
 * the narrower (docs/BATCH.md, "Paired comparisons"). An outcome enters as its 0/1 indicator, so
 * the paired interval of a share's difference is the t interval of the mean of d_r in {-1, 0, 1}.
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

function pairedOf(d: Moments): [number, number] {
  if (d.n < 2) return [NaN, NaN];
  const sd = d.sd();
  const h = (tQuantile975(d.n - 1) * sd) / Math.sqrt(d.n);
  const m = d.mean();
  return [m - h, m + h];
}

/**
 * Compare every point but the baseline with the baseline, pair by pair. Memory: the baseline's
 * values, one number per replicate and metric or outcome (not the other points' runs).
 */
export function comparePoints(layout: Layout, points: number, runsPerPoint: number, baseline: number, rows: RowSource): PointComparison[] {
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
  type Acc = { d: Moments; x: Moments; y: Moments };
  const accs = new Map<number, Acc[]>();
  const fresh = () => Array.from({ length: M + O }, () => ({ d: new Moments(), x: new Moments(), y: new Moments() }));
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
      const unpaired = share ? (n ? newcombe(Math.round(a.x.mean() * n), Math.round(a.y.mean() * n), n) : ([NaN, NaN] as [number, number])) : welch(a.x, a.y);
      return { diff, pairedCi95: pairedOf(a.d), unpairedCi95: unpaired, sdDiff: a.d.sd(), pairs: n };
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
