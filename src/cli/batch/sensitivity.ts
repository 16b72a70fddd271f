/**
 * Global sensitivity for a batch (`batch --sample lhs --range KEY=LO:HI ...`): a Latin hypercube
 * design over the ranges, and how strongly each output follows each parameter across it, as the
 * partial rank correlation coefficient (PRCC) and the plain Spearman rank correlation (Marino, Hogue,
 * Ray and Kirschner 2008, "A methodology for performing global uncertainty and sensitivity analysis
 * in systems biology", J. Theor. Biol. 254:178-196; LHS: McKay, Beckman and Conover 1979).
 *
 * Everything here is pure and deterministic: the design comes from keyed Alea streams
 * (src/engine/rng.ts), never Math.random, and the statistics are plain arithmetic in a fixed order,
 * so the same inputs give the same bytes of JSON.stringify. The only library functions used are
 * Math.sqrt (correctly rounded) and Math.exp, atanh and tanh, which V8 computes with its own port
 * of fdlibm on every platform (as the quantile sketch already relies on for Math.log).
 */
import { keyedAlea } from '../../engine/rng';
import { ExactSum, Z95 } from './stats';

/** One parameter's range for the design: `--range KEY=LO:HI`. */
export interface LhsRange {
  key: string;
  lo: number;
  hi: number;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i; // the numbers parseSet reads (src/scenarios/overrides.ts)

/** Parse `KEY=LO:HI`; throws an Error whose message says what is wrong. */
export function parseRange(text: string): LhsRange {
  const eq = text.indexOf('=');
  const key = text.slice(0, Math.max(0, eq)).trim();
  const ends = text
    .slice(eq + 1)
    .split(':')
    .map((s) => s.trim());
  if (eq <= 0 || ends.length !== 2 || !ends.every((s) => NUMBER.test(s)))
    throw new Error(`expected KEY=LO:HI with two numbers, such as model.weights.noise=0.5:1.5, found "${text}"`);
  if (!/^[A-Za-z0-9_.:-]+$/.test(key)) throw new Error(`"${key}" is not a parameter key`);
  const range = { key, lo: Number(ends[0]), hi: Number(ends[1]) };
  checkRange(range);
  return range;
}

function checkRange({ key, lo, hi }: LhsRange): void {
  if (!Number.isFinite(lo) || !Number.isFinite(hi))
    throw new Error(`the range of ${key} must have finite ends, found ${lo}:${hi}`);
  if (!(lo < hi))
    throw new Error(`the range of ${key} is empty: its low end must be below its high end, found ${lo}:${hi}`);
  if (!Number.isFinite(hi - lo)) throw new Error(`the range of ${key} is too wide for a number: ${lo}:${hi}`);
}

/**
 * A Latin hypercube design: `samples` points (rows), one value per range (columns, in the order
 * given). In each dimension the range is cut into `samples` equal strata and each stratum holds
 * exactly one point, at a uniformly drawn position inside it; the strata are shuffled independently
 * per dimension (Fisher-Yates). Dimension KEY draws from the Alea stream keyed (seed, 'lhs', KEY),
 * so a column depends only on the seed, the number of samples and its own range: adding, removing
 * or reordering other ranges leaves it as it was.
 *
 * The values are not rounded: String(x) is the shortest text that reads back as the same double
 * (ECMAScript Number::toString), parseSet reads it back with Number(), and the scenario receives the
 * number itself, so the value a run used, the value in runs.csv and the value the sensitivity is
 * computed on are one double (designSets gives the texts). Rounding would buy shorter text at the
 * price of points off their strata. -0 is written as 0.
 */
export function latinHypercube(seed: string, samples: number, ranges: readonly LhsRange[]): number[][] {
  if (!Number.isSafeInteger(samples) || samples < 2)
    throw new Error(`a Latin hypercube needs a whole number of at least 2 samples, found ${samples}`);
  if (ranges.length === 0) throw new Error('a Latin hypercube needs at least one range (--range KEY=LO:HI)');
  const seen = new Set<string>();
  for (const r of ranges) {
    if (seen.has(r.key)) throw new Error(`the range of ${r.key} is given twice`);
    seen.add(r.key);
    checkRange(r);
    // Every stratum must hold many distinct doubles, or points would land on their neighbours' edges.
    if (!((r.hi - r.lo) / samples > Math.max(Math.abs(r.lo), Math.abs(r.hi)) * 2 ** -40))
      throw new Error(`the range of ${r.key}, ${r.lo}:${r.hi}, is too narrow for ${samples} samples`);
  }
  const design = Array.from({ length: samples }, () => new Array<number>(ranges.length));
  ranges.forEach(({ key, lo, hi }, d) => {
    const g = keyedAlea(seed, 0, 'lhs', key);
    const strata = Array.from({ length: samples }, (_, i) => i);
    for (let i = samples - 1; i > 0; i--) {
      const j = Math.min(i, Math.floor(g.double() * (i + 1)));
      [strata[i], strata[j]] = [strata[j], strata[i]];
    }
    const width = (hi - lo) / samples;
    for (let i = 0; i < samples; i++) {
      const x = lo + (strata[i] + g.double()) * width;
      design[i][d] = Math.min(hi, Math.max(lo, x)) + 0; // the clamp only catches a last-ulp overshoot; + 0 turns -0 into 0
    }
  });
  return design;
}

/** Each point's overrides as `KEY=VALUE` texts for parseSet, VALUE the shortest text of the exact double. */
export function designSets(ranges: readonly LhsRange[], design: readonly (readonly number[])[]): string[][] {
  return design.map((row) => ranges.map((r, d) => `${r.key}=${String(row[d])}`));
}

/**
 * Each point's mean over its runs, from per-run values in run order (run = point * replicates +
 * replicate, as in plan.ts), with exact sums: the same double as summary.json's `mean` (and, for a
 * 0/1 indicator, its `share`). These means are the observations `sensitivity` expects.
 */
export function pointMeans(values: readonly number[], replicates: number): number[] {
  if (!Number.isSafeInteger(replicates) || replicates < 1)
    throw new Error(`runs per point must be a whole number of at least 1, found ${replicates}`);
  if (values.length % replicates !== 0)
    throw new Error(`${values.length} run values do not divide into points of ${replicates} runs`);
  return Array.from({ length: values.length / replicates }, (_, p) => {
    const s = new ExactSum();
    for (let r = 0; r < replicates; r++) s.add(values[p * replicates + r] + 0);
    return s.value() / replicates;
  });
}

/** Ranks 1..n of the values, tied values sharing the mean of their ranks (average ranks). */
export function averageRanks(values: readonly number[]): number[] {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  const out = new Array<number>(n);
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && values[order[j]] === values[order[i]]) j++;
    for (let k = i; k < j; k++) out[order[k]] = (i + 1 + j) / 2; // ranks i+1..j share their mean
    i = j;
  }
  return out;
}

