/**
 * Actions: the instruments of power (data/actions.yaml). This module decides what is legal for an
 * actor (who may use an action, whom it may target, its preconditions and its cost against the
 * actor's resources) and resolves a turn's actions with keyed dice. All actors decide on the state
 * at the start of the turn and their actions resolve together: no action sees another's result.
 */
import { pow } from './arrays';
import { EVAL_BUDGET, evalBool, evalContext, type EvalContext } from './expr';
import { resolveEffect } from './events';
import { keyedDraw } from './rng';
import type { Rules } from './rules';
import {
  CAPABILITY_KINDS,
  type ActionChoice,
  type ActionDef,
  type ActionOutcome,
  type Effect,
  type EffectDef,
  type Framing,
  type StateData,
  type WorldState,
} from './types';

/** Most actions one actor may take in a turn, human or policy. */
export const MAX_ACTIONS_PER_TURN = 6;

/**
 * Each actor's resource points for this turn, from its capabilities at the start of the turn:
 *   budget_i = scale * mean over the four capabilities of (cap_i / max_j cap_j)^exponent.
 */
export function budgets(state: WorldState): Float64Array {
  const n = state.actors.length;
  const { budgetScale, budgetExponent } = state.params.policy;
  const out = new Float64Array(n);
  for (const kind of CAPABILITY_KINDS) {
    let max = 0;
    for (const a of state.actors) if (a.capabilities[kind] > max) max = a.capabilities[kind];
    if (max <= 0) continue;
    for (let i = 0; i < n; i++)
      out[i] += pow(state.actors[i].capabilities[kind] / max, budgetExponent) / CAPABILITY_KINDS.length;
  }
  for (let i = 0; i < n; i++) out[i] *= budgetScale;
  return out;
}

/** Cost of an action in a framing: partnership takes more consultation and co-design. */
export function actionCost(def: ActionDef, framing: Framing | undefined, state: WorldState): number {
  return framing === 'partnership' ? def.cost * (1 + state.params.policy.partnershipCost) : def.cost;
}

/** When an actor last took an action against a target, if it is still on record. */
export function lastUse(
  record: WorldState['lastUsed'],
  actor: string,
  action: string,
  target: string,
): number | undefined {
  const byAction = Object.hasOwn(record, actor) ? record[actor] : undefined;
  const byTarget = byAction && Object.hasOwn(byAction, action) ? byAction[action] : undefined;
  return byTarget && Object.hasOwn(byTarget, target) ? byTarget[target] : undefined;
}

/** Whether an actor's part of the record stays as it is this turn: it has uses, every action has one, and every one is kept. */
function allCurrent(
  actions: StateData['lastUsed'][string],
  keepFor: ReadonlyMap<string, number>,
  turn: number,
): boolean {
  let anyAction = false;
  for (const action in actions) {
    const longest = keepFor.get(action) ?? 1;
    const targets = actions[action];
    let any = false;
    for (const target in targets) {
      if (turn - targets[target] >= longest) return false;
      any = true;
    }
    if (!any) return false;
    anyAction = true;
  }
  return anyAction;
}

/**
 * The record after this turn's actions: keeps a use only while its action is cooling down, or for
 * one turn (which the policies' attention reads), so the state stays small. Parts of the record
 * that do not change are shared with the previous state's (states are never modified in place),
 * so a turn copies only what it drops or adds.
 */
