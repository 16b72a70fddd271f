/**
 * The validity suite's claims (validity/claims.yaml): what each claim measures of a run, and how a
 * claim is judged from the runs of its points. Judging is a pure function of the run records, so the
 * command (`seastate validity`) and the fast subset in the tests judge the same way.
 */
import path from 'node:path';
import { ROOT } from '../../root';
import { z } from 'zod';
import { NO_END } from '../batch/aggregate';
import type { BatchPlan } from '../batch/plan';
import type { Layout, RunRecord } from '../batch/runner';
import { Moments, wilson } from '../batch/stats';
import type { Loaded } from '../../scenarios/issues';
import { parseSet } from '../../scenarios/overrides';
import { readYamlFile, validate } from '../../scenarios/yaml-file';

export const CLAIMS_FILE = path.join(ROOT, 'validity', 'claims.yaml');

const Id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'a lower-case id of letters, digits, - and _');
const Value = z.union([z.number(), z.string(), z.boolean()]);

const Measure = z.union([
  z.strictObject({ label: z.string().min(3), spread: z.strictObject({ min: z.number().min(0).max(1), max: z.number().min(0).max(1) }) }),
  z.strictObject({ label: z.string().min(3), outcomes: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ label: z.string().min(3), metric: z.string().min(1), above: z.number() }),
  z.strictObject({ label: z.string().min(3), metric: z.string().min(1), below: z.number() }),
  z.strictObject({ label: z.string().min(3), metric: z.string().min(1), mean: z.literal(true) }),
]);

const Claim = z
  .strictObject({
    id: Id,
    claim: z.string().min(8),
    source: z.string().min(1),
    fact: z.string().min(8),
    scenario: z.string().min(1),
    lever: z.strictObject({ key: z.string().min(1), from: Value, to: Value }).optional(),
    at: z.strictObject({ key: z.string().min(1), value: Value }).optional(),
    measure: Measure,
    expect: z.union([z.enum(['higher', 'lower']), z.strictObject({ atLeast: z.number() }), z.strictObject({ atMost: z.number() })]).optional(),
  })
  .superRefine((c, ctx) => {
    const spread = 'spread' in c.measure;
    if (c.lever && c.at) ctx.addIssue({ code: 'custom', path: ['at'], message: 'a claim has a lever (two points) or at (one point), not both' });
    if (spread && (c.lever || c.expect)) ctx.addIssue({ code: 'custom', path: ['measure'], message: 'a spread claim is about one point: no lever and no expect' });
    if (!spread && !c.expect) ctx.addIssue({ code: 'custom', path: ['expect'], message: 'expect is needed: higher or lower (with a lever), or { atLeast } or { atMost }' });
    if (c.lever && c.expect && typeof c.expect !== 'string') ctx.addIssue({ code: 'custom', path: ['expect'], message: 'a lever claim expects higher or lower' });
    if (!c.lever && typeof c.expect === 'string') ctx.addIssue({ code: 'custom', path: ['expect'], message: `expect ${c.expect} needs a lever; a one-point claim expects { atLeast } or { atMost }` });
  });

export const ClaimsFile = z.strictObject({ claims: z.array(Claim).min(1) });
export type Claim = z.infer<typeof Claim>;

/** Read and check the claims file (the source ids are checked against the world by the caller). */
export function loadClaims(file = CLAIMS_FILE): Loaded<Claim[]> {
  const parsed = readYamlFile(file);
  if (!parsed.ok) return parsed;
  const v = validate(parsed.value, ClaimsFile);
  if (!v.ok) return v;
  const ids = v.value.claims.map((c) => c.id);
  const dup = ids.find((id, k) => ids.indexOf(id) !== k);
  if (dup) return { ok: false, issues: [{ file, code: 'validity/duplicate_id', message: `claim "${dup}" is defined twice`, path: 'claims' }] };
  return { ok: true, value: v.value.claims };
}

/**
 * A claim's batch: its points are the values of its one key (the lever's two, or `at`'s one) as a
 * sweep, so they share seeds; a claim with neither is the scenario's defaults.
 */
export function claimPlan(c: Claim, runs: number, seed: string): BatchPlan {
  const key = c.lever?.key ?? c.at?.key;
  const values = c.lever ? [c.lever.from, c.lever.to] : c.at ? [c.at.value] : [];
  return { scenario: c.scenario, seed, runs, sets: [], sweeps: key ? [{ key, values: values.map((v) => parseSet(`${key}=${v}`)) }] : [], watch: [], shard: null };
}

