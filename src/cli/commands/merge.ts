/**
 * `seastate merge DIR... --out DIR`: combine the output directories of `batch --shard I/N` into the
 * result of the unsharded batch. Exact, because shards are contiguous slices of the run indices
 * (runs.csv is their concatenation in shard order) and every statistic is a function of the
 * multiset of runs, which merging reassembles (docs/SCALE.md).
 */
import path from 'node:path';
import { InputError } from '../errors';
import type { Io } from '../io';
import { FINAL_WORLD_POINTS, PointAggregate } from '../batch/aggregate';
import {
  CheckpointSchema,
  FILES,
  makeDirs,
  ManifestSchema,
  prepareOutDir,
  readJson,
  readRuns,
  readSeries,
  runsHeader,
  RunsWriter,
  SERIES_HEADER,
  writeCheckpoint,
  writeJson,
  type Manifest,
} from '../batch/files';
import { shardRange } from '../batch/plan';
import { absorb, CODE_HASH, manifestOf, planFromManifest, prepare, printSummary, VERSION, writeResults } from './batch';

/** The settings in which shard `m` differs from shard `a` (none if they are of one batch). */
const differences = (m: Manifest, a: Manifest): string[] => {
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  return (
    [
      [
        'scenario',
        same([m.scenario.hash, m.points.map((p) => p.hash)], [a.scenario.hash, a.points.map((p) => p.hash)]),
      ],
      ['seed', m.seed === a.seed],
      ['runs per point', m.runsPerPoint === a.runsPerPoint],
      ['--set/--sweep', same([m.sets, m.sweeps], [a.sets, a.sweeps])],
      ['--watch', same(m.watch, a.watch)],
      ['--baseline/--sample', same([m.baseline, m.design], [a.baseline, a.design])],
      ['shard count', m.shard?.count === a.shard?.count],
      ['seastate version or code', m.seastate === a.seastate && m.code === a.code],
    ] as const
  )
    .filter(([, ok]) => !ok)
    .map(([what]) => what);
};

