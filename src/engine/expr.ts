/**
 * The expression language's AST and its evaluator. Expressions are parsed and type-checked by the
 * loader (src/scenarios/expr-parse.ts) and stored in the state as plain data; evaluating one is a
 * pure walk over that data with no eval, no Function, and a cost bounded by the AST's size (the
 * loader caps it) times the size of the groups it aggregates over.
 */
import { mutualHostility } from './ladder';
import { crisisBalance, crisisOn, ladderLevel, openCrisis, payoffs, resolveAt, sideOf, slipRisk } from './crisis';
import { CAPABILITY_KINDS, type CapabilityKind, type DeepReadonly, type WorldState } from './types';
import type { Rules } from './rules';

export type BinaryOp = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';
export type AggregateFn = 'mean' | 'sum' | 'min' | 'max' | 'count';
export type ScalarFn =
  | 'alignment'
  | 'tilt'
  | 'capability'
  | 'ladder'
  | 'flag'
  | 'counter'
  | 'fired'
  | 'member_of'
  | 'hostility'
  | 'dyad'
  | 'has_dyad'
  | 'abs'
  | 'clamp'
  | 'min2'
  | 'max2'
  | 'param'
  | 'if'
  | 'war'
  | 'war_won'
  | 'conceded'
  | 'resolve'
  | 'prevail'
  | 'risk'
  | 'in_crisis';

/** A checked expression: JSON data, read-only (DeepReadonly<ExprData>). */
export type Expr = DeepReadonly<ExprData>;
export type ExprData =
  | { k: 'num'; v: number }
  | { k: 'bool'; v: boolean }
  | { k: 'str'; v: string }
  | { k: 'actor'; id: string }
  | { k: 'group'; id: string }
  | { k: 'kind'; v: CapabilityKind }
  | { k: 'var'; name: 'target' | 'actor' | 'member' }
  | { k: 'turn' }
  | { k: 'tension' }
  | { k: 'not'; a: Expr }
  | { k: 'neg'; a: Expr }
  | { k: 'bin'; op: BinaryOp; a: Expr; b: Expr }
  | { k: 'agg'; fn: AggregateFn; group: Expr; body: Expr }
  | { k: 'call'; fn: ScalarFn; args: Expr[] };

export type Value = number | boolean | string;

/** What an expression can see besides the state. */
export interface EvalContext {
  state: WorldState;
  /** Actor id -> index in state.actors. */
  index: ReadonlyMap<string, number>;
  target?: string;
  actor?: string;
  member?: string;
  /** Indices of `actor` and `target` in the state's actors, when the caller knows them (a fast path). */
  actorIndex?: number;
  targetIndex?: number;
  /** The turn being played (turns completed + 1 during a step). */
  turn: number;
  /** Times each event has fired. */
  fired: Readonly<Record<string, number>>;
  /** Expression steps left this turn, shared by every evaluation (see EVAL_BUDGET). */
  budget?: { left: number };
  /** The compiled rules the state was made from: their expressions are compiled already, and `param` reads them. */
  rules: Rules;
}

/**
 * Every evaluation context with the same fields in the same order: the compiled closures then see
 * one object shape, which keeps their property reads fast.
 */
export function evalContext(
  rules: Rules,
  state: WorldState,
  index: ReadonlyMap<string, number>,
  turn: number,
  fired: Readonly<Record<string, number>>,
  budget: { left: number } | undefined,
  actor?: string,
  target?: string,
): EvalContext {
  return {
    state,
    index,
    target,
    actor,
    member: undefined,
    actorIndex: undefined,
    targetIndex: undefined,
    turn,
    fired,
    budget,
    rules,
  };
}

/** Expression steps allowed per turn: far above any sensible scenario, far below a hang. */
export const EVAL_BUDGET = 2_000_000;

/** Thrown when a turn's expressions exceed their budget. */
export class BudgetError extends Error {}

/**
 * Evaluate an expression. Division by zero gives 0, so results stay finite. An expression of the
 * context's rules is compiled already; any other is compiled on the spot.
 */
export function evaluate(e: Expr, c: EvalContext): Value {
  return c.rules.expr(e)(c);
}

/** An expression compiled to closures: call it with a context to evaluate it (as `evaluate` does). */
export type Compiled = (c: EvalContext) => Value;

/**
 * An expression turned into nested closures (a tree of plain functions, never source text):
 * evaluating it then costs one call per node instead of a walk with a switch per node. The rules
 * compile theirs once (src/engine/rules.ts).
 */
export function compileExpr(e: Expr): Compiled {
  return build(e);
}

