/** The check of cited values against dataset extracts: what matches, and each way a value can fail. */
import { describe, expect, it } from 'vitest';
import { checkValues, matchesTo, roundTo, type CheckRule, type CitedValue } from '../../src/scenarios/datasets';
import type { Source } from '../../src/scenarios/world-schema';

const sources: Source[] = [
  { id: 'milex', kind: 'dataset', title: 'A military expenditure dataset', year: 2023 },
  { id: 'doc', kind: 'document', title: 'A document', file: 'x.txt' },
];
const rule: CheckRule = {
  source: 'milex',
  field: 'capabilities.military',
  extract: 'milex.csv',
  match: { iso3: '{actor}', year: 2023 },
  column: 'usd_m',
  scale: 0.001,
  sig: 3,
};
const rows: Record<string, Record<string, string>[]> = {
  'milex.csv': [
    { iso3: 'JPN', year: '2023', usd_m: '50160.9' },
    { iso3: 'JPN', year: '2022', usd_m: '46000' },
    { iso3: 'PRK', year: '2023', usd_m: '' },
    { iso3: 'KOR', year: '2023', usd_m: '47900' },
    { iso3: 'KOR', year: '2023', usd_m: '47901' },
  ],
};
const read = (f: string) => rows[f];
const at = (actor: string, value: number | null, source = 'milex', field = 'capabilities.military'): CitedValue => ({
  file: 'data/actors.yaml',
  path: `actors[0].${field}`,
  actors: [actor],
  value,
  source,
});

describe('matchesTo and roundTo', () => {
  it('compare to significant figures, whatever the magnitude', () => {
    expect(matchesTo(50.2, 50.1609, 3)).toBe(true);
    expect(matchesTo(50.1, 50.1609, 3)).toBe(false);
    expect(matchesTo(0.459, 0.45912, 3)).toBe(true);
    expect(matchesTo(0.46, 0.45912, 3)).toBe(false);
    expect(matchesTo(0.46, 0.45912, 2)).toBe(true);
    expect(matchesTo(916, 916015, 3)).toBe(false);
    expect(matchesTo(916000, 916015, 3)).toBe(true);
    expect(matchesTo(-1.42, -1.4213, 3)).toBe(true);
    expect(matchesTo(0, 0, 3)).toBe(true);
    expect(roundTo(50.1609, 3)).toBe(50.2);
    expect(roundTo(0.0045912, 2)).toBe(0.0046);
  });
});

