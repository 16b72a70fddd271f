/**
 * WorldState is deeply read-only in its type: no field of a state, at any depth, can be written
 * through it, so a mistaken in-place edit fails `npm run typecheck` (part of npm test). Each line
 * below must stay a type error: `@ts-expect-error` fails the typecheck if it ever compiles.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  computeMetrics,
  createState,
  compileRules,
  createSimulation,
  legalActions,
  type DeepReadonly,
  type Rules,
  type StateData,
  type WorldState,
} from '../../src/engine';
import { deepFreeze } from '../../src/engine/rules';
import { builtinIds, loadScenario } from '../../src/scenarios/registry';

/** Never called: it only has to compile with each write flagged (the rules' definition is read-only too). */
function writes(s: WorldState, rules: Rules): void {
  // @ts-expect-error the turn
  s.turn = 2;
  // @ts-expect-error a cell of the alignment matrix
  s.alignment[0] = 1;
  // @ts-expect-error an actor's capability
  s.actors[0].capabilities.military = 1;
  // @ts-expect-error a flag
  s.flags.radar = true;
  // @ts-expect-error the use record, three levels down
  s.lastUsed.JPN.osa_grant.PHL = 3;
  // @ts-expect-error a crisis's private shock
  s.crises.cross_strait.shock.CHN = 0;
  // @ts-expect-error the hash of the state's rules
  s.rulesHash = '';
  // @ts-expect-error an action's effects, inside the rules
  rules.def.actions[0].effects.push(rules.def.actions[0].effects[0]);
  // @ts-expect-error a node of an expression
  rules.def.metrics[0].expr.k = 'num';
  // @ts-expect-error the PRNG's draw count
  s.rng.draws++;
  // @ts-expect-error the log
  s.log.push({ turn: 1, inputs: {} });
}

describe('the state type', () => {
  it('is StateData read-only throughout', () => {
    expectTypeOf<WorldState>().toEqualTypeOf<DeepReadonly<StateData>>();
    expect(typeof writes).toBe('function');
  });

  it('and at run time nothing writes into a state: every state of each built-in, deep-frozen, steps, lists its menus and its metrics', () => {
    // In a module (strict mode) a write into a frozen object throws, so any in-place edit fails here.
    for (const id of builtinIds()) {
      const l = loadScenario(id);
      if (!l.ok) throw new Error(`${id} did not load`);
      const spec = l.value.spec('2');
      const sim = createSimulation(compileRules(spec));
      let s: WorldState = deepFreeze(createState(spec, sim.rules));
      for (let t = 0; t < 4 && !s.ended; t++) {
        computeMetrics(sim.rules, s);
        legalActions(sim.rules, s, s.actors[0].id);
        const r = sim.step(s);
        if (!r.ok) throw new Error(`${id}: ${r.error.message}`);
        s = deepFreeze(r.value.state);
      }
      expect(s.turn).toBeGreaterThan(0);
    }
  });
});
