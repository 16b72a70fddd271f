/** Calibration of the default world (without its scripted events): the residual and ladder anchors put the start at rest. */
import { describe, expect, it } from 'vitest';
import { compileRules, createState, explainCell, runTurns, step, type WorldSpec } from '../../src/engine';
import { loadScenario } from '../../src/scenarios/registry';

function defaultSpec(edit: (s: WorldSpec) => void = () => {}): WorldSpec {
  const r = loadScenario('default');
  if (!r.ok) throw new Error('default scenario did not load');
  const spec = structuredClone(r.value.spec('5'));
  spec.params.weights.noise = 0;
  // The baseline world: the default scenario's actors and parameters without its events.
  spec.rules = { params: {}, crises: [], events: [], actions: [], metrics: [], end: [], humans: [] };
  edit(spec);
  return spec;
}

/** A spec's compiled rules and its initial state. */
function begin(spec: WorldSpec) {
  const rules = compileRules(spec);
  return { rules, s0: createState(spec, rules) };
}

const maxMove = (a: readonly number[], b: readonly number[]) =>
  a.reduce((m, v, x) => Math.max(m, Math.abs(v - b[x])), 0);

describe('calibration residual', () => {
  it('with the residual on and no noise, the first turn barely moves any cell', () => {
    const { rules, s0 } = begin(defaultSpec());
    const s1 = step(rules, s0, {}).state;
    expect(maxMove(s1.alignment, s0.alignment)).toBeLessThan(1e-3);
  });

  it('with the residual off, the uncalibrated terms move the start', () => {
    const { rules, s0 } = begin(defaultSpec((s) => (s.params.weights.residual = 0)));
    const s1 = step(rules, s0, {}).state;
    expect(maxMove(s1.alignment, s0.alignment)).toBeGreaterThan(5e-3);
  });

  it('shows up in explain as its own named part', () => {
    const { rules, s0 } = begin(defaultSpec());
    const r = step(rules, s0, {});
    const ex = explainCell(s0, r.trace, 'PHL', 'JPN');
    expect(ex.parts.some((p) => p.term === 'residual')).toBe(true);
    expect(ex.totals.map((t) => t.term)).toEqual(['influence', 'balance', 'threat', 'residual', 'noise', 'bound']);
  });

  it('a shock still propagates: a grant to the Philippines moves its partners over the following turns', () => {
    const { rules, s0: base } = begin(defaultSpec());
    const grant = {
      effects: [
        {
          kind: 'alignment' as const,
          from: 'PHL',
          to: 'JPN',
          amount: 0.3,
          framing: 'partnership' as const,
          cause: { type: 'event' as const, id: 'radar-grant' },
        },
      ],
    };
    const shocked = runTurns(rules, base, 12, (t) => (t === 1 ? grant : {})).state;
    const quiet = runTurns(rules, base, 12).state;
    const n = base.actors.length;
    const at = (s: typeof base, a: string, b: string) =>
      s.alignment[s.actors.findIndex((x) => x.id === a) * n + s.actors.findIndex((x) => x.id === b)];
    expect(at(shocked, 'PHL', 'JPN')).toBeGreaterThan(at(quiet, 'PHL', 'JPN') + 0.05);
    // The influence term carries some of the shift to actors who trust the Philippines.
    const moved = base.actors.filter(
      (a) => a.id !== 'PHL' && Math.abs(at(shocked, a.id, 'JPN') - at(quiet, a.id, 'JPN')) > 1e-4,
    );
    expect(moved.length).toBeGreaterThan(0);
  });
});

describe('ladder anchors', () => {
  it('each ladder starts at rest at its scripted level', () => {
    const { rules, s0 } = begin(defaultSpec());
    const s = runTurns(rules, s0, 6, undefined, { trace: false }).state;
    expect(s.ladders.global).toBeCloseTo(s0.ladders.global, 1);
    for (const d of s.ladders.dyads) expect(d.level).toBeCloseTo(s0.ladders.dyads.find((x) => x.id === d.id)!.level, 1);
  });

  it('tension rises when hostility rises', () => {
    const { rules, s0 } = begin(defaultSpec());
    const hostile = {
      effects: [
        {
          kind: 'alignment' as const,
          from: 'CHN',
          to: 'TWN',
          amount: -0.5,
          cause: { type: 'event' as const, id: 'drills' },
        },
        {
          kind: 'alignment' as const,
          from: 'TWN',
          to: 'CHN',
          amount: -0.5,
          cause: { type: 'event' as const, id: 'drills' },
        },
      ],
    };
    const s = runTurns(rules, s0, 6, (t) => (t === 1 ? hostile : {}), { trace: false }).state;
    const start = s0.ladders.dyads.find((d) => d.id === 'CHN-TWN')!.level;
    expect(s.ladders.dyads.find((d) => d.id === 'CHN-TWN')!.level).toBeGreaterThan(start);
  });
});