function tick(c: EvalContext): void {
  if (c.budget && --c.budget.left < 0)
    throw new BudgetError(`the scenario's expressions took more than ${EVAL_BUDGET} steps in one turn`);
}

function num(f: Compiled, c: EvalContext): number {
  const v = f(c);
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function build(e: Expr): Compiled {
  switch (e.k) {
    case 'num':
    case 'bool':
    case 'str':
    case 'kind': {
      const v = e.v;
      return (c) => (tick(c), v);
    }
    case 'actor':
    case 'group': {
      const v = e.id;
      return (c) => (tick(c), v);
    }
    case 'var': {
      const name = e.name;
      return (c) => {
        tick(c);
        const v = c[name];
        if (v === undefined) throw new Error(`"${name}" is not bound here`);
        return v;
      };
    }
    case 'turn':
      return (c) => (tick(c), c.turn);
    case 'tension':
      return (c) => (tick(c), c.state.ladders.global);
    case 'not': {
      const a = build(e.a);
      return (c) => (tick(c), !a(c));
    }
    case 'neg': {
      const a = build(e.a);
      return (c) => (tick(c), -(a(c) as number));
    }
    case 'bin': {
      // A constant operand (`x > 0.3`, `0.02 * y`) is read inline, with its step still counted.
      const kb = constantOf(e.b);
      if (kb !== undefined && e.op !== 'and' && e.op !== 'or') return buildBinaryConstant(e.op, build(e.a), kb);
      const ka = constantOf(e.a);
      if (ka !== undefined && e.op !== 'and' && e.op !== 'or') return buildConstantBinary(e.op, ka, build(e.b));
      return buildBinary(e.op, build(e.a), build(e.b));
    }
    case 'agg':
      return buildAggregate(e.fn, build(e.group), build(e.body));
    case 'call':
      return buildCall(e.fn, e.args);
  }
}

/** The value of a leaf that evaluates to a constant, or undefined for any other node. */
function constantOf(e: Expr): Value | undefined {
  switch (e.k) {
    case 'num':
    case 'bool':
    case 'str':
    case 'kind':
      return e.v;
    case 'actor':
    case 'group':
      return e.id;
    default:
      return undefined;
  }
}

/** `a op v` for a constant v: the same steps and result as buildBinary with a constant leaf. */
function buildBinaryConstant(op: Exclude<BinaryOp, 'and' | 'or'>, a: Compiled, v: Value): Compiled {
  const q = v as number;
  switch (op) {
    case '==':
      return (c) => {
        tick(c);
        const x = a(c);
        tick(c);
        return x === v;
      };
    case '!=':
      return (c) => {
        tick(c);
        const x = a(c);
        tick(c);
        return x !== v;
      };
    case '+':
      return (c) => {
        tick(c);
        const x = a(c) as number;
        tick(c);
        return x + q;
      };
    case '-':
      return (c) => {
        tick(c);
        const x = a(c) as number;
        tick(c);
        return x - q;
      };
    case '*':
      return (c) => {
        tick(c);
        const x = a(c) as number;
        tick(c);
        return x * q;
      };
    case '/':
      return (c) => {
        tick(c);
        const x = a(c) as number;
        tick(c);
        return q === 0 ? 0 : x / q;
      };
    case '<':
      return (c) => {
        tick(c);
        const x = a(c) as number;
        tick(c);
        return x < q;
      };
    case '<=':
      return (c) => {
        tick(c);
        const x = a(c) as number;
        tick(c);
        return x <= q;
      };
    case '>':
      return (c) => {
        tick(c);
        const x = a(c) as number;
        tick(c);
        return x > q;
      };
    case '>=':
      return (c) => {
        tick(c);
        const x = a(c) as number;
        tick(c);
        return x >= q;
      };
  }
}

/** `v op b` for a constant v: the same steps and result as buildBinary with a constant leaf. */
function buildConstantBinary(op: Exclude<BinaryOp, 'and' | 'or'>, v: Value, b: Compiled): Compiled {
  const p = v as number;
  switch (op) {
    case '==':
      return (c) => (tick(c), tick(c), v === b(c));
    case '!=':
      return (c) => (tick(c), tick(c), v !== b(c));
    case '+':
      return (c) => (tick(c), tick(c), p + (b(c) as number));
    case '-':
      return (c) => (tick(c), tick(c), p - (b(c) as number));
    case '*':
      return (c) => (tick(c), tick(c), p * (b(c) as number));
    case '/':
      return (c) => {
        tick(c);
        tick(c);
        const q = b(c) as number;
        return q === 0 ? 0 : p / q;
      };
    case '<':
      return (c) => (tick(c), tick(c), p < (b(c) as number));
    case '<=':
      return (c) => (tick(c), tick(c), p <= (b(c) as number));
    case '>':
      return (c) => (tick(c), tick(c), p > (b(c) as number));
    case '>=':
      return (c) => (tick(c), tick(c), p >= (b(c) as number));
  }
}

function buildBinary(op: BinaryOp, a: Compiled, b: Compiled): Compiled {
  switch (op) {
    case 'and':
      return (c) => (tick(c), a(c) === true && b(c) === true);
    case 'or':
      return (c) => (tick(c), a(c) === true || b(c) === true);
    case '==':
      return (c) => (tick(c), a(c) === b(c));
    case '!=':
      return (c) => (tick(c), a(c) !== b(c));
    case '+':
      return (c) => (tick(c), (a(c) as number) + (b(c) as number));
    case '-':
      return (c) => (tick(c), (a(c) as number) - (b(c) as number));
    case '*':
      return (c) => (tick(c), (a(c) as number) * (b(c) as number));
    case '/':
      return (c) => {
        tick(c);
        const p = a(c) as number;
        const q = b(c) as number;
        return q === 0 ? 0 : p / q;
      };
    case '<':
      return (c) => (tick(c), (a(c) as number) < (b(c) as number));
    case '<=':
      return (c) => (tick(c), (a(c) as number) <= (b(c) as number));
    case '>':
      return (c) => (tick(c), (a(c) as number) > (b(c) as number));
    case '>=':
      return (c) => (tick(c), (a(c) as number) >= (b(c) as number));
  }
}

function buildAggregate(fn: AggregateFn, group: Compiled, body: Compiled): Compiled {
  return (c) => {
    tick(c);
    const ids = members(c, group(c) as string);
    if (fn === 'count') {
      let k = 0;
      for (const m of ids) if (body({ ...c, member: m }) === true) k++;
      return k;
    }
    if (ids.length === 0) return 0;
    const xs = ids.map((m) => num(body, { ...c, member: m }));
    switch (fn) {
      case 'mean':
        return xs.reduce((s, x) => s + x, 0) / xs.length;
      case 'sum':
        return xs.reduce((s, x) => s + x, 0);
      case 'min':
        return Math.min(...xs);
      case 'max':
        return Math.max(...xs);
    }
  };
}

/** An argument that names an actor, compiled to its index (with a fast path for `actor` and `target`). */
type IndexOf = (c: EvalContext) => number;

function indexOf(e: Expr): IndexOf {
  if (e.k === 'var' && e.name === 'actor')
    return (c) => {
      tick(c);
      if (c.actor === undefined) throw new Error('"actor" is not bound here');
      return c.actorIndex ?? c.index.get(c.actor) ?? -1;
    };
  if (e.k === 'var' && e.name === 'target')
    return (c) => {
      tick(c);
      if (c.target === undefined) throw new Error('"target" is not bound here');
      return c.targetIndex ?? c.index.get(c.target) ?? -1;
    };
  const f = build(e);
  return (c) => c.index.get(f(c) as string) ?? -1;
}

/** 0 for the variable `actor`, 1 for `target`, -1 for anything else. */
function varCode(e: Expr): number {
  return e.k === 'var' ? (e.name === 'actor' ? 0 : e.name === 'target' ? 1 : -1) : -1;
}

/** What indexOf's closure for `actor` (0) or `target` (1) does, as a plain function the call closures can inline. */
function varIndex(c: EvalContext, code: number): number {
  tick(c);
  if (code === 0) {
    if (c.actor === undefined) throw new Error('"actor" is not bound here');
    return c.actorIndex ?? c.index.get(c.actor) ?? -1;
  }
  if (c.target === undefined) throw new Error('"target" is not bound here');
  return c.targetIndex ?? c.index.get(c.target) ?? -1;
}

/** What build's closure for the variable `actor` (0) or `target` (1) does, as a plain function. */
function varName(c: EvalContext, code: number): string {
  tick(c);
  const v = code === 0 ? c.actor : c.target;
  if (v === undefined) throw new Error(`"${code === 0 ? 'actor' : 'target'}" is not bound here`);
  return v;
}

/**
 * Calls whose actor arguments are the variables `actor` and `target` (most of an action file's):
 * one closure reads them directly, with the same steps counted as the general form below.
 */
function buildVarCall(fn: ScalarFn, argExprs: readonly Expr[]): Compiled | undefined {
  const va = argExprs.length > 0 ? varCode(argExprs[0]) : -1;
  const vb = argExprs.length > 1 ? varCode(argExprs[1]) : -1;
  if (va < 0) return undefined;
  switch (fn) {
    case 'alignment':
      if (vb < 0) return undefined;
      return (c) => {
        tick(c);
        const i = varIndex(c, va);
        const j = varIndex(c, vb);
        return i < 0 || j < 0 ? 0 : c.state.alignment[i * c.state.actors.length + j];
      };
    case 'hostility':
      if (vb < 0) return undefined;
      return (c) => {
        tick(c);
        const i = varIndex(c, va);
        const j = varIndex(c, vb);
        return i < 0 || j < 0 ? 0 : mutualHostility(c.state.actors.length, c.state.alignment, i, j);
      };
    case 'dyad':
      if (vb < 0) return undefined;
      return (c) => {
        tick(c);
        const a = varName(c, va);
        return dyadLevel(c.state, a, varName(c, vb));
      };
    case 'has_dyad':
      if (vb < 0) return undefined;
      return (c) => {
        tick(c);
        const a = varName(c, va);
        return dyadLadderId(c.state, a, varName(c, vb)) !== 'global';
      };
    case 'tilt':
      return (c) => {
        tick(c);
        const i = varIndex(c, va);
        const [us, cn] = c.rules.poles;
        const n = c.state.actors.length;
        const A = c.state.alignment;
        return i < 0 || us < 0 || cn < 0 ? 0 : (A[i * n + us] - A[i * n + cn]) / 2;
      };
    case 'capability': {
      const kind = argExprs[1];
      if (kind.k !== 'kind') return undefined;
      const k = kind.v;
      const known = CAPABILITY_KINDS.includes(k);
      return (c) => {
        tick(c);
        const i = varIndex(c, va);
        tick(c); // the kind
        return i < 0 || !known ? 0 : c.state.actors[i].capabilities[k];
      };
    }
    default:
      return undefined;
  }
}

function buildCall(fn: ScalarFn, argExprs: readonly Expr[]): Compiled {
  const direct = buildVarCall(fn, argExprs);
  if (direct) return direct;
  // Each argument is compiled exactly once (compiling one twice would double at every nesting level).
  const indexed = fn === 'alignment' || fn === 'tilt' || fn === 'hostility' || fn === 'capability';
  const args = indexed ? [] : argExprs.map(build);
  const [a, b, d] = args;
  const ia = indexed ? indexOf(argExprs[0]) : undefined;
  const ib = indexed && fn !== 'capability' && fn !== 'tilt' ? indexOf(argExprs[1]) : undefined;
  const kind = fn === 'capability' ? build(argExprs[1]) : undefined;
  const at = (f: IndexOf | undefined, c: EvalContext) => f!(c);
  switch (fn) {
    case 'alignment':
      return (c) => {
        tick(c);
        const i = at(ia, c);
        const j = at(ib, c);
        return i < 0 || j < 0 ? 0 : c.state.alignment[i * c.state.actors.length + j];
      };
    case 'tilt':
      return (c) => {
        tick(c);
        const i = at(ia, c);
        const [us, cn] = c.rules.poles;
        const n = c.state.actors.length;
        const A = c.state.alignment;
        return i < 0 || us < 0 || cn < 0 ? 0 : (A[i * n + us] - A[i * n + cn]) / 2;
      };
    case 'hostility':
      return (c) => {
        tick(c);
        const i = at(ia, c);
        const j = at(ib, c);
        return i < 0 || j < 0 ? 0 : mutualHostility(c.state.actors.length, c.state.alignment, i, j);
      };
    case 'dyad':
      return (c) => (tick(c), dyadLevel(c.state, a(c) as string, b(c) as string));
    case 'has_dyad':
      return (c) => (tick(c), dyadLadderId(c.state, a(c) as string, b(c) as string) !== 'global');
    case 'capability': {
      const fixed = argExprs[1].k === 'kind' ? argExprs[1].v : undefined;
      if (fixed !== undefined) {
        // The usual case, a kind written out: checked once here instead of at every evaluation.
        const known = CAPABILITY_KINDS.includes(fixed);
        return (c) => {
          tick(c);
          const i = at(ia, c);
          kind!(c);
          return i < 0 || !known ? 0 : c.state.actors[i].capabilities[fixed];
        };
      }
      return (c) => {
        tick(c);
        const i = at(ia, c);
        const k = kind!(c) as CapabilityKind;
        return i < 0 || !CAPABILITY_KINDS.includes(k) ? 0 : c.state.actors[i].capabilities[k];
      };
    }
    case 'ladder':
      return (c) => {
        tick(c);
        const id = a(c) as string;
        return id === 'global' ? c.state.ladders.global : (c.state.ladders.dyads.find((x) => x.id === id)?.level ?? 0);
      };
    case 'flag':
      return (c) => {
        tick(c);
        const name = a(c) as string;
        return Object.hasOwn(c.state.flags, name) ? c.state.flags[name] === true : false;
      };
    case 'counter':
      return (c) => {
        tick(c);
        const name = a(c) as string;
        return Object.hasOwn(c.state.counters, name) ? c.state.counters[name] : 0;
      };
    case 'fired':
      return (c) => {
        tick(c);
        const id = a(c) as string;
        return Object.hasOwn(c.fired, id) ? c.fired[id] : 0;
      };
    case 'member_of':
      return (c) => (tick(c), members(c, b(c) as string).includes(a(c) as string));
    case 'abs':
      return (c) => (tick(c), Math.abs(num(a, c)));
    case 'clamp':
      return (c) => (tick(c), Math.min(num(d, c), Math.max(num(b, c), num(a, c))));
    case 'min2':
      return (c) => (tick(c), Math.min(num(a, c), num(b, c)));
    case 'max2':
      return (c) => (tick(c), Math.max(num(a, c), num(b, c)));
    case 'param':
      return (c) => {
        tick(c);
        const id = a(c) as string;
        const params = c.rules.def.params;
        return Object.hasOwn(params, id) ? params[id] : 0;
      };
    case 'if':
      return (c) => (tick(c), a(c) === true ? b(c) : d(c));
    case 'war':
      return (c) => (tick(c), crisisState(c, a(c) as string)?.war !== undefined);
    case 'war_won':
      return (c) => (tick(c), crisisState(c, a(c) as string)?.war?.winner === (b(c) as string));
    case 'conceded':
      return (c) => (tick(c), crisisState(c, a(c) as string)?.conceded?.actor === (b(c) as string));
    case 'in_crisis':
      return (c) => {
        tick(c);
        const ladder = dyadLadderId(c.state, a(c) as string, b(c) as string);
        return ladder !== 'global' && crisisOn(c.rules, ladder) !== undefined && openCrisis(c.state, ladder);
      };
    case 'risk':
      return (c) => {
        tick(c);
        const def = crisisOn(c.rules, a(c) as string);
        const p = c.state.params;
        return def
          ? slipRisk(ladderLevel(c.state, def.ladder), def, p.crisis, p.weights.escalation, c.state.turnMonths)
          : 0;
      };
    case 'resolve':
    case 'prevail':
      return (c) => {
        tick(c);
        const def = crisisOn(c.rules, a(c) as string);
        const actor = b(c) as string;
        if (!def) return 0;
        const bal = crisisBalance(c.state, def, c.index, (e) => evalNumber(e, c));
        const principal = sideOf(def, actor);
        if (fn === 'prevail') {
          const side = principal >= 0 ? principal : (def.supporters.find((s) => s.actor === actor)?.side ?? -1);
          return side === 0 || side === 1 ? bal.chance[side] : 0;
        }
        if (principal === -1) return 0;
        const shock = Object.hasOwn(c.state.crises, def.ladder) ? (c.state.crises[def.ladder].shock[actor] ?? 0) : 0;
        return resolveAt(
          payoffs(def, principal, bal.chance[principal], shock, c.state.params.crisis),
          ladderLevel(c.state, def.ladder),
        );
      };
  }
}

function crisisState(c: EvalContext, ladder: string) {
  return Object.hasOwn(c.state.crises, ladder) ? c.state.crises[ladder] : undefined;
}

/** Evaluate to a number (the checker guarantees the type). */
export function evalNumber(e: Expr, c: EvalContext): number {
  const v = evaluate(e, c);
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Evaluate to a boolean (the checker guarantees the type). */
export function evalBool(e: Expr, c: EvalContext): boolean {
  return evaluate(e, c) === true;
}

/** The id of the dyad ladder between a and b (either order), or `global` if the scenario has none. */
export function dyadLadderId(state: WorldState, a: string, b: string): string {
  for (const d of state.ladders.dyads) if ((d.a === a && d.b === b) || (d.a === b && d.b === a)) return d.id;
  return 'global';
}

/** The level of the ladder that governs a and b: their dyad ladder, else the global one. */
export function dyadLevel(state: WorldState, a: string, b: string): number {
  const id = dyadLadderId(state, a, b);
  return id === 'global' ? state.ladders.global : state.ladders.dyads.find((d) => d.id === id)!.level;
}

function members(c: EvalContext, group: string): string[] {
  const g = c.state.groups.find((x) => x.id === group);
  return g ? g.members.filter((m) => c.index.has(m)) : [];
}
