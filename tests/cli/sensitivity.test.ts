/**
 * Global sensitivity (src/cli/batch/sensitivity.ts): the Latin hypercube's strata, seeds and texts
 * that read back exactly through parseSet; PRCC and Spearman that find what a known model puts in
 * (and nothing it leaves out), checked against independent computations, without NaN in any case.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Alea } from '../../src/engine/rng';
import { Moments } from '../../src/cli/batch/stats';
import {
  averageRanks,
  designSets,
  latinHypercube,
  normalTwoSidedP,
  parseRange,
  pointMeans,
  sensitivity,
  type LhsRange,
} from '../../src/cli/batch/sensitivity';
import { parseSet } from '../../src/scenarios/overrides';
import { runs } from '../sizes';

const RANGES: LhsRange[] = [
  { key: 'model.weights.noise', lo: 0, hi: 2 },
  { key: 'params.us_commitment', lo: 0, hi: 1 },
  { key: 'model.threat.powerExponent', lo: -3, hi: 0.5 },
];
const column = (design: number[][], d: number) => design.map((row) => row[d]);
/** The stratum (0..n-1) of x among n equal strata of [lo, hi]. */
const stratum = (x: number, { lo, hi }: LhsRange, n: number) => Math.min(n - 1, Math.floor(((x - lo) / (hi - lo)) * n));
/** Deterministic standard-ish noise for the models below (zero-mean uniform, sd 1). */
const noise = (key: string) => {
  const g = new Alea(key);
  return () => (g.double() * 2 - 1) * Math.sqrt(3);
};
/** A design of n points over [0, 1]^p. */
const unitDesign = (seed: string, n: number, p: number) =>
  latinHypercube(
    seed,
    n,
    Array.from({ length: p }, (_, k) => ({ key: `x${k + 1}`, lo: 0, hi: 1 })),
  );

