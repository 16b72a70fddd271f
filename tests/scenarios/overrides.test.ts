/** `--set` overrides reach the state they name, and their mistakes are blamed on the flag. */
import { describe, expect, it } from 'vitest';
import { started } from '../engine/world';
import { formatIssue } from '../../src/scenarios/issues';
import { applySets, parseSet, parseSweep } from '../../src/scenarios/overrides';
import { loadScenario } from '../../src/scenarios/registry';

const load = (id: string, sets: string[]) => loadScenario(id, undefined, sets.map(parseSet));
const state = (id: string, sets: string[]) => {
  const r = load(id, sets);
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
  return started(r.value.spec('1')).state;
};
const rulesOf = (id: string, sets: string[]) => {
  const r = load(id, sets);
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
  return started(r.value.spec('1')).rules;
};
const problems = (id: string, sets: string[]) => {
  const r = load(id, sets);
  return r.ok ? [] : r.issues.map(formatIssue);
};

describe('--set reaches the state', () => {
  it('model parameters, actor values (ids in any case), doctrines, alignment, ladders, turns', () => {
    const s = state('taiwan-strait-crisis', [
      'model.weights.noise=0.25',
      'actors.jpn.posture.balancing=0.3',
      'policies.CHN.risk=0.5',
      'policies.vnm.doctrine=balancer',
      'alignment.jpn.chn=-0.7',
      'ladders.CHN-TWN=5',
      'turns=7',
    ]);
    const at = (id: string) => s.actors.findIndex((a) => a.id === id);
    const n = s.actors.length;
    expect(s.params.weights.noise).toBe(0.25);
    expect(s.actors[at('JPN')].posture.balancing).toBe(0.3);
    expect(s.policies[at('CHN')].risk).toBe(0.5);
    expect(s.policies[at('VNM')].doctrine).toBe('balancer');
    expect(s.alignment[at('JPN') * n + at('CHN')]).toBe(-0.7);
    expect(s.ladders.dyads.find((d) => d.id === 'CHN-TWN')!.level).toBe(5);
    expect(s.turns).toBe(7);
  });

  it('ladders.global on a scenario without a ladders section, and true/false values', () => {
    expect(state('teach-threat', ['ladders.global=3']).ladders.global).toBe(3);
    expect(state('default', ['model.arms.calibrate=false']).params.arms.calibrate).toBe(false);
    expect(state('default', ['model.arms.calibrate=true']).params.arms.calibrate).toBe(true);
  });

  it("an event's timing replaces its other timing", () => {
    const rules = rulesOf('default', ['events.nk-launch.chance=0.25']);
    expect(rules.def.events.find((e) => e.id === 'nk-launch')!.timing).toEqual({ kind: 'chance', p: 0.25 });
  });
});

describe('--set as an immer edit of the file', () => {
  const file = () => ({
    turns: 12,
    events: [{ id: 'storm', chance: 0.2, effects: [] }],
    params: { resolve: { value: 0.5, source: 's' } },
  });

  it('leaves the parsed file as it was and records exactly what it changed', () => {
    const data = file();
    const before = structuredClone(data);
    const r = applySets(data, [
      parseSet('turns=24'),
      parseSet('events.storm.mtth=6'),
      parseSet('params.resolve=0.5'),
      parseSet('model.weights.noise=0'),
    ]);
    if (!r.ok) throw new Error(r.issues[0].message);
    expect(data).toEqual(before);
    expect(r.data).toMatchObject({ turns: 24, events: [{ id: 'storm', mtth: 6 }], model: { weights: { noise: 0 } } });
    expect((r.data as { events: object[] }).events[0]).not.toHaveProperty('chance');
    // params.resolve=0.5 is the value already there: no change, so no patch (immer orders patches by the tree).
    expect(r.changes).toHaveLength(4);
    expect(r.changes).toEqual(
      expect.arrayContaining([
        { op: 'replace', path: ['turns'], value: 24 },
        { op: 'remove', path: ['events', 0, 'chance'] },
        { op: 'add', path: ['events', 0, 'mtth'], value: 6 },
        { op: 'add', path: ['model'], value: { weights: { noise: 0 } } },
      ]),
    );
    // The result is frozen: nothing downstream can change it behind the overrides' back.
    expect(Object.isFrozen(r.data)).toBe(true);
  });
});

describe('--set mistakes name the flag', () => {
  it.each([
    [
      ['model.effects.partnershipBonsu=1'],
      /--set model\.effects\.partnershipBonsu=1: no parameter "partnershipBonsu" in model\.effects \(parameters: .*partnershipBonus/,
    ],
    [['policies.CHN.rsk=0.5'], /--set policies\.CHN\.rsk=0\.5: no doctrine value "rsk"/],
    [['policies.VNM.doctrine=nonsense'], /--set policies\.VNM\.doctrine=nonsense: unknown doctrine "nonsense"/],
    [['model.weights.noise=20'], /--set model\.weights\.noise=20: .*between 0 and 10/],
  ])('%j', (sets, message) => {
    const p = problems('default', sets);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(message);
  });

  it('a value too large for a number, and a sweep value, are refused by the parser with the flag', () => {
    expect(() => parseSet('model.weights.noise=1e400')).toThrow(/too large/);
    const values = parseSweep('model.weights.noise=0,abc');
    const r = loadScenario('default', undefined, [values[1]]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatIssue(r.issues[0])).toMatch(/^--sweep model\.weights\.noise=0,abc: /);
    expect(() => parseSweep('model.weights.noise=0.5,0.50')).toThrow(/0\.50 is the same value as 0\.5/);
  });
});
