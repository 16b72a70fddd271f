/**
 * What a batch keeps per parameter point, in memory that does not grow with the number of runs:
 * moments and quantile stores of each final metric, outcome and peak-rung counts, event counts, and
 * a quantile store per (turn, series) for the bands. Everything is order-independent (stats.ts), so
 * the summary is the same whatever order runs finish in, and whichever shard ran them.
 *
 * Row-level aggregates (finals, outcomes, peaks, events) are rebuilt from runs.csv when a batch is
 * resumed or shards are merged; only the bands, which runs.csv does not hold, travel in
 * checkpoint.json.
 */
import { addMonths, tiltIn } from '../../engine';
import type { Layout } from './runner';
import { ExactSum, Moments, QuantileStore, wilson, type StoreJson } from './stats';

/** Final metrics keep exact quantiles up to this many runs per point, then a sketch. */
export const FINAL_EXACT = 10_000;
/** Band cells keep exact quantiles up to this many runs per point, then a sketch. */
export const BAND_EXACT = 100;
export const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;
const Q_NAMES = ['p5', 'p25', 'p50', 'p75', 'p95'] as const;
/** The final world a checkpoint or shard carries: each alignment cell's exact sum (as its parts) and each actor's tilt store. */
export interface FinalJson {
  sums: number[][];
  tilt: StoreJson[];
}

/**
 * A batch of more points than this keeps no final world per point (its alignment matrix alone is
 * actors² numbers a point, in every checkpoint and in summary.json); a design of hundreds of points
 * is read through its outcomes and sensitivity instead.
 */
export const FINAL_WORLD_POINTS = 64;

/** The outcome of a run that no end condition stopped. */
export const NO_END = '(none)';

/** The parts of a run the row-level aggregates need (a RunRecord, or a row read back from runs.csv). */
export interface RowValues {
  turns: number;
  outcome: string;
  metrics: number[];
  peaks: number[];
  fired: number[];
}

/** A point's statistics, as summary.json holds them (PointAggregate.summary). */
export type PointSummary = ReturnType<PointAggregate['summary']>;

export class PointAggregate {
  runs = 0;
  readonly finals: { moments: Moments; q: QuantileStore }[];
  readonly outcomes = new Map<string, number>();
  readonly peaks: number[][];
  readonly firedRuns: number[];
  readonly firedTotal: number[];
  readonly running: number[];
  bands: QuantileStore[];
  /** The final alignment matrix summed over runs (exact), and each actor's final tilt. */
  readonly alignSum: ExactSum[];
  readonly tilt: QuantileStore[];
  private readonly poles: [number, number];

  constructor(
    readonly layout: Layout,
    /** Whether to keep the final world (see FINAL_WORLD_POINTS). */
    readonly keepFinal = true,
  ) {
    const n = keepFinal ? layout.actorIds.length : 0;
    this.alignSum = Array.from({ length: n * n }, () => new ExactSum());
    this.tilt = keepFinal ? layout.actorIds.map(() => new QuantileStore(BAND_EXACT)) : [];
    this.poles = layout.poles
      ? [layout.actorIds.indexOf(layout.poles[0]), layout.actorIds.indexOf(layout.poles[1])]
      : [-1, -1];
    this.finals = layout.metricIds.map(() => ({ moments: new Moments(), q: new QuantileStore(FINAL_EXACT) }));
    this.peaks = layout.ladderIds.map(() => new Array<number>(layout.ladderMax + 1).fill(0));
    this.firedRuns = layout.eventIds.map(() => 0);
    this.firedTotal = layout.eventIds.map(() => 0);
    this.running = new Array<number>(layout.turns + 1).fill(0);
    this.bands = Array.from(
      { length: (layout.turns + 1) * layout.seriesIds.length },
      () => new QuantileStore(BAND_EXACT),
    );
  }

  addRow(row: RowValues): void {
    this.runs++;
    row.metrics.forEach((x, k) => {
      this.finals[k].moments.add(x);
      this.finals[k].q.add(x);
    });
    const outcome = row.outcome || NO_END;
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
    // The rung as the UI names it: rounded to the two decimals shown, then floored (1.99999 is rung 2).
    row.peaks.forEach(
      (x, k) => this.peaks[k][Math.max(0, Math.min(this.layout.ladderMax, Math.floor(Math.round(x * 100) / 100)))]++,
    );
    row.fired.forEach((c, k) => {
      if (c > 0) this.firedRuns[k]++;
      this.firedTotal[k] += c;
    });
    for (let t = 0; t <= Math.min(row.turns, this.layout.turns); t++) this.running[t]++;
  }

  addSeries(series: readonly number[]): void {
    const b = this.bands;
    for (let k = 0; k < b.length; k++) b[k].add(series[k]);
  }

  /** Add a run's final alignment matrix (what runs.csv does not hold: it travels like the bands). */
  addFinal(A: readonly number[]): void {
    if (!this.keepFinal) return;
    const n = this.layout.actorIds.length;
    for (let k = 0; k < n * n; k++) this.alignSum[k].add(A[k] === 0 ? 0 : A[k]);
    const [us, cn] = this.poles;
    if (us >= 0 && cn >= 0) for (let i = 0; i < n; i++) this.tilt[i].add(tiltIn(A, n, i, us, cn));
  }

  finalJson(): FinalJson {
    return { sums: this.alignSum.map((x) => [...x.parts()]), tilt: this.tilt.map((t) => t.toJSON()) };
  }

