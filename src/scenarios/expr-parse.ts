/**
 * The scenario expression language: a tokenizer, a Pratt parser and a type checker that turn a
 * string into the engine's Expr AST (src/engine/expr.ts). Unknown names, wrong arity and type
 * errors are load errors with the offset in the expression. Nothing is ever evaluated as code.
 * Limits keep evaluation cheap: at most 400 nodes, nesting depth 40, aggregates nested 2 deep.
 */
import { CAPABILITY_KINDS, type CapabilityKind } from '../engine';
import type { AggregateFn, BinaryOp, Expr, ScalarFn } from '../engine/expr';

export type ExprType = 'number' | 'boolean' | 'actor' | 'group' | 'kind' | 'string';

/** The names an expression may use where it appears. */
export interface ExprScope {
  actors: ReadonlySet<string>;
  groups: ReadonlySet<string>;
  ladders: ReadonlySet<string>;
  events: ReadonlySet<string>;
  /** The scenario's parameters (`param("id")`). */
  params?: ReadonlySet<string>;
  /** Ladders that carry a crisis (war, war_won, conceded, resolve, prevail, risk). */
  crises?: ReadonlySet<string>;
  /** Inside a crisis's own access or commitment: its resolve and chances are not defined yet. */
  inCrisis?: boolean;
  /** Whether `target` / `actor` are bound here (inside events). */
  target?: boolean;
  actor?: boolean;
}

export interface ExprError {
  /** 0-based offset into the expression source. */
  offset: number;
  message: string;
}

export type ParseResult = { ok: true; expr: Expr; type: ExprType } | { ok: false; error: ExprError };

const MAX_NODES = 400;
const MAX_DEPTH = 40;
const MAX_AGG_DEPTH = 2;

type Tok =
  | { t: 'num'; v: number; at: number }
  | { t: 'str'; v: string; at: number }
  | { t: 'id'; v: string; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'end'; at: number };

class ExprSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const num = /^(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i, i + 40));
    if (num) {
      if (!Number.isFinite(Number(num[0]))) throw new ExprSyntaxError(i, `the number ${num[0]} is too large`);
      toks.push({ t: 'num', v: Number(num[0]), at: i });
      i += num[0].length;
      continue;
    }
    if (ch === '"') {
      const end = src.indexOf('"', i + 1);
      if (end < 0) throw new ExprSyntaxError(i, 'a string is not closed with "');
      toks.push({ t: 'str', v: src.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 80));
    if (id) {
      toks.push({ t: 'id', v: id[0], at: i });
      i += id[0].length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['<=', '>=', '==', '!='].includes(two)) {
      toks.push({ t: 'op', v: two, at: i });
      i += 2;
      continue;
    }
    if ('<>+-*/(),'.includes(ch)) {
      toks.push({ t: 'op', v: ch, at: i });
      i++;
      continue;
    }
    if (src.slice(i, i + 2) === '=>') throw new ExprSyntaxError(i, 'write >= for "at least"');
    if (src.slice(i, i + 2) === '=<') throw new ExprSyntaxError(i, 'write <= for "at most"');
    if (ch === '=') throw new ExprSyntaxError(i, 'use == to compare');
    if (ch === '&' || ch === '|' || ch === '!')
      throw new ExprSyntaxError(i, `write "and", "or", "not" instead of "${ch}"`);
    throw new ExprSyntaxError(i, `unexpected character "${ch}"`);
  }
  toks.push({ t: 'end', at: src.length });
  return toks;
}

/** Untyped parse tree, with offsets. */
type Node =
  | { n: 'num'; v: number; at: number }
  | { n: 'str'; v: string; at: number }
  | { n: 'id'; v: string; at: number }
  | { n: 'call'; fn: string; args: Node[]; at: number }
  | { n: 'un'; op: 'not' | '-'; a: Node; at: number }
  | { n: 'bin'; op: BinaryOp; a: Node; b: Node; at: number };

const BINARY: Record<string, [number, BinaryOp]> = {
  or: [1, 'or'],
  and: [2, 'and'],
  '==': [4, '=='],
  '!=': [4, '!='],
  '<': [4, '<'],
  '<=': [4, '<='],
  '>': [4, '>'],
  '>=': [4, '>='],
  '+': [5, '+'],
  '-': [5, '-'],
  '*': [6, '*'],
  '/': [6, '/'],
};

