/**
 * `seastate batch --series`: series.csv, every run's per-turn series in long form. Its values are
 * the bands' inputs and the runs' final values, and it has the same bytes on any number of workers,
 * shards (merged) and interruptions, as runs.csv does. Bad input is one message and exit code 2.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliAsync, cliMany, hasStack, inProcess } from './spawn';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'seastate-series-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const at = (...p: string[]) => path.join(tmp, ...p);
const read = (dir: string, f: string) => readFileSync(at(dir, f));
const lines = (dir: string, f: string) => read(dir, f).toString().trim().split('\n');

// Six runs of 3 turns of the default world: two points, one watched cell.
const base = [
  'batch',
  'default',
  '--runs',
  '3',
  '--seed',
  '42',
  '--set',
  'turns=3',
  '--sweep',
  'model.weights.noise=0.5,1.5',
  '--watch',
  'PHL:JPN',
];
const HEADER = 'run,point,replicate,turn,date,metric,value';

describe('batch --series: series.csv', () => {
  beforeAll(async () => {
    const results = await cliMany(
      [
        [...base, '--series', '--workers', '1', '--out', at('w1')],
        [...base, '--series', '--workers', '2', '--out', at('w2')],
        [...base, '--series', '--workers', '1', '--shard', '1/3', '--out', at('s1')],
        [...base, '--series', '--workers', '1', '--shard', '2/3', '--out', at('s2')],
        [...base, '--series', '--workers', '1', '--shard', '3/3', '--out', at('s3')],
        [...base, '--workers', '1', '--shard', '2/3', '--out', at('s2-plain')],
      ],
      3,
    );
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const m = await cliAsync(['merge', at('s2'), at('s3'), at('s1'), '--out', at('merged')]);
    expect(m.code, m.stderr).toBe(0);
  }, 120_000);

  it('has the header, and (turns + 1) x series x runs rows in run, turn and series order', () => {
    const [header, ...rows] = lines('w1', 'series.csv');
    expect(header).toBe(HEADER);
    const cells = rows.map((r) => r.split(','));
    const ids = [...new Set(cells.map((c) => c[5]))];
    expect(ids.slice(0, 2)).toEqual(['tension', 'phl_to_jpn']);
    expect(ids.at(-1)).toBe('align.PHL.JPN');
    // The series are those of bands.csv.
    expect(ids).toEqual([
      ...new Set(
        lines('w1', 'bands.csv')
          .slice(1)
          .map((r) => r.split(',')[3]),
      ),
    ]);
    expect(rows).toHaveLength(4 * ids.length * 6);
    let k = 0;
    for (let run = 0; run < 6; run++)
      for (let turn = 0; turn <= 3; turn++)
        for (const id of ids) {
          const c = cells[k++];
          expect(c.slice(0, 6)).toEqual([
            String(run),
            String(Math.floor(run / 3)),
            String(run % 3),
            String(turn),
            `2024-0${turn + 1}-01`,
            id,
          ]);
          expect(String(Number(c[6]))).toBe(c[6]);
        }
  });

  it("holds the bands' inputs: turn 0 is the same in every run of a point, and each turn's median is bands.csv's p50", () => {
    const rows = lines('w1', 'series.csv')
      .slice(1)
      .map((r) => r.split(','));
    const values = new Map<string, number[]>(); // point, turn, series -> the runs' values
    for (const [, point, , turn, , id, v] of rows) {
      const key = `${point},${turn},${id}`;
      values.set(key, [...(values.get(key) ?? []), Number(v)]);
    }
    for (const [key, xs] of values) if (key.split(',')[1] === '0') expect(new Set(xs).size, key).toBe(1);
    const bands = lines('w1', 'bands.csv')
      .slice(1)
      .map((r) => r.split(','));
    expect(bands).toHaveLength(values.size);
    // 3 runs a point: the exact median (R type 7) is the middle value.
    for (const [point, , , id, turn, , , , p50] of bands)
      expect(Number(p50), `${point} ${id} ${turn}`).toBe(
        values.get(`${point},${turn},${id}`)!.sort((a, b) => a - b)[1],
      );
  });

  it("each run's last turn is its final value in runs.csv (tension, the scenario's metrics, the watched cell)", () => {
    const [header, ...runs] = lines('w1', 'runs.csv');
    const cols = header.split(',');
    const last = new Map<string, string>();
    for (const [run, , , turn, , id, v] of lines('w1', 'series.csv')
      .slice(1)
      .map((r) => r.split(',')))
      if (turn === '3') last.set(`${run},${id}`, v);
    const ids = [...new Set([...last.keys()].map((k) => k.split(',')[1]))];
    for (const id of ['tension', 'phl_to_jpn', 'align.PHL.JPN']) expect(ids).toContain(id);
    for (const row of runs) {
      const c = row.split(',');
      for (const id of ids) expect(last.get(`${c[0]},${id}`), `run ${c[0]} ${id}`).toBe(c[cols.indexOf(id)]);
    }
  });

  it('is byte-identical on one worker and two, and for three shards merged (given in any order)', () => {
    expect(read('w2', 'series.csv').equals(read('w1', 'series.csv'))).toBe(true);
    expect(read('merged', 'series.csv').equals(read('w1', 'series.csv'))).toBe(true);
    // The shards hold their own runs' rows only.
    const runsIn = (d: string) => [
      ...new Set(
        lines(d, 'series.csv')
          .slice(1)
          .map((r) => r.split(',')[0]),
      ),
    ];
    expect([runsIn('s1'), runsIn('s2'), runsIn('s3')]).toEqual([
      ['0', '1'],
      ['2', '3'],
      ['4', '5'],
    ]);
  });

  it('is recorded in the manifest (and in the merged one); a batch without --series writes no series.csv', () => {
    for (const d of ['w1', 's1', 'merged'])
      expect(JSON.parse(read(d, 'manifest.json').toString()).series, d).toBe(true);
    expect(JSON.parse(read('s2-plain', 'manifest.json').toString())).not.toHaveProperty('series');
    expect(existsSync(at('s2-plain', 'series.csv'))).toBe(false);
  });

  it('merge refuses shards with and without series.csv, naming the flag, and writes nothing', async () => {
    const r = await cliAsync(['merge', at('s1'), at('s2-plain'), at('s3'), '--out', at('mixed')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^seastate: \S*s2-plain: ran without --series and \S*s1 with --series; merge needs every shard with series.csv or none/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(hasStack(r.stderr)).toBe(false);
    expect(existsSync(at('mixed'))).toBe(false);
  });
});

describe('batch --series: resuming', () => {
  // A sweep of the length, so that the points' runs have different numbers of rows.
  const args = [
    'batch',
    'teach-threat',
    '--runs',
    '3',
    '--seed',
    '5',
    '--sweep',
    'turns=2,4',
    '--workers',
    '1',
    '--series',
  ];
  beforeAll(async () => {
    const r = await inProcess([...args, '--out', at('tt')]);
    expect(r.code, r.err).toBe(0);
  }, 60_000);

  /** A copy of the complete batch made to look stopped after `completed` runs, series.csv cut at `cut` bytes. */
  function stopped(to: string, completed: number, cut: number) {
    cpSync(at('tt'), at(to), { recursive: true });
    const m = JSON.parse(read(to, 'manifest.json').toString());
    writeFileSync(at(to, 'manifest.json'), JSON.stringify({ ...m, status: 'interrupted', completed }, null, 1) + '\n');
    const cp = JSON.parse(read(to, 'checkpoint.json').toString());
    writeFileSync(at(to, 'checkpoint.json'), JSON.stringify({ ...cp, completed }) + '\n');
    truncateSync(at(to, 'series.csv'), cut);
  }

  it('cuts series.csv back to the checkpoint (a half-written row included) and ends with the same bytes', async () => {
    const full = read('tt', 'series.csv').toString();
    const rows = full.trim().split('\n');
    // A run of point 0 has 3 turns of rows and one of point 1 five: the checkpoint names 4 runs,
    // and the file goes on with two rows of run 4 and the start of a third.
    const perTurn = (rows.length - 1) / (3 * 3 + 3 * 5);
    expect(Number.isInteger(perTurn)).toBe(true);
    const end = rows.slice(0, 1 + perTurn * (3 * 3 + 5) + 2).join('\n').length + 1;
    expect(full.slice(end, end + 5)).toBe('4,1,1');
    stopped('tt-cut', 4, end + 5);
    const r = await inProcess(['batch', '--resume', at('tt-cut'), '--workers', '2']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('resuming after 4 runs');
    for (const f of ['series.csv', 'runs.csv']) expect(read('tt-cut', f).equals(read('tt', f)), f).toBe(true);
    expect(JSON.parse(read('tt-cut', 'manifest.json').toString()).series).toBe(true);
  });

  it('refuses a series.csv that lacks the rows the checkpoint names, or whose rows were edited, leaving it as it was', async () => {
    const text = read('tt', 'series.csv').toString();
    stopped('tt-short', 4, text.indexOf('\n3,1,0,'));
    stopped('tt-edited', 4, text.length);
    writeFileSync(at('tt-edited', 'series.csv'), text.replace('\n1,0,1,1,', '\n1,0,1,2,'));
    const cases: [string, RegExp][] = [
      ['tt-short', /tt-short\/series\.csv: holds \d+ complete rows, but the 4 runs checkpoint.json names need \d+/],
      ['tt-edited', /tt-edited\/series\.csv: line \d+ is not a row of run 1 of this batch/],
    ];
    for (const [d, message] of cases) {
      const before = read(d, 'series.csv');
      const r = await inProcess(['batch', '--resume', at(d)]);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(read(d, 'series.csv').equals(before)).toBe(true);
    }
  });

  it('--resume takes --series from the manifest: giving it again is refused', async () => {
    const r = await inProcess(['batch', '--resume', at('tt'), '--series']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--resume takes the batch's scenario and settings from \S*manifest\.json; drop --series/);
  });

  it('Ctrl-C keeps the completed runs in series.csv, and --resume ends with the same bytes as an uninterrupted batch', async () => {
    const big = ['batch', 'default', '--set', 'turns=3', '--runs', '300', '--seed', '9', '--series'];
    const full = cliAsync([...big, '--workers', '2', '--out', at('big')]);
    // One worker, so that the first rows reach the files (within a second) well before the end.
    const child = spawn(process.execPath, [BIN, ...big, '--workers', '1', '--out', at('cut')], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const rows = () =>
      existsSync(at('cut', 'series.csv')) ? read('cut', 'series.csv').toString().split('\n').length - 2 : 0;
    while (rows() < 1) await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGINT');
    expect(await closed).toBe(130);
    const m = JSON.parse(read('cut', 'manifest.json').toString());
    expect(m.status).toBe('interrupted');
    expect(m.completed).toBeLessThan(300);
    expect(m.series).toBe(true);
    const perRun = (lines('cut', 'series.csv').length - 1) / m.completed;
    expect(perRun).toBe(
      4 *
        new Set(
          lines('cut', 'series.csv')
            .slice(1)
            .map((r) => r.split(',')[5]),
        ).size,
    );
    const resumed = await cliAsync(['batch', '--resume', at('cut'), '--workers', '2']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`resuming after ${m.completed} runs`);
    expect((await full).code).toBe(0);
    for (const f of ['series.csv', 'runs.csv', 'summary.json', 'bands.csv'])
      expect(read('cut', f).equals(read('big', f)), f).toBe(true);
  }, 60_000);
});

describe('batch --series: bad input', () => {
  it('--series without --out is one message naming the flag, exit 2', async () => {
    const r = await inProcess(['batch', 'teach-threat', '--runs', '2', '--series']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe("seastate: --series writes series.csv in the batch's directory: give --out DIR too\n");
  });

  it('an --out directory holding a series.csv is not a new batch', async () => {
    mkdirSync(at('stray'));
    writeFileSync(at('stray', 'series.csv'), '');
    const r = await inProcess(['batch', 'teach-threat', '--runs', '2', '--series', '--out', at('stray')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/holds files with a batch's names \(series\.csv\) but no manifest\.json/);
  });
});
