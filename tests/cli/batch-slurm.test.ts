/**
 * `batch --slurm N` and `--slurm-retry` against stand-ins for sbatch, squeue and scancel that record
 * what they are asked: what is submitted, with which dependencies and files, and every refusal.
 * scripts/slurm-test.sh runs the same commands on a real one-node Slurm (in .ci/run).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, hasStack } from './spawn';

/**
 * A PATH whose sbatch prints job ids 101, 102, ... and logs its arguments and SEASTATE_* environment,
 * one call per line; `failMerge` makes the sbatch of merge.sbatch fail, `squeueErr` makes squeue fail.
 */
function fakeSlurm(squeueOut = '', opts: { failMerge?: boolean; squeueErr?: string } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'seastate-fake-slurm-'));
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  const log = path.join(dir, 'calls.log');
  const tool = (name: string, body: string) => {
    writeFileSync(
      path.join(bin, name),
      `#!/bin/bash\nif [ "$1" = --version ]; then echo "slurm 22.05.8"; exit 0; fi\nprintf '%s' "${name}" >> "${log}"; printf ' [%s]' "$@" >> "${log}"; printf ' {%s}' "$(env | grep -E '^SEASTATE_(BATCH|NODE|REPORT)=' | sort | tr '\\n' ' ')" >> "${log}"; echo >> "${log}"\n${body}\n`,
    );
    chmodSync(path.join(bin, name), 0o755);
  };
  tool(
    'sbatch',
    `${opts.failMerge ? `case "$*" in *merge.sbatch*) echo "sbatch: error: Batch job submission failed: Invalid account" >&2; exit 1;; esac\n` : ''}n=$(grep -c '^sbatch' "${log}"); echo "$((100 + n));cluster"`,
  );
  tool('squeue', opts.squeueErr ? `echo "${opts.squeueErr}" >&2; exit 1` : `printf '%s' "${squeueOut}"`);
  tool('scancel', 'true');
  return {
    dir,
    env: { PATH: `${bin}:${process.env.PATH}` },
    calls: () => readFileSync(log, 'utf8').trim().split('\n'),
  };
}

const BATCH = [
  'batch',
  'teach-threat',
  '--runs',
  '20',
  '--seed',
  '3',
  '--sweep',
  'model.weights.noise=0.5,1',
  '--set',
  'model.noise.sd=0.01',
];

