/**
 * `seastate batch SCENARIO --runs N`: Monte Carlo runs on worker threads, a parameter grid, shards
 * across machines, and resumption (docs/BATCH.md, docs/SCALE.md). The same batch gives the same
 * summary.json and runs.csv bytes whatever the number of workers, shards or interruptions.
 */
import { stateHash } from '../state-hash';
import { existsSync, readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import os from 'node:os';
import path from 'node:path';
import { runSeed, SimulationError, type Rules, type WorldState } from '../../engine';
import { parseSet, parseSweep } from '../../scenarios/overrides';
import { loadScenario, looksLikePath, type Scenario } from '../../scenarios/registry';
import { formatIssue, pathString } from '../../scenarios/issues';
import { loadWorld } from '../../scenarios/world';
import { issuesError } from '../errors';
import { InputError } from '../errors';
import type { Io } from '../io';
import { BAND_EXACT, FINAL_EXACT, FINAL_WORLD_POINTS, PointAggregate, type PointSummary } from '../batch/aggregate';
import { ALPHA } from '../batch/stats';
import {
  bandsCsv,
  CheckpointSchema,
  FILES,
  makeDirs,
  ManifestSchema,
  parseRunsRow,
  prepareOutDir,
  readJson,
  readRuns,
  readSeries,
  runsHeader,
  runsRow,
  RunsWriter,
  SERIES_HEADER,
  seriesRows,
  writeCheckpoint,
  writeJson,
  type Checkpoint,
  type Manifest,
} from '../batch/files';
import { designValues, pointsOf, rerunCommand, shardRange, type BatchPlan, type Point } from '../batch/plan';
import { comparePoints, type PointComparison } from '../batch/paired';
import { parseRange, SENSITIVITY_METHOD, sensitivity } from '../batch/sensitivity';
import { RunFailure, runPool, type WorkerData } from '../batch/pool';
import { baseState, layoutOf, type Layout, type RunRecord, type Watch } from '../batch/runner';
import { comparisonTable, duration, pairedTable, pointTable, progressLine } from '../batch/report';
import { writeOrFail } from '../session/write';
import { CODE_HASH } from '../batch/code-hash';
import { ROOT } from '../../root';
import type { Patch } from 'immer';

export interface BatchOptions {
  runs?: number;
  seed?: string;
  workers?: number;
  out?: string;
  set?: string[];
  sweep?: string[];
  shard?: { index: number; count: number };
  watch?: string[];
  resume?: string;
  /** Also write every run's per-turn series to series.csv (needs --out). */
  series?: boolean;
  /** Compare every point with this one, pair by pair (needs --out and more than one point). */
  baseline?: number;
  /** A sampled design: `lhs`, with --samples M points over the --range KEY=LO:HI ranges. */
  sample?: string;
  samples?: number;
  range?: string[];
  /** Write report.html in --out when the batch completes. */
  report?: boolean;
  /** Submit to Slurm as this many shards and a merge (needs --out). */
  slurm?: number;
  /** Resubmit the incomplete shards of a --slurm batch in this directory. */
  slurmRetry?: string;
  /** The command line, for the manifest. */
  argv?: string[];
}

export const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

export { CODE_HASH };
/** The manifest lists every replicate's seed up to this many; past it, the rule and runs.csv give them. */
const SEED_LIST_MAX = 10_000;
/**
 * A full garbage collection of this (the coordinating) thread, run with each checkpoint. Its live
 * data is small and bounded, but V8 lets a busy heap's garbage grow for a long time before
 * collecting it: without this, peak memory rose with the number of runs (253 MiB at 10,000 one-turn
 * runs, 314 MiB at 300,000); with it, it stays flat. A full collection of this heap takes a few ms.
 */
const collect: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** How often completed runs are made durable and the checkpoint rewritten. */
const CHECKPOINT_MS = 2000;

/** Everything a batch needs once its plan is known: points, their compiled rules and initial states, layouts, hashes. */
export interface Prepared {
  plan: BatchPlan;
  points: Point[];
  /** Each point's compiled rules and initial state (any seed: runs set their own), built once. */
  rules: Rules[];
  states: WorldState[];
  layouts: Layout[];
  /** What each point's overrides changed in the scenario file (immer patches), for the manifest. */
  changes: Patch[][];
  hashes: string[];
  /** The scenario as written (no overrides). */
  base: Scenario;
  baseHash: string;
}

export function prepare(plan: BatchPlan): Prepared {
  const w = loadWorld();
  if (!w.ok) throw issuesError(w.issues);
  const base = loadScenario(plan.scenario, w.value);
  if (!base.ok) throw issuesError(base.issues);
  const { rules: baseRules, state: baseInitial } = baseState(base.value);
  const ids = new Set(baseInitial.actors.map((a) => a.id));
  for (const [a, b] of plan.watch)
    for (const id of [a, b])
      if (!ids.has(id))
        throw new InputError(
          `--watch ${a}:${b}: no actor "${id}" in scenario "${base.value.id}" (actors: ${[...ids].join(', ')})`,
        );
  const points = pointsOf(plan);
  const loaded = points.map((p) => {
    if (!p.sets.length) return { rules: baseRules, state: baseInitial, changes: [] };
    const s = loadScenario(plan.scenario, w.value, p.sets);
    if (!s.ok && plan.design) {
      // A sampled value the scenario refuses: say which range, not every problem it leads to.
      const first = formatIssue(s.issues[0]);
      const r = plan.design.ranges.find((x) => first.includes(`--set ${x.key}=`)) ?? plan.design.ranges[0];
      throw new InputError(
        `--range ${r.key}=${r.lo}:${r.hi}: design point ${p.point} samples ${p.params[r.key]}, which the scenario refuses (${first}); sample a range of values the key takes (a whole-number key cannot be sampled)`,
      );
    }
    if (!s.ok) throw issuesError(s.issues);
    return { ...baseState(s.value), changes: s.value.changes };
  });
  const rules = loaded.map((l) => l.rules);
  const states = loaded.map((l) => l.state);
  const changes = loaded.map((l) => l.changes);
  const layouts = states.map((s, k) => layoutOf(rules[k], s, plan.watch));
  const key = (l: Layout) => JSON.stringify([l.metricIds, l.ladderIds, l.eventIds, l.seriesIds]);
  if (layouts.some((l) => key(l) !== key(layouts[0])))
    throw new InputError(
      'the sweep changes which metrics, ladders or events the scenario has; sweep values, not structure',
    );
  return {
    plan,
    points,
    rules,
    states,
    layouts,
    changes,
    hashes: states.map((s, k) => stateHash(rules[k], s)),
    base: base.value,
    baseHash: stateHash(baseRules, baseInitial),
  };
}

/** What the workers are sent of each point: its rules' definition (they compile it), initial state and layout. */
export function workerPoints(p: Prepared): WorkerData['points'] {
  return p.states.map((state, k) => ({ rules: p.rules[k].def, state, layout: p.layouts[k] }));
}

/** A watched cell `FROM:TO`. */
export function parseWatch(list: readonly string[]): Watch[] {
  return list
    .flatMap((v) => v.split(','))
    .map((s) => {
      const m = /^([A-Za-z][A-Za-z0-9_]*):([A-Za-z][A-Za-z0-9_]*)$/.exec(s.trim());
      if (!m) throw new InputError(`--watch ${s}: expected FROM:TO actor ids, such as PHL:JPN`);
      if (m[1].toUpperCase() === m[2].toUpperCase())
        throw new InputError(`--watch ${s}: an actor's alignment toward itself is always 1`);
      return [m[1].toUpperCase(), m[2].toUpperCase()] as Watch;
    });
}

function planFromFlags(scenario: string | undefined, opts: BatchOptions): BatchPlan {
  if (!scenario) throw new InputError('batch needs a scenario (a built-in id or a file), or --resume DIR');
  if (opts.runs === undefined) throw new InputError('batch needs --runs N, the number of runs per parameter point');
  const parse = <T>(flag: string, v: string, f: (s: string) => T): T => {
    try {
      return f(v);
    } catch (e) {
      throw new InputError(`--${flag} ${v}: ${(e as Error).message}`);
    }
  };
  const sets = (opts.set ?? []).map((v) => parse('set', v, parseSet));
  const sweeps = (opts.sweep ?? []).map((v) => {
    const values = parse('sweep', v, parseSweep);
    return { key: values[0].key, values };
  });
  const keys = [...sets.map((s) => s.key), ...sweeps.map((s) => s.key)];
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup) throw new InputError(`"${dup}" is given more than once in --set and --sweep`);
  let design: BatchPlan['design'];
  if (opts.sample !== undefined || opts.range?.length || opts.samples !== undefined) {
    if (opts.sample !== 'lhs')
      throw new InputError(
        `--sample ${opts.sample ?? '(missing)'}: the sampled design is lhs (Latin hypercube): --sample lhs --samples M --range KEY=LO:HI ...`,
      );
    if (sweeps.length)
      throw new InputError('--sample lhs and --sweep both choose the points; give one (fixed values go in --set)');
    if (!opts.range?.length) throw new InputError('--sample lhs needs at least one --range KEY=LO:HI');
    if (opts.samples === undefined || !Number.isSafeInteger(opts.samples) || opts.samples < 2)
      throw new InputError(
        `--samples ${opts.samples ?? '(missing)'}: --sample lhs needs --samples M, a whole number of design points of at least 2`,
      );
    const ranges = opts.range.map((v) => parse('range', v, parseRange));
    const again = ranges.find((r, i) => keys.includes(r.key) || ranges.findIndex((x) => x.key === r.key) !== i);
    if (again) throw new InputError(`"${again.key}" is given more than once in --set and --range`);
    if (opts.samples <= ranges.length + 2)
      throw new InputError(
        `--samples ${opts.samples}: the sensitivity to ${ranges.length} range${ranges.length > 1 ? 's' : ''} needs at least ${ranges.length + 3} design points`,
      );
    if (opts.out === undefined)
      throw new InputError('--sample lhs writes its sensitivity to summary.json and the report: give --out DIR too');
    design = { method: 'lhs', samples: opts.samples, ranges };
  }
  const points = design ? design.samples : sweeps.reduce((n, s) => n * s.values.length, 1);
  if (opts.baseline !== undefined) {
    if (!Number.isSafeInteger(opts.baseline) || opts.baseline < 0 || opts.baseline >= points)
      throw new InputError(
        `--baseline ${opts.baseline}: a point of the grid, from 0 to ${points - 1} (the point column of runs.csv; point 0 is every sweep's first value)`,
      );
    if (points < 2)
      throw new InputError('--baseline needs something to compare: a --sweep or --sample with at least two points');
    if (opts.out === undefined)
      throw new InputError(
        '--baseline writes its paired comparisons to summary.json and the report: give --out DIR too',
      );
  }
  if (points * opts.runs > 100_000_000)
    throw new InputError(`${points} points x ${opts.runs} runs is more than 100,000,000 runs; split the grid`);
  return {
    scenario,
    seed: opts.seed ?? '1',
    runs: opts.runs,
    sets,
    sweeps,
    watch: parseWatch(opts.watch ?? []),
    shard: opts.shard ?? null,
    ...(opts.baseline !== undefined ? { baseline: opts.baseline } : {}),
    ...(design ? { design } : {}),
  };
}

