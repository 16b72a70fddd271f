/** Turn inputs are checked before anything runs; a diverging run stops with a clear error. */
import { describe, expect, it } from 'vitest';
import { checkInputs, runTurns, SimulationError, step, type Effect } from '../../src/engine';
import { runawayArmsWorld, tiny } from './world';

const cause = { type: 'input' as const, id: 'test' };
const { rules, state: s } = tiny({ alignment: [1, 0, 0, 1] });
const codes = (effects: unknown[]) => checkInputs(rules, s, { effects: effects as Effect[] }).map((i) => i.code);

describe('checkInputs', () => {
  it('accepts well-formed effects', () => {
    expect(
      codes([
        { kind: 'alignment', from: 'A0', to: 'A1', amount: 0.1, cause },
        { kind: 'counter', name: 'incidents', amount: 1, cause },
      ]),
    ).toEqual([]);
  });

  it('names each problem with a code and a path', () => {
    expect(codes([{ kind: 'alignment', from: 'A0', to: 'ZZ', amount: 0.1, cause }])).toEqual(['input/unknown_actor']);
    expect(codes([{ kind: 'capability', actor: 'A0', capability: 'cyber', amount: 1, cause }])).toEqual([
      'input/unknown_capability',
    ]);
    expect(codes([{ kind: 'teleport', cause }])).toEqual(['input/unknown_kind']);
    expect(codes([{ kind: 'tension', ladder: 'nowhere', amount: 1, cause }])).toEqual(['input/unknown_ladder']);
    expect(codes([{ kind: 'alignment', from: 'A0', to: 'A1', amount: 1e308, cause }])).toEqual(['input/bad_number']);
    expect(codes([{ kind: 'alignment', from: 'A0', to: 'A1', amount: Number.NaN, cause }])).toEqual([
      'input/bad_number',
    ]);
    expect(codes([{ kind: 'flag', name: '__proto__', value: true, cause }])).toEqual(['input/bad_name']);
    expect(
      checkInputs(rules, s, { effects: [{ kind: 'alignment', from: 'A0', to: 'A1', amount: Infinity, cause }] })[0]
        .path,
    ).toBe('effects[0].amount');
  });

  it('step refuses inputs that fail the check, and changes nothing', () => {
    const before = JSON.stringify(s);
    expect(() =>
      step(rules, s, {
        effects: [{ kind: 'capability', actor: 'A0', capability: 'cyber' as never, amount: 1, cause }],
      }),
    ).toThrow(/unknown capability "cyber"/);
    expect(JSON.stringify(s)).toBe(before);
  });

  it('a counter named like an Object method starts from zero', () => {
    const next = step(rules, s, { effects: [{ kind: 'counter', name: 'toString', amount: 2, cause }] }).state;
    expect(next.counters.toString).toBe(2);
  });
});

describe('divergence', () => {
  it('a runaway arms race stops with a SimulationError naming the turn and actor', () => {
    const { rules: arms, state: racing } = runawayArmsWorld();
    let error: unknown;
    try {
      runTurns(arms, racing, 50, undefined, { trace: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as SimulationError).code).toBe('sim/diverged');
    expect((error as Error).message).toMatch(/^turn \d+: military capability of X is no longer finite/);
  });
});
