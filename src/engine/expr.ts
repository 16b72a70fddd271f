/**
 * The expression language's AST and its evaluator. Expressions are parsed and type-checked by the
 * loader (src/scenarios/expr-parse.ts) and stored in the state as plain data; evaluating one is a
 * pure walk over that data with no eval, no Function, and a cost bounded by the AST's size (the
 * loader caps it) times the size of the groups it aggregates over.
 */
import { mutualHostility } from './ladder';
import { CAPABILITY_KINDS, type CapabilityKind, type WorldState } from './types';

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
  | 'abs'
  | 'clamp'
  | 'min2'
  | 'max2';

/** A checked expression: JSON data. */
export type Expr =
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
  /** The turn being played (turns completed + 1 during a step). */
  turn: number;
  /** Times each event has fired. */
  fired: Readonly<Record<string, number>>;
  /** Expression steps left this turn, shared by every evaluation (see EVAL_BUDGET). */
  budget?: { left: number };
}

/** Expression steps allowed per turn: far above any sensible scenario, far below a hang. */
export const EVAL_BUDGET = 2_000_000;

/** Thrown when a turn's expressions exceed their budget. */
export class BudgetError extends Error {}

/** Evaluate an expression. Division by zero gives 0, so results stay finite. */
export function evaluate(e: Expr, c: EvalContext): Value {
  if (c.budget && --c.budget.left < 0) throw new BudgetError(`the scenario's expressions took more than ${EVAL_BUDGET} steps in one turn`);
  switch (e.k) {
    case 'num':
    case 'bool':
    case 'str':
    case 'kind':
      return e.v;
    case 'actor':
    case 'group':
      return e.id;
    case 'var': {
      const v = c[e.name];
      if (v === undefined) throw new Error(`"${e.name}" is not bound here`);
      return v;
    }
    case 'turn':
      return c.turn;
    case 'tension':
      return c.state.ladders.global;
    case 'not':
      return !evaluate(e.a, c);
    case 'neg':
      return -(evaluate(e.a, c) as number);
    case 'bin':
      return binary(e.op, e.a, e.b, c);
    case 'agg':
      return aggregate(e, c);
    case 'call':
      return call(e.fn, e.args, c);
  }
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

function binary(op: BinaryOp, a: Expr, b: Expr, c: EvalContext): Value {
  if (op === 'and') return evaluate(a, c) === true && evaluate(b, c) === true;
  if (op === 'or') return evaluate(a, c) === true || evaluate(b, c) === true;
  const x = evaluate(a, c);
  const y = evaluate(b, c);
  switch (op) {
    case '==':
      return x === y;
    case '!=':
      return x !== y;
  }
  const p = x as number;
  const q = y as number;
  switch (op) {
    case '+':
      return p + q;
    case '-':
      return p - q;
    case '*':
      return p * q;
    case '/':
      return q === 0 ? 0 : p / q;
    case '<':
      return p < q;
    case '<=':
      return p <= q;
    case '>':
      return p > q;
    case '>=':
      return p >= q;
  }
}

function members(c: EvalContext, group: string): string[] {
  const g = c.state.groups.find((x) => x.id === group);
  return g ? g.members.filter((m) => c.index.has(m)) : [];
}

function aggregate(e: Extract<Expr, { k: 'agg' }>, c: EvalContext): number {
  const ids = members(c, evaluate(e.group, c) as string);
  if (e.fn === 'count') return ids.reduce((n, m) => n + (evaluate(e.body, { ...c, member: m }) === true ? 1 : 0), 0);
  if (ids.length === 0) return 0;
  const xs = ids.map((m) => evalNumber(e.body, { ...c, member: m }));
  switch (e.fn) {
    case 'mean':
      return xs.reduce((s, x) => s + x, 0) / xs.length;
    case 'sum':
      return xs.reduce((s, x) => s + x, 0);
    case 'min':
      return Math.min(...xs);
    case 'max':
      return Math.max(...xs);
  }
}

function call(fn: ScalarFn, args: Expr[], c: EvalContext): Value {
  const n = c.state.actors.length;
  const A = c.state.alignment;
  const idx = (e: Expr) => c.index.get(evaluate(e, c) as string) ?? -1;
  switch (fn) {
    case 'alignment': {
      const i = idx(args[0]);
      const j = idx(args[1]);
      return i < 0 || j < 0 ? 0 : A[i * n + j];
    }
    case 'tilt': {
      const i = idx(args[0]);
      const us = c.index.get('USA');
      const cn = c.index.get('CHN');
      return i < 0 || us === undefined || cn === undefined ? 0 : (A[i * n + us] - A[i * n + cn]) / 2;
    }
    case 'hostility': {
      const i = idx(args[0]);
      const j = idx(args[1]);
      return i < 0 || j < 0 ? 0 : mutualHostility(n, A, i, j);
    }
    case 'capability': {
      const i = idx(args[0]);
      const kind = evaluate(args[1], c) as CapabilityKind;
      return i < 0 || !CAPABILITY_KINDS.includes(kind) ? 0 : c.state.actors[i].capabilities[kind];
    }
    case 'ladder': {
      const id = evaluate(args[0], c) as string;
      return id === 'global' ? c.state.ladders.global : (c.state.ladders.dyads.find((d) => d.id === id)?.level ?? 0);
    }
    case 'flag': {
      const name = evaluate(args[0], c) as string;
      return Object.hasOwn(c.state.flags, name) ? c.state.flags[name] === true : false;
    }
    case 'counter': {
      const name = evaluate(args[0], c) as string;
      return Object.hasOwn(c.state.counters, name) ? c.state.counters[name] : 0;
    }
    case 'fired': {
      const id = evaluate(args[0], c) as string;
      return Object.hasOwn(c.fired, id) ? c.fired[id] : 0;
    }
    case 'member_of':
      return members(c, evaluate(args[1], c) as string).includes(evaluate(args[0], c) as string);
    case 'abs':
      return Math.abs(evalNumber(args[0], c));
    case 'clamp':
      return Math.min(evalNumber(args[2], c), Math.max(evalNumber(args[1], c), evalNumber(args[0], c)));
    case 'min2':
      return Math.min(evalNumber(args[0], c), evalNumber(args[1], c));
    case 'max2':
      return Math.max(evalNumber(args[0], c), evalNumber(args[1], c));
  }
}