/** The plan a manifest records (for --resume, and merge). */
export function planFromManifest(m: Manifest, shard = m.shard): BatchPlan {
  return {
    scenario: m.scenario.file ?? m.scenario.ref,
    seed: m.seed,
    runs: m.runsPerPoint,
    sets: m.sets.map(parseSet),
    sweeps: m.sweeps.map((s) => ({ key: s.key, values: s.values.map((v) => parseSet(`${s.key}=${v}`)) })),
    watch: parseWatch(m.watch),
    shard,
    ...(m.baseline !== undefined ? { baseline: m.baseline } : {}),
    ...(m.design
      ? { design: { method: 'lhs' as const, samples: m.design.samples, ranges: m.design.ranges.map(parseRange) } }
      : {}),
  };
}

/** The manifest of a batch (status and timings filled in by the caller). */
export function manifestOf(
  p: Prepared,
  scenarioRef: string,
  argv: string[],
  workers: number,
  extra: Pick<Manifest, 'status' | 'completed' | 'started' | 'updated' | 'elapsedSeconds' | 'series'>,
): Manifest {
  const { plan } = p;
  const total = p.points.length * plan.runs;
  return {
    format: 'seastate-batch-manifest',
    version: 1,
    seastate: VERSION,
    code: CODE_HASH,
    command: ['seastate', ...argv],
    // A file's path is kept absolute too, so that --resume and merge work from any directory.
    scenario: {
      ref: scenarioRef,
      ...(looksLikePath(plan.scenario) ? { file: path.resolve(plan.scenario) } : {}),
      id: p.base.id,
      title: p.base.title,
      hash: p.baseHash,
    },
    seed: plan.seed,
    runsPerPoint: plan.runs,
    sets: plan.sets.map((s) => `${s.key}=${s.raw}`),
    sweeps: plan.sweeps.map((s) => ({ key: s.key, values: s.values.map((v) => v.raw) })),
    watch: plan.watch.map(([a, b]) => `${a}:${b}`),
    shard: plan.shard,
    ...(plan.baseline !== undefined ? { baseline: plan.baseline } : {}),
    ...(plan.design
      ? {
          design: {
            method: plan.design.method,
            samples: plan.design.samples,
            ranges: plan.design.ranges.map((r) => `${r.key}=${r.lo}:${r.hi}`),
          },
        }
      : {}),
    runIndices: shardRange(total, plan.shard),
    points: p.points.map((pt, k) => ({
      point: pt.point,
      params: pt.params,
      hash: p.hashes[k],
      changes: p.changes[k].map(changeText),
      rerun: rerunCommand(looksLikePath(plan.scenario) ? path.resolve(plan.scenario) : plan.scenario, pt),
    })),
    seeds: {
      rule: 'replicate r of every point runs with seed runSeed(batch seed, r): a 53-bit integer from two draws of Alea seeded with "<batch seed>\\u001frun\\u001f<r>" (32 bits, then the top 21 bits of the next); run index = point * runsPerPoint + r. Listed for the first 10,000 replicates; every row of runs.csv has its seed',
      replicates: Array.from({ length: Math.min(plan.runs, SEED_LIST_MAX) }, (_, r) => runSeed(plan.seed, r)),
    },
    workers,
    node: process.version,
    ...extra,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

/** One change an override made to the scenario file, as a line: `set model.weights.noise = 0.5`. */
function changeText(c: Patch): string {
  const at = pathString(c.path);
  return c.op === 'remove' ? `remove ${at}` : `${c.op === 'add' ? 'add' : 'set'} ${at} = ${JSON.stringify(c.value)}`;
}

/** summary.json: statistics per point, with nothing that depends on where, when or how it ran. */
export function summaryOf(p: Prepared, sums: readonly PointSummary[], comparisons?: PointComparison[]) {
  const { plan } = p;
  return {
    format: 'seastate-batch-summary',
    version: 1,
    scenario: { id: p.base.id, title: p.base.title, hash: p.baseHash },
    seed: plan.seed,
    runsPerPoint: plan.runs,
    sets: Object.fromEntries(plan.sets.map((s) => [s.key, s.raw])),
    sweeps: plan.sweeps.map((s) => ({ key: s.key, values: s.values.map((v) => v.raw) })),
    watch: plan.watch.map(([a, b]) => `${a}:${b}`),
    shard: plan.shard,
    runs: sums.reduce((n, s) => n + s.runs, 0),
    method: {
      meanCi95: "Student's t interval for the mean",
      shares: '95% Wilson score intervals',
      quantiles: `exact (R type 7) up to ${FINAL_EXACT} runs per point; beyond, DDSketch with relative accuracy ${ALPHA} (docs/BATCH.md)`,
      bands: `per-turn p5/p50/p95 in bands.csv: exact up to ${BAND_EXACT} runs per point, then DDSketch (${ALPHA}); a run stopped by an end condition keeps its last values`,
    },
    points: p.points.map((pt, k) => ({ point: pt.point, params: pt.params, ...sums[k] })),
    ...(plan.baseline !== undefined && comparisons ? { baseline: plan.baseline, comparisons } : {}),
    ...(plan.design && !plan.shard
      ? {
          design: { method: plan.design.method, samples: plan.design.samples, ranges: plan.design.ranges },
          sensitivity: sensitivityOf(p, sums),
        }
      : {}),
  };
}

/**
 * How each final metric and outcome share follows each range of a design, across its points (PRCC
 * and Spearman on the points' means: sensitivity.ts). A whole batch only: a shard lacks points.
 */
function sensitivityOf(p: Prepared, sums: readonly PointSummary[]) {
  const design = p.plan.design!;
  const outputs: Record<string, number[]> = {};
  for (const id of p.layouts[0].metricIds) outputs[id] = sums.map((s) => (s.metrics[id] as { mean: number }).mean);
  for (const id of Object.keys(sums[0].outcomes))
    outputs[`outcome.${id}`] = sums.map((s) => (s.outcomes[id] as { share: number }).share);
  try {
    return sensitivity(
      designValues(p.plan),
      outputs,
      design.ranges.map((r) => r.key),
    );
  } catch (e) {
    return { method: SENSITIVITY_METHOD, error: (e as Error).message };
  }
}

/**
 * Each point's paired comparison with the baseline, from runs.csv in `dir` (which holds every run of
 * the batch: comparisons are made for a whole batch, not a shard).
 */
function comparisonsOf(dir: string, p: Prepared, total: number): PointComparison[] | undefined {
  const { plan } = p;
  if (plan.baseline === undefined || plan.shard) return undefined;
  const header = runsHeader(plan, p.layouts[0]);
  return comparePoints(p.layouts[0], p.points.length, plan.runs, plan.baseline, (visit) => {
    readRuns(path.join(dir, FILES.runs), header, total, 0, (line, run) => {
      const pt = Math.floor(run / plan.runs);
      const row = parseRunsRow(line, plan, p.layouts[pt], run);
      if (!row) return false;
      visit(pt, run % plan.runs, row);
      return true;
    });
  });
}

/** Write summary.json and bands.csv for the aggregates (and their summaries, computed once). */
export function writeResults(
  dir: string,
  p: Prepared,
  aggs: PointAggregate[],
  sums: readonly PointSummary[],
): PointComparison[] | undefined {
  const total = sums.reduce((n, s) => n + s.runs, 0);
  const comparisons = comparisonsOf(dir, p, total);
  writeJson(dir, FILES.summary, summaryOf(p, sums, comparisons), 'summary');
  const text = bandsCsv(
    p.plan,
    p.points,
    aggs.map((a) => a.bandRows()),
  );
  writeOrFail(path.join(dir, FILES.bands), text, 'bands');
  return comparisons;
}

/** Which point and replicate a run index is. */
const jobOf = (runs: number) => (run: number) => ({ run, point: Math.floor(run / runs), replicate: run % runs });

export async function batchCommand(scenarioArg: string | undefined, opts: BatchOptions, io: Io): Promise<number> {
  if (opts.slurmRetry !== undefined || opts.slurm !== undefined) return slurmCommand(scenarioArg, opts, io);
  const argv = opts.argv ?? [];
  let plan: BatchPlan;
  let resumed: Manifest | undefined;
  if (opts.out === '') throw new InputError("--out is empty: give the directory for the batch's files");
  if (opts.resume === '') throw new InputError('--resume is empty: give the directory of the batch to continue');
  if (opts.series && opts.out === undefined && opts.resume === undefined)
    throw new InputError("--series writes series.csv in the batch's directory: give --out DIR too");
  if (opts.report && opts.out === undefined && opts.resume === undefined)
    throw new InputError("--report writes report.html in the batch's directory: give --out DIR too");
  if (opts.report && opts.shard)
    throw new InputError(
      '--report draws a whole batch: run the shards without it, `seastate merge` them, then `seastate report` the merged directory',
    );
  const dir = opts.resume ?? opts.out;
  if (opts.resume) {
    const given = (
      [
        'runs',
        'seed',
        'set',
        'sweep',
        'shard',
        'watch',
        'out',
        'series',
        'baseline',
        'sample',
        'samples',
        'range',
      ] as const
    ).filter((k) => opts[k] !== undefined && !(Array.isArray(opts[k]) && (opts[k] as unknown[]).length === 0));
    if (scenarioArg || given.length)
      throw new InputError(
        `--resume takes the batch's scenario and settings from ${path.join(opts.resume, FILES.manifest)}; drop ${scenarioArg ? 'the scenario' : `--${given[0]}`}`,
      );
    resumed = readJson(path.join(opts.resume, FILES.manifest), ManifestSchema, 'manifest');
    try {
      plan = planFromManifest(resumed);
    } catch (e) {
      throw new InputError(`${path.join(opts.resume, FILES.manifest)}: ${(e as Error).message}`);
    }
  } else plan = planFromFlags(scenarioArg, opts);

  if (resumed && (resumed.seastate !== VERSION || resumed.code !== CODE_HASH))
    throw new InputError(
      `${opts.resume}: this batch was started by seastate ${resumed.seastate} (code ${resumed.code?.slice(0, 12) ?? 'not recorded'}), and this is ${VERSION} (code ${CODE_HASH.slice(0, 12)}); finish it with the code that started it, or start a new batch`,
    );
  const p = prepare(plan);
  const scenarioRef = resumed ? resumed.scenario.ref : scenarioArg!;
  if (resumed) {
    const changed = p.baseHash !== resumed.scenario.hash || p.hashes.some((h, k) => h !== resumed!.points[k]?.hash);
    if (changed)
      throw new InputError(
        `${opts.resume}: the scenario (or the data it uses) has changed since this batch started, so its runs cannot be continued; start a new batch`,
      );
  }
  const total = p.points.length * plan.runs;
  const { from, to } = shardRange(total, plan.shard);
  const workers = Math.max(1, Math.min(opts.workers ?? os.availableParallelism(), 64));
  const aggs = p.layouts.map((l) => new PointAggregate(l, p.layouts.length <= FINAL_WORLD_POINTS));
  const header = runsHeader(plan, p.layouts[0]);
  let done = 0;
  let writer: RunsWriter | undefined;
  // series.csv follows runs.csv: the same rows' runs, in the same order, cut back at the same checkpoint.
  const series = resumed ? resumed.series === true : opts.series === true;
  let seriesWriter: RunsWriter | undefined;

  if (resumed) {
    // A batch stopped between writing its manifest and its first checkpoint has nothing to keep.
    const cpFile = path.join(dir!, FILES.checkpoint);
    const cp = existsSync(cpFile)
      ? readJson(cpFile, CheckpointSchema, 'checkpoint')
      : { completed: 0, points: aggs.map((a) => a.checkpointJson()) };
    if (cp.points.length !== aggs.length || cp.completed > to - from)
      throw new InputError(`${path.join(dir!, FILES.checkpoint)}: does not match the batch in manifest.json`);
    done = cp.completed;
    const runsFile = path.join(dir!, FILES.runs);
    const bytes = absorb(dir!, cp, p, header, from, aggs);
    const seriesBytes = series ? readSeries(path.join(dir!, FILES.series), p.layouts, plan.runs, from, done) : 0;
    if (resumed.status === 'complete' && done === to - from) {
      io.out(`${dir}: this batch is already complete (${done} runs).\n`);
      const sums = aggs.map((a) => a.summary());
      printSummary(io, p, sums, writeResults(dir!, p, aggs, sums));
      if (opts.report) await report(dir!, io);
      return 0;
    }
    writer = new RunsWriter(runsFile, { truncateTo: bytes });
    if (series)
      seriesWriter = new RunsWriter(path.join(dir!, FILES.series), {
        truncateTo: seriesBytes,
        what: 'per-turn series',
      });
  } else if (dir) {
    prepareOutDir(dir);
    makeDirs(dir, '--out');
    writer = new RunsWriter(path.join(dir, FILES.runs), { header });
    if (series)
      seriesWriter = new RunsWriter(path.join(dir, FILES.series), { header: SERIES_HEADER, what: 'per-turn series' });
  }

  let firstIn: { at: number; done: number } | undefined;
  const started = resumed?.started ?? new Date().toISOString();
  const t0 = Date.now();
  const before = resumed?.elapsedSeconds ?? 0;
  const manifest = (status: Manifest['status']) =>
    manifestOf(p, scenarioRef, resumed?.command.slice(1) ?? argv, workers, {
      status,
      completed: done,
      started,
      updated: new Date().toISOString(),
      elapsedSeconds: +(before + (Date.now() - t0) / 1000).toFixed(3),
      ...(series ? { series: true } : {}),
      // This session's speed once the workers were running: start-up apart, for benchmarks.
      ...(firstIn
        ? {
            startupSeconds: +((firstIn.at - t0) / 1000).toFixed(3),
            ...(done > firstIn.done && Date.now() > firstIn.at
              ? { steadyRunsPerSecond: +(((done - firstIn.done) * 1000) / (Date.now() - firstIn.at)).toFixed(3) }
              : {}),
          }
        : {}),
    });
  const checkpoint = () => {
    if (!dir || !writer) return;
    writer.sync();
    seriesWriter?.sync();
    writeCheckpoint(
      dir,
      done,
      aggs.map((a) => a.checkpointJson()),
    );
    writeJson(dir, FILES.manifest, manifest('running'), 'manifest');
  };
  let lastCollect = Date.now();
  if (dir) {
    writeJson(dir, FILES.manifest, manifest('running'), 'manifest');
    if (!resumed)
      writeCheckpoint(
        dir,
        0,
        aggs.map((a) => a.checkpointJson()),
      );
  }

  // The pool starts no more threads than there are runs to play.
  const threads = Math.max(1, Math.min(workers, to - from - done));
  const shardNote = plan.shard
    ? `, shard ${plan.shard.index}/${plan.shard.count} (${to > from ? `runs ${from}-${to - 1}` : `no runs: ${total} runs in ${plan.shard.count} shards`})`
    : '';
  io.err(
    `seastate batch: ${p.base.id} (${p.base.title}): ${plan.runs.toLocaleString('en-US')} run${plan.runs === 1 ? '' : 's'} x ${p.points.length} point${p.points.length === 1 ? '' : 's'}, seed ${plan.seed}${shardNote}; ${threads} worker${threads === 1 ? '' : 's'}${resumed ? `; resuming after ${done} runs` : ''}\n`,
  );

  // Records arrive in any order; rows are written and counted strictly in run order.
  const pending = new Map<number, RunRecord>();
  let lastCheckpoint = Date.now();
  let lastDraw = 0;
  const startDone = done;
  const draw = (force = false) => {
    if (!io.errTty) return;
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    // The rate since the first runs came in: the workers' start-up would make an early ETA too long.
    if (!firstIn) return;
    const rate = done > firstIn.done ? ((done - firstIn.done) * 1000) / Math.max(1, now - firstIn.at) : 0;
    io.err(`\r${progressLine(done, to - from, rate, process.stderr.columns ?? 80)}\u001b[K`);
  };
  const onRecords = (records: RunRecord[]) => {
    for (const r of records) pending.set(r.run, r);
    let r: RunRecord | undefined;
    while ((r = pending.get(from + done))) {
      pending.delete(r.run);
      aggs[r.point].addRow(r);
      aggs[r.point].addSeries(r.series);
      aggs[r.point].addFinal(r.alignment);
      writer?.add(runsRow(plan, p.points[r.point], r));
      seriesWriter?.add(seriesRows(p.layouts[r.point], r));
      done++;
    }
    firstIn ??= { at: Date.now(), done };
    if (Date.now() - lastCheckpoint > CHECKPOINT_MS) {
      checkpoint();
      lastCheckpoint = Date.now();
    }
    if (Date.now() - lastCollect > CHECKPOINT_MS) {
      collect();
      lastCollect = Date.now();
    }
    draw();
  };

  const pool = runPool(
    workers,
    { points: workerPoints(p), watch: plan.watch, seed: plan.seed },
    from + done,
    to,
    jobOf(plan.runs),
    onRecords,
    () => done - startDone,
  );
  let interrupts = 0;
  // Ctrl-C, and SIGTERM as a scheduler sends on preemption (Slurm, Kubernetes): stop cleanly.
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    pool.stop();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  let how: 'done' | 'stopped';
  try {
    how = await pool.finished;
  } catch (e) {
    try {
      finish(dir, writer, done, aggs, () => manifest('interrupted'), seriesWriter);
    } catch {
      // The first failure is the one to report; this one is most likely the same (a full disk).
    }
    if (e instanceof RunFailure) {
      const run = jobOf(plan.runs)(e.run);
      const where = `run ${e.run} (point ${run.point}, seed ${runSeed(plan.seed, run.replicate)})`;
      const err = new Error(
        `${where} failed: ${e.message}${dir ? `; the ${done} runs completed in order are kept in ${dir}` : ''}`,
      );
      err.stack = e.detail;
      if (e.code) throw new SimulationError(e.code, err.message);
      throw err;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    if (io.errTty) io.err('\r\u001b[K');
  }
  const elapsed = (Date.now() - t0) / 1000;
  const complete = how === 'done';
  // The results before the manifest that calls the batch complete: a stop in between leaves a batch
  // that --resume finishes (and a complete batch's results are written again on resume anyway).
  const sums = aggs.map((a) => a.summary());
  let comparisons: PointComparison[] | undefined;
  if (complete && dir) {
    writer?.sync(); // the paired comparisons read runs.csv back
    comparisons = writeResults(dir, p, aggs, sums);
  }
  finish(dir, writer, done, aggs, () => manifest(complete ? 'complete' : 'interrupted'), seriesWriter);
  if (!complete)
    io.out(
      `INTERRUPTED: the statistics of the ${done.toLocaleString('en-US')} of ${(to - from).toLocaleString('en-US')} runs completed\n\n`,
    );
  printSummary(io, p, sums, comparisons);
  const ran = done - startDone;
  io.err(
    `${ran.toLocaleString('en-US')} run${ran === 1 ? '' : 's'} in ${duration(elapsed)} (${(ran / Math.max(elapsed, 1e-9)).toFixed(1)} runs/s on ${threads} worker${threads === 1 ? '' : 's'})\n`,
  );
  if (!complete) {
    io.err(
      `interrupted: ${done.toLocaleString('en-US')} of ${(to - from).toLocaleString('en-US')} runs are complete${dir ? `; continue with: seastate batch --resume ${dir}` : ' (nothing was written: no --out)'}\n`,
    );
    return 130;
  }
  if (dir)
    io.err(
      `wrote ${[FILES.runs, ...(series ? [FILES.series] : []), FILES.summary, FILES.bands, FILES.manifest].map((f) => path.join(dir, f)).join(', ')}\n`,
    );
  if (dir && opts.report) await report(dir, io);
  return 0;
}

/** `--slurm N` and `--slurm-retry DIR` (src/cli/batch/slurm.ts): check the batch here, run it there. */
async function slurmCommand(scenarioArg: string | undefined, opts: BatchOptions, io: Io): Promise<number> {
  const { retryBatch, submitBatch } = await import('../batch/slurm');
  if (opts.slurmRetry !== undefined) {
    const other = (
      [
        'slurm',
        'runs',
        'seed',
        'set',
        'sweep',
        'shard',
        'watch',
        'out',
        'resume',
        'series',
        'baseline',
        'sample',
        'samples',
        'range',
        'report',
      ] as const
    ).find((k) => opts[k] !== undefined && !(Array.isArray(opts[k]) && (opts[k] as unknown[]).length === 0));
    if (scenarioArg || other)
      throw new InputError(
        `--slurm-retry takes the batch from ${opts.slurmRetry}; drop ${scenarioArg ? 'the scenario' : `--${other}`} (only --workers may change)`,
      );
    return retryBatch(opts.slurmRetry, io, opts.workers);
  }
  if (opts.out === undefined)
    throw new InputError(
      '--slurm needs --out DIR, on a filesystem every node sees: the shards, the logs and the merged batch go there',
    );
  if (opts.shard) throw new InputError('--slurm makes the shards itself (one per array task); drop --shard');
  if (opts.resume !== undefined)
    throw new InputError('--slurm submits a new batch; to continue one submitted before, use --slurm-retry DIR');
  // Check the batch here, so that a typo fails now with its message, not in N queued tasks.
  prepare(planFromFlags(scenarioArg, opts));
  return submitBatch(opts.out, opts.slurm!, { ...opts, scenario: scenarioArg!, runs: opts.runs! }, io);
}

/** Write DIR/report.html (the charting code is loaded only here: it is large). */
async function report(dir: string, io: Io): Promise<void> {
  const { writeReport } = await import('./report');
  io.err(`wrote ${await writeReport(dir)}\n`);
}

/**
 * Add a batch directory's first `cp.completed` runs (rows from runs.csv, bands from the checkpoint)
 * to `aggs`, checking every row; returns the byte length of runs.csv up to them.
 */
export function absorb(
  dir: string,
  cp: Pick<Checkpoint, 'completed' | 'points'>,
  p: Prepared,
  header: string,
  from: number,
  aggs: PointAggregate[],
): number {
  const bytes = readRuns(path.join(dir, FILES.runs), header, cp.completed, from, (line, run) => {
    const pt = Math.floor(run / p.plan.runs);
    const row = parseRunsRow(line, p.plan, p.layouts[pt], run);
    if (!row) return false;
    aggs[pt].addRow(row);
    return true;
  });
  try {
    cp.points.forEach((pt, k) => aggs[k].mergeCheckpoint(pt));
  } catch (e) {
    throw new InputError(`${path.join(dir, FILES.checkpoint)}: ${(e as Error).message}`);
  }
  return bytes;
}

function finish(
  dir: string | undefined,
  writer: RunsWriter | undefined,
  done: number,
  aggs: PointAggregate[],
  manifest: () => Manifest,
  series?: RunsWriter,
): void {
  if (!dir || !writer) return;
  writer.close();
  series?.close();
  writeCheckpoint(
    dir,
    done,
    aggs.map((a) => a.checkpointJson()),
  );
  writeJson(dir, FILES.manifest, manifest(), 'manifest');
}

export function printSummary(
  io: Io,
  p: Prepared,
  sums: readonly PointSummary[],
  comparisons?: readonly PointComparison[],
): void {
  const lines: string[] = [];
  p.points.forEach((pt, k) => {
    if (k) lines.push('');
    lines.push(...pointTable(pt, sums[k], p.layouts[0].metricIds));
  });
  if (p.points.length > 1) lines.push('', ...comparisonTable(p.points, sums, p.layouts[0].metricIds));
  if (comparisons?.length) lines.push('', ...pairedTable(p.points, comparisons));
  io.out(lines.join('\n') + '\n');
}
