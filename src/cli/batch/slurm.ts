/**
 * `seastate batch ... --slurm N --out DIR`: submit a batch to Slurm as a job array of N shards and a
 * merge job that starts once every shard has succeeded; `seastate batch --slurm-retry DIR`
 * resubmits the shards that did not complete, and a new merge. docs/SCALE.md, "Slurm".
 *
 * DIR is laid out as
 *   DIR/slurm/args        the shards' batch arguments, one per line (read by deploy/slurm/shard.sbatch)
 *   DIR/slurm/shards      N
 *   DIR/slurm/jobs.json   every submission: job ids, the tasks submitted, when
 *   DIR/slurm/*.out       the tasks' and the merge's logs
 *   DIR/shard-I/          shard I of N, a complete batch directory once its task succeeds
 *   DIR/merged/           the merged batch: the same summary.json and runs.csv as one unsharded batch
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ROOT } from '../../root';
import { looksLikePath } from '../../scenarios/registry';
import { InputError } from '../errors';
import type { Io } from '../io';
import { writeOrFail } from '../session/write';
import { FILES, makeDirs, ManifestSchema, readJson, writeJson } from './files';

export const SHARD_SCRIPT = path.join(ROOT, 'deploy', 'slurm', 'shard.sbatch');
export const MERGE_SCRIPT = path.join(ROOT, 'deploy', 'slurm', 'merge.sbatch');

const Submission = z.object({ shards: z.string(), tasks: z.array(z.number().int().positive()), merge: z.string(), submitted: z.string() });
const JobsFile = z.object({ format: z.literal('seastate-slurm-jobs'), count: z.number().int().positive(), report: z.boolean(), submissions: z.array(Submission).min(1) });
type JobsFile = z.infer<typeof JobsFile>;

/** The parsed flags a Slurm submission passes on to every shard. */
export interface ShardFlags {
  scenario: string;
  runs: number;
  seed?: string;
  set?: string[];
  sweep?: string[];
  watch?: string[];
  series?: boolean;
  baseline?: number;
  sample?: string;
  samples?: number;
  range?: string[];
  workers?: number;
  report?: boolean;
}

/** The arguments every shard's `seastate batch` gets (without --shard, --workers and --out). */
export function shardArgs(f: ShardFlags, cwd = process.cwd()): string[] {
  const scenario = looksLikePath(f.scenario) ? path.resolve(cwd, f.scenario) : f.scenario;
  const args = [scenario, '--runs', String(f.runs), '--seed', f.seed ?? '1'];
  for (const [flag, values] of [['--set', f.set], ['--sweep', f.sweep], ['--watch', f.watch], ['--range', f.range]] as const) for (const v of values ?? []) args.push(flag, v);
  if (f.series) args.push('--series');
  if (f.baseline !== undefined) args.push('--baseline', String(f.baseline));
  if (f.sample !== undefined) args.push('--sample', f.sample);
  if (f.samples !== undefined) args.push('--samples', String(f.samples));
  const bad = args.find((a) => /[\n\r\0]/.test(a));
  if (bad !== undefined) throw new InputError(`--slurm: an argument holds a line break, which the shards' argument file cannot carry: ${JSON.stringify(bad)}`);
  return args;
}

/** Run a Slurm command; its stdout, or an InputError naming the command and what it said. */
function slurm(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) {
    const why = (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? `${cmd} is not on the PATH (run this where Slurm's commands are, such as a login node)` : r.error.message;
    throw new InputError(`--slurm: ${why}`);
  }
  if (r.status !== 0) throw new InputError(`--slurm: ${cmd} ${args.join(' ')} failed: ${(r.stderr || r.stdout).trim()}`);
  return r.stdout.trim();
}

/** sbatch options shared by the shards and the merge: where the code is, the node binary, the batch. */
function common(dir: string, name: string, report = false): string[] {
  return ['--parsable', `--job-name=${name}`, `--chdir=${ROOT}`, `--export=ALL,SEASTATE_BATCH=${dir},SEASTATE_NODE=${process.execPath}${report ? ',SEASTATE_REPORT=1' : ''}`];
}

/** Submit shards `tasks` of `dir`'s batch (none: only the merge) and a merge after them. */
function submit(dir: string, jobs: Pick<JobsFile, 'count' | 'report'>, tasks: number[], workers?: number): z.infer<typeof Submission> {
  const name = `seastate-${path.basename(dir)}`;
  const array = tasks.length === jobs.count ? `1-${jobs.count}` : tasks.join(',');
  const shards = tasks.length
    ? slurm('sbatch', [
        ...common(dir, name),
        `--array=${array}`,
        `--output=${path.join(dir, 'slurm', 'shard-%a.out')}`,
        ...(workers ? [`--cpus-per-task=${workers}`] : []),
        SHARD_SCRIPT,
      ]).split(';')[0]
    : '';
  const merge = slurm('sbatch', [
    ...common(dir, `${name}-merge`, jobs.report),
    ...(shards ? [`--dependency=afterok:${shards}`, '--kill-on-invalid-dep=yes'] : []),
    `--output=${path.join(dir, 'slurm', 'merge.out')}`,
    MERGE_SCRIPT,
  ]).split(';')[0];
  return { shards, tasks, merge, submitted: new Date().toISOString() };
}

