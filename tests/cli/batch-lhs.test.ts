/**
 * `batch --sample lhs`: a Latin hypercube over --range values, and the sensitivity of every output
 * to each range in summary.json. In teach-escalation (the escalation term alone) the US commitment
 * decides who backs down, while the influence term's self-weight does nothing (its term's weight is
 * 0): the first has a large PRCC with Manila yielding, the second one near zero. Also the report
 * command's bad input.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAsync, cliMany, hasStack } from './spawn';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'seastate-lhs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const at = (...p: string[]) => path.join(tmp, ...p);
const read = (d: string, f: string) => readFileSync(at(d, f), 'utf8');

const base = [
  'batch',
  'teach-escalation',
  '--runs',
  '5',
  '--seed',
  '3',
  '--set',
  'turns=12',
  '--sample',
  'lhs',
  '--samples',
  '30',
  '--range',
  'params.us_commitment=0:1',
  '--range',
  'model.influence.selfWeight=0.2:0.8',
];

interface Key {
  key: string;
  prcc: number;
  ci95: [number, number];
  p: number;
  degenerate: string | null;
}

describe('batch --sample lhs', () => {
  beforeAll(async () => {
    const rs = await cliMany(
      [
        [...base, '--workers', '2', '--out', at('whole'), '--report'],
        [...base, '--workers', '1', '--shard', '1/2', '--out', at('s1')],
        [...base, '--workers', '1', '--shard', '2/2', '--out', at('s2')],
      ],
      2,
    );
    for (const r of rs) expect(r.code, r.stderr).toBe(0);
    const m = await cliAsync(['merge', at('s2'), at('s1'), '--out', at('merged')]);
    expect(m.code, m.stderr).toBe(0);
  }, 240_000);

  it('runs one point per sample, each range in one stratum per point, its value in runs.csv', () => {
    const s = JSON.parse(read('whole', 'summary.json')) as {
      points: { params: Record<string, string> }[];
      design: { samples: number };
    };
    expect(s.design.samples).toBe(30);
    expect(s.points).toHaveLength(30);
    const strata = (key: string, lo: number, hi: number) =>
      s.points.map((p) => Math.floor(((Number(p.params[key]) - lo) / (hi - lo)) * 30)).sort((a, b) => a - b);
    expect(strata('params.us_commitment', 0, 1)).toEqual(Array.from({ length: 30 }, (_, k) => k));
    expect(strata('model.influence.selfWeight', 0.2, 0.8)).toEqual(Array.from({ length: 30 }, (_, k) => k));
    const [head, ...rows] = read('whole', 'runs.csv').trim().split('\n');
    const col = head.split(',').indexOf('set.params.us_commitment');
    expect(col).toBeGreaterThan(0);
    expect(rows).toHaveLength(150);
    expect(rows[5 * 7].split(',')[col]).toBe(s.points[7].params['params.us_commitment']);
  });

  it('finds the decisive lever and not the idle one', () => {
    const s = JSON.parse(read('whole', 'summary.json')) as { sensitivity: { byOutput: Record<string, Key[]> } };
    const yields = s.sensitivity.byOutput['outcome.manila-yields'];
    const [commitment, selfWeight] = yields;
    expect(commitment.key).toBe('params.us_commitment');
    expect(commitment.prcc).toBeLessThan(-0.6);
    expect(commitment.p).toBeLessThan(0.001);
    expect(selfWeight.key).toBe('model.influence.selfWeight');
    expect(Math.abs(selfWeight.prcc)).toBeLessThan(0.35);
    expect(selfWeight.ci95[0]).toBeLessThan(0);
    expect(selfWeight.ci95[1]).toBeGreaterThan(0);
    // Wherever the lever matters, the idle parameter matters less.
    const moved = Object.entries(s.sensitivity.byOutput).filter(([, [c]]) => !c.degenerate && c.p < 0.01);
    expect(moved.length).toBeGreaterThan(3);
    for (const [out, [c, w]] of moved) expect(Math.abs(w.prcc), out).toBeLessThan(Math.abs(c.prcc));
  });

  it("the report draws the design and the tornado, printing summary.json's coefficients", () => {
    const s = JSON.parse(read('whole', 'summary.json')) as { sensitivity: { byOutput: Record<string, Key[]> } };
    const page = read('whole', 'report.html');
    for (const id of ['chart-outcomes', 'chart-sensitivity'])
      expect(page).toMatch(new RegExp(`data-chart="${id}"><svg[\\s\\S]*?class="mark-[a-z]+ role-mark`));
    const printed = [...page.matchAll(/data-prcc="([^"]+)">([^<]+)</g)];
    expect(printed.length).toBe(Object.values(s.sensitivity.byOutput).flat().length);
    for (const [, key, text] of printed) {
      const [out, param] = [key.slice(0, key.lastIndexOf(':')), key.slice(key.lastIndexOf(':') + 1)];
      const want = s.sensitivity.byOutput[out.replace(/&amp;/g, '&')].find((k) => k.key === param)!.prcc;
      expect(Math.abs(Number(text.replace('−', '-')) - want), key).toBeLessThanOrEqual(0.0005 + 1e-12);
    }
  });

  it('merged shards give the unsharded summary, sensitivity included, byte for byte', () => {
    expect(read('merged', 'summary.json')).toBe(read('whole', 'summary.json'));
    expect(read('s1', 'summary.json')).not.toContain('"sensitivity"');
  });

  it('a design of more than 64 points keeps no final world per point, and its report draws without one', async () => {
    const r = await cliAsync([
      'batch',
      'teach-escalation',
      '--runs',
      '1',
      '--set',
      'turns=2',
      '--sample',
      'lhs',
      '--samples',
      '65',
      '--range',
      'params.us_commitment=0:1',
      '--out',
      at('wide'),
      '--report',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(read('wide', 'summary.json')) as { points: { final?: unknown }[] };
    expect(s.points).toHaveLength(65);
    expect(s.points.some((p) => p.final)).toBe(false);
    expect(read('wide', 'checkpoint.json')).not.toContain('"final"');
    const page = read('wide', 'report.html');
    expect(page).toContain('data-chart="chart-sensitivity"');
    expect(page).not.toContain('data-chart="chart-alignment"');
  }, 60_000);

  it('bad designs are one message naming the flag, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['batch', 'teach-escalation', '--runs', '2', '--sample', 'lhs', '--samples', '4'], /--range/],
      [
        [
          'batch',
          'teach-escalation',
          '--runs',
          '2',
          '--sample',
          'sobol',
          '--samples',
          '4',
          '--range',
          'params.us_commitment=0:1',
        ],
        /--sample sobol/,
      ],
      [
        ['batch', 'teach-escalation', '--runs', '2', '--sample', 'lhs', '--range', 'params.us_commitment=0:1'],
        /--samples/,
      ],
      [
        [
          'batch',
          'teach-escalation',
          '--runs',
          '2',
          '--sample',
          'lhs',
          '--samples',
          '4',
          '--range',
          'params.us_commitment=1:0',
        ],
        /--range params.us_commitment=1:0: .*empty/,
      ],
      [
        [
          'batch',
          'teach-escalation',
          '--runs',
          '2',
          '--sample',
          'lhs',
          '--samples',
          '4',
          '--range',
          'params.us_commitment=0:1',
          '--sweep',
          'turns=4,5',
        ],
        /--sweep/,
      ],
      [
        ['batch', 'teach-escalation', '--runs', '2', '--sweep', 'turns=4,5', '--baseline', '2', '--out', at('nope')],
        /--baseline 2/,
      ],
      [['batch', 'teach-escalation', '--runs', '2', '--sweep', 'turns=4,5', '--baseline', '0'], /--out/],
      [['batch', 'teach-escalation', '--runs', '2', '--report'], /--report .*--out/],
      [
        [
          'batch',
          'teach-escalation',
          '--runs',
          '2',
          '--sample',
          'lhs',
          '--samples',
          '4',
          '--range',
          'turns=4:8',
          '--out',
          at('nope'),
        ],
        /^seastate: --range turns=4:8: design point 0 samples [\d.]+, which the scenario refuses \(--set turns=[\d.]+: expected int/,
      ],
      [
        [
          'batch',
          'teach-escalation',
          '--runs',
          '2',
          '--sample',
          'lhs',
          '--samples',
          '4',
          '--range',
          'params.us_commitment=0:5',
          '--out',
          at('nope'),
        ],
        /--range params.us_commitment=0:5: .*between 0 and 1/,
      ],
      [
        [
          'batch',
          'teach-escalation',
          '--runs',
          '2',
          '--sample',
          'lhs',
          '--samples',
          '4',
          '--range',
          'params.us_commitment=0:1',
          '--range',
          'model.crisis.slip=0.1:0.2',
          '--out',
          at('nope'),
        ],
        /--samples 4: the sensitivity to 2 ranges needs at least 5 design points/,
      ],
      [
        [
          'batch',
          'teach-escalation',
          '--runs',
          '2',
          '--sample',
          'lhs',
          '--samples',
          '4',
          '--range',
          'params.us_commitment=0:1',
        ],
        /--sample lhs .*give --out/,
      ],
      [
        ['batch', 'teach-escalation', '--runs', '2', '--shard', '1/2', '--out', at('nope'), '--report'],
        /--report draws a whole batch/,
      ],
      [['report', at('s1')], /is one shard of a batch; `seastate merge`/],
      [['report', at('whole'), '--out', at('whole', 'summary.json')], /one of the batch's own files/],
      [['report', at('missing')], /missing.summary\.json: cannot read the batch summary/],
      [
        ['report', at('whole'), '--out', at('no-such-dir', 'r.html')],
        /r\.html: cannot write the report \(no such directory\); nothing was written/,
      ],
    ];
    const rs = await cliMany(
      cases.map(([a]) => a),
      3,
    );
    rs.forEach((r, k) => {
      expect(r.code, cases[k][0].join(' ')).toBe(2);
      expect(r.stderr, cases[k][0].join(' ')).toMatch(cases[k][1]);
      expect(hasStack(r.stderr)).toBe(false);
    });
  }, 60_000);
});
