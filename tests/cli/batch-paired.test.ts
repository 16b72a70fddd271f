/**
 * Paired comparisons (src/cli/batch/paired.ts): with common random numbers the interval of a
 * lever's effect from the pair differences is narrower than the unpaired one, both centred on the
 * same difference; the paired interval equals the textbook t interval of the differences, and a
 * lever that does nothing has a paired difference of exactly zero.
 */
import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/cli/commands/batch';
import { comparePoints, type RowSource } from '../../src/cli/batch/paired';
import type { RunRecord } from '../../src/cli/batch/runner';
import { parseSet, parseSweep } from '../../src/scenarios/overrides';
import { pairedTable } from '../../src/cli/batch/report';
import { playInline } from './inline-batch';

const RUNS = 60;

function batch(sweep: string, seed = '11', runs = RUNS) {
  const values = parseSweep(sweep);
  const p = prepare({
    scenario: 'teach-escalation',
    seed,
    runs,
    sets: [parseSet('turns=12')],
    sweeps: [{ key: values[0].key, values }],
    watch: [],
    shard: null,
  });
  return { p, records: playInline(p) };
}

const source =
  (records: RunRecord[][]): RowSource =>
  (visit) => {
    // Visited last point first: the result must not depend on the order of rows.
    for (const point of [...records].reverse()) for (const r of point) visit(r.point, r.replicate, r);
  };

/** The t interval of the mean of xs, written out (t(0.975, 59) = 2.000995). */
function tInterval(xs: number[]): [number, number] {
  const n = xs.length;
  const m = xs.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1));
  const h = (2.000995 * sd) / Math.sqrt(n);
  return [m - h, m + h];
}

describe('paired comparisons against a baseline', () => {
  const { p, records } = batch('params.us_commitment=0.5,0.7');
  const [cmp] = comparePoints(p.layouts[0], 2, RUNS, 0, source(records));
  const metricK = p.layouts[0].metricIds.indexOf('tension');

  it('the paired interval of the lever is narrower than the unpaired one, both around the same difference', () => {
    expect(cmp.pairs).toBe(RUNS);
    const narrower: string[] = [];
    for (const [id, d] of [...Object.entries(cmp.metrics), ...Object.entries(cmp.outcomes)]) {
      if (d.sdDiff === 0) continue;
      const [pl, ph] = d.pairedCi95;
      const [ul, uh] = d.unpairedCi95;
      expect(pl, id).toBeLessThanOrEqual(d.diff);
      expect(ph, id).toBeGreaterThanOrEqual(d.diff);
      expect(ul, id).toBeLessThanOrEqual(d.diff);
      expect(uh, id).toBeGreaterThanOrEqual(d.diff);
      if (ph - pl < uh - ul) narrower.push(id);
    }
    const t = cmp.metrics.tension;
    expect(t.pairedCi95[1] - t.pairedCi95[0]).toBeLessThan(0.8 * (t.unpairedCi95[1] - t.unpairedCi95[0]));
    // Common random numbers help almost everywhere, not in one lucky metric.
    expect(narrower.length).toBeGreaterThan(Object.keys(cmp.metrics).length / 2);
  });

  it('both intervals cover the difference a much larger batch with other seeds finds', () => {
    const big = batch('params.us_commitment=0.5,0.7', '12', 1000);
    const [ref] = comparePoints(big.p.layouts[0], 2, 1000, 0, source(big.records));
    const checks = [
      ['tension', cmp.metrics.tension, ref.metrics.tension.diff],
      ['manila-yields', cmp.outcomes['manila-yields'], ref.outcomes['manila-yields'].diff],
    ] as const;
    for (const [id, d, truth] of checks) {
      expect(d.pairedCi95[0], id).toBeLessThanOrEqual(truth);
      expect(d.pairedCi95[1], id).toBeGreaterThanOrEqual(truth);
      expect(d.unpairedCi95[0], id).toBeLessThanOrEqual(truth);
      expect(d.unpairedCi95[1], id).toBeGreaterThanOrEqual(truth);
    }
  });

  it('the paired interval of a metric is the t interval of the run-by-run differences', () => {
    const d = records[1].map((r, k) => r.metrics[metricK] - records[0][k].metrics[metricK]);
    const [lo, hi] = tInterval(d);
    expect(cmp.metrics.tension.pairedCi95[0]).toBeCloseTo(lo, 9);
    expect(cmp.metrics.tension.pairedCi95[1]).toBeCloseTo(hi, 9);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(cmp.metrics.tension.diff).toBeCloseTo(
      mean(records[1].map((r) => r.metrics[metricK])) - mean(records[0].map((r) => r.metrics[metricK])),
      12,
    );
    // An outcome share's difference is the difference of the two shares.
    const share = (rs: RunRecord[], id: string) => rs.filter((r) => (r.outcome || '(none)') === id).length / rs.length;
    for (const id of Object.keys(cmp.outcomes))
      expect(cmp.outcomes[id].diff, id).toBeCloseTo(share(records[1], id) - share(records[0], id), 12);
  });

  it('a point that equals the baseline differs by exactly zero: a zero-width interval for a metric, a score interval around 0 for a share', () => {
    // The baseline's own runs again as a second point: the same seeds and parameters.
    const twice: RowSource = (visit) => {
      for (const point of [0, 1]) for (const r of records[0]) visit(point, r.replicate, r);
    };
    const [c] = comparePoints(p.layouts[0], 2, RUNS, 0, twice);
    for (const d of Object.values(c.metrics)) {
      expect(d.diff).toBe(0);
      expect(d.pairedCi95).toEqual([0, 0]);
    }
    // No pair disagrees, yet a share's difference is not known exactly from 60 pairs: the score
    // interval keeps a width (a t interval of the differences would be [0, 0]).
    for (const [id, d] of Object.entries(c.outcomes)) {
      expect(d.diff, id).toBe(0);
      expect(d.pairedCi95[0], id).toBeLessThan(0);
      expect(d.pairedCi95[1], id).toBeGreaterThan(0);
      expect(d.pairedCi95[1] - d.pairedCi95[0], id).toBeLessThanOrEqual(d.unpairedCi95[1] - d.unpairedCi95[0] + 1e-12);
    }
  });

  it('uses only complete pairs: a shard without the baseline has none', () => {
    const onlyPoint1: RowSource = (visit) => {
      for (const r of records[1]) visit(r.point, r.replicate, r);
    };
    const [c] = comparePoints(p.layouts[0], 2, RUNS, 0, onlyPoint1);
    expect(c.pairs).toBe(0);
    expect(Number.isNaN(c.metrics.tension.diff)).toBe(true);
  });

  it("the terminal table gives each outcome's difference in points with both half-widths", () => {
    const lines = pairedTable(p.points, [cmp]);
    expect(lines[0]).toMatch(/^paired with point 0 \(turns=12 params.us_commitment=0.5\)/);
    expect(lines[1]).toBe(`  turns=12 params.us_commitment=0.7 (${RUNS} pairs)`);
    const yields = cmp.outcomes['manila-yields'];
    const row = lines.find((l) => l.trim().startsWith('manila-yields'))!;
    const [diff, paired, unpaired] = row
      .trim()
      .split(/\s+\|?\s*/)
      .slice(1)
      .map((x) => Number(x.replace('+-', '')));
    expect(diff).toBeCloseTo(100 * yields.diff, 1);
    expect(paired).toBeCloseTo(50 * (yields.pairedCi95[1] - yields.pairedCi95[0]), 1);
    expect(unpaired).toBeCloseTo(50 * (yields.unpairedCi95[1] - yields.unpairedCi95[0]), 1);
  });
});