describe('latinHypercube', () => {
  it('puts exactly one point in each stratum of each dimension, inside [lo, hi]', () => {
    const range = fc.record({
      lo: fc.double({ min: -1000, max: 1000, noNaN: true }),
      width: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.integer({ min: 2, max: 60 }),
        fc.array(range, { minLength: 1, maxLength: 4 }),
        (seed, n, rs) => {
          const ranges = rs.map(({ lo, width }, k) => ({ key: `k${k}`, lo, hi: lo + width }));
          const design = latinHypercube(seed, n, ranges);
          expect(design).toHaveLength(n);
          ranges.forEach((r, d) => {
            const xs = column(design, d);
            expect(xs.every((x) => x >= r.lo && x <= r.hi)).toBe(true);
            expect(xs.map((x) => stratum(x, r, n)).sort((a, b) => a - b)).toEqual(
              Array.from({ length: n }, (_, i) => i),
            );
          });
        },
      ),
      { numRuns: runs(100) },
    );
  });

  it('holds the property for the sizes a batch uses', () => {
    for (const n of [2, 3, 10, 100, 1000]) {
      const design = latinHypercube('7', n, RANGES);
      RANGES.forEach((r, d) => expect(new Set(column(design, d).map((x) => stratum(x, r, n))).size).toBe(n));
    }
  });

  it('is the same design for the same seed, another for another seed', () => {
    const a = latinHypercube('42', 20, RANGES);
    expect(latinHypercube('42', 20, RANGES)).toEqual(a);
    expect(JSON.stringify(latinHypercube('42', 20, RANGES))).toBe(JSON.stringify(a));
    const b = latinHypercube('43', 20, RANGES);
    RANGES.forEach((_, d) => expect(column(b, d)).not.toEqual(column(a, d)));
  });

  it('keys each column by its parameter: other ranges added, removed or reordered leave it as it was', () => {
    const all = latinHypercube('5', 30, RANGES);
    const reordered = latinHypercube('5', 30, [RANGES[2], RANGES[0]]);
    expect(column(reordered, 0)).toEqual(column(all, 2));
    expect(column(reordered, 1)).toEqual(column(all, 0));
    // Two columns with the same range still differ: the streams are keyed by the parameter.
    const twins = latinHypercube('5', 30, [
      { key: 'a', lo: 0, hi: 1 },
      { key: 'b', lo: 0, hi: 1 },
    ]);
    expect(column(twins, 0)).not.toEqual(column(twins, 1));
  });

  it('draws positions uniformly inside the strata and shuffles the dimensions independently', () => {
    const n = 2000;
    const design = unitDesign('11', n, 2);
    const within = column(design, 0).map((x) => x * n - Math.floor(x * n));
    const mean = within.reduce((s, u) => s + u, 0) / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02); // sd of the mean 0.0065
    expect(within.filter((u) => u < 0.25).length / n).toBeGreaterThan(0.22);
    expect(within.filter((u) => u >= 0.75).length / n).toBeGreaterThan(0.22);
    // Independently permuted strata: the two columns are uncorrelated (sd of rho about 0.022).
    const s = sensitivity(design, { y: column(design, 0) }, ['x1', 'x2']).byOutput.y;
    expect(Math.abs(s[1].spearman)).toBeLessThan(0.07);
  });

  it('gives values whose texts read back through parseSet as the same numbers', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.integer({ min: 2, max: 40 }), (seed, n) => {
        const design = latinHypercube(seed, n, RANGES);
        designSets(RANGES, design).forEach((texts, i) =>
          texts.forEach((text, d) => {
            const o = parseSet(text);
            expect(o.key).toBe(RANGES[d].key);
            expect(Object.is(o.value, design[i][d])).toBe(true);
          }),
        );
      }),
      { numRuns: runs(50) },
    );
  });

  it('String(x) is a text parseSet reads back exactly for any finite double (so no rounding is needed)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(parseSet(`model.weights.noise=${String(x)}`).value).toBe(x + 0);
      }),
      { numRuns: runs(1000) },
    );
    for (const x of [5e-324, 1e21, -1.7976931348623157e308, 0.1 + 0.2, 1 / 3])
      expect(parseSet(`k=${String(x)}`).value).toBe(x);
  });

  it('refuses bad input with a message naming the problem', () => {
    const r = [{ key: 'a', lo: 0, hi: 1 }];
    expect(() => latinHypercube('1', 1, r)).toThrow(/at least 2 samples, found 1/);
    expect(() => latinHypercube('1', 2.5, r)).toThrow(/whole number of at least 2 samples, found 2.5/);
    expect(() => latinHypercube('1', 5, [])).toThrow(/at least one range/);
    expect(() => latinHypercube('1', 5, [{ key: 'a', lo: 1, hi: 1 }])).toThrow(/range of a is empty.*1:1/);
    expect(() => latinHypercube('1', 5, [{ key: 'a', lo: 2, hi: 1 }])).toThrow(/range of a is empty/);
    expect(() => latinHypercube('1', 5, [{ key: 'a', lo: NaN, hi: 1 }])).toThrow(/range of a must have finite ends/);
    expect(() => latinHypercube('1', 5, [{ key: 'a', lo: 0, hi: Infinity }])).toThrow(
      /range of a must have finite ends/,
    );
    expect(() => latinHypercube('1', 5, [{ key: 'a', lo: -1.7e308, hi: 1.7e308 }])).toThrow(/too wide/);
    expect(() => latinHypercube('1', 1000, [{ key: 'a', lo: 1e15, hi: 1e15 + 1 }])).toThrow(
      /too narrow for 1000 samples/,
    );
    expect(() => latinHypercube('1', 5, [...r, ...r])).toThrow(/range of a is given twice/);
  });
});

