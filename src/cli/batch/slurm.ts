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
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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

/** One submission: the shards' array job ('' when every shard was complete) and the merge ('' if its sbatch failed). */
const Submission = z.object({
  shards: z.string(),
  tasks: z.array(z.number().int().positive()),
  merge: z.string(),
  submitted: z.string(),
});
const JobsFile = z.object({
  format: z.literal('seastate-slurm-jobs'),
  count: z.number().int().positive(),
  report: z.boolean(),
  /** The workers each task runs (its --cpus-per-task); 1 when --workers was not given. */
  workers: z.number().int().positive(),
  submissions: z.array(Submission).min(1),
});
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
  for (const [flag, values] of [
    ['--set', f.set],
    ['--sweep', f.sweep],
    ['--watch', f.watch],
    ['--range', f.range],
  ] as const)
    for (const v of values ?? []) args.push(flag, v);
  if (f.series) args.push('--series');
  if (f.baseline !== undefined) args.push('--baseline', String(f.baseline));
  if (f.sample !== undefined) args.push('--sample', f.sample);
  if (f.samples !== undefined) args.push('--samples', String(f.samples));
  const bad = args.find((a) => /[\n\r\0]/.test(a));
  if (bad !== undefined)
    throw new InputError(
      `--slurm: an argument holds a line break, which the shards' argument file cannot carry: ${JSON.stringify(bad)}`,
    );
  return args;
}

/** Run a Slurm command; its stdout, or an InputError naming the command and what it said. */
function slurm(cmd: string, args: string[], env?: Record<string, string>): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.error) {
    const why =
      (r.error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `${cmd} is not on the PATH (run this where Slurm's commands are, such as a login node)`
        : r.error.message;
    throw new InputError(`--slurm: ${why}`);
  }
  if (r.status !== 0) throw new InputError(`--slurm: ${cmd} failed: ${(r.stderr || r.stdout).trim()}`);
  return r.stdout.trim();
}

/**
 * sbatch options shared by the shards and the merge: where the code is. The batch directory and the
 * node binary go in the environment sbatch passes on (`--export=ALL`), so no character of either
 * has to survive sbatch's own comma-separated syntax.
 */
function common(name: string): string[] {
  return ['--parsable', `--job-name=${name}`, `--chdir=${ROOT}`, '--export=ALL'];
}
function env(dir: string, report = false): Record<string, string> {
  return { SEASTATE_BATCH: dir, SEASTATE_NODE: process.execPath, ...(report ? { SEASTATE_REPORT: '1' } : {}) };
}

function saveJobs(dir: string, jobs: JobsFile): void {
  writeJson(path.join(dir, 'slurm'), 'jobs.json', jobs, 'Slurm job list');
}

/**
 * Submit shards `tasks` of `dir`'s batch (none: only the merge) and then a merge after them,
 * recording each job in jobs.json as soon as sbatch gives its id: a merge whose sbatch fails leaves
 * the shards recorded, for --slurm-retry to submit the merge.
 */
function submit(dir: string, jobs: JobsFile, tasks: number[]): Submission {
  const name = `seastate-${path.basename(dir)}`;
  const array = tasks.length === jobs.count ? `1-${jobs.count}` : tasks.join(',');
  const s: Submission = { shards: '', tasks, merge: '', submitted: new Date().toISOString() };
  if (tasks.length) {
    s.shards = slurm(
      'sbatch',
      [
        ...common(name),
        `--array=${array}`,
        `--output=${path.join(dir, 'slurm', 'shard-%a.out')}`,
        `--cpus-per-task=${jobs.workers}`,
        SHARD_SCRIPT,
      ],
      env(dir),
    ).split(';')[0];
  }
  jobs.submissions.push(s);
  saveJobs(dir, jobs);
  try {
    s.merge = slurm(
      'sbatch',
      [
        ...common(`${name}-merge`),
        ...(s.shards ? [`--dependency=afterok:${s.shards}`, '--kill-on-invalid-dep=yes'] : []),
        `--output=${path.join(dir, 'slurm', 'merge.out')}`,
        MERGE_SCRIPT,
      ],
      env(dir, jobs.report),
    ).split(';')[0];
  } catch (e) {
    if (!s.shards) throw e;
    throw new InputError(
      `${(e as Error).message}\nthe shards were submitted as job ${s.shards} and are recorded in ${path.join(dir, 'slurm', 'jobs.json')}; once the merge can be submitted, run: seastate batch --slurm-retry ${dir}`,
    );
  }
  saveJobs(dir, jobs);
  return s;
}
type Submission = z.infer<typeof Submission>;

function announce(io: Io, dir: string, count: number, s: Submission): void {
  const which =
    s.tasks.length === count ? `tasks 1-${count}` : `task${s.tasks.length > 1 ? 's' : ''} ${s.tasks.join(',')}`;
  io.out(
    (s.shards
      ? `submitted shards: job ${s.shards} (array ${which} of ${count})\n`
      : `every shard is complete; only the merge is submitted\n`) +
      `submitted merge:  job ${s.merge} (${s.shards ? 'starts when every shard has succeeded' : 'starts now'})\n` +
      `shards go to ${path.join(dir, 'shard-I')}, the merged batch to ${path.join(dir, 'merged')}; logs in ${path.join(dir, 'slurm')}\n` +
      `watch:  squeue -j ${[s.shards, s.merge].filter(Boolean).join(',')}   (once they finish: scontrol show job ${s.shards || s.merge})\n` +
      `if a task fails: seastate batch --slurm-retry ${dir}\n`,
  );
}