export function recordUses(
  rules: Rules,
  state: WorldState,
  turn: number,
  uses: { actor: string; action: string; target: string }[],
): WorldState['lastUsed'] {
  const keepFor = rules.keepFor;
  const out: StateData['lastUsed'] = {};
  // for...in over plain JSON objects: their own keys, in Object.keys order, without the arrays.
  const record = state.lastUsed;
  for (const actor in record) {
    const actions = record[actor];
    // Most of an actor's record is still current: shared as it is, without a copy.
    if (allCurrent(actions, keepFor, turn)) {
      out[actor] = actions;
      continue;
    }
    let byAction: StateData['lastUsed'][string] | undefined;
    for (const action in actions) {
      const longest = keepFor.get(action) ?? 1;
      const targets = actions[action];
      let kept: Record<string, number> | undefined;
      let all = true;
      for (const target in targets) {
        const t = targets[target];
        if (turn - t < longest) (kept ??= {})[target] = t;
        else all = false;
      }
      if (all && kept) kept = targets;
      if (kept) (byAction ??= {})[action] = kept;
    }
    if (byAction) out[actor] = byAction;
  }
  if (!uses.length) return out;
  // This turn's uses go into copies of whatever is still shared.
  const fresh = new Set<object>();
  for (const u of uses) {
    let byAction = Object.hasOwn(out, u.actor) ? out[u.actor] : undefined;
    if (!byAction || !fresh.has(byAction)) fresh.add((byAction = out[u.actor] = { ...byAction }));
    let byTarget = Object.hasOwn(byAction, u.action) ? byAction[u.action] : undefined;
    if (!byTarget || !fresh.has(byTarget)) fresh.add((byTarget = byAction[u.action] = { ...byTarget }));
    byTarget[u.target] = turn;
  }
  return out;
}

/** Whether actor i may use the action at all this turn (who, and minimum capabilities). */
export function usableBy(def: ActionDef, state: WorldState, i: number): boolean {
  return (!def.users || def.users.includes(state.actors[i].id)) && hasCapabilities(def, state, i);
}

/** Whether actor i has the action's minimum capabilities this turn. */
function hasCapabilities(def: ActionDef, state: WorldState, i: number): boolean {
  const min = def.minCapability;
  if (!min) return true;
  // The four kinds written out (CAPABILITY_KINDS): keyed reads in a loop are slow here.
  const c = state.actors[i].capabilities;
  return !(
    c.military < (min.military ?? 0) ||
    c.economic < (min.economic ?? 0) ||
    c.maritime < (min.maritime ?? 0) ||
    c.diplomatic < (min.diplomatic ?? 0)
  );
}

/** Indices of the actors that actor i may aim the action at (structural filter, before preconditions). */
export function targetsFor(
  def: ActionDef,
  state: WorldState,
  i: number,
  index: ReadonlyMap<string, number>,
  among?: readonly number[],
): number[] {
  if (!def.target) return [];
  const n = state.actors.length;
  const out: number[] = [];
  if (among) {
    for (const j of among) if (fits(def, state.alignment, n, i, j)) out.push(j);
  } else if (def.target.actors) {
    for (const id of def.target.actors) {
      const j = index.get(id);
      if (j !== undefined && fits(def, state.alignment, n, i, j)) out.push(j);
    }
  } else for (let j = 0; j < n; j++) if (fits(def, state.alignment, n, i, j)) out.push(j);
  return out;
}

/** targetsFor written into `out` (reused scratch space); returns how many there are. */
export function targetsInto(
  def: ActionDef,
  state: WorldState,
  i: number,
  index: ReadonlyMap<string, number>,
  among: readonly number[] | undefined,
  out: number[],
): number {
  if (!def.target) return 0;
  const n = state.actors.length;
  const A = state.alignment;
  let count = 0;
  if (among) {
    for (let k = 0; k < among.length; k++) if (fits(def, A, n, i, among[k])) out[count++] = among[k];
  } else if (def.target.actors) {
    for (const id of def.target.actors) {
      const j = index.get(id);
      if (j !== undefined && fits(def, A, n, i, j)) out[count++] = j;
    }
  } else for (let j = 0; j < n; j++) if (fits(def, A, n, i, j)) out[count++] = j;
  return count;
}

/** Whether j is a valid target of i by the action's relation (a plain function, for speed). */
function fits(def: ActionDef, A: readonly number[], n: number, i: number, j: number): boolean {
  if (j === i) return false;
  const a = A[i * n + j];
  const relation = def.target!.relation;
  return relation === 'partner' ? a > 0 : relation === 'rival' ? a < 0 : true;
}

/** Why an action is not open: a precondition's reason (its text), or one of these three. */
export const NOT_USABLE = Object.freeze({ bar: 'user' as const });
export const TOO_COSTLY = Object.freeze({ bar: 'cost' as const });
export const COOLING_DOWN = Object.freeze({ bar: 'cooldown' as const });
export type Bar = string | typeof NOT_USABLE | typeof TOO_COSTLY | typeof COOLING_DOWN;

