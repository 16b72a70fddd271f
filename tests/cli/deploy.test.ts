/**
 * deploy/: the Slurm scripts run as the scheduler would run them (the environment a task gets, no
 * scheduler needed), and the Kubernetes manifests hold together. scripts/slurm-test.sh runs the
 * Slurm scripts on a real one-node Slurm.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sourceCodeHash } from '../../src/cli/batch/code-hash';
import { cli } from './spawn';

const ROOT = path.resolve('.');
const task = (script: string, env: Record<string, string>) =>
  spawnSync('bash', [path.join(ROOT, 'deploy', 'slurm', script)], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', SEASTATE_NODE: process.execPath, ...env },
  });

describe('deploy/slurm', () => {
  it("runs shard I of N from the batch's argument file, skips a shard it finds complete, and merges to the unsharded bytes", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seastate-sbatch-'));
    const args = ['teach-threat', '--runs', '30', '--seed', '4', '--sweep', 'model.weights.noise=0.5,1'];
    mkdirSync(path.join(dir, 'slurm'));
    writeFileSync(path.join(dir, 'slurm', 'args'), args.join('\n') + '\n');
    writeFileSync(path.join(dir, 'slurm', 'shards'), '3\n');
    for (const i of ['1', '2', '3']) {
      const r = task('shard.sbatch', { SEASTATE_BATCH: dir, SLURM_ARRAY_TASK_ID: i, SLURM_CPUS_PER_TASK: '1' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(`seastate shard ${i}/3 on `);
      expect(r.stdout + r.stderr).toMatch(new RegExp(`shard ${i}/3 \\(runs \\d+-\\d+\\); 1 worker\\n`));
    }
    // A task run again (a requeue) finds its shard complete and leaves it as it is.
    const again = task('shard.sbatch', { SEASTATE_BATCH: dir, SLURM_ARRAY_TASK_ID: '2' });
    expect(again.status).toBe(0);
    expect(again.stdout + again.stderr).toContain('this batch is already complete (20 runs)');
    const merged = task('merge.sbatch', { SEASTATE_BATCH: dir, SEASTATE_REPORT: '1' });
    expect(merged.status, merged.stderr).toBe(0);
    expect(merged.stdout + merged.stderr).toContain(`merged 3 shards, 60 runs, into ${dir}/merged`);
    const whole = path.join(dir, 'whole');
    expect(cli(['batch', ...args, '--out', whole]).code).toBe(0);
    for (const f of ['summary.json', 'runs.csv', 'bands.csv'])
      expect(readFileSync(path.join(dir, 'merged', f), 'utf8'), f).toBe(readFileSync(path.join(whole, f), 'utf8'));
    expect(readFileSync(path.join(dir, 'merged', 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('a task stopped by SIGTERM (scancel, preemption) is resumed by the next task of its shard, to the same bytes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seastate-sbatch-'));
    const args = ['taiwan-strait-crisis', '--runs', '120', '--seed', '2'];
    mkdirSync(path.join(dir, 'slurm'));
    writeFileSync(path.join(dir, 'slurm', 'args'), args.join('\n') + '\n');
    writeFileSync(path.join(dir, 'slurm', 'shards'), '1\n');
    const env = {
      ...process.env,
      NO_COLOR: '1',
      SEASTATE_NODE: process.execPath,
      SEASTATE_BATCH: dir,
      SLURM_ARRAY_TASK_ID: '1',
    };
    const child = spawn('bash', [path.join(ROOT, 'deploy', 'slurm', 'shard.sbatch')], { cwd: ROOT, env });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const cp = path.join(dir, 'shard-1', 'checkpoint.json');
    const completed = () => (existsSync(cp) ? JSON.parse(readFileSync(cp, 'utf8')).completed : 0);
    for (let k = 0; k < 300 && completed() === 0; k++) await new Promise((r) => setTimeout(r, 100));
    expect(completed()).toBeGreaterThan(0);
    child.kill('SIGTERM'); // the task's script exec'd node: the signal reaches the batch
    expect(await exited).toBe(130);
    const stopped = completed();
    expect(stopped).toBeLessThan(120);
    const again = task('shard.sbatch', { SEASTATE_BATCH: dir, SLURM_ARRAY_TASK_ID: '1' });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout + again.stderr).toContain(`; resuming after ${stopped} runs`);
    // A merge cut off before its manifest left files behind: the next merge starts afresh.
    mkdirSync(path.join(dir, 'merged'));
    writeFileSync(path.join(dir, 'merged', 'runs.csv'), 'run\n');
    expect(task('merge.sbatch', { SEASTATE_BATCH: dir }).status).toBe(0);
    const whole = path.join(dir, 'whole');
    expect(cli(['batch', ...args, '--out', whole]).code).toBe(0);
    for (const f of ['summary.json', 'runs.csv'])
      expect(readFileSync(path.join(dir, 'merged', f), 'utf8'), f).toBe(readFileSync(path.join(whole, f), 'utf8'));
  }, 60_000);

  it('a task without its batch or its array index stops at once, saying which; a merge of missing shards fails', () => {
    expect(task('shard.sbatch', { SLURM_ARRAY_TASK_ID: '1' }).stderr).toMatch(
      /SEASTATE_BATCH must name the batch directory/,
    );
    expect(task('shard.sbatch', { SEASTATE_BATCH: '/tmp' }).stderr).toMatch(
      /run this as a job array: sbatch --array=1-N/,
    );
    expect(task('merge.sbatch', {}).stderr).toMatch(/SEASTATE_BATCH must name the batch directory/);
    const empty = mkdtempSync(path.join(tmpdir(), 'seastate-sbatch-'));
    const r = task('merge.sbatch', { SEASTATE_BATCH: empty });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^seastate: .*shard-\*/m);
  });
});

