/**
 * One run of a batch: a pure function of (scenario with its overrides, seed). Workers call it; what
 * it returns is all the batch keeps of a run (a row of runs.csv and the per-turn series for bands).
 */
import {
  computeMetrics,
  createState,
  reseed,
  runSeed,
  scenarioMetrics,
  unwrap,
  type Rules,
  type Simulation,
  type WorldState,
} from '../../engine';
import type { Scenario } from '../../scenarios/registry';
import { compileRulesNative } from '../state-hash';

/** What a point's runs report, in a fixed order: the columns of runs.csv and the band series. */
export interface Layout {
  /** Final metrics (computeMetrics' keys). */
  metricIds: string[];
  /** Ladders whose peak is recorded: `global` then the scenario's dyads. */
  ladderIds: string[];
  /** The ladder scale's top rung (peaks are counted per rung 0..max). */
  ladderMax: number;
  /** Scenario events, counted per run. */
  eventIds: string[];
  /** Per-turn series for bands: `tension`, the scenario's metrics, then watched cells `align.FROM.TO`. */
  seriesIds: string[];
  /** Turns per run (the scenario's, after overrides). */
  turns: number;
  startDate: string;
  turnMonths: number;
  /** End conditions' ids, and what each means (the scenario's outcome text). */
  endIds: string[];
  endTexts: string[];
  /** The scenario's labels for its own metrics, by id. */
  labels: Record<string, string>;
  /** How many of metricIds are computeMetrics' (the rest are the watched cells' final values). */
  builtinMetrics: number;
  /** The actors, in state order: the final alignment matrix is actors x actors. */
  actorIds: string[];
  /** The scenario's two poles of the tilt axis (rules.poles), if it has them. */
  poles?: readonly [string, string];
}

/** A watched alignment cell, FROM toward TO. */
export type Watch = [from: string, to: string];

/** The layout of a point, from its rules and initial state. */
export function layoutOf(rules: Rules, s: WorldState, watch: readonly Watch[]): Layout {
  const builtin = Object.keys(computeMetrics(rules, s));
  const def = rules.def;
  return {
    metricIds: [...builtin, ...watch.map(([a, b]) => `align.${a}.${b}`)],
    builtinMetrics: builtin.length,
    ladderIds: ['global', ...s.ladders.dyads.map((d) => d.id)],
    ladderMax: s.params.ladder.max,
    eventIds: def.events.map((e) => e.id),
    seriesIds: [
      'tension',
      ...def.metrics.map((m) => m.id).filter((id) => id !== 'tension'),
      ...watch.map(([a, b]) => `align.${a}.${b}`),
    ],
    turns: s.turns,
    startDate: s.startDate,
    turnMonths: s.turnMonths,
    endIds: def.end.map((e) => e.id),
    endTexts: def.end.map((e) => e.outcome),
    labels: Object.fromEntries(def.metrics.filter((m) => m.label).map((m) => [m.id, m.label!])),
    actorIds: s.actors.map((a) => a.id),
    ...(def.poles ? { poles: def.poles } : {}),
  };
}

/** One finished run. `series` holds (turns + 1) rows of seriesIds values, turn 0 first. */
export interface RunRecord {
  run: number;
  point: number;
  replicate: number;
  seed: string;
  /** Turns played (fewer than the layout's when an end condition stopped the run). */
  turns: number;
  /** The end condition's id, or '' when the run went the full length. */
  outcome: string;
  metrics: number[];
  peaks: number[];
  fired: number[];
  series: number[];
  /** The alignment matrix at the end of the run (row-major, actors x actors). */
  alignment: readonly number[];
}

export interface Job {
  run: number;
  point: number;
  replicate: number;
}

// The seed enters a state only as rng.seed and the crises' private shocks drawn from it, so each
// point's initial state is built once and every run starts from a reseeded copy (the matrices are
// shared, never copied); the point's rules are compiled once, beside it.
// tests/cli/batch.test.ts checks that this equals createState(scenario.spec(seed)).

/** A scenario's compiled rules and its initial state with any seed, to pass to `reseed`. */
export function baseState(scenario: Scenario): { rules: Rules; state: WorldState } {
  const spec = scenario.spec('0');
  const rules = compileRulesNative(spec);
  return { rules, state: createState(spec, rules) };
}

/**
 * Play one run from a point's base state to its end and keep what the batch reports. `sim` is the
 * point's simulation (its rules compiled once); a worker makes one per point and passes it.
 */
export function simulate(
  base: WorldState,
  layout: Layout,
  watch: readonly Watch[],
  batchSeed: string,
  job: Job,
  sim: Simulation,
): RunRecord {
  const seed = runSeed(batchSeed, job.replicate);
  let state: WorldState = reseed(sim.rules, base, seed);
  const n = state.actors.length;
  const index = new Map(state.actors.map((a, i) => [a.id, i]));
  const cells = watch.map(([a, b]) => index.get(a)! * n + index.get(b)!);
  const ownIds = layout.seriesIds.slice(1, layout.seriesIds.length - watch.length);
  const S = layout.seriesIds.length;
  const series = new Array<number>((layout.turns + 1) * S);
  const peaks = layout.ladderIds.map(() => -Infinity);
  const record = (t: number) => {
    const m = sim.rules.def.metrics.length ? scenarioMetrics(sim.rules, state) : undefined;
    const row = t * S;
    series[row] = state.ladders.global;
    for (let k = 0; k < ownIds.length; k++) series[row + 1 + k] = m![ownIds[k]];
    for (let k = 0; k < cells.length; k++) series[row + 1 + ownIds.length + k] = state.alignment[cells[k]];
    peaks[0] = Math.max(peaks[0], state.ladders.global);
    for (let k = 0; k < state.ladders.dyads.length; k++)
      peaks[k + 1] = Math.max(peaks[k + 1], state.ladders.dyads[k].level);
  };
  record(0);
  let t = 0;
  while (t < layout.turns && !state.ended) {
    state = unwrap(sim.step(state, {}, { trace: false })).state;
    t++;
    record(t);
  }
  // After an end condition the world stays where it stopped: its last values carry to the end.
  for (let u = t + 1; u <= layout.turns; u++) for (let k = 0; k < S; k++) series[u * S + k] = series[t * S + k];
  const final = computeMetrics(sim.rules, state);
  return {
    run: job.run,
    point: job.point,
    replicate: job.replicate,
    seed,
    turns: t,
    outcome: state.ended?.id ?? '',
    metrics: [
      ...layout.metricIds.slice(0, layout.builtinMetrics).map((id) => final[id]),
      ...cells.map((c) => state.alignment[c]),
    ],
    peaks,
    fired: layout.eventIds.map((id) => state.events.fired[id] ?? 0),
    series,
    alignment: state.alignment,
  };
}
