/**
 * Phases 2 to 4: every actor chooses its actions on the state at the start of the turn (humans
 * through the inputs, everyone else by its policy) and pays for them; the events fire and their
 * options are chosen; the actions resolve together with keyed dice.
 */
import { actionKey, budgets, recordUses, resolveAction } from '../actions';
import { runEvents, type OptionPolicy } from '../events';
import { BudgetError } from '../expr';
import { decideActions, optionWeights, policyView } from '../policy';
import { SimulationError } from '../step-errors';
import type { ActionChoice, Decision, Effect, WorldState } from '../types';
import type { TurnScratch } from './scratch';

export interface Decided {
  decisions: Decision[];
  events: ReturnType<typeof runEvents>;
  /** The resolved actions' effects, for phase 5. */
  actionEffects: Effect[];
  /** What each actor carries to the next turn. */
  resources: number[];
  lastUsed: WorldState['lastUsed'];
  /** Action rulings the White cell's inputs decided. */
  ruled: Set<string>;
  /** Keyed draws made by the events and the actions. */
  draws: number;
}

export function decideAndResolve(t: TurnScratch): Decided {
  const { state, rules, inputs, index, ids, n, turn, wantTrace, evalBudget } = t;
  const decisions: Decision[] = [];
  const actionEffects: Effect[] = [];
  const resources = new Array<number>(n);
  const uses: { actor: string; action: string; target: string }[] = [];
  const ruled = new Set<string>();
  let actionDraws = 0;
  let choicesMade: {
    list: (ActionChoice & { score?: number })[];
    doctrine?: string;
    alternatives: Decision['alternatives'];
  }[];
  let ev: ReturnType<typeof runEvents>;
  try {
    // The policies' view of the turn, built only when someone has a choice to make.
    let view: ReturnType<typeof policyView> | undefined;
    const getView = () => (view ??= policyView(rules, state, turn, evalBudget));
    const anyActions = rules.def.actions.length > 0;
    let budget: Float64Array | undefined;
    choicesMade = state.actors.map((a, i) => {
      const human = inputs.actions && Object.hasOwn(inputs.actions, a.id) ? inputs.actions[a.id] : undefined;
      if (human) return { list: human, alternatives: [] };
      const pick =
        anyActions && state.policies[i].maxActions >= 1
          ? decideActions(getView(), i, wantTrace)
          : { chosen: [], alternatives: [], draws: 0 };
      actionDraws += pick.draws;
      return { list: pick.chosen, doctrine: state.policies[i].doctrine, alternatives: pick.alternatives };
    });
    const optionPolicy: OptionPolicy = (chooser, scripted, options) => {
      const i = index.get(chooser);
      return i === undefined ? undefined : optionWeights(getView(), i, scripted, options);
    };
    ev = runEvents(rules, state, inputs, turn, optionPolicy);
    for (let i = 0; i < n; i++) {
      const made = choicesMade[i];
      const actor = ids[i];
      const b = view ? view.budget[i] : (budget ??= budgets(state))[i];
      const d: Decision = {
        actor,
        controller: made.doctrine === undefined ? 'human' : 'policy',
        available: b + (state.resources[i] ?? 0),
        budget: b,
        spent: 0,
        saved: 0,
        actions: [],
        alternatives: made.alternatives,
      };
      if (made.doctrine !== undefined) d.doctrine = made.doctrine;
      for (const choice of made.list) {
        const r = resolveAction(rules, state, turn, actor, choice, inputs.rulings, evalBudget);
        if (r.outcome.adjudicated) ruled.add(actionKey(actor, choice));
        if (choice.score !== undefined) r.outcome.score = choice.score;
        d.spent += r.outcome.cost;
        d.actions.push(r.outcome);
        actionDraws++;
        uses.push({ actor, action: choice.action, target: choice.target ?? '' });
        actionEffects.push(...r.effects);
      }
      d.saved = Math.max(0, Math.min(t.p.policy.reserve * d.budget, d.available - d.spent));
      resources[i] = d.saved;
      decisions.push(d);
    }
  } catch (e) {
    if (e instanceof BudgetError)
      throw new SimulationError(
        'sim/too_costly',
        `turn ${turn}: ${e.message}; simplify the action preconditions or event expressions`,
      );
    throw e;
  }
  return {
    decisions,
    events: ev,
    actionEffects,
    resources,
    lastUsed: recordUses(rules, state, turn, uses),
    ruled,
    draws: ev.draws + actionDraws,
  };
}
