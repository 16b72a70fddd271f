/** Explanations as text: labels, folding and exact lines on hand-made explanations; change rankings on a real turn. */
import { describe, expect, it } from 'vitest';
import {
  compileRules,
  createState,
  explainCell,
  step,
  type CellExplanation,
  type Contribution,
  type WorldState,
} from '../../src/engine';
import { loadScenario } from '../../src/scenarios/registry';
import {
  actorChanges,
  briefLines,
  causeLabel,
  explanationLines,
  foldParts,
  largestChanges,
  signed,
} from '../../src/cli/session/explain-text';

const part = (term: Contribution['term'], cause: Contribution['cause'], value: number): Contribution => ({
  term,
  cause,
  value,
});

describe('causeLabel', () => {
  it('names the term and its counterpart, or the event, action or ruling', () => {
    expect(
      causeLabel(part('influence', { type: 'term', id: 'influence', actors: ['AUS'], note: 'trusted partner' }, 0.1)),
    ).toBe('influence via AUS (trusted partner)');
    expect(
      causeLabel(part('influence', { type: 'term', id: 'influence', actors: [], note: 'pull of own baseline' }, 0.1)),
    ).toBe('influence (pull of own baseline)');
    expect(causeLabel(part('noise', { type: 'term', id: 'noise' }, 0.1))).toBe('noise');
    expect(
      causeLabel(part('effects', { type: 'event', id: 'c3', note: 'option talk' }, 0.1), {
        events: { c3: 'Command upgrade' },
      }),
    ).toBe('event c3 "Command upgrade" (option talk)');
    expect(causeLabel(part('effects', { type: 'event', id: 'c3', actors: ['TWN'] }, 0.1))).toBe('event c3 [TWN]');
    expect(
      causeLabel(
        part('effects', { type: 'action', id: 'port_call', actors: ['USA', 'IND'], note: 'partnership' }, 0.1),
      ),
    ).toBe('action port_call by USA → IND (partnership)');
    expect(causeLabel(part('effects', { type: 'action', id: 'drill', actors: ['CHN'] }, 0.1))).toBe(
      'action drill by CHN',
    );
    expect(causeLabel(part('effects', { type: 'adjudication', id: 'white-cell', note: 'summit collapses' }, 0.1))).toBe(
      'adjudication white-cell (summit collapses)',
    );
  });
});

describe('signed and foldParts', () => {
  it('signs numbers, and shows a value too small to print without a sign', () => {
    expect([signed(0.0123), signed(-0.5, 2), signed(-0.000001), signed(0)]).toEqual([
      '+0.01230',
      '-0.50',
      ' 0.00000',
      ' 0.00000',
    ]);
  });

  it('lists the largest first, folds the small and the surplus, but never a single cause', () => {
    const t = (v: number, id: string) => part('noise', { type: 'term', id }, v);
    const parts = [t(0.001, 'a'), t(-0.05, 'b'), t(0.02, 'c'), t(0.0001, 'd'), t(0.00001, 'e')];
    const f = foldParts(parts, { top: 8, minShare: 0.01 });
    expect(f.shown.map((p) => p.cause.id)).toEqual(['b', 'c', 'a']);
    expect(f.other).toEqual({ count: 2, value: 0.0001 + 0.00001 });
    expect(foldParts(parts, { top: 4, minShare: 0 }).shown.map((p) => p.cause.id)).toEqual(['b', 'c', 'a', 'd', 'e']);
    expect(foldParts(parts, { top: 2, minShare: 0 }).other.count).toBe(3);
  });
});

const sample: CellExplanation = {
  from: 'JPN',
  to: 'USA',
  turn: 4,
  before: 0.8,
  after: 0.8 + 0.03 - 0.01 + 0.0001,
  totals: [
    { term: 'effects', value: 0.03 },
    { term: 'influence', value: -0.01 + 0.0001 },
    { term: 'balance', value: 0 },
    { term: 'bound', value: 0 },
  ],
  parts: [
    part('influence', { type: 'term', id: 'influence', actors: ['CHN'], note: 'trusted partner' }, -0.01),
    part('effects', { type: 'event', id: 'c3' }, 0.03),
    part('influence', { type: 'term', id: 'influence', actors: ['AUS'], note: 'trusted partner' }, 0.00006),
    part('influence', { type: 'term', id: 'influence', actors: ['KOR'], note: 'trusted partner' }, 0.00004),
  ],
};

describe('explanationLines and briefLines', () => {
  it('show before → after, each cause signed, the folded rest, the total and the terms', () => {
    const names = { actors: { JPN: 'Japan', USA: 'United States' }, events: { c3: 'Command upgrade' } };
    expect(explanationLines(sample, names)).toEqual([
      'Japan (JPN) → United States (USA), turn 4: +0.8000 → +0.8201 (change +0.02010)',
      'contributions by cause, largest first (they add up to the change):',
      '  +0.03000  event c3 "Command upgrade"',
      '  -0.01000  influence via CHN (trusted partner)',
      '  +0.00010  other: 2 smaller causes',
      '  --------',
      '  +0.02010  total, the change',
      'by term: effects +0.03000, influence -0.00990',
    ]);
    expect(briefLines(sample, 1)).toEqual([
      'JPN → USA  +0.8000 → +0.8201  change +0.02010',
      '    +0.03000  event c3',
      '    -0.00990  other: 3 smaller causes',
    ]);
  });

  it('say so when nothing moved the cell', () => {
    expect(explanationLines({ ...sample, after: 0.8, totals: [], parts: [] })).toEqual([
      'JPN → USA, turn 4: +0.8000 → +0.8000 (change  0.00000)',
      'nothing moved this cell this turn',
    ]);
  });
});

describe('largestChanges and actorChanges on a real turn', () => {
  const loaded = loadScenario('taiwan-strait-crisis');
  if (!loaded.ok) throw new Error(loaded.issues[0].message);
  const spec = loaded.value.spec('3');
  const rules = compileRules(spec);
  let prev: WorldState = createState(spec, rules);
  prev = step(rules, prev, {}).state;
  const { state: next, trace } = step(rules, prev, {});
  const ids = prev.actors.map((a) => a.id);
  const n = ids.length;

  it('lists the cells that moved most, largest first, as the states show', () => {
    const moved = [...next.alignment.keys()]
      .filter((x) => x % (n + 1) !== 0)
      .sort((a, b) => Math.abs(next.alignment[b] - prev.alignment[b]) - Math.abs(next.alignment[a] - prev.alignment[a]))
      .slice(0, 5)
      .map((x) => `${ids[Math.floor(x / n)]}>${ids[x % n]}`);
    const top = largestChanges(prev, trace, 5);
    expect(top.map((e) => `${e.from}>${e.to}`)).toEqual(moved);
    for (const e of top) {
      expect(e).toEqual(explainCell(prev, trace, e.from, e.to));
      expect(e.after).toBe(next.alignment[ids.indexOf(e.from) * n + ids.indexOf(e.to)]);
    }
  });

  it("gives an actor's row or column, largest change first, without the actor itself", () => {
    const row = actorChanges(prev, trace, 'JPN');
    expect(row).toHaveLength(n - 1);
    expect(row.every((e) => e.from === 'JPN' && e.to !== 'JPN')).toBe(true);
    const sizes = row.map((e) => Math.abs(e.after - e.before));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(actorChanges(prev, trace, 'JPN', 'column').every((e) => e.to === 'JPN')).toBe(true);
  });
});
