/**
 * `seastate validity`: run each claim of validity/claims.yaml as a batch (its points share seeds:
 * common random numbers) and print, per claim, the claim, its source, the lever, each point's
 * measure with its 95% interval, and pass or fail. Exit 0 when every claim passes, 1 otherwise.
 */
import os from 'node:os';
import { loadWorld } from '../../scenarios/world';
import { prepare, workerPoints, type Prepared } from './batch';
import { InputError, issuesError } from '../errors';
import type { Io } from '../io';
import { RunFailure, runPool } from '../batch/pool';
import type { RunRecord } from '../batch/runner';
import { duration } from '../batch/report';
import { claimPlan, formatEstimate, judge, loadClaims, type Claim, type Verdict } from '../validity/claims';

export interface ValidityOptions {
  runs?: number;
  seed?: string;
  workers?: number;
  only?: string[];
  markdown?: boolean;
  file?: string;
}

/** The runs of every point of a prepared batch, in point order, played on `workers` threads. */
export async function playPoints(p: Prepared, workers: number): Promise<RunRecord[][]> {
  const n = p.plan.runs;
  const total = p.points.length * n;
  const out: RunRecord[][] = p.points.map(() => []);
  let delivered = 0;
  const pool = runPool(
    Math.max(1, Math.min(workers, total)),
    { points: workerPoints(p), watch: [], seed: p.plan.seed },
    0,
    total,
    (run) => ({ run, point: Math.floor(run / n), replicate: run % n }),
    (records) => {
      for (const r of records) out[r.point][r.replicate] = r;
      delivered += records.length;
    },
    () => delivered,
  );
  try {
    await pool.finished;
  } catch (e) {
    if (e instanceof RunFailure) throw new Error(`run ${e.run} of ${p.plan.scenario} failed: ${e.message}`);
    throw e;
  }
  return out;
}

/** Run one claim: its points as one batch of `runs` runs each, judged. */
export async function runClaim(c: Claim, runs: number, seed: string, workers: number): Promise<Verdict> {
  const prepared = prepare(claimPlan(c, runs, seed));
  return judge(c, prepared.layouts, await playPoints(prepared, workers));
}

function leverText(c: Claim): string {
  if (c.lever) return `--set ${c.lever.key}=${c.lever.from} vs ${c.lever.to}`;
  if (c.at) return `--set ${c.at.key}=${c.at.value}`;
  return 'the built-in defaults';
}

function expectText(c: Claim): string {
  const e = c.expect;
  if (!e)
    return `every outcome within [${'spread' in c.measure ? `${c.measure.spread.min}, ${c.measure.spread.max}` : ''}]`;
  if (typeof e === 'string') return `${e} at ${c.lever!.to}, intervals apart`;
  return 'atLeast' in e ? `at least ${e.atLeast}` : `at most ${e.atMost}`;
}

function pointLabels(c: Claim, v: Verdict): string[] {
  if ('spread' in c.measure) return v.estimates.map((e) => e.label);
  if (c.lever) return [`${c.lever.key}=${c.lever.from}`, `${c.lever.key}=${c.lever.to}`];
  return [c.at ? `${c.at.key}=${c.at.value}` : 'defaults'];
}

export async function validityCommand(opts: ValidityOptions, io: Io): Promise<number> {
  const loaded = loadClaims(opts.file);
  if (!loaded.ok) throw issuesError(loaded.issues);
  const world = loadWorld();
  if (!world.ok) throw issuesError(world.issues);
  const sources = new Map(world.value.sources.map((s) => [s.id, s]));
  for (const c of loaded.value)
    if (!sources.has(c.source))
      throw new InputError(
        `${opts.file ?? 'validity/claims.yaml'}: claim "${c.id}": unknown source "${c.source}" (not in data/sources.yaml)`,
      );
  let claims = loaded.value;
  if (opts.only?.length) {
    const unknown = opts.only.find((id) => !claims.some((c) => c.id === id));
    if (unknown)
      throw new InputError(`--only ${unknown}: no such claim (claims: ${claims.map((c) => c.id).join(', ')})`);
    claims = claims.filter((c) => opts.only!.includes(c.id));
  }
  const runs = opts.runs ?? 2000;
  const seed = opts.seed ?? '1';
  const workers = Math.max(1, Math.min(opts.workers ?? os.availableParallelism(), 64));
  io.err(
    `seastate validity: ${claims.length} claim${claims.length === 1 ? '' : 's'}, ${runs.toLocaleString('en-US')} runs per point, seed ${seed}, ${workers} worker${workers === 1 ? '' : 's'}\n`,
  );
  const t0 = Date.now();
  const verdicts: { c: Claim; v: Verdict }[] = [];
  for (const c of claims) {
    const t = Date.now();
    const verdict = await runClaim(c, runs, seed, workers);
    verdicts.push({ c, v: verdict });
    const src = sources.get(c.source)!;
    io.out(`${verdict.pass ? 'PASS' : 'FAIL'}  ${c.id}: ${c.claim}\n`);
    io.out(`      source   ${c.source} (${src.title}${src.year ? `, ${src.year}` : ''}): ${c.fact}\n`);
    io.out(`      scenario ${c.scenario}, ${leverText(c)}; expects ${expectText(c)}\n`);
    io.out(`      measure  ${c.measure.label}\n`);
    const labels = pointLabels(c, verdict);
    const w = Math.max(...labels.map((l) => l.length));
    verdict.estimates.forEach((e, k) => io.out(`        ${labels[k].padEnd(w)}  ${formatEstimate(e)}\n`));
    io.out(`      ${verdict.reason} (${duration((Date.now() - t) / 1000)})\n\n`);
  }
  const failed = verdicts.filter((x) => !x.v.pass);
  if (opts.markdown) io.out(`\n${markdownTable(verdicts)}`);
  io.out(
    `${verdicts.length - failed.length} of ${verdicts.length} claims pass${failed.length ? `; failed: ${failed.map((x) => x.c.id).join(', ')}` : ''} (${duration((Date.now() - t0) / 1000)})\n`,
  );
  return failed.length ? 1 : 0;
}

/** The verdicts as the Markdown table docs/VALIDITY.md quotes. */
export function markdownTable(verdicts: readonly { c: Claim; v: Verdict }[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = verdicts.map(({ c, v }) => {
    const labels = pointLabels(c, v);
    const points = v.estimates.map((e, k) => `${labels[k]}: ${formatEstimate(e)}`).join('<br>');
    return `| ${c.id} | ${cell(c.claim)} | ${c.source} | ${cell(`${c.scenario}, ${leverText(c)}`)} | ${cell(c.measure.label)} | ${cell(points)} | ${v.pass ? 'pass' : '**fail**'} |`;
  });
  return [
    '| claim | what the sources say | source | scenario and lever | measure | points (95% intervals) | result |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