/** Average ranks minus their mean, (n + 1) / 2: multiples of 1/2, so exact, as are their sums of products. */
const centredRanks = (values: readonly number[]) => averageRanks(values).map((r) => r - (values.length + 1) / 2);

const dot = (a: readonly number[], b: readonly number[]) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const norm = (a: readonly number[]) => Math.sqrt(dot(a, a));

/**
 * A residual counts as zero when its norm is at most this fraction of the vector's own: an exact
 * linear dependence among ranks leaves rounding of about 1e-15 of it, while a real residual of ranks
 * is far larger (R^2 = 1 - 1e-20 would be needed to fall below).
 */
const ZERO = 1e-10;

/** v minus its projection on the orthonormal basis q (modified Gram-Schmidt, two passes: "twice is enough"). */
function residual(v: readonly number[], q: readonly number[][]): number[] {
  const r = [...v];
  for (let pass = 0; pass < 2; pass++)
    for (const b of q) {
      const c = dot(b, r);
      for (let i = 0; i < r.length; i++) r[i] -= c * b[i];
    }
  return r;
}

/**
 * An orthonormal basis of the span of centred columns, skipping any that is (to ZERO) a combination
 * of those before it. A thin QR: residuals on it are the least-squares residuals of a regression on
 * the columns with an intercept (the columns are centred), even when the columns are collinear.
 */