class Parser {
  private pos = 0;
  private nodes = 0;
  constructor(private readonly toks: Tok[]) {}

  parse(): Node {
    const e = this.expr(0, 0);
    const t = this.peek();
    if (t.t !== 'end') throw new ExprSyntaxError(t.at, `unexpected ${describeTok(t)} after a complete expression`);
    return e;
  }

  private peek(): Tok {
    return this.toks[this.pos];
  }

  private next(): Tok {
    return this.toks[this.pos++];
  }

  private count(at: number): void {
    if (++this.nodes > MAX_NODES)
      throw new ExprSyntaxError(at, `the expression is too long (more than ${MAX_NODES} parts)`);
  }

  private expr(minPrec: number, depth: number): Node {
    if (depth > MAX_DEPTH) throw new ExprSyntaxError(this.peek().at, 'the expression is nested too deeply');
    let left = this.prefix(depth);
    for (;;) {
      const t = this.peek();
      const key = t.t === 'op' || t.t === 'id' ? t.v : '';
      const b = BINARY[key];
      if (!b || b[0] <= minPrec) break;
      this.next();
      this.count(t.at);
      // Comparisons do not chain: a < b < c is an error, not (a < b) < c.
      const right = this.expr(b[0] === 4 ? 4 : b[0], depth + 1);
      if (b[0] === 4) {
        const after = this.peek();
        if ((after.t === 'op' || after.t === 'id') && BINARY[after.v]?.[0] === 4)
          throw new ExprSyntaxError(after.at, 'comparisons cannot be chained; join them with "and"');
      }
      left = { n: 'bin', op: b[1], a: left, b: right, at: t.at };
    }
    return left;
  }

  private prefix(depth: number): Node {
    const t = this.next();
    this.count(t.at);
    if (t.t === 'num') return { n: 'num', v: t.v, at: t.at };
    if (t.t === 'str') return { n: 'str', v: t.v, at: t.at };
    if (t.t === 'op' && t.v === '-') return { n: 'un', op: '-', a: this.expr(6, depth + 1), at: t.at };
    if (t.t === 'id' && t.v === 'not') return { n: 'un', op: 'not', a: this.expr(3, depth + 1), at: t.at };
    if (t.t === 'op' && t.v === '(') {
      const e = this.expr(0, depth + 1);
      this.expect(')');
      return e;
    }
    if (t.t === 'id') {
      if (this.peek().t === 'op' && (this.peek() as { v: string }).v === '(') {
        this.next();
        const args: Node[] = [];
        if (!(this.peek().t === 'op' && (this.peek() as { v: string }).v === ')')) {
          for (;;) {
            args.push(this.expr(0, depth + 1));
            const sep = this.peek();
            if (sep.t === 'op' && sep.v === ',') {
              this.next();
              continue;
            }
            break;
          }
        }
        this.expect(')');
        return { n: 'call', fn: t.v, args, at: t.at };
      }
      if (['and', 'or'].includes(t.v)) throw new ExprSyntaxError(t.at, `"${t.v}" needs something on its left`);
      return { n: 'id', v: t.v, at: t.at };
    }
    throw new ExprSyntaxError(t.at, t.t === 'end' ? 'the expression ends too early' : `unexpected ${describeTok(t)}`);
  }

  private expect(op: string): void {
    const t = this.next();
    if (!(t.t === 'op' && t.v === op)) throw new ExprSyntaxError(t.at, `expected "${op}", found ${describeTok(t)}`);
  }
}

function describeTok(t: Tok): string {
  if (t.t === 'end') return 'the end';
  if (t.t === 'str') return `"${t.v}"`;
  return `"${t.v}"`;
}

const A_TYPE: Record<ExprType, string> = {
  number: 'a number',
  boolean: 'a condition (true or false)',
  actor: 'an actor',
  group: 'a group',
  kind: 'a capability kind',
  string: 'a "quoted name"',
};

/** Type-checks a parse tree into an Expr. */
class Checker {
  constructor(private readonly scope: ExprScope) {}