describe('checkValues', () => {
  it('checks a value citing a dataset against its cell and passes it when it matches', () => {
    const { checked, problems } = checkValues([at('JPN', 50.2)], sources, [rule], read);
    expect(problems).toEqual([]);
    expect(checked).toHaveLength(1);
    expect(checked[0].cell).toBe('milex.csv[iso3=JPN, year=2023].usd_m');
    expect(checked[0].raw).toBe('50160.9');
    expect(checked[0].expected).toBeCloseTo(50.1609, 9);
  });

  it('names the cell, the raw figure and the rounded value a mismatch should have', () => {
    const { checked, problems } = checkValues([at('JPN', 51)], sources, [rule], read);
    expect(checked).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toBe(
      'is 51, but milex.csv[iso3=JPN, year=2023].usd_m is 50160.9 (× 0.001 = 50.1609): 50.2 to 3 significant figures',
    );
  });

  it('reports a missing row, an ambiguous row, an empty cell, a missing column and a missing extract', () => {
    const messages = (v: CitedValue, r = rule) => checkValues([v], sources, [r], read).problems.map((p) => p.message);
    expect(messages(at('AUS', 32.3))).toEqual(['milex.csv[iso3=AUS, year=2023].usd_m: no such row']);
    expect(messages(at('KOR', 47.9))).toEqual(['milex.csv[iso3=KOR, year=2023].usd_m: 2 rows match, not 1']);
    expect(messages(at('PRK', 4))).toEqual([
      'milex.csv[iso3=PRK, year=2023].usd_m: the extract has no number there ("")',
    ]);
    expect(messages(at('JPN', 50.2), { ...rule, column: 'usd_bn' })).toEqual([
      'milex.csv[iso3=JPN, year=2023].usd_bn: the extract has no column "usd_bn"',
    ]);
    expect(messages(at('JPN', 50.2), { ...rule, extract: 'gone.csv' })).toEqual([
      'its check reads data/datasets/gone.csv, which is missing',
    ]);
  });

  it('flags a dataset figure no rule covers, lists a value judged from a dataset as judged, and leaves other sources and facts alone', () => {
    const judgedValue = {
      ...at('JPN', 0.05, 'milex', 'growth.military'),
      rationale: 'Judged from the trend of the figures.',
    };
    const { checked, judged, problems } = checkValues(
      [
        at('JPN', 0.05, 'milex', 'growth.military'),
        judgedValue,
        at('JPN', 70, 'doc', 'capabilities.maritime'),
        at('JPN', null),
      ],
      sources,
      [rule],
      read,
    );
    expect(checked).toEqual([]);
    expect(judged).toEqual([judgedValue]);
    expect(problems.map((p) => p.message)).toEqual([
      'cites dataset milex with no rationale, so it is one of its figures, but no rule in data/datasets/checks.yaml checks its growth.military',
    ]);
  });

  it('checks a value with a rationale too when a rule covers it: a rationale does not exempt a dataset figure', () => {
    const { problems } = checkValues(
      [{ ...at('JPN', 40), rationale: 'Rounded down for the sake of it.' }],
      sources,
      [rule],
      read,
    );
    expect(problems.map((p) => p.message)).toEqual([
      'is 40, but milex.csv[iso3=JPN, year=2023].usd_m is 50160.9 (× 0.001 = 50.1609): 50.2 to 3 significant figures',
    ]);
  });

  it('matches a rule by the end of the path only at a field boundary', () => {
    const { problems } = checkValues([at('JPN', 50.2, 'milex', 'xcapabilities.military')], sources, [rule], read);
    expect(problems.map((p) => p.message)).toEqual([
      'cites dataset milex with no rationale, so it is one of its figures, but no rule in data/datasets/checks.yaml checks its xcapabilities.military',
    ]);
  });

  it('checks a mean over a span of rows, and needs every row of the span', () => {
    const growth: CheckRule = {
      ...rule,
      field: 'growth.economic',
      match: { iso3: '{actor}' },
      column: 'pct',
      scale: 0.01,
      mean: { over: 'year', from: 2024, to: 2026 },
    };
    const g = {
      'g.csv': ['2024', '2025', '2026']
        .map((year, k) => ({ iso3: 'JPN', year, pct: String(1 + k) }))
        .concat([{ iso3: 'CHN', year: '2024', pct: '4' }]),
    };
    const readG = (f: string) => g[f as 'g.csv'];
    const r = { ...growth, extract: 'g.csv' };
    const ok = checkValues([at('JPN', 0.02, 'milex', 'growth.economic')], sources, [r], readG);
    expect(ok.problems).toEqual([]);
    expect(ok.checked[0].cell).toBe('g.csv[iso3=JPN, year=2024..2026].pct (mean)');
    expect(ok.checked[0].raw).toBe('1 2 3');
    const off = checkValues([at('JPN', 0.021, 'milex', 'growth.economic')], sources, [r], readG);
    expect(off.problems.map((p) => p.message)).toEqual([
      'is 0.021, but g.csv[iso3=JPN, year=2024..2026].pct (mean) is 1 2 3 (mean × 0.01 = 0.02): 0.02 to 3 significant figures',
    ]);
    const twice = {
      'g.csv': [...g['g.csv'].filter((x) => x.year !== '2026'), { iso3: 'JPN', year: '2025', pct: '3' }],
    };
    const dup = checkValues([at('JPN', 0.02, 'milex', 'growth.economic')], sources, [r], (f) => twice[f as 'g.csv']);
    expect(dup.problems.map((p) => p.message)).toEqual([
      'g.csv[iso3=JPN, year=2024..2026].pct (mean): the rows do not cover every year from 2024 to 2026 once',
    ]);
    const short = checkValues([at('CHN', 0.04, 'milex', 'growth.economic')], sources, [r], readG);
    expect(short.problems.map((p) => p.message)).toEqual([
      'g.csv[iso3=CHN, year=2024..2026].pct (mean): 1 rows match, not 3',
    ]);
  });
});
