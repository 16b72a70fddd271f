/**
 * A batch's plan: the grid of parameter points (the `--set` values plus one combination of the
 * `--sweep` values each), N runs per point, and which run indices this process (or shard) runs.
 *
 * Run r of point p has index p * N + r. Every point uses the same seeds: replicate r runs with
 * runSeed(S, r), so points differ only by their parameters (common random numbers), and the
 * difference between two points is not blurred by different dice.
 */
import { parseSet, type SetOverride } from '../../scenarios/overrides';
import type { Watch } from './runner';
import { designSets, latinHypercube, type LhsRange } from './sensitivity';

export interface Sweep {
  key: string;
  values: SetOverride[];
}

/** A sampled design instead of a grid: `--sample lhs --samples M --range KEY=LO:HI ...`. */
export interface Design {
  method: 'lhs';
  samples: number;
  ranges: LhsRange[];
}

export interface Point {
  point: number;
  /** Every override for this point: the fixed `--set`s, then this point's sweep values. */
  sets: SetOverride[];
  /** key -> value as written, for the CSV columns and the summary. */
  params: Record<string, string>;
}

export interface BatchPlan {
  scenario: string;
  seed: string;
  runs: number;
  sets: SetOverride[];
  sweeps: Sweep[];
  watch: Watch[];
  shard: { index: number; count: number } | null;
  /** The point the others are compared with, pair by pair (`--baseline K`; paired.ts). */
  baseline?: number;
  /** A Latin hypercube over ranges instead of the sweeps' grid (sensitivity.ts). */
  design?: Design;
}

/** The grid: the cartesian product of the sweeps, the last sweep varying fastest. */
export function pointsOf(plan: BatchPlan): Point[] {
  let combos: SetOverride[][] = [[]];
  for (const s of plan.sweeps) combos = combos.flatMap((c) => s.values.map((v) => [...c, v]));
  // A design's points: sample k sets every range to its k-th value (drawn from the batch seed).
  if (plan.design) combos = designSets(plan.design.ranges, designValues(plan)).map((texts) => texts.map(parseSet));
  return combos.map((combo, point) => {
    const sets = [...plan.sets, ...combo];
    const params: Record<string, string> = {};
    for (const o of sets) params[o.key] = o.raw;
    return { point, sets, params };
  });
}

/** The values of a design, point by point (rows) and range by range (columns). */
export function designValues(plan: BatchPlan): number[][] {
  return plan.design ? latinHypercube(plan.seed, plan.design.samples, plan.design.ranges) : [];
}

/** The keys of the parameter columns, in order: fixed sets, then sweeps, then a design's ranges. */
export function paramKeys(plan: BatchPlan): string[] {
  return [
    ...new Set([
      ...plan.sets.map((s) => s.key),
      ...plan.sweeps.map((s) => s.key),
      ...(plan.design?.ranges.map((r) => r.key) ?? []),
    ]),
  ];
}

/** The run indices [from, to) of shard `index` of `count` over `total` runs: contiguous, sizes differing by at most one. */
export function shardRange(total: number, shard: BatchPlan['shard']): { from: number; to: number } {
  if (!shard) return { from: 0, to: total };
  const at = (k: number) => Math.floor((k * total) / shard.count);
  return { from: at(shard.index - 1), to: at(shard.index) };
}

/** The command that re-runs one row of this point exactly (the seed goes in place of {seed}). */
export function rerunCommand(scenarioRef: string, point: Point): string {
  const quote = (s: string) => (/^[A-Za-z0-9_./:=,+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return [
    'seastate',
    'run',
    quote(scenarioRef),
    '--seed',
    '{seed}',
    ...point.sets.map((o) => `--set ${quote(`${o.key}=${o.raw}`)}`),
  ].join(' ');
}