describe('parseRange', () => {
  it('reads KEY=LO:HI', () => {
    expect(parseRange('model.weights.noise=0.5:1.5')).toEqual({ key: 'model.weights.noise', lo: 0.5, hi: 1.5 });
    expect(parseRange('alignment.PHL.JPN=-1:1e-1')).toEqual({ key: 'alignment.PHL.JPN', lo: -1, hi: 0.1 });
  });

  it('refuses what is not a range', () => {
    expect(() => parseRange('model.weights.noise=0.5')).toThrow(/expected KEY=LO:HI/);
    expect(() => parseRange('=0:1')).toThrow(/expected KEY=LO:HI/);
    expect(() => parseRange('a=x:1')).toThrow(/expected KEY=LO:HI/);
    expect(() => parseRange('a=0:1:2')).toThrow(/expected KEY=LO:HI/);
    expect(() => parseRange('a b=0:1')).toThrow(/not a parameter key/);
    expect(() => parseRange('a=1:0')).toThrow(/range of a is empty/);
    expect(() => parseRange('a=0:1e999')).toThrow(/finite ends/);
  });
});

describe('averageRanks and pointMeans', () => {
  it('gives tied values the mean of their ranks', () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    expect(averageRanks([1, 1, 1])).toEqual([2, 2, 2]);
    expect(averageRanks([0, -0, 1])).toEqual([1.5, 1.5, 3]);
  });

  it('averages each point over its runs (run = point * R + replicate), exactly as summary.json does', () => {
    const values = [0.1, 0.2, 0.7, 1, 0, 0, 1e16, 1, -1e16];
    expect(pointMeans(values, 3)).toEqual([(0.1 + 0.2 + 0.7) / 3, 1 / 3, 1 / 3]);
    for (let p = 0; p < 3; p++) {
      const m = new Moments();
      for (let r = 0; r < 3; r++) m.add(values[p * 3 + r]);
      expect(pointMeans(values, 3)[p]).toBe(m.mean());
    }
    expect(() => pointMeans(values, 4)).toThrow(/do not divide/);
    expect(() => pointMeans(values, 0)).toThrow(/at least 1/);
  });
});

