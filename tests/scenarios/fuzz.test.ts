/**
 * Fuzzing the loader: mutated scenario documents (keys dropped, values replaced by arbitrary JSON,
 * expressions garbled, the text cut short) never make it do anything but return a compiled
 * scenario or structured errors.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { step } from '../../src/engine';
import { started } from '../engine/world';
import { runs } from '../sizes';
import { compileText } from './compile-helper';

const base = readFileSync('tests/fixtures/scenarios/events.yaml', 'utf8');
const doc = (await import('yaml')).parse(base) as Record<string, unknown>;

type Mutation = { path: (string | number)[]; op: 'delete' | 'set'; value?: unknown };

/** All paths into a JSON value. */
function paths(v: unknown, p: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [p];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...p, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...p, k]));
  return out;
}
const allPaths = paths(doc).filter((p) => p.length > 0);

function apply(d: unknown, m: Mutation): unknown {
  const copy = structuredClone(d) as Record<string | number, unknown>;
  let o = copy as Record<string | number, unknown>;
  for (const k of m.path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  const last = m.path[m.path.length - 1];
  if (m.op === 'delete') {
    if (Array.isArray(o)) o.splice(last as number, 1);
    else delete o[last];
  } else o[last] = m.value;
  return copy;
}

const weird = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'tilt(',
    'alignment(PHL, JPN) >',
    '1 / 0',
    'mean(TRIO, mean(TRIO, mean(TRIO, 1)))',
    'XXX',
    'target',
    '',
    -1e308,
    1e308,
    0,
    -0,
    '2024-02-30',
  ),
);
const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.constantFrom(...allPaths),
  op: fc.constantFrom('delete' as const, 'set' as const),
  value: weird,
});

describe('loader fuzz', () => {
  it('mutated documents give a scenario or structured errors, and valid ones run', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.nat(), fc.boolean(), (ms, cut, truncate) => {
        let d: unknown = doc;
        for (const m of ms) {
          try {
            d = apply(d, m);
          } catch {
            // A path removed by an earlier mutation: skip it.
          }
        }
        let text = stringify(d);
        if (truncate) text = text.slice(0, cut % (text.length + 1));
        const r = compileText(text);
        if (r.ok) {
          const { rules, state: s } = started(r.value.spec('1'));
          const next = step(rules, s, {}).state;
          expect(next.turn).toBe(1);
        } else {
          expect(r.issues.length).toBeGreaterThan(0);
          for (const i of r.issues) {
            expect(typeof i.code).toBe('string');
            expect(i.message.length).toBeGreaterThan(0);
            expect(i.message.length).toBeLessThan(400);
          }
        }
      }),
      { numRuns: runs(200) },
    );
  });
});