/** `batch ... --slurm N --out DIR`. */
export function submitBatch(dir: string, count: number, flags: ShardFlags, io: Io): number {
  const abs = path.resolve(dir);
  if (abs.includes('%'))
    throw new InputError(
      `--out ${dir}: a path with "%" in it cannot name Slurm's log files (sbatch reads % as a pattern)`,
    );
  let existed = false;
  if (existsSync(abs)) {
    if (!statSync(abs).isDirectory()) throw new InputError(`--out ${dir}: exists and is not a directory`);
    if (readdirSync(abs).length)
      throw new InputError(
        `--out ${dir}: is not empty; a Slurm batch needs a new or empty directory (its shards, logs and the merge go in it)`,
      );
    existed = true;
  }
  const args = shardArgs(flags);
  // Before anything is written: is there an sbatch to run?
  slurm('sbatch', ['--version']);
  makeDirs(path.join(abs, 'slurm'), '--out');
  writeOrFail(path.join(abs, 'slurm', 'args'), args.join('\n') + '\n', "the shards' arguments");
  writeOrFail(path.join(abs, 'slurm', 'shards'), `${count}\n`, 'the shard count');
  const jobs: JobsFile = {
    format: 'seastate-slurm-jobs',
    count,
    report: flags.report === true,
    workers: flags.workers ?? 1,
    submissions: [],
  };
  let s: Submission;
  try {
    s = submit(
      abs,
      jobs,
      Array.from({ length: count }, (_, k) => k + 1),
    );
  } catch (e) {
    // Nothing was submitted: leave --out as it was, so the same command can run again.
    if (!jobs.submissions.length || !jobs.submissions[0].shards)
      rmSync(existed ? path.join(abs, 'slurm') : abs, { recursive: true, force: true });
    throw e;
  }
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

/** Each of `ids`' jobs and array tasks still queued or running, as `id STATE` lines. */
function liveJobs(ids: string[]): string[] {
  if (!ids.length) return [];
  const r = spawnSync('squeue', ['-h', '-j', ids.join(','), '-o', '%i %T'], { encoding: 'utf8' });
  if (r.error)
    throw new InputError(
      `--slurm-retry: squeue: ${(r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not on the PATH' : r.error.message}`,
    );
  // A job Slurm has already forgotten is not running: squeue says its id is invalid.
  if (r.status !== 0 && !/invalid job id/i.test(r.stderr))
    throw new InputError(`--slurm-retry: squeue failed, so it cannot tell what still runs: ${r.stderr.trim()}`);
  return r.status === 0 ? r.stdout.split('\n').filter(Boolean) : [];
}

/** `batch --slurm-retry DIR`: resubmit the shards that did not complete, and a new merge. */
export function retryBatch(dir: string, io: Io, workers?: number): number {
  const abs = path.resolve(dir);
  const file = path.join(abs, 'slurm', 'jobs.json');
  if (!existsSync(file))
    throw new InputError(`--slurm-retry ${dir}: no slurm/jobs.json here; this is not a batch submitted with --slurm`);
  let jobs: JobsFile;
  try {
    jobs = JobsFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new InputError(
      `${file}: not a seastate Slurm job list (${e instanceof z.ZodError ? e.issues[0].message : (e as Error).message})`,
    );
  }
  const merged = path.join(abs, 'merged');
  if (existsSync(path.join(merged, FILES.manifest))) {
    io.out(`${merged}: the batch is already merged; nothing to resubmit\n`);
    return 0;
  }
  // Every submission's jobs, not only the last: none may still be writing a shard or the merge.
  const ids = jobs.submissions.flatMap((x) => [x.shards, x.merge]).filter(Boolean);
  const live = liveJobs(ids);
  const isMerge = (l: string) => jobs.submissions.some((x) => x.merge && l.startsWith(`${x.merge} `));
  const running = live.filter((l) => !isMerge(l) || !/ PENDING$/.test(l));
  if (running.length)
    throw new InputError(
      `--slurm-retry ${dir}: ${running.join(', ')} still queued or running; wait for them, or scancel them first`,
    );
  // A merge still waiting on shards that failed can never start: cancel it.
  const pending = live.filter(isMerge).map((l) => l.split(' ')[0]);
  if (pending.length) slurm('scancel', pending);
  // A merge cut off (time limit, memory, scancel) leaves batch files without a manifest: start it afresh.
  if (existsSync(merged)) rmSync(merged, { recursive: true, force: true });
  if (workers !== undefined) jobs.workers = workers;
  const tasks = Array.from({ length: jobs.count }, (_, k) => k + 1).filter((i) => !shardComplete(abs, i));
  const s = submit(abs, jobs, tasks);
  announce(io, abs, jobs.count, s);
  return 0;
}