export function mergeCommand(dirs: string[], opts: { out: string; argv?: string[] }, io: Io): number {
  const manifests = dirs.map((d) => readJson(path.join(d, FILES.manifest), ManifestSchema, 'manifest'));
  manifests.forEach((m, k) => {
    if (!m.shard)
      throw new InputError(`${dirs[k]}: is not a shard (it ran without --shard); there is nothing to merge it with`);
    const differ = differences(m, manifests[0]);
    if (differ.length)
      throw new InputError(
        `${dirs[k]}: is a shard of a different batch than ${dirs[0]} (${differ.join(', ')} differ${differ.length === 1 ? 's' : ''})`,
      );
    const withSeries = (x: Manifest) => (x.series ? 'with --series' : 'without --series');
    if (withSeries(m) !== withSeries(manifests[0]))
      throw new InputError(
        `${dirs[k]}: ran ${withSeries(m)} and ${dirs[0]} ${withSeries(manifests[0])}; merge needs every shard with series.csv or none; run the shards that differ again with the same flags`,
      );
    if (m.status !== 'complete')
      throw new InputError(
        `${dirs[k]}: shard ${m.shard.index}/${m.shard.count} is not complete (${m.completed} runs done); finish it with \`seastate batch --resume ${dirs[k]}\``,
      );
  });
  const count = manifests[0].shard!.count;
  const byIndex = new Map<number, number>();
  manifests.forEach((m, k) => {
    const other = byIndex.get(m.shard!.index);
    if (other !== undefined)
      throw new InputError(`${dirs[k]}: shard ${m.shard!.index}/${count} is given twice (also ${dirs[other]})`);
    byIndex.set(m.shard!.index, k);
  });
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length)
    throw new InputError(
      `shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: merge needs all ${count}`,
    );

  const first = manifests[0];
  if (first.code !== CODE_HASH || first.seastate !== VERSION)
    throw new InputError(
      `the shards were run by seastate ${first.seastate} (code ${first.code?.slice(0, 12) ?? 'not recorded'}) and this is ${VERSION} (code ${CODE_HASH.slice(0, 12)}); merge with the code that ran them`,
    );
  const plan = planFromManifest(first, null);
  const p = prepare(plan);
  if (p.baseHash !== first.scenario.hash)
    throw new InputError(
      `the scenario ${first.scenario.ref} (or the data it uses) has changed since the shards ran; merge where they ran, or run them again`,
    );
  const aggs = p.layouts.map((l) => new PointAggregate(l, p.layouts.length <= FINAL_WORLD_POINTS));
  const header = runsHeader(plan, p.layouts[0]);
  const total = p.points.length * plan.runs;

  if (opts.out === '') throw new InputError('--out is empty: give the directory for the merged batch');
  prepareOutDir(opts.out, 'merge into a new directory');
  if (dirs.some((d) => path.resolve(d) === path.resolve(opts.out)))
    throw new InputError(`--out ${opts.out}: is one of the shards; merge into a new directory`);
  // First every shard is read and checked, and the statistics built; only then is anything written,
  // so a bad shard leaves no half-merged directory behind.
  const order = Array.from({ length: count }, (_, i) => byIndex.get(i + 1)!);
  const slices = order.map((_, i) => shardRange(total, { index: i + 1, count }));
  let elapsed = 0;
  order.forEach((k, i) => {
    const dir = dirs[k];
    const { from, to } = slices[i];
    const cp = readJson(path.join(dir, FILES.checkpoint), CheckpointSchema, 'checkpoint');
    if (cp.completed !== to - from || cp.points.length !== aggs.length)
      throw new InputError(
        `${path.join(dir, FILES.checkpoint)}: does not hold shard ${i + 1}/${count}'s ${to - from} runs`,
      );
    absorb(dir, cp, p, header, from, aggs);
    if (first.series) readSeries(path.join(dir, FILES.series), p.layouts, plan.runs, from, to - from);
    elapsed += manifests[k].elapsedSeconds;
  });
  makeDirs(opts.out, '--out');
  const writer = new RunsWriter(path.join(opts.out, FILES.runs), { header });
  order.forEach((k, i) =>
    readRuns(
      path.join(dirs[k], FILES.runs),
      header,
      slices[i].to - slices[i].from,
      slices[i].from,
      (line) => (writer.add(line), true),
    ),
  );
  writer.close();
  if (first.series) {
    const series = new RunsWriter(path.join(opts.out, FILES.series), {
      header: SERIES_HEADER,
      what: 'per-turn series',
    });
    order.forEach((k, i) =>
      readSeries(
        path.join(dirs[k], FILES.series),
        p.layouts,
        plan.runs,
        slices[i].from,
        slices[i].to - slices[i].from,
        (line) => series.add(line),
      ),
    );
    series.close();
  }
  writeCheckpoint(
    opts.out,
    total,
    aggs.map((a) => a.checkpointJson()),
  );
  const sums = aggs.map((a) => a.summary());
  const comparisons = writeResults(opts.out, p, aggs, sums);
  const started = manifests.map((m) => m.started).sort()[0];
  const m = manifestOf(
    p,
    first.scenario.ref,
    first.command
      .slice(1)
      .filter((a, j, all) => a !== '--shard' && all[j - 1] !== '--shard' && !a.startsWith('--shard=')),
    first.workers,
    {
      status: 'complete',
      completed: total,
      started,
      updated: new Date().toISOString(),
      elapsedSeconds: +elapsed.toFixed(3),
      ...(first.series ? { series: true } : {}),
    },
  );
  writeJson(
    opts.out,
    FILES.manifest,
    {
      ...m,
      peakRssMiB: Math.max(...manifests.map((x) => x.peakRssMiB ?? 0)),
      mergedFrom: [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, k]) => path.resolve(dirs[k])),
    },
    'manifest',
  );
  printSummary(io, p, sums, comparisons);
  io.err(`merged ${count} shards, ${total.toLocaleString('en-US')} runs, into ${opts.out}\n`);
  return 0;
}
