/** The CLI's native state hash is the engine's stateHash, byte for byte, on any state. */
import { describe, expect, it } from 'vitest';
import { createState, runTurns, stateHash as engineHash } from '../../src/engine';
import { stateHash } from '../../src/cli/state-hash';
import { loadScenario } from '../../src/scenarios/registry';
import { actor, tinyWorld } from '../engine/world';

describe('the CLI state hash', () => {
  it('equals the engine hash on built-in states before and after turns, and on a hand-made one', () => {
    const l = loadScenario('taiwan-strait-crisis');
    if (!l.ok) throw new Error('taiwan-strait-crisis did not load');
    const s0 = createState(l.value.spec('3'));
    const s5 = runTurns(s0, 5).state;
    // Negative zero, non-ASCII ids and an empty rules object exercise the canonical form.
    const odd = tinyWorld({ alignment: [1, -0, 0.25, 1], actors: [actor('Ü1'), actor('B2')] });
    for (const s of [s0, s5, odd]) expect(stateHash(s)).toBe(engineHash(s));
    expect(stateHash(s5)).not.toBe(stateHash(s0));
  });
});
