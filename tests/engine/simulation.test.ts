/**
 * Compiled rules and the simulation over them: compileRules gives an immutable Rules; a
 * Simulation's step equals the one-call step, refuses a state from other rules, and returns bad
 * inputs and failed runs as values; the poles of the tilt axis are scenario data.
 */
import { describe, expect, it } from 'vitest';
import {
  compileRules,
  computeMetrics,
  createSimulation,
  createState,
  reseed,
  runTurns,
  stateHash,
  step,
  tilt,
  type Rules,
  type WorldSpec,
  type WorldState,
} from '../../src/engine';
import { loadScenario } from '../../src/scenarios/registry';
import { compileOrThrow, compileText, SMALL } from '../scenarios/compile-helper';
import { runawayArmsWorld } from './world';

function taiwanSpec(seed: string): WorldSpec {
  const l = loadScenario('taiwan-strait-crisis');
  if (!l.ok) throw new Error('taiwan-strait-crisis did not load');
  return l.value.spec(seed);
}
/** The Taiwan scenario's compiled rules and its initial state under a seed. */
function taiwan(seed: string): { rules: Rules; state: WorldState } {
  const spec = taiwanSpec(seed);
  const rules = compileRules(spec);
  return { rules, state: createState(spec, rules) };
}
/** A spec's compiled rules and its initial state. */
function world(spec: WorldSpec): { rules: Rules; state: WorldState } {
  const rules = compileRules(spec);
  return { rules, state: createState(spec, rules) };
}

describe('compiled rules', () => {
  it('are frozen throughout: the definition, the plans, the index of actors', () => {
    const rules = compileRules(taiwanSpec('1'));
    expect(Object.isFrozen(rules)).toBe(true);
    expect(Object.isFrozen(rules.def.actions[0].effects)).toBe(true);
    expect(Object.isFrozen(rules.plans)).toBe(true);
    expect(() => {
      (rules.ids as string[]).push('XXX');
    }).toThrow(TypeError);
    expect(rules.ids.length).toBe(rules.index.size);
    expect(rules.actions.length).toBe(rules.plans.length);
  });

  it('give the built-in world its poles from the data: the US first, China second', () => {
    const { rules } = taiwan('1');
    expect(rules.def.poles).toEqual(['USA', 'CHN']);
    expect(rules.poles).toEqual([rules.index.get('USA'), rules.index.get('CHN')]);
  });

  it('are not in the state: a state holds its run and the rules hash, which stepping and hashing check', () => {
    const { rules, state } = taiwan('1');
    expect(Object.keys(state)).not.toContain('rules');
    expect(state.rulesHash).toBe(rules.hash());
    expect(state.rulesHash).toMatch(/^[0-9a-f]{64}$/);
    // Nothing of the rules' definition (its events, actions, metrics) is in the state's JSON.
    const json = JSON.stringify(state);
    for (const e of rules.def.events) expect(json).not.toContain(`"${e.title}"`);
    // The state hash covers the rules: the same run under other rules is another state, and refused.
    const other = compileRules({ ...taiwanSpec('1'), rules: { ...rules.def, humans: [] } });
    expect(() => stateHash(other, state)).toThrow(/not made from these rules/);
    expect(() => step(other, state)).toThrow(/not made from these rules/);
    // A step keeps the hash; a reseed under other rules is refused.
    expect(step(rules, state).state.rulesHash).toBe(rules.hash());
    expect(() => reseed(other, state, '2')).toThrow(/not made from these rules/);
    // Given its rules, a state is made under them: its crises are theirs, whatever the spec says.
    const calm = compileRules({ ...taiwanSpec('1'), rules: { ...rules.def, crises: [] } });
    const made = createState(taiwanSpec('1'), calm);
    expect(made.rulesHash).toBe(calm.hash());
    expect(Object.keys(made.crises)).toEqual([]);
    expect(Object.keys(state.crises).length).toBeGreaterThan(0);
  });
});