/**
 * Legality, part 1 of 2: whether actor i may take action k of the rules this turn at all: it is
 * among the action's users and has the minimum capabilities, can afford the action with `available`
 * points (within `slack`: rounding for a human's menu and inputs, 0 for the policies), and meets every precondition that does not mention the target (evaluated in `c`, whose
 * target is unset). The first bar, or undefined. The policies, the menus (actionOptions) and the
 * input check (checkChoices) all decide legality with this and `barredAt`, and nothing else.
 */
export function barredFor(
  rules: Rules,
  state: WorldState,
  i: number,
  k: number,
  c: EvalContext,
  available: number,
  slack = 1e-9,
): Bar | undefined {
  const def = rules.actions[k];
  if (!rules.users[k * rules.ids.length + i] || !hasCapabilities(def, state, i)) return NOT_USABLE;
  if (def.cost > available + slack) return TOO_COSTLY;
  const plan = rules.plans[k];
  for (let r = 0; r < plan.fixedRequires.length; r++) if (plan.fixedRequires[r](c) !== true) return plan.fixedWhy[r];
  return undefined;
}

/**
 * Legality, part 2 of 2, at one target (or none, `target` undefined) of an action that `barredFor`
 * left open: the action is not cooling down for this actor and target, and every precondition that
 * mentions the target holds (in `c`, with the target set). `uses` is the actor's record of this
 * action (usesOf), looked up once for all targets.
 */
export function barredAt(
  rules: Rules,
  state: WorldState,
  k: number,
  c: EvalContext,
  target: string | undefined,
  turn: number,
  uses: Readonly<Record<string, number>> | undefined,
): Bar | undefined {
  const def = rules.actions[k];
  if (uses !== undefined) {
    const key = target ?? '';
    if (Object.hasOwn(uses, key) && (turn - uses[key]) * state.turnMonths < def.cooldown) return COOLING_DOWN;
  }
  const plan = rules.plans[k];
  for (let r = 0; r < plan.targetRequires.length; r++) if (plan.targetRequires[r](c) !== true) return plan.targetWhy[r];
  return undefined;
}

/** An actor's record of uses of an action with a cooldown (target -> turn), for barredAt; undefined when none counts. */
export function usesOf(state: WorldState, actor: string, def: ActionDef): Readonly<Record<string, number>> | undefined {
  if (def.cooldown <= 0) return undefined;
  const byAction = Object.hasOwn(state.lastUsed, actor) ? state.lastUsed[actor] : undefined;
  return byAction && Object.hasOwn(byAction, def.id) ? byAction[def.id] : undefined;
}

/** The success chance and the modifiers that applied. */
export function successChance(
  def: ActionDef,
  c: EvalContext,
): { base: number; modifiers: { note: string; add: number }[]; chance: number } {
  const modifiers: { note: string; add: number }[] = [];
  let p = def.chance;
  for (const m of def.modifiers)
    if (evalBool(m.when, c)) {
      modifiers.push({ note: m.note, add: m.add });
      p += m.add;
    }
  return { base: def.chance, modifiers, chance: Math.min(1, Math.max(0, p)) };
}

/** Engine effects of an action's effect list for this actor and target, framed as chosen. */
export function actionEffects(
  def: ActionDef,
  list: readonly EffectDef[],
  c: EvalContext,
  framing: Framing | undefined,
): Effect[] {
  const cause = {
    type: 'action' as const,
    id: def.id,
    actors: c.target ? [c.actor!, c.target] : [c.actor!],
    note: framing,
  };
  const out: Effect[] = [];
  for (const e of list)
    for (const x of resolveEffect(e, c, cause)) {
      if (x.kind === 'alignment' && framing && x.framing === undefined) x.framing = framing;
      out.push(x);
    }
  return out;
}

/** An evaluation context for an actor (and target) on the state at the start of the turn. */
export function actionContext(
  rules: Rules,
  state: WorldState,
  index: ReadonlyMap<string, number>,
  turn: number,
  actor: string,
  target?: string,
  budget?: { left: number },
): EvalContext {
  return evalContext(rules, state, index, turn, state.events.fired, budget, actor, target);
}