  /** Add a final world kept elsewhere (a checkpoint, a shard): exact, so the order does not matter. */
  mergeFinal(f: FinalJson): void {
    if (f.sums.length !== this.alignSum.length || f.tilt.length !== this.tilt.length)
      throw new Error(
        `expected ${this.alignSum.length} alignment cells and ${this.tilt.length} actors, found ${f.sums.length} and ${f.tilt.length}`,
      );
    f.sums.forEach((parts, k) => parts.forEach((x) => this.alignSum[k].add(x)));
    f.tilt.forEach((t, k) => this.tilt[k].merge(QuantileStore.fromJSON(t, BAND_EXACT)));
  }

  /** What a checkpoint or shard keeps of this point beyond runs.csv: the bands and the final world. */
  checkpointJson(): { bands: StoreJson[]; final?: FinalJson } {
    return { bands: this.bandsJson(), ...(this.keepFinal ? { final: this.finalJson() } : {}) };
  }

  /** Add what a checkpoint or shard kept (checkpointJson). */
  mergeCheckpoint(c: { bands: readonly StoreJson[]; final?: FinalJson }): void {
    this.mergeBands(c.bands);
    if (this.keepFinal !== (c.final !== undefined))
      throw new Error(
        this.keepFinal ? 'no final world where this batch keeps one' : 'a final world where this batch keeps none',
      );
    if (c.final) this.mergeFinal(c.final);
  }

  bandsJson(): StoreJson[] {
    return this.bands.map((b) => b.toJSON());
  }

  /** Add bands kept elsewhere (a checkpoint, a shard). */
  mergeBands(stores: readonly StoreJson[]): void {
    if (stores.length !== this.bands.length)
      throw new Error(`expected ${this.bands.length} band cells, found ${stores.length}`);
    stores.forEach((s, k) => this.bands[k].merge(QuantileStore.fromJSON(s, BAND_EXACT)));
  }

  /** The point's statistics, as summary.json holds them. */
  summary() {
    const L = this.layout;
    const share = (k: number) => ({ count: k, share: this.runs ? k / this.runs : 0, wilson95: wilson(k, this.runs) });
    const metrics: Record<string, unknown> = {};
    L.metricIds.forEach((id, k) => {
      const { moments: m, q } = this.finals[k];
      const qs = q.quantiles(QUANTILES);
      metrics[id] = {
        ...(L.labels[id] ? { label: L.labels[id] } : {}),
        mean: m.mean(),
        sd: m.sd(),
        meanCi95: m.meanCi95(),
        min: m.n ? m.min : null,
        max: m.n ? m.max : null,
        ...Object.fromEntries(Q_NAMES.map((name, j) => [name, qs[j]])),
        exactQuantiles: q.exact,
      };
    });
    const outcomes: Record<string, unknown> = {};
    outcomes[NO_END] = {
      text: 'no end condition: the run went the full length',
      ...share(this.outcomes.get(NO_END) ?? 0),
    };
    L.endIds.forEach((id, k) => (outcomes[id] = { text: L.endTexts[k], ...share(this.outcomes.get(id) ?? 0) }));
    // Per ladder and rung: the share of runs whose highest rung was that rung, and that reached at
    // least that rung, every rung listed (a rung no run reached is 0 of N, with its interval).
    const peaks: Record<string, unknown> = {};
    L.ladderIds.forEach((id, k) => {
      const counts = this.peaks[k];
      let atLeast = this.runs;
      peaks[id] = counts.map((c, r) => {
        const row = { rung: r, highest: share(c), atLeast: share(atLeast) };
        atLeast -= c;
        return row;
      });
    });
    const events: Record<string, unknown> = {};
    L.eventIds.forEach(
      (id, k) =>
        (events[id] = { ...share(this.firedRuns[k]), meanCount: this.runs ? this.firedTotal[k] / this.runs : 0 }),
    );
    return {
      runs: this.runs,
      metrics,
      outcomes,
      peaks,
      events,
      ...(this.runs && this.keepFinal ? { final: this.finalSummary() } : {}),
    };
  }

  /** The mean final alignment matrix and each actor's final tilt (mean and quantiles). */
  private finalSummary() {
    const L = this.layout;
    const n = L.actorIds.length;
    const alignmentMean = this.alignSum.map((x) => x.value() / this.runs);
    const [us, cn] = this.poles;
    const tilt: Record<string, Record<string, number>> = {};
    if (us >= 0 && cn >= 0)
      L.actorIds.forEach((id, i) => {
        const qs = this.tilt[i].quantiles(QUANTILES);
        // The mean tilt is the tilt of the mean matrix (tilt is linear in the alignment).
        tilt[id] = {
          mean: tiltIn(alignmentMean, n, i, us, cn),
          ...Object.fromEntries(Q_NAMES.map((name, j) => [name, qs[j]])),
        };
      });
    return { actors: L.actorIds, alignmentMean, tilt };
  }

  /** The bands as rows: series, turn, date, runs still going, p5, p50, p95. */
  bandRows(): (string | number)[][] {
    const L = this.layout;
    const S = L.seriesIds.length;
    const rows: (string | number)[][] = [];
    L.seriesIds.forEach((id, s) => {
      for (let t = 0; t <= L.turns; t++) {
        const [p5, p50, p95] = this.bands[t * S + s].quantiles([0.05, 0.5, 0.95]);
        rows.push([id, t, addMonths(L.startDate, t * L.turnMonths), this.running[t], p5, p50, p95]);
      }
    });
    return rows;
  }
}