describe('deploy/k8s', () => {
  const shards = parse(readFileSync('deploy/k8s/shards-job.yaml', 'utf8'));
  const merge = parse(readFileSync('deploy/k8s/merge-job.yaml', 'utf8'));
  const env = (job: typeof shards) =>
    Object.fromEntries(
      job.spec.template.spec.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]),
    );

  it('is an Indexed Job of N pods that each run shard index+1 of N, with the workers its CPU limit allows', () => {
    const spec = shards.spec;
    expect(spec.completionMode).toBe('Indexed');
    const c = spec.template.spec.containers[0];
    expect(env(shards).SHARDS).toBe(String(spec.completions));
    expect(env(shards).WORKERS).toBe(String(c.resources.limits.cpu));
    const script = c.args[0] as string;
    expect(script).toContain('I=$((JOB_COMPLETION_INDEX + 1))');
    expect(script).toContain('--shard "$I/$SHARDS"');
    expect(script).toContain('batch --resume "$OUT"');
    expect(spec.template.spec.restartPolicy).toBe('Never');
    expect(spec.podFailurePolicy.rules[0]).toEqual({
      action: 'FailJob',
      onExitCodes: { containerName: c.name, operator: 'In', values: [1, 2] },
    });
  });

  it('merges the same batch directory from the same image and claim', () => {
    const a = shards.spec.template.spec;
    const b = merge.spec.template.spec;
    expect(b.containers[0].image).toBe(a.containers[0].image);
    expect(b.volumes).toEqual(a.volumes);
    expect(env(merge).BATCH).toBe(env(shards).BATCH);
    expect(b.containers[0].args[0]).toContain('merge "$BATCH"/shard-* --out "$BATCH/merged"');
  });
});

describe('the code a shard records', () => {
  it('is the hash of the sources the compiled build was made from (dist/code-hash.txt)', () => {
    const recorded = readFileSync(path.join(ROOT, 'dist', 'code-hash.txt'), 'utf8').trim();
    expect(recorded).toMatch(/^[0-9a-f]{64}$/);
    // The suite builds dist/ from these sources first (tests/global-setup.ts).
    expect(recorded).toBe(sourceCodeHash());
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'seastate-code-')), 'b');
    expect(cli(['batch', 'teach-threat', '--runs', '2', '--out', dir]).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')).code).toBe(recorded);
  });
});
