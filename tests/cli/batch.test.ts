/**
 * `seastate batch` and `merge`: the same bytes on any number of workers, shards and interruptions;
 * frequencies that recover a known chance; rows that re-run exactly with `run`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRules, createState, reseed, stateHash, step } from '../../src/engine';
import { baseState } from '../../src/cli/batch/runner';
import { loadScenario } from '../../src/scenarios/registry';
import { BIN, cliAsync, cliMany, hasStack } from './spawn';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'seastate-batch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const at = (...p: string[]) => path.join(tmp, ...p);
const read = (dir: string, f: string) => readFileSync(at(dir, f));
const COIN = path.join(__dirname, '../fixtures/batch/coin.yaml');

// A short default world: 12 runs of 6 turns with one watched cell and a two-value sweep.
const base = [
  'batch',
  'default',
  '--runs',
  '6',
  '--seed',
  '42',
  '--set',
  'turns=6',
  '--sweep',
  'model.weights.noise=0.5,1.5',
  '--watch',
  'PHL:JPN',
];

describe('batch: the same bytes whatever runs it', () => {
  beforeAll(async () => {
    const results = await cliMany(
      [
        [...base, '--workers', '1', '--out', at('w1')],
        [...base, '--workers', '2', '--out', at('w2')],
        [...base, '--workers', '2', '--shard', '1/3', '--out', at('s1')],
        [...base, '--workers', '1', '--shard', '2/3', '--out', at('s2')],
        [...base, '--workers', '2', '--shard', '3/3', '--out', at('s3')],
      ],
      3,
    );
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const m = await cliAsync(['merge', at('s3'), at('s1'), at('s2'), '--out', at('merged')]);
    expect(m.code, m.stderr).toBe(0);
  }, 240_000);

  it('one worker and two give byte-identical summary.json, runs.csv and bands.csv', () => {
    for (const f of ['summary.json', 'runs.csv', 'bands.csv'])
      expect(read('w1', f).equals(read('w2', f)), f).toBe(true);
  });

  it('three shards merged (given in any order) equal the unsharded batch, byte for byte', () => {
    for (const f of ['summary.json', 'runs.csv', 'bands.csv'])
      expect(read('merged', f).equals(read('w1', f)), f).toBe(true);
    // The shards really are disjoint slices: their rows add up to the whole.
    const rows = (d: string) => read(d, 'runs.csv').toString().trim().split('\n').slice(1);
    expect([...rows('s1'), ...rows('s2'), ...rows('s3')]).toEqual(rows('w1'));
    expect(rows('s1').length).toBe(4);
  });

  it('runs.csv: one row per run with its index, point, seed and parameters; points share seeds', () => {
    const [header, ...rows] = read('w1', 'runs.csv').toString().trim().split('\n');
    const cols = header.split(',');
    expect(cols.slice(0, 8)).toEqual([
      'run',
      'point',
      'replicate',
      'seed',
      'set.turns',
      'set.model.weights.noise',
      'turns',
      'outcome',
    ]);
    expect(cols).toContain('tension');
    expect(cols).toContain('peak.CHN-TWN');
    expect(cols).toContain('fired.nk-launch');
    expect(rows).toHaveLength(12);
    const cells = rows.map((r) => r.split(','));
    expect(cells.map((c) => Number(c[0]))).toEqual([...Array(12).keys()]);
    expect(cells.map((c) => c[5])).toEqual([...Array(6).fill('0.5'), ...Array(6).fill('1.5')]);
    // Common random numbers: replicate r has the same seed at every point.
    expect(cells.slice(0, 6).map((c) => c[3])).toEqual(cells.slice(6).map((c) => c[3]));
    expect(new Set(cells.map((c) => c[3])).size).toBe(6);
    // The noise weight matters, so the points differ.
    expect(cells[0].slice(8)).not.toEqual(cells[6].slice(8));
  });

  it("any row re-runs exactly with `seastate run` and the manifest's command", async () => {
    const manifest = JSON.parse(read('w1', 'manifest.json').toString());
    const [header, , , , , , , , row] = read('w1', 'runs.csv').toString().trim().split('\n');
    const cols = header.split(',');
    const cells = row.split(',');
    const point = manifest.points[Number(cells[1])];
    expect(point.rerun).toBe('seastate run default --seed {seed} --set turns=6 --set model.weights.noise=1.5');
    const args = point.rerun.replace('{seed}', cells[3]).split(' ').slice(1);
    const r = await cliAsync([...args, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    for (const id of ['tension', 'ladder.CHN-TWN', 'tilt.ASEAN', 'phl_to_jpn', 'balance'])
      expect(result.metrics[id]).toBe(Number(cells[cols.indexOf(id)]));
    expect(result.turns).toBe(Number(cells[cols.indexOf('turns')]));
  });

  it('summary.json: statistics per point, with no paths or timings', () => {
    const text = read('w1', 'summary.json').toString();
    expect(text).not.toContain(tmp);
    expect(text).not.toMatch(/elapsed|started|seconds|workers/i);
    const s = JSON.parse(text);
    expect(s.points).toHaveLength(2);
    const t = s.points[0].metrics.tension;
    expect(t.min).toBeLessThanOrEqual(t.p5);
    expect(t.p5).toBeLessThanOrEqual(t.p50);
    expect(t.p50).toBeLessThanOrEqual(t.p95);
    expect(t.p95).toBeLessThanOrEqual(t.max);
    expect(t.meanCi95[0]).toBeLessThanOrEqual(t.mean);
    expect(t.meanCi95[1]).toBeGreaterThanOrEqual(t.mean);
    expect(s.points[0].outcomes['(none)'].count + s.points[0].outcomes['regional-war'].count).toBe(6);
    // The mean is the mean of the rows.
    const [header, ...rows] = read('w1', 'runs.csv').toString().trim().split('\n');
    const k = header.split(',').indexOf('tension');
    const xs = rows.slice(0, 6).map((r) => Number(r.split(',')[k]));
    expect(t.mean).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / 6, 12);
  });

  it('bands.csv: p5 <= p50 <= p95 for every series and turn, the watched cell included', () => {
    const [header, ...rows] = read('w1', 'bands.csv').toString().trim().split('\n');
    expect(header).toBe('point,set.turns,set.model.weights.noise,series,turn,date,running,p5,p50,p95');
    const series = new Set(rows.map((r) => r.split(',')[3]));
    expect([...series]).toEqual(expect.arrayContaining(['tension', 'phl_to_jpn', 'align.PHL.JPN']));
    expect(rows).toHaveLength(2 * series.size * 7);
    for (const r of rows) {
      const c = r.split(',');
      expect(Number(c[7])).toBeLessThanOrEqual(Number(c[8]));
      expect(Number(c[8])).toBeLessThanOrEqual(Number(c[9]));
    }
    expect(rows[0].split(',').slice(3, 7)).toEqual(['tension', '0', '2024-01-01', '6']);
  });

  it('manifest.json: scenario hash, version, command line and every seed', () => {
    const m = JSON.parse(read('w1', 'manifest.json').toString());
    expect(m.seastate).toMatch(/^\d+\.\d+\.\d+$/);
    expect(m.scenario.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(m.command).toEqual(['seastate', ...base, '--workers', '1', '--out', at('w1')]);
    expect(m.seeds.replicates).toHaveLength(6);
    expect(m.status).toBe('complete');
    expect(m.completed).toBe(12);
  });
});

describe('batch: frequencies', () => {
  it('an event with chance p fires in a share of runs whose 95% Wilson interval contains p', async () => {
    const r = await cliAsync([
      'batch',
      COIN,
      '--runs',
      '400',
      '--seed',
      '5',
      '--sweep',
      'events.coin.chance=0.1,0.5,0.9',
      '--out',
      at('coin'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(read('coin', 'summary.json').toString());
    const ps = [0.1, 0.5, 0.9];
    s.points.forEach(
      (
        pt: { runs: number; events: { coin: { count: number; share: number; wilson95: [number, number] } } },
        k: number,
      ) => {
        const c = pt.events.coin;
        expect(pt.runs).toBe(400);
        expect(c.share).toBe(c.count / 400);
        expect(c.wilson95[0]).toBeLessThan(ps[k]);
        expect(c.wilson95[1]).toBeGreaterThan(ps[k]);
        // And the interval is informative: narrower than +-0.06 at 400 runs.
        expect(c.wilson95[1] - c.wilson95[0]).toBeLessThan(0.12);
      },
    );
    // The terminal summary shows the same.
    expect(r.stdout).toMatch(/point 1: events\.coin\.chance=0\.5 \(400 runs\)/);
    expect(r.stdout).toMatch(/coin\s+\d+\.\d% \[\d+\.\d%, \d+\.\d%\] \(\d+\)/);
  }, 120_000);
});

describe('batch: interruption', () => {
  // Short runs of the default world: every run differs (noise, dice), and 600 runs take the bands
  // past their exact limit (100), so resuming has to restore sketches from the checkpoint.
  const args = ['batch', 'default', '--set', 'turns=3', '--runs', '600', '--seed', '9', '--workers', '2'];
  let full: Promise<{ code: number | null }>;
  beforeAll(() => {
    full = cliAsync([...args, '--out', at('full')]);
  });

  /** Start the batch into `dir`, send `signal` once some runs have reached runs.csv, and wait for it to end. */
  async function cut(dir: string, signal: NodeJS.Signals, when: () => boolean) {
    const child = spawn(process.execPath, [BIN, ...args, '--out', at(dir)], { env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const started = new Promise<void>((resolve) =>
      child.stderr.on('data', (d) => {
        stderr += d;
        if (stderr.includes('seastate batch:')) resolve();
      }),
    );
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, sig) => resolve({ code, signal: sig })),
    );
    await started;
    // Rows reach runs.csv at least once a second.
    const rowsNow = () => {
      try {
        return read(dir, 'runs.csv').toString().split('\n').length - 2;
      } catch {
        return 0;
      }
    };
    while (rowsNow() < 1 || !when()) await new Promise((r) => setTimeout(r, 50));
    child.kill(signal);
    return { ...(await closed), stderr, stdout };
  }

  async function resumesToFull(dir: string, completed: number) {
    const resumed = await cliAsync(['batch', '--resume', at(dir), '--workers', '1']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`resuming after ${completed} runs`);
    expect((await full).code).toBe(0);
    for (const f of ['summary.json', 'runs.csv', 'bands.csv'])
      expect(read(dir, f).equals(read('full', f)), f).toBe(true);
  }

  it('Ctrl-C keeps the completed runs, and --resume finishes with the same bytes as an uninterrupted batch', async () => {
    const r = await cut('cut', 'SIGINT', () => true);
    expect(r.code, r.stderr).toBe(130);
    expect(hasStack(r.stderr)).toBe(false);
    const m = JSON.parse(read('cut', 'manifest.json').toString());
    expect(m.status).toBe('interrupted');
    expect(m.completed).toBeGreaterThan(0);
    expect(m.completed).toBeLessThan(600);
    expect(r.stdout).toContain(`INTERRUPTED: the statistics of the ${m.completed} of 600 runs completed`);
    expect(r.stderr).toContain(
      `interrupted: ${m.completed} of 600 runs are complete; continue with: seastate batch --resume ${at('cut')}`,
    );
    expect(read('cut', 'runs.csv').toString().trim().split('\n')).toHaveLength(m.completed + 1);
    await resumesToFull('cut', m.completed);
    const again = await cliAsync(['batch', '--resume', at('cut')]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('this batch is already complete (600 runs)');
  }, 180_000);

  it('a batch killed outright (SIGKILL) resumes from its last checkpoint to the same bytes', async () => {
    // Killed once a checkpoint holds some runs, so that the resume has bands to restore.
    const checkpointed = () => {
      try {
        return JSON.parse(read('killed', 'checkpoint.json').toString()).completed > 0;
      } catch {
        return false;
      }
    };
    const r = await cut('killed', 'SIGKILL', checkpointed);
    expect(r.signal).toBe('SIGKILL');
    const cp = JSON.parse(read('killed', 'checkpoint.json').toString());
    expect(cp.completed).toBeGreaterThan(0);
    expect(cp.completed).toBeLessThan(600);
    // runs.csv may hold rows the checkpoint does not name yet; resuming cuts them back and plays them again.
    expect(read('killed', 'runs.csv').toString().trim().split('\n').length - 1).toBeGreaterThanOrEqual(cp.completed);
    await resumesToFull('killed', cp.completed);
  }, 180_000);
});

describe('batch runner', () => {
  it("starts each run from the point's initial state (cloned to the worker) with its own seed, exactly as createState would", () => {
    const l = loadScenario('taiwan-strait-crisis');
    if (!l.ok) throw new Error('taiwan-strait-crisis failed to load');
    for (const seed of ['3', '4111']) {
      const spec = l.value.spec(seed);
      const rules = compileRules(spec);
      let a = createState(spec, rules);
      const base = baseState(l.value);
      let b = reseed(base.rules, structuredClone(base.state), seed);
      expect(stateHash(rules, b)).toBe(stateHash(rules, a));
      for (let t = 0; t < 3; t++) {
        a = step(rules, a, {}, { trace: false }).state;
        b = step(base.rules, b, {}, { trace: false }).state;
      }
      expect(stateHash(rules, b)).toBe(stateHash(rules, a));
    }
  });
});