describe('sensitivity', () => {
  it('finds the parameter an output follows, and not the one it ignores', () => {
    const design = unitDesign('1', 200, 2);
    const e = noise('y');
    const s = sensitivity(design, { y: design.map(([x1]) => x1 + 0.02 * e()) }, ['x1', 'x2']).byOutput.y;
    expect(s.map((k) => k.key)).toEqual(['x1', 'x2']);
    expect(s[0].prcc).toBeGreaterThan(0.99);
    expect(s[0].ci95[0]).toBeGreaterThan(0.98);
    expect(s[0].ci95[1] - s[0].ci95[0]).toBeLessThan(0.01);
    expect(s[0].p).toBeLessThan(1e-12);
    expect(Math.abs(s[1].prcc)).toBeLessThan(0.15);
    expect(s[1].ci95[0]).toBeLessThan(0);
    expect(s[1].ci95[1]).toBeGreaterThan(0);
    expect(s[1].p).toBeGreaterThan(0.05);
    expect(s.every((k) => k.degenerate === null)).toBe(true);
  });

  it('is rank-based: a monotone non-linear dependence counts fully, a negative one is negative', () => {
    const design = unitDesign('2', 100, 3);
    const e = noise('exp');
    const s = sensitivity(
      design,
      {
        grows: design.map(([x1, x2]) => Math.exp(12 * x1) + 5 * Math.exp(3 * x2) + 20 * e()),
        falls: design.map(([, , x3]) => -Math.exp(4 * x3) + 0.5 * e()),
      },
      ['x1', 'x2', 'x3'],
    ).byOutput;
    expect(s.grows[0].prcc).toBeGreaterThan(0.95);
    expect(s.grows[1].prcc).toBeGreaterThan(0.3); // weaker, but there
    expect(s.grows[1].ci95[0]).toBeGreaterThan(0);
    expect(Math.abs(s.grows[2].prcc)).toBeLessThan(Math.abs(s.grows[1].prcc));
    expect(s.falls[2].prcc).toBeLessThan(-0.99);
    expect(s.falls[2].ci95[1]).toBeLessThan(0);
    expect(s.falls[2].spearman).toBeLessThan(-0.99);
  });

  it('gives the same bytes for any strictly increasing transform of the outputs and parameters', () => {
    const design = unitDesign('3', 40, 2);
    const e = noise('t');
    const y = design.map(([x1, x2]) => x1 - x2 + 0.3 * e());
    const a = sensitivity(design, { y }, ['x1', 'x2']);
    const b = sensitivity(
      design.map(([x1, x2]) => [Math.exp(x1), x2 ** 3 - 7]),
      { y: y.map((v) => 1 / (1 + Math.exp(-v))) },
      ['x1', 'x2'],
    );
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(sensitivity(design, { y }, ['x1', 'x2']))).toBe(JSON.stringify(a));
  });

  it('handles 0/1 outputs with their ties, and point means of indicators under common random numbers', () => {
    const design = unitDesign('4', 60, 2);
    const step = sensitivity(design, { hit: design.map(([x1]) => (x1 > 0.5 ? 1 : 0)) }, ['x1', 'x2']).byOutput.hit;
    expect(step[0].prcc).toBeGreaterThan(0.8);
    expect(step[0].ci95[0]).toBeGreaterThan(0.6);
    expect(Math.abs(step[1].prcc)).toBeLessThan(0.3);
    // Replicate r draws the same u_r at every point (CRN) and the outcome happens when u_r < x1:
    // each point's share counts the u_r below its x1, so the shares rise with x1 (with ties).
    const R = 16;
    const g = new Alea('crn');
    const u = Array.from({ length: R }, () => g.double());
    const perRun = design.flatMap(([x1]) => u.map((ur) => (ur < x1 ? 1 : 0)));
    const share = pointMeans(perRun, R);
    expect(new Set(share).size).toBeLessThan(design.length); // ties
    const s = sensitivity(design, { share }, ['x1', 'x2']).byOutput.share;
    expect(s[0].prcc).toBeGreaterThan(0.95);
    expect(s[0].spearman).toBeGreaterThan(0.95);
    expect(Math.abs(s[1].prcc)).toBeLessThan(0.3);
  });

  it('flags a constant output, an aliased parameter and an explained output, with no NaN', () => {
    const design = unitDesign('5', 12, 2);
    const twin = design.map(([x1]) => [x1, 2 * x1]); // x2 ranks exactly as x1
    const r = sensitivity(design, { never: design.map(() => 0), same: design.map(([x1]) => Math.exp(x1)) }, [
      'x1',
      'x2',
    ]);
    expect(r.byOutput.never).toEqual([
      { key: 'x1', prcc: 0, ci95: [-1, 1], p: 1, spearman: 0, degenerate: 'constant' },
      { key: 'x2', prcc: 0, ci95: [-1, 1], p: 1, spearman: 0, degenerate: 'constant' },
    ]);
    // `same` ranks exactly as x1: PRCC(x1) is 1, and given x1 nothing is left for x2.
    expect(r.byOutput.same[0]).toMatchObject({ spearman: 1, degenerate: null });
    expect(r.byOutput.same[0].prcc).toBeCloseTo(1, 14);
    expect(r.byOutput.same[0].ci95[0]).toBeGreaterThan(0.999);
    expect(r.byOutput.same[0].p).toBeLessThan(1e-12);
    expect(r.byOutput.same[1]).toMatchObject({ prcc: 0, ci95: [-1, 1], p: 1, degenerate: 'explained' });
    const e = noise('alias');
    const t = sensitivity(twin, { y: twin.map(([x1]) => x1 + e()) }, ['x1', 'x2']);
    expect(t.byOutput.y.map((k) => k.degenerate)).toEqual(['aliased', 'aliased']);
    expect(t.byOutput.y[0].spearman).toBe(t.byOutput.y[1].spearman);
    const fixed = sensitivity(
      design.map(([x1]) => [x1, 3]),
      { y: design.map(([x1]) => x1) },
      ['x1', 'x2'],
    );
    expect(fixed.byOutput.y[1]).toMatchObject({ spearman: 0, degenerate: 'aliased' });
    expect(fixed.byOutput.y[0]).toMatchObject({ prcc: 1, degenerate: null });
    // JSON.stringify writes NaN and Infinity as null: the only nulls are the estimated entries' `degenerate`.
    for (const s of [r, t, fixed]) expect(JSON.stringify(s).replaceAll('"degenerate":null', '')).not.toMatch(/null/);
  });

  it('Spearman and PRCC on hand-checkable examples', () => {
    // No ties: rho = 1 - 6 * sum(d^2) / (n (n^2 - 1)) = 1 - 6 * 4 / 120 = 0.8.
    const one = sensitivity([[1], [2], [3], [4], [5]], { y: [2, 1, 4, 3, 5] }, ['x']).byOutput.y[0];
    expect(one.spearman).toBeCloseTo(0.8, 14);
    expect(one.prcc).toBeCloseTo(0.8, 14); // with one parameter, nothing to partial out
    // Ties: ranks of y are 1.5, 1.5, 3.5, 3.5; centred x . y = 4, |x|^2 = 5, |y|^2 = 4: rho = 2 / sqrt 5.
    expect(sensitivity([[1], [2], [3], [4]], { y: [0, 0, 1, 1] }, ['x']).byOutput.y[0].spearman).toBeCloseTo(
      2 / Math.sqrt(5),
      14,
    );
    // Two parameters, n = 6, ranks given: sum(d^2) = 28, 4 and 36 give r12 = 1/5, ry1 = 31/35, ry2 = -1/35,
    // and r_y1.2 = (ry1 - ry2 r12) / sqrt((1 - ry2^2)(1 - r12^2)) = 13 / (2 sqrt 51); r_y2.1 = -3 / (2 sqrt 11).
    const x1 = [1, 2, 3, 4, 5, 6];
    const x2 = [2, 4, 6, 1, 3, 5];
    const s = sensitivity(
      x1.map((a, i) => [a, x2[i]]),
      { y: [1, 3, 2, 5, 4, 6] },
      ['x1', 'x2'],
    ).byOutput.y;
    expect(s[0].spearman).toBeCloseTo(31 / 35, 14);
    expect(s[1].spearman).toBeCloseTo(-1 / 35, 14);
    expect(s[0].prcc).toBeCloseTo(13 / (2 * Math.sqrt(51)), 13);
    expect(s[1].prcc).toBeCloseTo(-3 / (2 * Math.sqrt(11)), 13);
    // df = 6 - 2 - 1 = 3: z = atanh(r) with standard error 1 / sqrt(2).
    const z = Math.atanh(13 / (2 * Math.sqrt(51)));
    expect(s[0].ci95[0]).toBeCloseTo(Math.tanh(z - 1.959963984540054 / Math.SQRT2), 12);
    expect(s[0].ci95[1]).toBeCloseTo(Math.tanh(z + 1.959963984540054 / Math.SQRT2), 12);
  });

  it('agrees with numpy and scipy on a small data set with ties (least squares by lstsq, p by scipy.special.erfc)', () => {
    const x1 = [0.12, 0.95, 0.33, 0.71, 0.05, 0.58, 0.84, 0.27, 0.49, 0.66];
    const x2 = [3.1, 1.2, 2.8, 0.4, 1.9, 3.7, 0.9, 2.2, 1.5, 3.3];
    const x3 = [-5, 2, 7, -1, 4, 0, -3, 6, 1, -2];
    const params = x1.map((a, i) => [a, x2[i], x3[i]]);
    const r = sensitivity(params, { y: [1, 4.5, 2, 3.5, 1, 3, 4.5, 2, 2.5, 3], w: [0, 1, 0, 1, 0, 1, 1, 0, 0, 1] }, [
      'x1',
      'x2',
      'x3',
    ]);
    expect(r.observations).toBe(10);
    // [prcc, ci low, ci high, p, spearman] from the reference computation.
    const expected = {
      y: [
        [0.9835787616897943, 0.9087880046347687, 0.9971356491509747, 8.324632301207559e-8, 0.9878044218151566],
        [-0.24537638463639094, -0.8099932950465567, 0.555316346285561, 0.5754071825961955, -0.4724282017376836],
        [0.03570454352015794, -0.6862340509590097, 0.722206732341293, 0.9363392673994174, -0.28222983480433045],
      ],
      w: [
        [0.8899046485087991, 0.4967219216397807, 0.9800170221167654, 0.0014804035564573784, 0.8703882797784892],
        [0.457846758759743, -0.364390181530421, 0.878944027595232, 0.2687600875348787, -0.17407765595569785],
        [-0.38774607742039446, -0.85798750682269, 0.43607835599584865, 0.3602572534658798, -0.4526019054848143],
      ],
    };
    for (const [id, rows] of Object.entries(expected))
      rows.forEach(([prcc, lo, hi, p, spearman], k) => {
        const got = r.byOutput[id][k];
        expect(got.prcc).toBeCloseTo(prcc, 12);
        expect(got.ci95[0]).toBeCloseTo(lo, 12);
        expect(got.ci95[1]).toBeCloseTo(hi, 12);
        expect(Math.abs(got.p - p) / p).toBeLessThan(1e-9);
        expect(got.spearman).toBeCloseTo(spearman, 12);
      });
  });

  it('equals -C^-1[k,y] / sqrt(C^-1[k,k] C^-1[y,y]) of the rank correlation matrix C (another formula)', () => {
    const data = fc.integer({ min: 1, max: 4 }).chain((p) =>
      fc.integer({ min: p + 3, max: 40 }).chain((n) =>
        fc.record({
          p: fc.constant(p),
          rows: fc.array(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: p + 1, maxLength: p + 1 }), {
            minLength: n,
            maxLength: n,
          }),
        }),
      ),
    );
    fc.assert(
      fc.property(data, ({ p, rows }) => {
        const m = p + 1;
        const cols = Array.from({ length: m }, (_, j) => averageRanks(rows.map((r) => r[j])));
        const centred = cols.map((c) => c.map((v) => v - (rows.length + 1) / 2));
        const dotp = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
        fc.pre(centred.every((c) => dotp(c, c) > 0));
        const C = centred.map((a) => centred.map((b) => dotp(a, b) / Math.sqrt(dotp(a, a) * dotp(b, b))));
        const inv = invert(C);
        fc.pre(inv !== undefined);
        const keys = Array.from({ length: p }, (_, k) => `x${k}`);
        const s = sensitivity(
          rows.map((r) => r.slice(0, p)),
          { y: rows.map((r) => r[p]) },
          keys,
        ).byOutput.y;
        s.forEach((got, k) => {
          expect(got.degenerate).toBe(null);
          expect(got.prcc).toBeCloseTo(-inv![k][p] / Math.sqrt(inv![k][k] * inv![p][p]), 8);
          expect(got.spearman).toBeCloseTo(C[k][p], 12);
        });
      }),
      { numRuns: runs(150) },
    );
  });

  it('p < 0.05 exactly when the 95% interval excludes 0, and the interval holds the estimate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 6, max: 30 }),
        fc.string({ maxLength: 6 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (n, seed, slope) => {
          const design = unitDesign(seed, n, 2);
          const e = noise(seed);
          const s = sensitivity(design, { y: design.map(([x1, x2]) => slope * x1 - x2 * 0.1 + e()) }, ['x1', 'x2'])
            .byOutput.y;
          for (const k of s) {
            expect(k.ci95[0]).toBeLessThanOrEqual(k.prcc);
            expect(k.ci95[1]).toBeGreaterThanOrEqual(k.prcc);
            expect(k.p).toBeGreaterThanOrEqual(0);
            expect(k.p).toBeLessThanOrEqual(1);
            if (Math.abs(k.p - 0.05) > 1e-9) expect(k.p < 0.05).toBe(k.ci95[0] > 0 || k.ci95[1] < 0);
          }
        },
      ),
      { numRuns: runs(100) },
    );
  });

  it('has intervals that hold their level: an irrelevant parameter is significant in about 5% of designs', () => {
    let significant = 0;
    let covered = 0;
    const designs = 200;
    for (let d = 0; d < designs; d++) {
      const design = unitDesign(`calibration ${d}`, 30, 3);
      const e = noise(`calibration noise ${d}`);
      const [x1] = sensitivity(design, { y: design.map(([, x2, x3]) => Math.exp(3 * x3) - x2 + e()) }, [
        'x1',
        'x2',
        'x3',
      ]).byOutput.y;
      if (x1.p < 0.05) significant++;
      if (x1.ci95[0] <= 0 && x1.ci95[1] >= 0) covered++;
    }
    expect(significant / designs).toBeGreaterThan(0.01);
    expect(significant / designs).toBeLessThan(0.1);
    expect(covered).toBe(designs - significant);
  });

  it('keeps outputs in the order given, keys in the order given, and any output id', () => {
    const design = unitDesign('6', 10, 2);
    const y = design.map(([a, b]) => a + b);
    const r = sensitivity(design, { zeta: y, alpha: y, ['__proto__']: y }, ['x1', 'x2']);
    expect(Object.keys(r.byOutput)).toEqual(['zeta', 'alpha', '__proto__']);
    expect(r.byOutput.zeta.map((k) => k.key)).toEqual(['x1', 'x2']);
    expect(JSON.parse(JSON.stringify(r)).byOutput.__proto__).toHaveLength(2);
  });

  it('refuses bad input with a message naming the problem', () => {
    const design = unitDesign('7', 5, 2);
    expect(() => sensitivity(design.slice(0, 4), { y: [1, 2, 3, 4] }, ['x1', 'x2'])).toThrow(
      /2 parameters needs more than 4 observations, found 4/,
    );
    expect(() => sensitivity(design, { y: [1, 2, 3, 4] }, ['x1', 'x2'])).toThrow(
      /output y has 4 values for 5 observations/,
    );
    expect(() => sensitivity(design, { y: [1, 2, NaN, 4, 5] }, ['x1', 'x2'])).toThrow(
      /output y at observation 2 is NaN/,
    );
    expect(() => sensitivity(design, { y: [1, 2, 3, 4, 5] }, ['x1'])).toThrow(
      /observation 0 has 2 parameter values for 1 parameters/,
    );
    expect(() => sensitivity([...design.slice(0, 4), [0.5, Infinity]], { y: [1, 2, 3, 4, 5] }, ['x1', 'x2'])).toThrow(
      /x2 at observation 4 is Infinity/,
    );
    expect(() => sensitivity(design, { y: [1, 2, 3, 4, 5] }, ['x1', 'x1'])).toThrow(/named twice/);
    expect(() => sensitivity(design, { y: [1, 2, 3, 4, 5] }, [])).toThrow(/at least one parameter/);
  });
});

