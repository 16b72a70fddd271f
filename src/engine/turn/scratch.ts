/**
 * The working copy of one turn: what step() reads from the state at the start of the turn and the
 * arrays the phases change in place, in their fixed order (src/engine/step.ts). A turn's phases are
 * the functions of src/engine/turn/; each takes this and the results of the phases before it, and
 * returns its own results. Nothing here outlives the turn.
 */
import { capabilityArrays, perItem, toF64 } from '../arrays';
import { payoffs, resolveAt } from '../crisis';
import { balanceIn } from '../crisis-policy';
import { EVAL_BUDGET } from '../expr';
import type { Rules } from '../rules';
import type { CrisisDef, CrisisRecord, CrisisState, TurnInputs, WorldState } from '../types';

/** Capability kinds by the row of `caps` that holds them. */
export const CAP_INDEX = Object.freeze({ military: 0, economic: 1, maritime: 2, diplomatic: 3 } as const);

export interface TurnScratch {
  state: WorldState;
  /** The compiled rules the state was made from (src/engine/rules.ts). */
  rules: Rules;
  inputs: TurnInputs;
  /** Build the per-turn record (false in batch runs). */
  wantTrace: boolean;
  p: WorldState['params'];
  w: WorldState['params']['weights'];
  n: number;
  nn: number;
  ids: readonly string[];
  index: ReadonlyMap<string, number>;
  /** The turn being played (state.turn + 1) and its length in years. */
  turn: number;
  dt: number;
  /** Changed in place by the phases, in order: */
  A: Float64Array;
  load: Float64Array;
  baseline: Float64Array;
  caps: Float64Array[];
  ladders: Map<string, number>;
  flags: WorldState['flags'];
  counters: WorldState['counters'];
  crises: Record<string, CrisisState>;
  autonomy: Float64Array;
  /** Rulings on dice that the turn used (slips, wars). */
  rulingsUsed: Set<string>;
  /** The expression evaluator's budget for the whole turn. */
  evalBudget: { left: number };
  /** For the record: the alignment before the turn, and each crisis as the actors saw it. */
  before: number[];
  crisisRecords: CrisisRecord[];
}

/** Phase 1, the calendar and fading memory: the turn's working copy of the state. */
export function beginTurn(rules: Rules, state: WorldState, inputs: TurnInputs, wantTrace: boolean): TurnScratch {
  const p = state.params;
  const n = state.actors.length;
  const nn = n * n;
  const { ids, index } = rules;
  const load = toF64(state.effectLoad);
  const keep = 1 - p.effects.fatigueDecay;
  for (let x = 0; x < nn; x++) load[x] *= keep;
  return {
    state,
    rules,
    inputs,
    wantTrace,
    p,
    w: p.weights,
    n,
    nn,
    ids,
    index,
    turn: state.turn + 1,
    dt: state.turnMonths / 12,
    A: toF64(state.alignment),
    load,
    baseline: toF64(state.baseline),
    caps: capabilityArrays(state.actors),
    ladders: new Map<string, number>([
      ['global', state.ladders.global],
      ...state.ladders.dyads.map((d) => [d.id, d.level] as [string, number]),
    ]),
    flags: { ...state.flags },
    counters: { ...state.counters },
    crises: { ...state.crises },
    autonomy: perItem(state.actors, (a) => a.posture.autonomy),
    rulingsUsed: new Set<string>(),
    evalBudget: { left: EVAL_BUDGET },
    before: wantTrace ? [...state.alignment] : [],
    // Each crisis as the actors see it at the start of the turn (for the record).
    crisisRecords: wantTrace ? rules.def.crises.map((def) => crisisRecord(state, def, rules)) : [],
  };
}

/** A crisis as the actors see it in `state`: balance of forces, chances, each side's resolve. */
function crisisRecord(state: WorldState, def: CrisisDef, rules: Rules): CrisisRecord {
  const bal = balanceIn(state, def, rules);
  const level = state.ladders.dyads.find((d) => d.id === def.ladder)!.level;
  const shock = state.crises[def.ladder].shock;
  const resolve = [0, 1].map((s) =>
    resolveAt(payoffs(def, s as 0 | 1, bal.chance[s], shock[def.sides[s].actor] ?? 0, state.params.crisis), level),
  ) as [number, number];
  return { ladder: def.ladder, level, risk: 0, forces: bal.forces, parts: bal.parts, chance: bal.chance, resolve };
}
