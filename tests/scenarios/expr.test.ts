/** The expression language: parsing, type checking, evaluation, errors with offsets, limits. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRules } from '../../src/engine';
import { evaluate, type EvalContext } from '../../src/engine/expr';
import { parseExpr, type ExprScope } from '../../src/scenarios/expr-parse';
import { actor, tinyWorld } from '../engine/world';
import type { StateData } from '../../src/engine/types';
import { runs } from '../sizes';

// USA, CHN, PHL, VNM: PHL leans to the US, VNM to China; the US and China are the poles.
const rules = compileRules({
  rules: { params: {}, crises: [], events: [], actions: [], metrics: [], end: [], humans: [], poles: ['USA', 'CHN'] },
  actors: ['USA', 'CHN', 'PHL', 'VNM'].map((id) => ({ id })),
  turnMonths: 1,
});
const state = (() => {
  const s: StateData = tinyWorld({
    alignment: [1, -0.7, 0.6, 0.1, -0.7, 1, 0.1, 0.4, 0.6, 0.2, 1, 0.3, 0.1, 0.5, 0.3, 1],
    actors: ['USA', 'CHN', 'PHL', 'VNM'].map((id) => actor(id)),
  }) as StateData;
  s.groups = [{ id: 'ASEAN', name: 'ASEAN', members: ['PHL', 'VNM'] }];
  s.rulesHash = rules.hash();
  s.flags = { radar: true };
  s.counters = { incidents: 3 };
  s.ladders = { global: 2.5, dyads: [{ id: 'CHN-PHL', a: 'CHN', b: 'PHL', level: 3 }] };
  return s;
})();
const scope: ExprScope = {
  actors: new Set(['USA', 'CHN', 'PHL', 'VNM']),
  groups: new Set(['ASEAN']),
  ladders: new Set(['CHN-PHL', 'global']),
  events: new Set(['grant']),
  target: true,
  actor: true,
};
const ctx: EvalContext = {
  rules,
  state,
  index: new Map(state.actors.map((a, i) => [a.id, i])),
  target: 'PHL',
  actor: 'USA',
  turn: 5,
  fired: { grant: 2 },
};

function value(src: string, expect: 'number' | 'boolean' = 'number') {
  const r = parseExpr(src, scope, expect);
  if (!r.ok) throw new Error(`${src}: ${r.error.message}`);
  return evaluate(r.expr, ctx);
}
function error(src: string, expect: 'number' | 'boolean' = 'number') {
  const r = parseExpr(src, scope, expect);
  if (r.ok) throw new Error(`${src} should not parse`);
  return r.error;
}

describe('evaluation', () => {
  it('arithmetic with the usual precedence, and division by zero gives 0', () => {
    expect(value('1 + 2 * 3 - 4 / 2')).toBe(5);
    expect(value('(1 + 2) * 3')).toBe(9);
    expect(value('-2 * -3')).toBe(6);
    expect(value('1e-2 + .5')).toBeCloseTo(0.51, 15);
    expect(value('1 / 0')).toBe(0);
  });

  it('comparisons and logic', () => {
    expect(value('1 < 2 and not (3 <= 2) or false', 'boolean')).toBe(true);
    expect(value('turn == 5 and tension > 2', 'boolean')).toBe(true);
    expect(value('target == PHL and actor != PHL', 'boolean')).toBe(true);
  });

  it('functions over the state', () => {
    expect(value('alignment(PHL, USA)')).toBe(0.6);
    expect(value('tilt(VNM)')).toBeCloseTo((0.1 - 0.5) / 2, 15);
    expect(value('capability(PHL, maritime)')).toBe(50);
    expect(value('ladder("CHN-PHL")')).toBe(3);
    expect(value('flag("radar") and not flag("other")', 'boolean')).toBe(true);
    expect(value('counter("incidents") + counter("none")')).toBe(3);
    expect(value('fired("grant")')).toBe(2);
    expect(value('member_of(target, ASEAN)', 'boolean')).toBe(true);
    expect(value('hostility(USA, CHN)')).toBeCloseTo(0.7, 15);
    expect(value('clamp(5, 0, 1) + abs(-2) + min(1, 2) + max(1, 2)')).toBe(1 + 2 + 1 + 2);
  });

  it('group aggregates bind member', () => {
    expect(value('mean(ASEAN, tilt(member))')).toBeCloseTo(((0.6 - 0.2) / 2 + (0.1 - 0.5) / 2) / 2, 15);
    expect(value('count(ASEAN, alignment(member, CHN) > 0.3)')).toBe(1);
    expect(value('max(ASEAN, alignment(member, CHN))')).toBe(0.5);
    expect(value('min(ASEAN, alignment(member, CHN))')).toBe(0.2);
    expect(value('sum(ASEAN, mean(ASEAN, alignment(member, USA)))')).toBeCloseTo(0.7, 15);
  });
});

describe('errors name what is wrong and where', () => {
  const cases: [string, number, RegExp, ('number' | 'boolean')?][] = [
    ['alignment(PHL, XYZ)', 15, /unknown actor or group "XYZ"/],
    ['alignmnt(PHL, USA)', 0, /unknown function "alignmnt"/],
    ['tilt(PHL, USA)', 0, /tilt\(\) takes 1 argument, found 2/],
    ['capability(PHL, navy)', 16, /unknown name "navy"/],
    ['capability(PHL, 3)', 16, /argument 2 of capability\(\) must be a capability kind, found a number/],
    ['1 + flag("x")', 4, /"\+" needs a number here, found a condition/],
    ['tilt(PHL) > 0', 0, /gives a condition \(true or false\), but a number is needed/],
    ['1 < 2 < 3', 6, /comparisons cannot be chained/, 'boolean'],
    ['turn = 3', 5, /use == to compare/, 'boolean'],
    ['true && false', 5, /write "and", "or", "not" instead of "&"/, 'boolean'],
    ['(1 + 2', 6, /expected "\)", found the end/],
    ['ladder("CHN-XXX")', 7, /unknown ladder "CHN-XXX"/],
    ['fired("nope")', 6, /unknown event "nope"/],
    ['tilt(member)', 5, /"member" is only defined inside/],
    ['1 +', 3, /ends too early/],
    ['"open', 0, /not closed/],
    ['constructor', 0, /unknown name "constructor"/],
    ['__proto__', 0, /unknown name "__proto__"/],
    ['mean(ASEAN, mean(ASEAN, mean(ASEAN, 1)))', 24, /nested at most 2 deep/],
  ];
  for (const [src, offset, message, expect_] of cases) {
    it(`${src}`, () => {
      const e = error(src, expect_ ?? 'number');
      expect(e.message).toMatch(message);
      expect(e.offset).toBe(offset);
    });
  }

  it('refuses numbers too large to represent', () => {
    expect(error('1e400 + 1')).toEqual({ offset: 0, message: 'the number 1e400 is too large' });
  });

  it('checks deeply nested min/max (checking used to double at every level and hang here)', () => {
    expect(value(`${'min(1, '.repeat(38)}1${')'.repeat(38)}`)).toBe(1);
  });

  it('refuses expressions that are too long or too deep', () => {
    expect(error(Array.from({ length: 300 }, () => '1').join(' + ')).message).toMatch(/too long/);
    expect(error(`${'('.repeat(60)}1${')'.repeat(60)}`).message).toMatch(/nested too deeply/);
  });

  it('targets are only available in events that have them', () => {
    const r = parseExpr('tilt(target)', { ...scope, target: false }, 'number');
    expect(r.ok ? '' : r.error.message).toMatch(
      /"target" is only defined in events with targets and in actions that have a target/,
    );
  });
});

describe('robustness', () => {
  it('any input gives an expression or an error, never an exception', () => {
    const alphabet = fc.constantFrom(
      ...'()+-*/<>=!,"and or not tilt alignment PHL USA ASEAN member 0.5 1e3 '.split(''),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')),
        ),
        (src) => {
          const r = parseExpr(src, scope, 'number');
          if (r.ok) expect(typeof evaluate(r.expr, ctx)).toBe('number');
          else expect(r.error.offset).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: runs(2000) },
    );
  });
});

describe('compiled evaluation', () => {
  it('evaluates deeply nested calls in time linear in their size (each argument compiled once)', () => {
    // alignment() nested inside min() 38 deep: a compiler that built an argument twice would need 2^38 closures.
    const src = `${'min(alignment(PHL, USA), '.repeat(38)}1${')'.repeat(38)}`;
    const r = parseExpr(src, scope, 'number');
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(evaluate(r.expr, ctx)).toBe(
        Math.min(1, ...[0].map(() => evaluate(parseOk('alignment(PHL, USA)'), ctx) as number)),
      );
  });
});

function parseOk(src: string) {
  const r = parseExpr(src, scope, 'number');
  if (!r.ok) throw new Error(r.error.message);
  return r.expr;
}