describe('a simulation', () => {
  it('steps a run exactly as the one-call step does, turn after turn', () => {
    const { rules, state: s0 } = taiwan('5');
    const sim = createSimulation(compileRules(taiwanSpec('5')));
    let a = s0;
    let b = s0;
    for (let t = 0; t < 6; t++) {
      const r = sim.step(a);
      if (!r.ok) throw new Error(r.error.message);
      a = r.value.state;
      b = step(rules, b).state;
      expect(stateHash(rules, a)).toBe(stateHash(rules, b));
    }
    expect(stateHash(rules, a)).toBe(stateHash(rules, runTurns(rules, s0, 6).state));
  });

  it('takes a state of the same rules compiled again (a loaded save), and refuses one from other rules', () => {
    const { rules, state: s0 } = taiwan('2');
    const sim = createSimulation(compileRules(taiwanSpec('2')));
    const copy: WorldState = JSON.parse(JSON.stringify(s0));
    const fromCopy = sim.step(copy);
    const direct = sim.step(s0);
    expect(fromCopy.ok && direct.ok).toBe(true);
    if (fromCopy.ok && direct.ok)
      expect(stateHash(rules, fromCopy.value.state)).toBe(stateHash(rules, direct.value.state));

    const other = world(compileOrThrow(SMALL).spec('1')).state;
    const refused = sim.step(other);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('rules/mismatch');

    const editedRules = compileRules({
      rules: { ...rules.def, humans: [] },
      actors: copy.actors,
      turnMonths: copy.turnMonths,
    });
    expect(editedRules.hash()).not.toBe(rules.hash());
    const edited: WorldState = { ...copy, rulesHash: editedRules.hash() };
    const r = sim.step(edited);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('rules/mismatch');
  });

  it('returns bad inputs as a value naming the field, and does not throw', () => {
    const sim = createSimulation(taiwan('1').rules);
    const r = sim.step(taiwan('1').state, {
      effects: [{ kind: 'alignment', from: 'XXX', to: 'USA', amount: 0.1 } as never],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('input/invalid');
      expect(r.error.message).toMatch(/effects\[0\]: unknown actor "XXX"/);
    }
  });

  it('returns a run that cannot go on as a value with its code (here a runaway arms race)', () => {
    const arms = runawayArmsWorld();
    let s = arms.state;
    const sim = createSimulation(arms.rules);
    let error: { code: string; message: string } | undefined;
    for (let t = 0; t < 50 && !error; t++) {
      const r = sim.step(s, {}, { trace: false });
      if (r.ok) s = r.value.state;
      else error = r.error;
    }
    expect(error?.code).toBe('sim/diverged');
    expect(error?.message).toMatch(/military capability of X is no longer finite/);
  });
});

describe('the poles of the tilt axis', () => {
  it('a scenario names its own: tilt and the hostility metric follow them', () => {
    const { rules: ownRules, state: own } = world(compileOrThrow(`${SMALL}poles: [JPN, CHN]\n`).spec('1'));
    const { rules: worldRules, state: small } = world(compileOrThrow(SMALL).spec('1'));
    expect(ownRules.def.poles).toEqual(['JPN', 'CHN']);
    expect(worldRules.def.poles).toEqual(['USA', 'CHN']);
    const n = own.actors.length;
    const i = own.actors.findIndex((a) => a.id === 'PHL');
    const j = own.actors.findIndex((a) => a.id === 'JPN');
    const c = own.actors.findIndex((a) => a.id === 'CHN');
    expect(tilt(ownRules, own, 'PHL')).toBeCloseTo((own.alignment[i * n + j] - own.alignment[i * n + c]) / 2, 12);
    expect(tilt(ownRules, own, 'PHL')).not.toBeCloseTo(tilt(worldRules, small, 'PHL'), 6);
    expect(Object.keys(computeMetrics(ownRules, own))).toContain('hostility.JPN-CHN');
    expect(Object.keys(computeMetrics(worldRules, small))).toContain('hostility.USA-CHN');
  });

  it('without both of the world poles and no poles of its own, a scenario has no axis: tilt is 0', () => {
    const text = SMALL.replace('[USA, CHN, JPN, PHL]', '[CHN, JPN, PHL]');
    const { rules, state: s } = world(compileOrThrow(text).spec('1'));
    expect(rules.def.poles).toBeUndefined();
    expect(tilt(rules, s, 'PHL')).toBe(0);
    expect(Object.keys(computeMetrics(rules, s)).some((k) => k.startsWith('hostility.') || k.startsWith('tilt.'))).toBe(
      false,
    );
  });

  it('a pole that is not an actor of the scenario, or the same actor twice, is refused with its place', () => {
    const unknown = compileText(`${SMALL}poles: [JPN, KOR]\n`);
    expect(unknown.ok).toBe(false);
    if (!unknown.ok)
      expect(unknown.issues.map((i) => `${i.path}: ${i.message}`)).toContain('poles[1]: unknown actor "KOR"');
    const same = compileText(`${SMALL}poles: [JPN, JPN]\n`);
    expect(same.ok).toBe(false);
  });
});
