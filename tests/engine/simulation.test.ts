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
  runTurns,
  simulationOf,
  stateHash,
  step,
  tilt,
  type WorldState,
} from '../../src/engine';
import { loadScenario } from '../../src/scenarios/registry';
import { compileOrThrow, compileText, SMALL } from '../scenarios/compile-helper';
import { runawayArms } from './world';

function taiwan(seed: string): WorldState {
  const l = loadScenario('taiwan-strait-crisis');
  if (!l.ok) throw new Error('taiwan-strait-crisis did not load');
  return createState(l.value.spec(seed));
}

describe('compiled rules', () => {
  it('are frozen throughout: the definition, the plans, the index of actors', () => {
    const rules = compileRules(taiwan('1'));
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
    const s = taiwan('1');
    const rules = compileRules(s);
    expect(s.rules.poles).toEqual(['USA', 'CHN']);
    expect(rules.poles).toEqual([rules.index.get('USA'), rules.index.get('CHN')]);
  });
});

describe('a simulation', () => {
  it('steps a run exactly as the one-call step does, turn after turn', () => {
    const s0 = taiwan('5');
    const sim = simulationOf(s0);
    let a = s0;
    let b = s0;
    for (let t = 0; t < 6; t++) {
      const r = sim.step(a);
      if (!r.ok) throw new Error(r.error.message);
      a = r.value.state;
      b = step(b).state;
      expect(stateHash(a)).toBe(stateHash(b));
    }
    expect(stateHash(a)).toBe(stateHash(runTurns(s0, 6).state));
  });

  it('takes a state whose rules are an equal copy (a loaded save), and refuses one from other rules', () => {
    const s0 = taiwan('2');
    const sim = simulationOf(s0);
    const copy: WorldState = JSON.parse(JSON.stringify(s0));
    const fromCopy = sim.step(copy);
    const direct = sim.step(s0);
    expect(fromCopy.ok && direct.ok).toBe(true);
    if (fromCopy.ok && direct.ok) expect(stateHash(fromCopy.value.state)).toBe(stateHash(direct.value.state));

    const other = createState(compileOrThrow(SMALL).spec('1'));
    const refused = sim.step(other);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('rules/mismatch');

    const edited: WorldState = { ...copy, rules: { ...copy.rules, humans: [] } };
    const r = sim.step(edited);
    expect(r.ok).toBe(false);
  });

  it('returns bad inputs as a value naming the field, and does not throw', () => {
    const sim = simulationOf(taiwan('1'));
    const r = sim.step(taiwan('1'), { effects: [{ kind: 'alignment', from: 'XXX', to: 'USA', amount: 0.1 } as never] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('input/invalid');
      expect(r.error.message).toMatch(/effects\[0\]: unknown actor "XXX"/);
    }
  });

  it('returns a run that cannot go on as a value with its code (here a runaway arms race)', () => {
    let s = runawayArms();
    const sim = createSimulation(compileRules(s));
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
    const own = createState(compileOrThrow(`${SMALL}poles: [JPN, CHN]\n`).spec('1'));
    const world = createState(compileOrThrow(SMALL).spec('1'));
    expect(own.rules.poles).toEqual(['JPN', 'CHN']);
    expect(world.rules.poles).toEqual(['USA', 'CHN']);
    const n = own.actors.length;
    const i = own.actors.findIndex((a) => a.id === 'PHL');
    const j = own.actors.findIndex((a) => a.id === 'JPN');
    const c = own.actors.findIndex((a) => a.id === 'CHN');
    expect(tilt(own, 'PHL')).toBeCloseTo((own.alignment[i * n + j] - own.alignment[i * n + c]) / 2, 12);
    expect(tilt(own, 'PHL')).not.toBeCloseTo(tilt(world, 'PHL'), 6);
    expect(Object.keys(computeMetrics(own))).toContain('hostility.JPN-CHN');
    expect(Object.keys(computeMetrics(world))).toContain('hostility.USA-CHN');
  });

  it('without both of the world poles and no poles of its own, a scenario has no axis: tilt is 0', () => {
    const text = SMALL.replace('[USA, CHN, JPN, PHL]', '[CHN, JPN, PHL]');
    const s = createState(compileOrThrow(text).spec('1'));
    expect(s.rules.poles).toBeUndefined();
    expect(tilt(s, 'PHL')).toBe(0);
    expect(Object.keys(computeMetrics(s)).some((k) => k.startsWith('hostility.') || k.startsWith('tilt.'))).toBe(false);
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