/** One point's measure: an estimate with its 95% interval (a share with Wilson's, a mean with Student's). */
export interface Estimate {
  label: string;
  value: number;
  lo: number;
  hi: number;
  /** For shares: the count of runs in which the condition held. */
  count?: number;
  n: number;
}

export interface Verdict {
  id: string;
  pass: boolean;
  /** One estimate per point (spread claims: one per outcome, all of the one point). */
  estimates: Estimate[];
  /** Why it passed or failed, in words. */
  reason: string;
}

function metricIndex(layout: Layout, id: string): number {
  const k = layout.metricIds.indexOf(id);
  if (k < 0) throw new Error(`no metric "${id}" in the scenario (metrics: ${layout.metricIds.join(', ')})`);
  return k;
}

function share(label: string, runs: readonly RunRecord[], holds: (r: RunRecord) => boolean): Estimate {
  const k = runs.filter(holds).length;
  const [lo, hi] = wilson(k, runs.length);
  return { label, value: runs.length ? k / runs.length : NaN, lo, hi, count: k, n: runs.length };
}

/** The estimate of one point's runs under a claim's (non-spread) measure. */
export function measurePoint(c: Claim, layout: Layout, runs: readonly RunRecord[]): Estimate {
  const m = c.measure;
  if ('outcomes' in m) {
    for (const id of m.outcomes) if (id !== NO_END && !layout.endIds.includes(id)) throw new Error(`no end condition "${id}" in the scenario (ends: ${layout.endIds.join(', ')})`);
    return share(m.label, runs, (r) => m.outcomes.includes(r.outcome || NO_END));
  }
  if ('metric' in m) {
    const k = metricIndex(layout, m.metric);
    if ('above' in m) return share(m.label, runs, (r) => r.metrics[k] > m.above);
    if ('below' in m) return share(m.label, runs, (r) => r.metrics[k] < m.below);
    const mo = new Moments();
    for (const r of runs) mo.add(r.metrics[k]);
    const [lo, hi] = mo.meanCi95();
    return { label: m.label, value: mo.mean(), lo, hi, n: runs.length };
  }
  throw new Error('a spread measure has one estimate per outcome');
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Judge a claim from its points' runs (in claimPlan's order), each point with its layout. */
export function judge(c: Claim, layouts: readonly Layout[], runs: readonly (readonly RunRecord[])[]): Verdict {
  const m = c.measure;
  if ('spread' in m) {
    const layout = layouts[0];
    const ids = [...layout.endIds, NO_END];
    const estimates = ids.map((id) => share(id === NO_END ? 'still in crisis at the last turn' : id, runs[0], (r) => (r.outcome || NO_END) === id));
    const low = estimates.filter((e) => e.value < m.spread.min);
    const high = estimates.filter((e) => e.value > m.spread.max);
    const pass = !low.length && !high.length;
    const reason = pass
      ? `every outcome between ${pct(m.spread.min)} and ${pct(m.spread.max)} of runs`
      : [...low.map((e) => `${e.label} below ${pct(m.spread.min)}`), ...high.map((e) => `${e.label} above ${pct(m.spread.max)}`)].join('; ');
    return { id: c.id, pass, estimates, reason };
  }
  const estimates = runs.map((rs, k) => measurePoint(c, layouts[k], rs));
  const e = c.expect!;
  if (typeof e === 'string') {
    const [a, b] = estimates;
    const apart = e === 'higher' ? b.lo > a.hi : b.hi < a.lo;
    const direction = e === 'higher' ? b.value > a.value : b.value < a.value;
    const reason = apart ? `${e} at ${c.lever!.to}, and the 95% intervals do not overlap` : direction ? `${e} at ${c.lever!.to}, but the 95% intervals overlap` : `not ${e} at ${c.lever!.to}`;
    return { id: c.id, pass: apart, estimates, reason };
  }
  const [a] = estimates;
  if ('atLeast' in e) return { id: c.id, pass: a.lo >= e.atLeast, estimates, reason: `the interval's lower end ${a.lo >= e.atLeast ? 'is' : 'is not'} at least ${e.atLeast}` };
  return { id: c.id, pass: a.hi <= e.atMost, estimates, reason: `the interval's upper end ${a.hi <= e.atMost ? 'is' : 'is not'} at most ${e.atMost}` };
}

/** An estimate as text: a share in per cent with its count, a mean to four places. */
export function formatEstimate(e: Estimate): string {
  if (e.count !== undefined) return `${pct(e.value)} [${pct(e.lo)}, ${pct(e.hi)}] (${e.count}/${e.n})`;
  return `${e.value.toFixed(4)} [${e.lo.toFixed(4)}, ${e.hi.toFixed(4)}] (n=${e.n})`;
}