  check(node: Node, aggDepth = 0, inAgg = false): { e: Expr; type: ExprType } {
    switch (node.n) {
      case 'num':
        return { e: { k: 'num', v: node.v }, type: 'number' };
      case 'str':
        return { e: { k: 'str', v: node.v }, type: 'string' };
      case 'id':
        return this.name(node, inAgg);
      case 'un': {
        const a = this.check(node.a, aggDepth, inAgg);
        if (node.op === 'not') {
          this.want(a.type, 'boolean', node.a, '"not"');
          return { e: { k: 'not', a: a.e }, type: 'boolean' };
        }
        this.want(a.type, 'number', node.a, 'minus');
        return { e: { k: 'neg', a: a.e }, type: 'number' };
      }
      case 'bin': {
        const a = this.check(node.a, aggDepth, inAgg);
        const b = this.check(node.b, aggDepth, inAgg);
        const op = node.op;
        if (op === 'and' || op === 'or') {
          this.want(a.type, 'boolean', node.a, `"${op}"`);
          this.want(b.type, 'boolean', node.b, `"${op}"`);
          return { e: { k: 'bin', op, a: a.e, b: b.e }, type: 'boolean' };
        }
        if (op === '==' || op === '!=') {
          if (a.type !== b.type)
            throw new ExprSyntaxError(node.at, `"${op}" compares ${A_TYPE[a.type]} with ${A_TYPE[b.type]}`);
          return { e: { k: 'bin', op, a: a.e, b: b.e }, type: 'boolean' };
        }
        this.want(a.type, 'number', node.a, `"${op}"`);
        this.want(b.type, 'number', node.b, `"${op}"`);
        const cmp = op === '<' || op === '<=' || op === '>' || op === '>=';
        return { e: { k: 'bin', op, a: a.e, b: b.e }, type: cmp ? 'boolean' : 'number' };
      }
      case 'call':
        return this.call(node, aggDepth, inAgg);
    }
  }

  /** A crisis's access and commitment feed its balance of forces, so they cannot read values computed from it. */
  private crisisValues(fn: string, node: Node): void {
    if (this.scope.inCrisis)
      throw new ExprSyntaxError(
        node.at,
        `${fn}() reads a crisis's balance of forces, which this expression is part of`,
      );
  }

  private want(got: ExprType, want: ExprType, node: Node, what: string): void {
    if (got !== want) throw new ExprSyntaxError(node.at, `${what} needs ${A_TYPE[want]} here, found ${A_TYPE[got]}`);
  }

  private name(node: Extract<Node, { n: 'id' }>, inAgg: boolean): { e: Expr; type: ExprType } {
    const v = node.v;
    if (v === 'true' || v === 'false') return { e: { k: 'bool', v: v === 'true' }, type: 'boolean' };
    if (v === 'turn') return { e: { k: 'turn' }, type: 'number' };
    if (v === 'tension') return { e: { k: 'tension' }, type: 'number' };
    if ((CAPABILITY_KINDS as readonly string[]).includes(v))
      return { e: { k: 'kind', v: v as CapabilityKind }, type: 'kind' };
    if (v === 'member') {
      if (!inAgg)
        throw new ExprSyntaxError(node.at, '"member" is only defined inside mean, sum, min, max or count over a group');
      return { e: { k: 'var', name: 'member' }, type: 'actor' };
    }
    if (v === 'target' || v === 'actor') {
      if (!this.scope[v])
        throw new ExprSyntaxError(
          node.at,
          v === 'target'
            ? '"target" is only defined in events with targets and in actions that have a target'
            : '"actor" is only defined in events and actions',
        );
      return { e: { k: 'var', name: v }, type: 'actor' };
    }
    if (this.scope.actors.has(v)) return { e: { k: 'actor', id: v }, type: 'actor' };
    if (this.scope.groups.has(v)) return { e: { k: 'group', id: v }, type: 'group' };
    if ((CAPABILITY_KINDS as readonly string[]).includes(v.toLowerCase()))
      throw new ExprSyntaxError(node.at, `unknown name "${v}" (capability kinds are lower-case: ${v.toLowerCase()})`);
    if (/^[A-Z]/.test(v))
      throw new ExprSyntaxError(
        node.at,
        `unknown actor or group "${v}"${suggest(v, [...this.scope.actors, ...this.scope.groups])}`,
      );
    throw new ExprSyntaxError(
      node.at,
      `unknown name "${v}"${suggest(v, ['turn', 'tension', 'target', 'actor', 'member', 'true', 'false', ...CAPABILITY_KINDS])}`,
    );
  }

