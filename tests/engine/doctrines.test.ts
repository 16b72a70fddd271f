/**
 * Each doctrine behaves as docs/MODEL.md says, in the teaching scenario built to tell them apart
 * (data/scenarios/teach-doctrines.yaml): two identical small states, one a balancer and one a
 * hedger, courted and pressed by the US and a revisionist China.
 */
import { describe, expect, it } from 'vitest';
import { compileRules, createState, runTurns, type WorldSpec, type WorldState } from '../../src/engine';
import { tilt } from '../../src/engine/metrics';
import { loadScenario } from '../../src/scenarios/registry';
import { world } from '../scenarios/compile-helper';

const SEEDS = ['1', '2', '3', '4', '5', '6', '7', '8'];

function spec(seed: string, edit: (s: WorldSpec) => void = () => {}): WorldSpec {
  const r = loadScenario('teach-doctrines');
  if (!r.ok) throw new Error('teach-doctrines did not load');
  const s = structuredClone(r.value.spec(seed));
  edit(s);
  return s;
}

/** A spec's compiled rules and its initial state. */
function begin(w: WorldSpec) {
  const rules = compileRules(w);
  return { rules, state: createState(w, rules) };
}

/** Run a spec from its start for some turns. */
function run(w: WorldSpec, turns: number) {
  const { rules, state } = begin(w);
  return runTurns(rules, state, turns);
}

const idx = (s: WorldState, id: string) => s.actors.findIndex((a) => a.id === id);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('doctrines in teach-doctrines', () => {
  const runs = SEEDS.map((seed) => run(spec(seed), 36));

  it('the balancer swings toward the US while the hedger keeps its tilt nearer zero', () => {
    const { rules, state: s0 } = begin(spec('1'));
    const start = tilt(rules, s0, 'PHL');
    expect(tilt(rules, s0, 'VNM')).toBeCloseTo(start, 12); // identical starts
    const phl = runs.map((r) => tilt(rules, r.state, 'PHL'));
    const vnm = runs.map((r) => tilt(rules, r.state, 'VNM'));
    expect(mean(phl) - start).toBeGreaterThan(0.1);
    expect(mean(phl) - mean(vnm)).toBeGreaterThan(0.04);
    // Over the whole run, not only at the end: the hedger's path stays closer to zero.
    const path = (id: string) => mean(runs.flatMap((r) => r.traces.map((_, t) => Math.abs(tiltAt(r, t, id)))));
    expect(path('VNM')).toBeLessThan(path('PHL'));
  });

  it('the hedger answers a pull toward one camp with moves toward the other; the balancer does not', () => {
    const us = (r: (typeof runs)[number], id: string) =>
      r.traces.flatMap((t) =>
        t.decisions
          .filter((d) => d.actor === id)
          .flatMap((d) => d.actions.filter((a) => a.success).map((a) => a.target)),
      );
    const toward = (id: string, target: string) => mean(runs.map((r) => us(r, id).filter((t) => t === target).length));
    expect(toward('VNM', 'CHN')).toBeGreaterThan(toward('PHL', 'CHN'));
    expect(toward('PHL', 'USA')).toBeGreaterThan(toward('VNM', 'USA'));
  });

  it('a revisionist China pushes the dyad ladders up; as a balancer it lets them fall', () => {
    const balancerChina = SEEDS.map((seed) =>
      run(
        spec(seed, (s) => {
          s.policies![s.actors.findIndex((a) => a.id === 'CHN')] = { ...world().doctrines.balancer };
        }),
        36,
      ),
    );
    const ladders = (rs: typeof runs) => mean(rs.flatMap((r) => r.state.ladders.dyads.map((d) => d.level)));
    expect(ladders(runs)).toBeGreaterThan(2.3);
    expect(ladders(balancerChina)).toBeLessThan(ladders(runs) - 0.5);
    const coercion = (rs: typeof runs) =>
      mean(
        rs.map(
          (r) =>
            r.traces
              .flatMap((t) => t.decisions[idx(r.state, 'CHN')].actions)
              .filter((a) => a.action === 'gray_zone_pressure').length,
        ),
      );
    expect(coercion(runs)).toBeGreaterThan(5);
    expect(coercion(balancerChina)).toBe(0);
  });

  it('each doctrine courts whom it should: the balancer the US, the hedger the side it has drifted from, the bandwagoner China', () => {
    // Vietnam's seat, played in turn by each doctrine against the same US and China.
    const courting = (doctrine: string) => {
      let china = 0;
      let us = 0;
      for (const seed of SEEDS) {
        const r = run(
          spec(
            seed,
            (s) => void (s.policies![s.actors.findIndex((a) => a.id === 'VNM')] = { ...world().doctrines[doctrine] }),
          ),
          36,
        );
        for (const t of r.traces)
          for (const a of t.decisions[idx(r.state, 'VNM')].actions) {
            if (a.target === 'CHN') china++;
            if (a.target === 'USA') us++;
          }
      }
      return { china: china / SEEDS.length, us: us / SEEDS.length, share: china / Math.max(1, china + us) };
    };
    const balancer = courting('balancer');
    const hedger = courting('hedger');
    const bandwagoner = courting('bandwagoner');
    expect(balancer.share).toBeLessThan(0.3);
    // The hedger starts tilted toward the US and is pushed further by China's pressure: it answers
    // with moves toward China only.
    expect(hedger.share).toBeGreaterThan(0.8);
    expect(bandwagoner.china).toBeGreaterThan(2 * hedger.china);
    expect(bandwagoner.share).toBeGreaterThan(0.5);
  });

  it('records the reasons for each choice: the chosen actions are the best-scoring alternatives with a cold doctrine', () => {
    const d = runs[0].traces[0].decisions[idx(runs[0].state, 'PHL')];
    expect(d.doctrine).toBe('balancer');
    expect(d.alternatives.length).toBeGreaterThan(1);
    expect(d.alternatives.map((a) => a.score)).toEqual([...d.alternatives.map((a) => a.score)].sort((a, b) => b - a));
    for (const a of d.actions) expect(a.score).toBeGreaterThan(0);
  });
});

/** Tilt of an actor after turn t+1 of a run, from the record. */
function tiltAt(r: { traces: { before: number[] }[]; state: WorldState }, t: number, id: string): number {
  const n = r.state.actors.length;
  const A = t + 1 < r.traces.length ? r.traces[t + 1].before : r.state.alignment;
  const i = idx(r.state, id);
  return (A[i * n + idx(r.state, 'USA')] - A[i * n + idx(r.state, 'CHN')]) / 2;
}