function announce(io: Io, dir: string, count: number, s: z.infer<typeof Submission>): void {
  const which = s.tasks.length === count ? `tasks 1-${count}` : `task${s.tasks.length > 1 ? 's' : ''} ${s.tasks.join(',')}`;
  io.out(
    (s.shards ? `submitted shards: job ${s.shards} (array ${which} of ${count})\n` : `every shard is complete; only the merge is submitted\n`) +
      `submitted merge:  job ${s.merge} (starts when every shard has succeeded)\n` +
      `shards go to ${path.join(dir, 'shard-I')}, the merged batch to ${path.join(dir, 'merged')}; logs in ${path.join(dir, 'slurm')}\n` +
      `watch:  squeue -j ${[s.shards, s.merge].filter(Boolean).join(',')}\n` +
      `if a task fails: seastate batch --slurm-retry ${dir}\n`,
  );
}

/** `batch ... --slurm N --out DIR`. */
export function submitBatch(dir: string, count: number, flags: ShardFlags, io: Io): number {
  const abs = path.resolve(dir);
  if (existsSync(abs) && readdirSync(abs).length) throw new InputError(`--out ${dir}: is not empty; a Slurm batch needs a new or empty directory (its shards, logs and the merge go in it)`);
  const args = shardArgs(flags);
  makeDirs(path.join(abs, 'slurm'), '--out');
  writeOrFail(path.join(abs, 'slurm', 'args'), args.join('\n') + '\n', 'the shards\' arguments');
  writeOrFail(path.join(abs, 'slurm', 'shards'), `${count}\n`, 'the shard count');
  const jobs = { count, report: flags.report === true };
  const s = submit(abs, jobs, Array.from({ length: count }, (_, k) => k + 1), flags.workers);
  writeJson(path.join(abs, 'slurm'), 'jobs.json', { format: 'seastate-slurm-jobs', ...jobs, submissions: [s] } satisfies JobsFile, 'Slurm job list');
  announce(io, abs, count, s);
  return 0;
}

/** Is shard `i` of `dir` complete? */
function shardComplete(dir: string, i: number): boolean {
  const m = path.join(dir, `shard-${i}`, FILES.manifest);
  if (!existsSync(m)) return false;
  try {
    return readJson(m, ManifestSchema, 'manifest').status === 'complete';
  } catch {
    return false;
  }
}

/** `batch --slurm-retry DIR`: resubmit the shards that did not complete, and a new merge. */
export function retryBatch(dir: string, io: Io, workers?: number): number {
  const abs = path.resolve(dir);
  const file = path.join(abs, 'slurm', 'jobs.json');
  if (!existsSync(file)) throw new InputError(`--slurm-retry ${dir}: no slurm/jobs.json here; this is not a batch submitted with --slurm`);
  let jobs: JobsFile;
  try {
    jobs = JobsFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new InputError(`${file}: not a seastate Slurm job list (${e instanceof z.ZodError ? e.issues[0].message : (e as Error).message})`);
  }
  if (existsSync(path.join(abs, 'merged', FILES.manifest))) {
    io.out(`${path.join(abs, 'merged')}: the batch is already merged; nothing to resubmit\n`);
    return 0;
  }
  const last = jobs.submissions[jobs.submissions.length - 1];
  // squeue lists the jobs still queued or running (a finished one it may report as unknown).
  const ids = [last.shards, last.merge].filter(Boolean).join(',');
  const live = spawnSync('squeue', ['-h', '-j', ids, '-o', '%i %T'], { encoding: 'utf8' }).stdout?.split('\n').filter(Boolean) ?? [];
  const shardsLive = last.shards ? live.filter((l) => l.startsWith(`${last.shards}_`) || l.startsWith(`${last.shards} `)) : [];
  if (shardsLive.length)
    throw new InputError(`--slurm-retry ${dir}: job ${last.shards} still has tasks queued or running (${shardsLive.join(', ')}); wait for them, or scancel them first`);
  if (live.some((l) => l.startsWith(`${last.merge} `))) slurm('scancel', [last.merge]);
  const tasks = Array.from({ length: jobs.count }, (_, k) => k + 1).filter((i) => !shardComplete(abs, i));
  const s = submit(abs, jobs, tasks.length ? tasks : [], workers);
  jobs.submissions.push(s);
  writeJson(path.join(abs, 'slurm'), 'jobs.json', jobs, 'Slurm job list');
  announce(io, abs, jobs.count, s);
  return 0;
}
