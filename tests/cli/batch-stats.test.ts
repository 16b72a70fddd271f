/** The batch's statistics: order-independent, mergeable, and as accurate as documented. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALPHA, ExactSum, Moments, QuantileStore, tQuantile975, wilson } from '../../src/cli/batch/stats';

const shuffle = <T>(xs: T[], seed: number) => {
  const a = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = a.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
};
const sumOf = (xs: number[]) => {
  const s = new ExactSum();
  for (const x of xs) s.add(x);
  return s.value();
};
const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 });

describe('ExactSum', () => {
  it('is exact where naive summation is not', () => {
    expect(sumOf([1e16, 1, -1e16])).toBe(1);
    expect(sumOf(Array(10).fill(0.1))).toBe(1);
    expect(
      Array(10)
        .fill(0.1)
        .reduce((a, b) => a + b, 0),
    ).not.toBe(1);
  });

  it('gives the same double in any order', () => {
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 60 }), fc.integer(), (xs, seed) => {
        expect(Object.is(sumOf(xs) + 0, sumOf(shuffle(xs, seed)) + 0)).toBe(true);
      }),
    );
  });

  it('is the correctly rounded exact sum (checked with BigInt arithmetic on integers scaled by 2^-20)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), { maxLength: 40 }), (ints) => {
        const xs = ints.map((k) => k / 2 ** 20);
        const exact = ints.reduce((a, k) => a + BigInt(k), 0n);
        expect(sumOf(xs)).toBe(Number(exact) / 2 ** 20);
      }),
    );
  });
});

describe('Moments', () => {
  it('mean, sample sd and a t interval', () => {
    const m = new Moments();
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) m.add(x);
    expect(m.mean()).toBe(5);
    expect(m.sd()).toBeCloseTo(Math.sqrt(32 / 7), 12);
    const [lo, hi] = m.meanCi95();
    expect(hi - 5).toBeCloseTo((2.364624 * Math.sqrt(32 / 7)) / Math.sqrt(8), 9);
    expect(5 - lo).toBeCloseTo(hi - 5, 12);
  });

  it('the sd has no cancellation when the mean is large against the spread', () => {
    const a = new Moments();
    const b = new Moments();
    for (let i = 0; i < 1000; i++) {
      a.add(1e8 + (i % 2));
      b.add(1e4 + (i % 2) * 1e-4);
    }
    // Half the values one unit apart: sd = sqrt(n / (4 (n - 1))) units.
    expect(a.sd()).toBeCloseTo(Math.sqrt(1000 / 3996), 12);
    expect(b.sd() / 1e-4).toBeCloseTo(Math.sqrt(1000 / 3996), 6);
  });

  it('the sd does not depend on the order of the values', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 2, maxLength: 40 }), fc.integer(), (xs, seed) => {
        const a = new Moments();
        const b = new Moments();
        xs.forEach((x) => a.add(x));
        shuffle(xs, seed).forEach((x) => b.add(x));
        expect(b.sd()).toBe(a.sd());
      }),
    );
  });

  it('a constant has sd 0 exactly', () => {
    const m = new Moments();
    for (let i = 0; i < 1000; i++) m.add(0.1);
    expect(m.sd()).toBe(0);
  });

  it('t quantiles: the table and the series agree where they meet', () => {
    expect(tQuantile975(1)).toBeCloseTo(12.7062, 4);
    expect(Math.abs(tQuantile975(31) - 2.039513)).toBeLessThan(1e-5);
    expect(Math.abs(tQuantile975(120) - 1.97993)).toBeLessThan(1e-5);
  });
});

describe('wilson', () => {
  it('matches published values', () => {
    const [a, b] = wilson(0, 10);
    expect(a).toBe(0);
    expect(b).toBeCloseTo(0.2775, 4);
    const [c, d] = wilson(5, 10);
    expect(c).toBeCloseTo(0.2366, 4);
    expect(d).toBeCloseTo(0.7634, 4);
    expect(wilson(10, 10)[1]).toBe(1);
    const [e, f] = wilson(81, 263);
    expect(e).toBeCloseTo(0.2553, 3);
    expect(f).toBeCloseTo(0.3662, 3);
  });
});

const exactQuantile = (xs: number[], q: number) => {
  const v = [...xs].sort((a, b) => a - b);
  const h = (v.length - 1) * q;
  const lo = Math.floor(h);
  return v[lo] + (h - lo) * (v[Math.min(v.length - 1, lo + 1)] - v[lo]);
};

describe('QuantileStore', () => {
  const values = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -8, max: 8 }), {
    minLength: 1,
    maxLength: 300,
  });

  it('is exact (R type 7) up to its limit', () => {
    fc.assert(
      fc.property(values, (xs) => {
        const s = new QuantileStore(1000);
        xs.forEach((x) => s.add(x));
        for (const q of [0, 0.05, 0.5, 0.95, 1]) expect(s.quantile(q)).toBe(exactQuantile(xs, q));
      }),
    );
  });

  it('past its limit, stays within the documented relative error of the lower-rank quantile', () => {
    fc.assert(
      fc.property(values, (xs) => {
        const s = new QuantileStore(10);
        xs.forEach((x) => s.add(x));
        expect(s.exact).toBe(xs.length <= 10);
        if (s.exact) return;
        const v = [...xs].sort((a, b) => a - b);
        for (const q of [0.05, 0.25, 0.5, 0.75, 0.95]) {
          const exact = v[Math.floor(q * (v.length - 1))];
          expect(Math.abs(s.quantile(q) - exact)).toBeLessThanOrEqual(ALPHA * (1 + 1e-9) * Math.abs(exact) + 1e-300);
        }
      }),
    );
  });

  it('merging in any split and order gives the same store as adding everything to one', () => {
    fc.assert(
      fc.property(
        values,
        fc.integer({ min: 1, max: 5 }),
        fc.integer(),
        fc.integer({ min: 5, max: 400 }),
        (xs, parts, seed, limit) => {
          const whole = new QuantileStore(limit);
          xs.forEach((x) => whole.add(x));
          const shuffled = shuffle(xs, seed);
          const pieces = Array.from({ length: parts }, () => new QuantileStore(limit));
          shuffled.forEach((x, k) => pieces[k % parts].add(x));
          const merged = new QuantileStore(limit);
          for (const p of shuffle(pieces, seed + 1))
            merged.merge(QuantileStore.fromJSON(JSON.parse(JSON.stringify(p.toJSON())), limit));
          expect(merged.toJSON()).toEqual(whole.toJSON());
          expect(merged.quantiles([0.05, 0.5, 0.95])).toEqual(whole.quantiles([0.05, 0.5, 0.95]));
        },
      ),
    );
  });
});