function basis(columns: readonly number[][]): number[][] {
  const q: number[][] = [];
  for (const c of columns) {
    const r = residual(c, q);
    const size = norm(r);
    if (size > ZERO * norm(c)) q.push(r.map((x) => x / size));
  }
  return q;
}

/**
 * erfc(x) for x >= 0: A&S 7.1.6's series of positive terms below 1.5 (erf, then 1 - erf), the
 * continued fraction A&S 7.1.14 (modified Lentz, at most about 90 terms) from 1.5 on. Relative
 * error below 1e-13 against scipy.special.erfc for every x to 27 (where it underflows to 0).
 */
function erfc(x: number): number {
  if (!(x < Infinity)) return 0;
  if (x < 1.5) {
    let term = x;
    let sum = x;
    for (let k = 1; term > sum * 1e-17; k++) {
      term *= (2 * x * x) / (2 * k + 1);
      sum += term;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  // f = x + (1/2)/(x + 1/(x + (3/2)/(x + ...))), erfc(x) = exp(-x^2) / (sqrt(pi) f)
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 1000; k++) {
    d = 1 / (x + (k / 2) * d);
    c = x + k / 2 / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/** The two-sided p-value of a standard normal statistic z: P(|Z| >= |z|) = erfc(|z| / sqrt 2). */
export function normalTwoSidedP(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/** Why a coefficient is reported as 0 without being estimated; null when it was estimated. */
export type Degenerate =
  /** The output has the same value at every observation: nothing varies to correlate. */
  | 'constant'
  /** The parameter's ranks are a linear combination of the other parameters' (or constant): its effect cannot be told apart from theirs. */
  | 'aliased'
  /** The output's ranks are a linear combination of the other parameters' ranks: nothing is left for this one. */
  | 'explained';

/** The sensitivity of one output to one parameter. */
export interface KeySensitivity {
  key: string;
  /** The partial rank correlation coefficient, in [-1, 1]. */
  prcc: number;
  /** Its 95% interval (Fisher z); [-1, 1] when degenerate. */
  ci95: [number, number];
  /** The two-sided p-value of PRCC = 0 (Fisher z, normal approximation); 1 when degenerate. */
  p: number;
  /** Spearman's rank correlation of the output with this parameter alone (0 when either is constant). */
  spearman: number;
  degenerate: Degenerate | null;
}

export interface SensitivityResult {
  method: string;
  /** The number of observations n (the design's points). */
  observations: number;
  /** Per output id, in the order of `outputs`: one entry per key, in the order of `keys`. */
  byOutput: Record<string, KeySensitivity[]>;
}

export const SENSITIVITY_METHOD =
  'PRCC and Spearman on average ranks of point means (Marino et al. 2008); 95% interval and p-value by Fisher z, normal approximation';

/**
 * The PRCC and Spearman correlation of each output with each parameter. `params` is n x p (one row
 * per observation, columns in the order of `keys`), `outputs` maps an output id to its n values.
 *
 * Observations are the design's points, each output the mean of the point's R runs (pointMeans;
 * for an outcome indicator, its share), not the M * R runs, because:
 * - The question is how a parameter moves an output's expected value (an outcome's probability);
 *   a single run's dice are noise around that, and a 0/1 indicator per run mostly noise.
 * - With common random numbers replicate r of every point has the same seed. Averaging over the
 *   same R seeds at every point turns the part of the dice's effect that is the same at every point
 *   into one constant added to every point's mean, which changes no rank: it is removed entirely,
 *   where per-run observations would keep all of it. What the dice do differently at different
 *   points is divided by R in variance.
 * - The M * R runs are not M * R independent observations: runs of one point share the point's
 *   parameter values (R-fold ties in every parameter's ranks) and runs with one seed are correlated
 *   across points. Counting them all would shrink the intervals by about sqrt(R) with no right to;
 *   the design has M distinct points, and n = M is the count the intervals may use.
 * The result is the sensitivity of the mean over these R seeds; a larger R brings it closer to that
 * of the expected value. LHS points are not independent draws either, but for outputs monotone in
 * the parameters LHS is at least as precise as independent sampling (McKay et al. 1979), so
 * intervals computed as if the points were independent are, if anything, wide.
 *
 * PRCC_k: the output's and x_k's average ranks are each regressed (least squares with intercept) on
 * the ranks of the other parameters, and the residuals correlated. Interval: Fisher's z = atanh(PRCC)
 * with standard error 1 / sqrt(df - 1), df = n - 2 - (p - 1) the PRCC's degrees of freedom; p-value
 * from the same z against a standard normal, so p < 0.05 exactly when the interval excludes 0 (up
 * to rounding on the boundary; the t test of Marino et al. differs from it by little once df is
 * past about 20). Degenerate cases give 0 with a reason (see Degenerate), never NaN; bad input
 * (ragged or non-finite values, n <= p + 2) throws an Error whose message names the problem.
 */
export function sensitivity(
  params: readonly (readonly number[])[],
  outputs: Readonly<Record<string, readonly number[]>>,
  keys: readonly string[],
): SensitivityResult {
  const n = params.length;
  const p = keys.length;
  if (p === 0) throw new Error('sensitivity needs at least one parameter');
  if (new Set(keys).size !== p) throw new Error(`a parameter is named twice in ${keys.join(', ')}`);
  if (n <= p + 2)
    throw new Error(
      `sensitivity to ${p} parameter${p === 1 ? '' : 's'} needs more than ${p + 2} observations, found ${n}`,
    );
  params.forEach((row, i) => {
    if (row.length !== p) throw new Error(`observation ${i} has ${row.length} parameter values for ${p} parameters`);
    row.forEach((x, k) => {
      if (!Number.isFinite(x)) throw new Error(`${keys[k]} at observation ${i} is ${x}, not a finite number`);
    });
  });
  for (const [id, ys] of Object.entries(outputs)) {
    if (ys.length !== n) throw new Error(`output ${id} has ${ys.length} values for ${n} observations`);
    ys.forEach((y, i) => {
      if (!Number.isFinite(y)) throw new Error(`output ${id} at observation ${i} is ${y}, not a finite number`);
    });
  }

  const xs = keys.map((_, k) => centredRanks(params.map((row) => row[k])));
  const bases = keys.map((_, k) => basis(xs.filter((_, j) => j !== k)));
  const xRes = xs.map((x, k) => residual(x, bases[k]));
  const xAliased = xs.map((x, k) => !(norm(xRes[k]) > ZERO * norm(x)));
  const df = n - 2 - (p - 1);
  const zScale = Math.sqrt(df - 1);
  const none = (key: string, spearman: number, degenerate: Degenerate): KeySensitivity => ({
    key,
    prcc: 0,
    ci95: [-1, 1],
    p: 1,
    spearman,
    degenerate,
  });

  const byOutput = Object.entries(outputs).map(([id, values]): [string, KeySensitivity[]] => {
    const y = centredRanks(values);
    const yNorm = norm(y);
    if (yNorm === 0) return [id, keys.map((key) => none(key, 0, 'constant'))];
    const entries = keys.map((key, k): KeySensitivity => {
      const xNorm = norm(xs[k]);
      const spearman = xNorm === 0 ? 0 : clamp(dot(xs[k], y) / (xNorm * yNorm));
      if (xAliased[k]) return none(key, spearman, 'aliased');
      const yRes = residual(y, bases[k]);
      const yResNorm = norm(yRes);
      if (!(yResNorm > ZERO * yNorm)) return none(key, spearman, 'explained');
      const prcc = clamp(dot(yRes, xRes[k]) / (yResNorm * norm(xRes[k])));
      const z = Math.atanh(prcc);
      const half = Z95 / zScale;
      return {
        key,
        prcc,
        ci95: [Math.tanh(z - half), Math.tanh(z + half)],
        p: normalTwoSidedP(z * zScale),
        spearman,
        degenerate: null,
      };
    });
    return [id, entries];
  });
  // Object.fromEntries defines own properties, so an output named __proto__ is kept like any other.
  return { method: SENSITIVITY_METHOD, observations: n, byOutput: Object.fromEntries(byOutput) };
}

const clamp = (r: number) => Math.max(-1, Math.min(1, r)) + 0;
