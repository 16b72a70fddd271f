/** The CLI's native state hash is the engine's stateHash, byte for byte, on any state. */
import { describe, expect, it } from 'vitest';
import { compileRules, createState, runTurns, stateHash as engineHash } from '../../src/engine';
import { compileRulesNative, stateHash } from '../../src/cli/state-hash';
import { loadScenario } from '../../src/scenarios/registry';
import { actor, tiny } from '../engine/world';

describe('the CLI state hash', () => {
  it('equals the engine hash on built-in states before and after turns, and on a hand-made one', () => {
    const l = loadScenario('taiwan-strait-crisis');
    if (!l.ok) throw new Error('taiwan-strait-crisis did not load');
    const spec = l.value.spec('3');
    const rules = compileRules(spec);
    const s0 = createState(spec, rules);
    const s5 = runTurns(rules, s0, 5).state;
    // Negative zero, non-ASCII ids and an empty rules object exercise the canonical form.
    const odd = tiny({ alignment: [1, -0, 0.25, 1], actors: [actor('Ü1'), actor('B2')] });
    for (const [r, s] of [
      [rules, s0],
      [rules, s5],
      [odd.rules, odd.state],
    ] as const)
      expect(stateHash(r, s)).toBe(engineHash(r, s));
    expect(stateHash(rules, s5)).not.toBe(stateHash(rules, s0));
    // The hash covers the rules: a state under rules it was not made from is refused, not hashed.
    expect(() => stateHash(odd.rules, s0)).toThrow(/not made from these rules/);
    // The CLI's rules compiled with the native SHA-256 carry the engine's rules hash.
    expect(compileRulesNative(spec).hash()).toBe(rules.hash());
    expect(compileRulesNative({ actors: odd.state.actors, turnMonths: 1 }).hash()).toBe(odd.rules.hash());
  });
});