  private call(node: Extract<Node, { n: 'call' }>, aggDepth: number, inAgg: boolean): { e: Expr; type: ExprType } {
    const { fn, args } = node;
    const arity = (n: number) => {
      if (args.length !== n)
        throw new ExprSyntaxError(node.at, `${fn}() takes ${n} argument${n === 1 ? '' : 's'}, found ${args.length}`);
    };
    const arg = (i: number, type: ExprType) => {
      if (type === 'string' && args[i].n === 'id')
        throw new ExprSyntaxError(
          args[i].at,
          `argument ${i + 1} of ${fn}() is a name: put it in quotes, "${(args[i] as { v: string }).v}"`,
        );
      const r = this.check(args[i], aggDepth, inAgg);
      if (r.type !== type)
        throw new ExprSyntaxError(
          args[i].at,
          `argument ${i + 1} of ${fn}() must be ${A_TYPE[type]}, found ${A_TYPE[r.type]}`,
        );
      return r.e;
    };
    const named = (i: number, known: ReadonlySet<string>, what: string) => {
      const a = args[i];
      if (a.n !== 'str') throw new ExprSyntaxError(a.at, `argument ${i + 1} of ${fn}() must be a "quoted" ${what}`);
      if (!known.has(a.v)) throw new ExprSyntaxError(a.at, `unknown ${what} "${a.v}"${suggest(a.v, [...known])}`);
      return { k: 'str', v: a.v } as Expr;
    };
    const scalar = (f: ScalarFn, e: Expr[], type: ExprType) => ({ e: { k: 'call', fn: f, args: e } as Expr, type });
    // Decided from the syntax (a group name first), not by type-checking the argument twice:
    // checking it here and again below would double the work at every level of nesting.
    const isAggregate = (f: string) =>
      ['mean', 'sum', 'count'].includes(f) ||
      ((f === 'min' || f === 'max') && args.length === 2 && args[0].n === 'id' && this.scope.groups.has(args[0].v));
    if (isAggregate(fn)) {
      arity(2);
      if (aggDepth >= MAX_AGG_DEPTH)
        throw new ExprSyntaxError(node.at, `aggregates can be nested at most ${MAX_AGG_DEPTH} deep`);
      const group = arg(0, 'group');
      const body = this.check(args[1], aggDepth + 1, true);
      const want: ExprType = fn === 'count' ? 'boolean' : 'number';
      if (body.type !== want)
        throw new ExprSyntaxError(
          args[1].at,
          `argument 2 of ${fn}() must be ${A_TYPE[want]}, found ${A_TYPE[body.type]}`,
        );
      return { e: { k: 'agg', fn: fn as AggregateFn, group, body: body.e }, type: 'number' };
    }
    switch (fn) {
      case 'alignment':
      case 'hostility':
      case 'dyad':
        arity(2);
        return scalar(fn, [arg(0, 'actor'), arg(1, 'actor')], 'number');
      case 'tilt':
        arity(1);
        return scalar('tilt', [arg(0, 'actor')], 'number');
      case 'capability':
        arity(2);
        return scalar('capability', [arg(0, 'actor'), arg(1, 'kind')], 'number');
      case 'ladder':
        arity(1);
        return scalar('ladder', [named(0, this.scope.ladders, 'ladder')], 'number');
      case 'flag':
        arity(1);
        return scalar('flag', [arg(0, 'string')], 'boolean');
      case 'counter':
        arity(1);
        return scalar('counter', [arg(0, 'string')], 'number');
      case 'fired':
        arity(1);
        return scalar('fired', [named(0, this.scope.events, 'event')], 'number');
      case 'has_dyad':
        arity(2);
        return scalar('has_dyad', [arg(0, 'actor'), arg(1, 'actor')], 'boolean');
      case 'in_crisis':
        arity(2);
        return scalar('in_crisis', [arg(0, 'actor'), arg(1, 'actor')], 'boolean');
      case 'member_of':
        arity(2);
        return scalar('member_of', [arg(0, 'actor'), arg(1, 'group')], 'boolean');
      case 'abs':
        arity(1);
        return scalar('abs', [arg(0, 'number')], 'number');
      case 'clamp':
        arity(3);
        return scalar('clamp', [arg(0, 'number'), arg(1, 'number'), arg(2, 'number')], 'number');
      case 'min':
      case 'max':
        arity(2);
        return scalar(fn === 'min' ? 'min2' : 'max2', [arg(0, 'number'), arg(1, 'number')], 'number');
      case 'param':
        arity(1);
        return scalar(
          'param',
          [named(0, this.scope.params ?? new Set(), 'parameter (declared under params:)')],
          'number',
        );
      case 'if': {
        arity(3);
        const cond = arg(0, 'boolean');
        const yes = this.check(args[1], aggDepth, inAgg);
        const no = this.check(args[2], aggDepth, inAgg);
        if (yes.type !== no.type)
          throw new ExprSyntaxError(
            args[2].at,
            `both branches of if() must be of one type: ${A_TYPE[yes.type]} and ${A_TYPE[no.type]}`,
          );
        return scalar('if', [cond, yes.e, no.e], yes.type);
      }
      case 'war':
      case 'risk':
        arity(1);
        return scalar(
          fn,
          [named(0, this.scope.crises ?? new Set(), 'crisis ladder')],
          fn === 'war' ? 'boolean' : 'number',
        );
      case 'war_won':
      case 'conceded':
        arity(2);
        return scalar(fn, [named(0, this.scope.crises ?? new Set(), 'crisis ladder'), arg(1, 'actor')], 'boolean');
      case 'resolve':
      case 'prevail':
        arity(2);
        this.crisisValues(fn, node);
        return scalar(fn, [named(0, this.scope.crises ?? new Set(), 'crisis ladder'), arg(1, 'actor')], 'number');
      default:
        throw new ExprSyntaxError(node.at, `unknown function "${fn}"${suggest(fn, FUNCTIONS)}`);
    }
  }
}

