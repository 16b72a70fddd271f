/**
 * A scenario's rules compiled once: what a run reads but never changes, prepared for the turn
 * pipeline. `compileRules(spec)` takes a scenario's definition (its `rules`, its actors' ids and its
 * turn length: a WorldSpec has them) and returns an immutable `Rules`: the actor index, the poles of the tilt axis,
 * every action with its plan (its expressions compiled and split by whether they mention the target,
 * src/engine/action-plan.ts), and every expression of the rules compiled to closures once. A
 * `Simulation` (simulation.ts) holds one and steps any state made from the same rules. A state does
 * not carry its rules, only their hash (`rulesHash`), so every function that reads a state's rules
 * takes them; nothing here is cached behind the caller's back, so two runs share exactly what they
 * were given.
 */
import { actionPlan, type ActionPlan } from './action-plan';
import { hashOf } from './canonical';
import { compileExpr, type Compiled, type Expr } from './expr';
import type { ActionDef, ScenarioRules, WorldState } from './types';

/** What the rules are compiled from: a scenario's rules (none if absent), its actors and its turn length. */
export interface RulesSource {
  readonly rules?: ScenarioRules;
  readonly actors: readonly { readonly id: string }[];
  readonly turnMonths: number;
}

export interface Rules {
  /** The definition: a deep-frozen copy of the source's. */
  readonly def: ScenarioRules;
  /** Actor ids in state order, and id -> index. */
  readonly ids: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly turnMonths: number;
  /** The two poles of the tilt axis (scenario data, `rules.poles`) as actor indices, or -1 when absent. */
  readonly poles: readonly [number, number];
  /** The actions in definition order, and each one's plan at the same position. */
  readonly actions: readonly ActionDef[];
  readonly plans: readonly ActionPlan[];
  /** The first action of each id (as `find` would give it), and its position in `actions` and `plans`. */
  readonly actionById: ReadonlyMap<string, { def: ActionDef; k: number }>;
  /** Whether actor i may use action k by the action's list of users, at [k * actors + i] (true when it has none). */
  readonly users: readonly boolean[];
  /** Turns a use of each action stays on record: its cooldown in turns, at least one (for attention). */
  readonly keepFor: ReadonlyMap<string, number>;
  /** The longest effect list of any action (the size of the policies' scratch arrays). */
  readonly maxEffects: number;
  /** The compiled form of an expression of these rules; any other expression is compiled on the spot. */
  readonly expr: (e: Expr) => Compiled;
  /** rulesHash of the definition, computed on first use: the `rulesHash` of every state made from these rules. */
  readonly hash: () => string;
}

/**
 * Compile a scenario's rules. A pure function of its `rules`, actor ids and `turnMonths`. `hash`
 * computes rulesHash of the definition (a caller with a faster SHA-256 than the engine's pure-JS one
 * passes its own; it must give the same digest).
 */
export function compileRules(source: RulesSource, hash: (def: ScenarioRules) => string = rulesHash): Rules {
  const def = frozenRules(source.rules);
  const ids = Object.freeze(source.actors.map((a) => a.id));
  const index: ReadonlyMap<string, number> = new Map(ids.map((id, i) => [id, i]));
  const compiled = new Map<Expr, Compiled>();
  collectExprs(def, compiled);
  const plans = def.actions.map((d) => actionPlan(d, (e) => compiled.get(e) ?? compileExpr(e)));
  const actionById = new Map<string, { def: ActionDef; k: number }>();
  def.actions.forEach((d, k) => {
    if (!actionById.has(d.id)) actionById.set(d.id, { def: d, k });
  });
  const users = Object.freeze(def.actions.flatMap((d) => ids.map((id) => !d.users || d.users.includes(id))));
  const keepFor = new Map<string, number>();
  for (const d of def.actions) keepFor.set(d.id, Math.max(1, Math.ceil(d.cooldown / source.turnMonths)));
  const [a, b] = def.poles ?? [];
  let digest: string | undefined;
  const rules: Rules = {
    def,
    ids,
    index,
    turnMonths: source.turnMonths,
    poles: Object.freeze([a === undefined ? -1 : (index.get(a) ?? -1), b === undefined ? -1 : (index.get(b) ?? -1)]),
    actions: def.actions,
    plans: Object.freeze(plans),
    actionById,
    users,
    keepFor,
    maxEffects: def.actions.reduce((m, d) => Math.max(m, d.effects.length, d.failure.length), 0),
    expr: (e) => compiled.get(e) ?? compileExpr(e),
    hash: () => (digest ??= hash(def)),
  };
  return Object.freeze(rules);
}

/** SHA-256 of a rules definition's canonical JSON: the `rulesHash` of every state made from them. */
export function rulesHash(def: ScenarioRules): string {
  return hashOf(def);
}

/** Whether `state` was made from these rules: their hash, their actors and their turn length. */
export function matchesRules(rules: Rules, state: Pick<WorldState, 'rulesHash' | 'actors' | 'turnMonths'>): boolean {
  return state.rulesHash === rules.hash() && sameActors(rules, state);
}

const NO_RULES: ScenarioRules = deepFreeze({
  params: {},
  crises: [],
  events: [],
  actions: [],
  metrics: [],
  end: [],
  humans: [],
});

/**
 * A deep-frozen copy of a scenario's rules (the empty rules when it has none), so that nothing can
 * change the rules under a run that was given them.
 */
export function frozenRules(rules: ScenarioRules | undefined): ScenarioRules {
  return rules ? deepFreeze(structuredClone(rules)) : NO_RULES;
}

/** Whether the state has the rules' actors, in their order, and their turn length. */
export function sameActors(rules: Rules, state: Pick<WorldState, 'actors' | 'turnMonths'>): boolean {
  const actors = state.actors;
  if (actors.length !== rules.ids.length || state.turnMonths !== rules.turnMonths) return false;
  for (let i = 0; i < actors.length; i++) if (actors[i].id !== rules.ids[i]) return false;
  return true;
}

/**
 * Every expression in the rules, compiled. An expression is any object with a string `k` (the AST's
 * node kind, src/engine/expr.ts); no other object of a rules definition has one. Its sub-expressions
 * are compiled into its closure, so the walk does not descend into it.
 */
function collectExprs(x: unknown, out: Map<Expr, Compiled>): void {
  if (typeof x !== 'object' || x === null) return;
  if (Array.isArray(x)) {
    for (const v of x) collectExprs(v, out);
    return;
  }
  const o = x as Record<string, unknown>;
  if (typeof o.k === 'string') {
    if (!out.has(o as Expr)) out.set(o as Expr, compileExpr(o as Expr));
    return;
  }
  for (const k in o) collectExprs(o[k], out);
}

/** Freeze a plain-data value and everything in it (already frozen parts are left as they are). */
export function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x) && !ArrayBuffer.isView(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}