describe('batch --slurm', () => {
  it('submits an array of N shard tasks and a merge that waits for all of them, and says where everything goes', () => {
    const s = fakeSlurm();
    const out = path.join(s.dir, 'b');
    const r = cli([...BATCH, '--slurm', '4', '--workers', '2', '--out', out], { env: s.env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('submitted shards: job 101 (array tasks 1-4 of 4)\n');
    expect(r.stdout).toContain('submitted merge:  job 102 (starts when every shard has succeeded)\n');
    expect(r.stdout).toContain(`the merged batch to ${path.join(out, 'merged')}`);
    const [shards, merge] = s.calls();
    expect(shards).toContain('[--array=1-4]');
    expect(shards).toContain('[--cpus-per-task=2]');
    expect(shards).toContain(`[--output=${out}/slurm/shard-%a.out]`);
    expect(shards).toMatch(/\[--chdir=\/\S+\] /);
    expect(shards).toContain('[--export=ALL]');
    expect(shards).toContain(`{SEASTATE_BATCH=${out} SEASTATE_NODE=${process.execPath} }`);
    expect(shards).toMatch(/deploy\/slurm\/shard\.sbatch\] \{/);
    expect(merge).toContain('[--dependency=afterok:101] [--kill-on-invalid-dep=yes]');
    expect(merge).toMatch(/deploy\/slurm\/merge\.sbatch\] \{/);
    // What every shard runs, one argument a line, without --shard, --workers or --out.
    expect(readFileSync(path.join(out, 'slurm', 'args'), 'utf8')).toBe(
      [
        'teach-threat',
        '--runs',
        '20',
        '--seed',
        '3',
        '--set',
        'model.noise.sd=0.01',
        '--sweep',
        'model.weights.noise=0.5,1',
        '',
      ].join('\n'),
    );
    expect(readFileSync(path.join(out, 'slurm', 'shards'), 'utf8')).toBe('4\n');
    const jobs = JSON.parse(readFileSync(path.join(out, 'slurm', 'jobs.json'), 'utf8'));
    expect(jobs).toMatchObject({
      format: 'seastate-slurm-jobs',
      count: 4,
      report: false,
      workers: 2,
      submissions: [{ shards: '101', tasks: [1, 2, 3, 4], merge: '102' }],
    });
  });

  it('passes every batch flag a shard needs to the argument file, and resolves a relative --out', () => {
    const s = fakeSlurm();
    const r = cli(
      [
        'batch',
        'teach-threat',
        '--runs',
        '5',
        '--sweep',
        'model.weights.noise=0.5,1',
        '--watch',
        'PHL:CHN',
        '--series',
        '--baseline',
        '1',
        '--slurm',
        '2',
        '--out',
        'rel',
      ],
      { env: s.env, cwd: s.dir },
    );
    expect(r.stderr).toBe('');
    expect(readFileSync(path.join(s.dir, 'rel', 'slurm', 'args'), 'utf8')).toBe(
      [
        'teach-threat',
        '--runs',
        '5',
        '--seed',
        '1',
        '--sweep',
        'model.weights.noise=0.5,1',
        '--watch',
        'PHL:CHN',
        '--series',
        '--baseline',
        '1',
        '',
      ].join('\n'),
    );
    expect(s.calls()[0]).toContain(`{SEASTATE_BATCH=${path.join(s.dir, 'rel')} `);
    expect(s.calls()[0]).toContain('[--cpus-per-task=1]');
    const lhs = path.join(s.dir, 'lhs');
    expect(
      cli(
        [
          'batch',
          'teach-threat',
          '--runs',
          '2',
          '--sample',
          'lhs',
          '--samples',
          '4',
          '--range',
          'model.weights.noise=0:1',
          '--slurm',
          '2',
          '--out',
          lhs,
        ],
        { env: s.env },
      ).code,
    ).toBe(0);
    expect(readFileSync(path.join(lhs, 'slurm', 'args'), 'utf8')).toBe(
      [
        'teach-threat',
        '--runs',
        '2',
        '--seed',
        '1',
        '--range',
        'model.weights.noise=0:1',
        '--sample',
        'lhs',
        '--samples',
        '4',
        '',
      ].join('\n'),
    );
  });

  it('keeps the shards on record when the merge cannot be submitted, and says how to finish', () => {
    const s = fakeSlurm('', { failMerge: true });
    const out = path.join(s.dir, 'b');
    const r = cli([...BATCH, '--slurm', '2', '--out', out], { env: s.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `seastate: --slurm: sbatch failed: sbatch: error: Batch job submission failed: Invalid account\nthe shards were submitted as job 101 and are recorded in ${out}/slurm/jobs.json; once the merge can be submitted, run: seastate batch --slurm-retry ${out}\n`,
    );
    const jobs = JSON.parse(readFileSync(path.join(out, 'slurm', 'jobs.json'), 'utf8'));
    expect(jobs.submissions).toEqual([expect.objectContaining({ shards: '101', merge: '' })]);
  });

  it('gives a scenario file to the shards by its absolute path, and --report to the merge', () => {
    const s = fakeSlurm();
    const file = path.resolve('data/scenarios/teach-threat.yaml');
    const out = path.join(s.dir, 'c');
    const r = cli(['batch', path.relative(s.dir, file), '--runs', '5', '--slurm', '2', '--report', '--out', out], {
      env: s.env,
      cwd: s.dir,
    });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(out, 'slurm', 'args'), 'utf8').split('\n')[0]).toBe(file);
    expect(s.calls()[1]).toContain(' SEASTATE_REPORT=1 }');
  });

  it('checks the batch before submitting anything: a bad flag or scenario fails here, with exit 2', () => {
    const s = fakeSlurm();
    const refuse = (args: string[], message: RegExp) => {
      const r = cli(args, { env: s.env });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(hasStack(r.stderr)).toBe(false);
    };
    refuse([...BATCH, '--slurm', '4'], /^seastate: --slurm needs --out DIR, on a filesystem every node sees/);
    refuse(
      [...BATCH, '--slurm', '4', '--shard', '1/4', '--out', path.join(s.dir, 'x')],
      /^seastate: --slurm makes the shards itself \(one per array task\); drop --shard/,
    );
    refuse(
      [
        'batch',
        'teach-threat',
        '--runs',
        '5',
        '--set',
        'model.weights.nope=1',
        '--slurm',
        '2',
        '--out',
        path.join(s.dir, 'y'),
      ],
      /model\.weights\.nope/,
    );
    refuse(
      ['batch', 'no-such-scenario', '--runs', '5', '--slurm', '2', '--out', path.join(s.dir, 'z')],
      /no-such-scenario/,
    );
    refuse([...BATCH, '--slurm', '0', '--out', path.join(s.dir, 'w')], /--slurm/);
    refuse([...BATCH, '--slurm', '2', '--out', s.dir], /is not empty; a Slurm batch needs a new or empty directory/);
    refuse([...BATCH, '--slurm', '2', '--out', path.join(s.dir, 'bin', 'sbatch')], /exists and is not a directory/);
    refuse([...BATCH, '--slurm', '1001', '--out', path.join(s.dir, 'v')], /--slurm/);
    refuse(
      [...BATCH, '--slurm', '2', '--out', path.join(s.dir, 'a%b')],
      /a path with "%" in it cannot name Slurm's log files/,
    );
    expect(() => s.calls()).toThrow(); // no sbatch call was made at all
    for (const d of ['x', 'y', 'z', 'w', 'v', 'a%b']) expect(existsSync(path.join(s.dir, d)), d).toBe(false);
  });

  it('says so when sbatch is not on the PATH', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seastate-no-slurm-'));
    const r = cli([...BATCH, '--slurm', '2', '--out', path.join(dir, 'b')], { env: { PATH: dir } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "seastate: --slurm: sbatch is not on the PATH (run this where Slurm's commands are, such as a login node)\n",
    );
    expect(existsSync(path.join(dir, 'b'))).toBe(false);
  });
});

describe('batch --slurm-retry', () => {
  it('resubmits only the shards without a complete manifest, and a new merge after them', () => {
    const s = fakeSlurm();
    const out = path.join(s.dir, 'b');
    expect(cli([...BATCH, '--slurm', '3', '--out', out], { env: s.env }).code).toBe(0);
    // Shards 1 and 3 completed (as the array's tasks would leave them); shard 2 did not.
    for (const i of [1, 3])
      expect(cli([...BATCH, '--shard', `${i}/3`, '--out', path.join(out, `shard-${i}`)]).code).toBe(0);
    const r = cli(['batch', '--slurm-retry', out], { env: s.env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('submitted shards: job 103 (array task 2 of 3)\n');
    const calls = s.calls();
    expect(calls.find((c) => c.startsWith('squeue'))).toContain('[-j] [101,102]');
    expect(calls.filter((c) => c.startsWith('sbatch'))[2]).toContain('[--cpus-per-task=1]');
    expect(calls.filter((c) => c.startsWith('sbatch'))[2]).toContain('[--array=2]');
    expect(calls.filter((c) => c.startsWith('sbatch'))[3]).toContain('[--dependency=afterok:103]');
    const jobs = JSON.parse(readFileSync(path.join(out, 'slurm', 'jobs.json'), 'utf8'));
    expect(jobs.submissions.map((x: { tasks: number[] }) => x.tasks)).toEqual([[1, 2, 3], [2]]);
  });

  it('refuses while tasks of the last submission are still queued or running', () => {
    const s = fakeSlurm('101_2 RUNNING\n102 PENDING\n');
    const out = path.join(s.dir, 'b');
    expect(cli([...BATCH, '--slurm', '3', '--out', out], { env: s.env }).code).toBe(0);
    const r = cli(['batch', '--slurm-retry', out], { env: s.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `seastate: --slurm-retry ${out}: 101_2 RUNNING still queued or running; wait for them, or scancel them first\n`,
    );
  });

  it('cancels a merge left waiting on shards that can no longer succeed, and keeps the workers of the first submission', () => {
    const s = fakeSlurm('102 PENDING\n');
    const out = path.join(s.dir, 'b');
    expect(cli([...BATCH, '--slurm', '2', '--workers', '3', '--out', out], { env: s.env }).code).toBe(0);
    const r = cli(['batch', '--slurm-retry', out], { env: s.env });
    expect(r.code).toBe(0);
    const calls = s.calls();
    expect(calls).toContainEqual(expect.stringMatching(/^scancel \[102\]/));
    expect(calls.filter((c) => c.startsWith('sbatch'))[2]).toContain('[--array=1-2] [--output=');
    expect(calls.filter((c) => c.startsWith('sbatch'))[2]).toContain('[--cpus-per-task=3]');
  });

  it('refuses to guess when squeue fails, and treats a job Slurm has forgotten as finished', () => {
    const down = fakeSlurm('', { squeueErr: 'squeue: error: Unable to contact slurm controller (connect failure)' });
    const out = path.join(down.dir, 'b');
    expect(cli([...BATCH, '--slurm', '2', '--out', out], { env: down.env }).code).toBe(0);
    const r = cli(['batch', '--slurm-retry', out], { env: down.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'seastate: --slurm-retry: squeue failed, so it cannot tell what still runs: squeue: error: Unable to contact slurm controller (connect failure)\n',
    );
    const gone = fakeSlurm('', { squeueErr: 'slurm_load_jobs error: Invalid job id specified' });
    const out2 = path.join(gone.dir, 'b');
    expect(cli([...BATCH, '--slurm', '2', '--out', out2], { env: gone.env }).code).toBe(0);
    expect(cli(['batch', '--slurm-retry', out2], { env: gone.env }).code).toBe(0);
  });

  it('refuses a directory that is not a --slurm batch, or more flags than the directory', () => {
    const s = fakeSlurm();
    let r = cli(['batch', '--slurm-retry', s.dir], { env: s.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `seastate: --slurm-retry ${s.dir}: no slurm/jobs.json here; this is not a batch submitted with --slurm\n`,
    );
    r = cli(['batch', 'teach-threat', '--slurm-retry', s.dir], { env: s.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `seastate: --slurm-retry takes the batch from ${s.dir}; drop the scenario (only --workers may change)\n`,
    );
    for (const flag of [['--series'], ['--runs', '5'], ['--report']]) {
      r = cli(['batch', '--slurm-retry', s.dir, ...flag], { env: s.env });
      expect(r.stderr).toBe(
        `seastate: --slurm-retry takes the batch from ${s.dir}; drop ${flag[0]} (only --workers may change)\n`,
      );
    }
  });
});
