/**
 * The end of a turn: the guards against divergence, the next state, any crisis at its war rung
 * resolved (keyed dice: side a wins with its chance of prevailing on the new balance), the end
 * conditions, and the turn's record.
 */
import { toPlain } from '../arrays';
import { crisisBalance, openCrisis } from '../crisis';
import { addMonths } from '../dates';
import { checkEnd } from '../events';
import { evalContext, evalNumber } from '../expr';
import { keyedDraw } from '../rng';
import { SimulationError } from '../step-errors';
import { CAPABILITY_KINDS, type StepResult, type TurnTrace, type WorldState } from '../types';
import type { alignmentTerms } from './alignment';
import type { Capabilities } from './capabilities';
import type { Decided } from './decide';
import type { applyTurnEffects } from './effects';
import type { moveLadders } from './ladders';
import type { TurnScratch } from './scratch';

export interface PhaseResults {
  decided: Decided;
  effects: ReturnType<typeof applyTurnEffects>;
  capabilities: Capabilities;
  terms: ReturnType<typeof alignmentTerms>;
  ladders: ReturnType<typeof moveLadders>;
}

/** Refuse a turn whose numbers ran away: a non-finite capability or a NaN alignment. */
function checkFinite(t: TurnScratch): void {
  const { n, nn, ids, caps, A, turn } = t;
  for (let i = 0; i < n; i++)
    for (let c = 0; c < caps.length; c++)
      if (!Number.isFinite(caps[c][i]))
        throw new SimulationError(
          'sim/diverged',
          `turn ${turn}: ${CAPABILITY_KINDS[c]} capability of ${ids[i]} is no longer finite (a runaway arms race?); lower arms.reactivity or weights.arms`,
        );
  for (let x = 0; x < nn; x++)
    if (Number.isNaN(A[x]))
      throw new SimulationError(
        'sim/diverged',
        `turn ${turn}: alignment of ${ids[Math.floor(x / n)]} toward ${ids[x % n]} is not a number`,
      );
}

export function finishTurn(t: TurnScratch, r: PhaseResults): StepResult & { trace: TurnTrace } {
  checkFinite(t);
  const { state, rules, inputs, turn, caps, ladders, wantTrace, crisisRecords, index } = t;
  const hasInputs =
    (inputs.effects?.length ?? 0) > 0 ||
    (inputs.inject?.length ?? 0) > 0 ||
    Object.keys(inputs.choices ?? {}).length > 0 ||
    Object.keys(inputs.actions ?? {}).length > 0 ||
    Object.keys(inputs.rulings ?? {}).length > 0;
  const draws = r.decided.draws + r.terms.draws + r.ladders.draws;
  // The PRNG record and the crises are this turn's own objects, which the war phase below updates.
  const rng = { seed: state.rng.seed, draws: state.rng.draws + draws };
  const crises = t.crises;
  let next: WorldState = {
    ...state,
    turn,
    date: addMonths(state.startDate, turn * state.turnMonths),
    actors: state.actors.map((a, i) => ({
      ...a,
      capabilities: { military: caps[0][i], economic: caps[1][i], maritime: caps[2][i], diplomatic: caps[3][i] },
    })),
    alignment: toPlain(t.A),
    baseline: toPlain(t.baseline),
    effectLoad: toPlain(t.load),
    ladders: {
      ...state.ladders,
      global: ladders.get('global')!,
      dyads: state.ladders.dyads.map((d) => ({ ...d, level: ladders.get(d.id)! })),
    },
    crises,
    flags: t.flags,
    counters: t.counters,
    resources: r.decided.resources,
    lastUsed: r.decided.lastUsed,
    events: r.decided.events.events,
    rng,
    // The log is shared with the previous state, never written: a turn with inputs makes a new one.
    log: hasInputs ? [...state.log, { turn, inputs: structuredClone(inputs) }] : state.log,
  };
  // A crisis at its war rung is war, won by side a with its chance of prevailing on the new balance.
  for (const id of r.ladders.atWar) {
    const def = rules.def.crises.find((c) => c.ladder === id)!;
    if (!openCrisis(next, id)) continue;
    const c = evalContext(rules, next, index, turn, next.events.fired, t.evalBudget);
    const chance = crisisBalance(next, def, index, (e) => evalNumber(e, c)).chance[0];
    const key = `war@${id}`;
    const ruled = inputs.rulings && Object.hasOwn(inputs.rulings, key) ? inputs.rulings[key] : undefined;
    const roll = keyedDraw(state.rng.seed, turn, 'war', id);
    rng.draws++;
    if (ruled !== undefined) t.rulingsUsed.add(key);
    const winner = (ruled ?? roll < chance) ? def.sides[0].actor : def.sides[1].actor;
    crises[id] = { ...crises[id], war: { turn, winner, chance } };
    if (wantTrace) crisisRecords[rules.def.crises.indexOf(def)].war = { winner, chance, roll };
  }
  if (wantTrace)
    rules.def.crises.forEach((def, k) => {
      const was = state.crises[def.ladder];
      const now = next.crises[def.ladder];
      if (!was.conceded && now.conceded) crisisRecords[k].conceded = now.conceded.actor;
    });
  const ended = checkEnd(rules, next);
  if (ended) next = { ...next, ended };
  const { terms: tm, capabilities: cap } = r;
  const trace: TurnTrace = {
    turn,
    date: next.date,
    events: r.decided.events.fired,
    decisions: r.decided.decisions,
    unusedRulings: Object.keys(inputs.rulings ?? {}).filter((k) => !r.decided.ruled.has(k) && !t.rulingsUsed.has(k)),
    effects: r.effects.effects,
    before: t.before,
    afterEffects: r.effects.afterEffects,
    baseline: wantTrace ? toPlain(t.baseline) : [],
    terms: wantTrace
      ? {
          influence: toPlain(tm.influence),
          balance: toPlain(tm.balance),
          threat: toPlain(tm.threat),
          residual: toPlain(tm.residual),
          noise: toPlain(tm.noise),
        }
      : { influence: [], balance: [], threat: [], residual: [], noise: [] },
    bound: tm.bound,
    military: wantTrace ? toPlain(cap.military) : [],
    militaryGrowth: wantTrace ? toPlain(cap.growth) : [],
    salience: wantTrace ? toPlain(tm.salience) : [],
    capabilities: cap.trace,
    ladders: r.ladders.trace,
    crises: crisisRecords,
  };
  return { state: next, trace };
}