describe('normalTwoSidedP', () => {
  it('matches scipy.special.erfc(|z| / sqrt 2) to 1e-13', () => {
    const cases: [number, number][] = [
      [0, 1],
      [1, 0.31731050786291415],
      [-1, 0.31731050786291415],
      [1.959963984540054, 0.05000000000000002],
      [3, 0.0026997960632601918],
      [6, 1.9731752900754036e-9],
      [10, 1.5239706048321166e-23],
    ];
    for (const [z, p] of cases) expect(Math.abs(normalTwoSidedP(z) - p) / p).toBeLessThan(1e-13);
    expect(normalTwoSidedP(Infinity)).toBe(0);
    expect(normalTwoSidedP(50)).toBe(0);
  });
});

/** The inverse of a small matrix by Gauss-Jordan with partial pivoting; undefined when near singular. */
function invert(a: number[][]): number[][] | undefined {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let best = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[best][c])) best = r;
    if (Math.abs(m[best][c]) < 1e-6) return undefined;
    [m[c], m[best]] = [m[best], m[c]];
    const pivot = m[c][c];
    for (let j = 0; j < 2 * n; j++) m[c][j] /= pivot;
    for (let r = 0; r < n; r++)
      if (r !== c) {
        const f = m[r][c];
        for (let j = 0; j < 2 * n; j++) m[r][j] -= f * m[c][j];
      }
  }
  return m.map((row) => row.slice(n));
}