const FUNCTIONS = [
  'alignment',
  'tilt',
  'hostility',
  'dyad',
  'has_dyad',
  'capability',
  'ladder',
  'flag',
  'counter',
  'fired',
  'member_of',
  'mean',
  'sum',
  'min',
  'max',
  'count',
  'abs',
  'clamp',
  'param',
  'if',
  'war',
  'war_won',
  'conceded',
  'resolve',
  'prevail',
  'risk',
  'in_crisis',
];

/** " (did you mean X?)" for the closest known name within two edits, or nothing. */
export function suggest(word: string, known: readonly string[]): string {
  let best = '';
  let bestD = 3;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k.toLowerCase());
    if (d < bestD) ((bestD = d), (best = k));
  }
  return best ? ` (did you mean ${best}?)` : '';
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** Parse and type-check an expression that must produce `expect`. */
export function parseExpr(src: string | number | boolean, scope: ExprScope, expect: 'number' | 'boolean'): ParseResult {
  if (typeof src === 'number') {
    if (expect !== 'number')
      return { ok: false, error: { offset: 0, message: `expected ${A_TYPE[expect]}, found a number` } };
    return { ok: true, expr: { k: 'num', v: src }, type: 'number' };
  }
  if (typeof src === 'boolean') {
    if (expect !== 'boolean')
      return { ok: false, error: { offset: 0, message: `expected ${A_TYPE[expect]}, found ${src}` } };
    return { ok: true, expr: { k: 'bool', v: src }, type: 'boolean' };
  }
  try {
    const tree = new Parser(tokenize(src)).parse();
    const { e, type } = new Checker(scope).check(tree);
    if (type !== expect)
      return {
        ok: false,
        error: { offset: 0, message: `the expression gives ${A_TYPE[type]}, but ${A_TYPE[expect]} is needed here` },
      };
    return { ok: true, expr: e, type };
  } catch (err) {
    if (err instanceof ExprSyntaxError) return { ok: false, error: { offset: err.offset, message: err.message } };
    throw err;
  }
}