/** The key of an action's dice and of a White-cell ruling on them: `actor:action@target`. */
export function actionKey(actor: string, c: ActionChoice): string {
  return `${actor}:${c.action}@${c.target ?? ''}`;
}

/** Why a human's choices for an actor are not legal, or an empty list if they are. */
export function checkChoices(
  rules: Rules,
  state: WorldState,
  actor: string,
  choices: ActionChoice[],
  available: number,
  index: ReadonlyMap<string, number>,
  turn: number,
): string[] {
  const i = index.get(actor);
  if (i === undefined) return [`unknown actor "${actor}"`];
  if (!Array.isArray(choices)) return ['a list of actions'];
  // Nothing past the limit is even looked at: a huge list costs no more than a legal one.
  if (choices.length > MAX_ACTIONS_PER_TURN)
    return [`at most ${MAX_ACTIONS_PER_TURN} actions a turn (found ${choices.length})`];
  const problems: string[] = [];
  const seen = new Set<string>();
  const budget = { left: EVAL_BUDGET };
  let spent = 0;
  choices.forEach((c, k) => {
    if (!c || typeof c !== 'object' || Array.isArray(c))
      return problems.push(`[${k}]: an object { action, target?, framing? }`);
    const extra = Object.keys(c).filter((f) => f !== 'action' && f !== 'target' && f !== 'framing');
    if (extra.length)
      return problems.push(
        `[${k}]: unknown field ${JSON.stringify(extra[0])} (a choice has action, target and framing)`,
      );
    if (c.target !== undefined && typeof c.target !== 'string')
      return problems.push(`[${k}]: target must be an actor id`);
    const found = typeof c.action === 'string' ? rules.actionById.get(c.action) : undefined;
    if (!found) return problems.push(`[${k}]: no action ${JSON.stringify(c.action)}`);
    const { def, k: d } = found;
    const key = actionKey(actor, c);
    if (seen.has(key)) return problems.push(`[${k}]: ${def.id} is already chosen for that target`);
    seen.add(key);
    // The total cost is checked below, over all the choices.
    const ctx = actionContext(rules, state, index, turn, actor, undefined, budget);
    const open = barredFor(rules, state, i, d, ctx, Infinity);
    if (open === NOT_USABLE) return problems.push(`[${k}]: ${actor} cannot take ${def.id}`);
    if (def.target) {
      const j = c.target === undefined ? undefined : index.get(c.target);
      if (j === undefined) return problems.push(`[${k}]: ${def.id} needs a target actor`);
      if (!targetsFor(def, state, i, index).includes(j))
        return problems.push(`[${k}]: ${def.id} cannot target ${c.target}`);
    } else if (c.target !== undefined) return problems.push(`[${k}]: ${def.id} takes no target`);
    if (c.framing !== undefined && !def.framings.includes(c.framing))
      return problems.push(`[${k}]: ${def.id} has no framing ${JSON.stringify(c.framing)}`);
    if (c.framing === undefined && def.framings.length)
      return problems.push(`[${k}]: ${def.id} needs a framing: ${def.framings.join(' or ')}`);
    ctx.target = c.target;
    const why = open ?? barredAt(rules, state, d, ctx, c.target, turn, usesOf(state, actor, def));
    if (why === COOLING_DOWN)
      return problems.push(
        `[${k}]: ${def.id} was taken too recently (it can be repeated every ${def.cooldown} months)`,
      );
    if (typeof why === 'string') return problems.push(`[${k}]: ${def.id} is not possible: ${why}`);
    spent += actionCost(def, c.framing, state);
  });
  if (spent > available + 1e-9)
    problems.push(`the actions cost ${round(spent)} points but ${actor} has ${round(available)}`);
  return problems;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Roll for one chosen action and produce its effects. */
export function resolveAction(
  rules: Rules,
  state: WorldState,
  turn: number,
  actor: string,
  choice: ActionChoice,
  rulings: Readonly<Record<string, boolean>> | undefined,
  budget: { left: number },
): { outcome: ActionOutcome; effects: Effect[] } {
  const def = rules.actionById.get(choice.action)!.def;
  const c = actionContext(rules, state, rules.index, turn, actor, choice.target, budget);
  const odds = successChance(def, c);
  const key = actionKey(actor, choice);
  const roll = keyedDraw(state.rng.seed, turn, `action:${def.id}`, `${actor}>${choice.target ?? ''}`);
  const ruled = rulings && Object.hasOwn(rulings, key) ? rulings[key] : undefined;
  const success = ruled ?? roll < odds.chance;
  const outcome: ActionOutcome = {
    action: def.id,
    cost: actionCost(def, choice.framing, state),
    ...odds,
    roll,
    success,
  };
  if (choice.target !== undefined) outcome.target = choice.target;
  if (choice.framing !== undefined) outcome.framing = choice.framing;
  if (ruled !== undefined) outcome.adjudicated = true;
  const effects = actionEffects(def, success ? def.effects : def.failure, c, choice.framing);
  return { outcome, effects };
}

/** One action an actor may take now, for a human's menu. */
export interface LegalAction {
  action: string;
  name: string;
  instrument: ActionDef['instrument'];
  target?: string;
  framings: ActionDef['framings'];
  /** Cost without framing (patronage) and, when partnership is possible, with it. */
  cost: number;
  partnershipCost?: number;
  chance: number;
  /** What success would request (amounts before diminishing returns and framing), for menus. */
  onSuccess: Effect[];
}

/** An action the actor may not take next turn, with the reason (a failed precondition, cooldown or cost). */
export interface BarredAction {
  action: string;
  name: string;
  target?: string;
  why: string;
}

/**
 * Every action the actor may use (by its `by` list) at each valid target, sorted into what it may
 * take next turn and what it may not, with the first reason (a precondition, a cooldown, the cost).
 */
export function actionOptions(
  rules: Rules,
  state: WorldState,
  actor: string,
): { legal: LegalAction[]; barred: BarredAction[] } {
  const index = rules.index;
  const i = index.get(actor);
  const legal: LegalAction[] = [];
  const barred: BarredAction[] = [];
  if (i === undefined) return { legal, barred };
  const available = budgets(state)[i] + (state.resources[i] ?? 0);
  const turn = state.turn + 1;
  const budget = { left: EVAL_BUDGET };
  rules.actions.forEach((def, d) => {
    const ctx = actionContext(rules, state, index, turn, actor, undefined, budget);
    // The cost is the last reason shown: saving points is no use while a precondition fails.
    const open = barredFor(rules, state, i, d, ctx, Infinity);
    if (open === NOT_USABLE) return;
    const uses = usesOf(state, actor, def);
    const targets = def.target ? targetsFor(def, state, i, index) : [-1];
    for (const t of targets) {
      const target = t >= 0 ? state.actors[t].id : undefined;
      const c = actionContext(rules, state, index, turn, actor, target, budget);
      const bar =
        open ??
        barredAt(rules, state, d, c, target, turn, uses) ??
        (def.cost > available + 1e-9 ? TOO_COSTLY : undefined);
      if (bar !== undefined) {
        const why =
          bar === COOLING_DOWN
            ? `cooling down (${def.cooldown} months between uses)`
            : bar === TOO_COSTLY
              ? `costs ${def.cost} points; ${available.toFixed(1)} available`
              : (bar as string);
        barred.push({ action: def.id, name: def.name, ...(target !== undefined ? { target } : {}), why });
        continue;
      }
      const item: LegalAction = {
        action: def.id,
        name: def.name,
        instrument: def.instrument,
        framings: def.framings,
        cost: def.cost,
        chance: successChance(def, c).chance,
        onSuccess: actionEffects(def, def.effects, c, undefined),
      };
      if (target !== undefined) item.target = target;
      if (def.framings.includes('partnership')) item.partnershipCost = actionCost(def, 'partnership', state);
      legal.push(item);
    }
  });
  return { legal, barred };
}

/** What the actor could take but for one reason, each with the reason: for teaching why an option is missing. */
export function barredActions(rules: Rules, state: WorldState, actor: string): BarredAction[] {
  return actionOptions(rules, state, actor).barred;
}

/** Everything the actor may take next turn: usable, aimed at a valid target, preconditions met, affordable. */
export function legalActions(rules: Rules, state: WorldState, actor: string): LegalAction[] {
  return actionOptions(rules, state, actor).legal;
}
