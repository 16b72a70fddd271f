/** One step of each term against its equation, computed by hand. */
import { describe, expect, it } from 'vitest';
import { step, type TurnInputs, type WorldState } from '../../src/engine';
import { actor, cell, tinyRules, tinyWorld } from './world';

/** One step of a tiny world under its rules (compiled from its actors and turn length: it has none of its own). */
const stepTiny = (s: WorldState, inputs: TurnInputs = {}) => step(tinyRules(s), s, inputs);

describe('balance term, one step', () => {
  it('equals weight (1 - a^2) * mean over third parties of A_ik A_kj', () => {
    const A = [1, 0.2, 0.6, -0.3, 0.5, 1, -0.4, 0.1, 0.3, 0.7, 1, -0.8, -0.2, 0.4, 0.9, 1];
    const s = tinyWorld({ alignment: A, params: (p) => (p.weights.balance = 0.3) });
    const next = stepTiny(s, {}).state;
    const n = 4;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        let sum = 0;
        for (let k = 0; k < n; k++) if (k !== i && k !== j) sum += A[i * n + k] * A[k * n + j];
        const a = A[i * n + j];
        expect(cell(next, i, j)).toBeCloseTo(a + 0.3 * (1 - a * a) * (sum / (n - 2)), 14);
      }
  });
});

describe('influence term with trust derived from alignment', () => {
  it('moves a row toward the positively aligned partners, by the self weight and stubbornness', () => {
    // A0 trusts A1 (0.6) and A2 (0.2), distrusts A3: W row 0 = (0.5, 0.375, 0.125, 0).
    const A = [1, 0.6, 0.2, -0.5, 0.1, 1, 0.3, 0.4, 0, 0, 1, 0, 0.2, -0.6, 0.5, 1];
    const actors = ['A0', 'A1', 'A2', 'A3'].map((id) =>
      actor(id, { posture: { balancing: 0, bandwagoning: 0, stubbornness: 0.25, autonomy: 0 } }),
    );
    const s = tinyWorld({
      alignment: A,
      actors,
      params: (p) => ((p.weights.influence = 0.5), (p.influence.selfWeight = 0.5)),
    });
    const next = stepTiny(s, {}).state;
    const W = [0.5, 0.375, 0.125, 0];
    for (const j of [1, 2, 3]) {
      const avg = W.reduce((acc, w, k) => acc + w * A[k * 4 + j], 0);
      const target = 0.75 * avg + 0.25 * A[j];
      expect(cell(next, 0, j)).toBeCloseTo(A[j] + 0.5 * (target - A[j]), 14);
    }
    expect(cell(next, 0, 0)).toBe(1);
  });
});

describe('threat term', () => {
  // A0 and A1 are friends; A2 is hostile to both and heavily armed; A3 is A2's rival.
  const A = [1, 0.5, 0, 0, 0.5, 1, 0, 0, -0.8, -0.8, 1, -0.9, 0, 0, -0.9, 1];
  const mil = (m: number) => ({ military: m, economic: 100, maritime: 0, diplomatic: 0 });
  const world = (bal: number, bw: number) =>
    tinyWorld({
      alignment: A,
      actors: [
        actor('A0', {
          posture: { balancing: bal, bandwagoning: bw, stubbornness: 0, autonomy: 0 },
          capabilities: mil(5),
        }),
        actor('A1', { capabilities: mil(5) }),
        actor('A2', { capabilities: mil(100) }),
        actor('A3', { capabilities: mil(50) }),
      ],
      params: (p) => (p.weights.threat = 0.1),
    });

  it('a balancer moves away from the threat and toward its rival', () => {
    const next = stepTiny(world(1, 0), {}).state;
    expect(cell(next, 0, 2)).toBeLessThan(0);
    expect(cell(next, 0, 3)).toBeGreaterThan(0);
  });

  it('a bandwagoner moves toward the threat', () => {
    const next = stepTiny(world(0, 1), {}).state;
    expect(cell(next, 0, 2)).toBeGreaterThan(0);
    expect(cell(next, 0, 3)).toBe(0);
  });

  it('an actor that neither balances nor bandwagons (a pure hedger) does not move', () => {
    const next = stepTiny(world(0, 0), {}).state;
    expect([cell(next, 0, 1), cell(next, 0, 2), cell(next, 0, 3)]).toEqual([0.5, 0, 0]);
  });

  it('no hostility means no threat', () => {
    const calm = tinyWorld({ alignment: [1, 0.2, 0.3, 1], params: (p) => (p.weights.threat = 1) });
    expect(stepTiny(calm, {}).state.alignment).toEqual(calm.alignment);
  });
});

describe('effects: diminishing returns and framing', () => {
  const two = (autonomy: number, a = 0) =>
    tinyWorld({
      alignment: [1, a, 0, 1],
      actors: [actor('R', { posture: { balancing: 0, bandwagoning: 0, stubbornness: 0, autonomy } }), actor('D')],
    });
  const grant = (framing: 'partnership' | 'patronage' | 'neutral', amount = 0.1) => ({
    effects: [
      {
        kind: 'alignment' as const,
        from: 'R',
        to: 'D',
        amount,
        framing,
        cause: { type: 'action' as const, id: 'osa-grant' },
      },
    ],
  });

  it('partnership beats neutral beats patronage, more so for an autonomy-minded recipient', () => {
    const gain = (aut: number, f: 'partnership' | 'patronage' | 'neutral') =>
      cell(stepTiny(two(aut), grant(f)).state, 0, 1);
    expect(gain(0.8, 'partnership')).toBeGreaterThan(gain(0.8, 'neutral'));
    expect(gain(0.8, 'neutral')).toBeGreaterThan(gain(0.8, 'patronage'));
    expect(gain(0.8, 'partnership') - gain(0.8, 'patronage')).toBeGreaterThan(
      gain(0.2, 'partnership') - gain(0.2, 'patronage'),
    );
    // The documented factors: 1 + 0.5 a and 1 - 1.5 a (test parameters).
    expect(gain(0.8, 'partnership')).toBeCloseTo(0.1 * 1.4, 14);
    expect(gain(0.8, 'patronage')).toBeCloseTo(0.1 * (1 - 1.2), 14);
  });

  it('patronage backfires with a recipient whose autonomy is high enough', () => {
    expect(cell(stepTiny(two(0.9), grant('patronage')).state, 0, 1)).toBeLessThan(0);
    expect(cell(stepTiny(two(0.3), grant('patronage')).state, 0, 1)).toBeGreaterThan(0);
  });

  it('the same grant repeated is worth less each time, and the memory fades', () => {
    let s = two(0);
    const gains: number[] = [];
    for (let t = 0; t < 4; t++) {
      const before = cell(s, 0, 1);
      s = stepTiny(s, grant('neutral')).state;
      gains.push(cell(s, 0, 1) - before);
    }
    for (let t = 1; t < 4; t++) expect(gains[t]).toBeLessThan(gains[t - 1]);
    for (let t = 0; t < 30; t++) s = stepTiny(s, {}).state;
    const before = cell(s, 0, 1);
    const after = cell(stepTiny(s, grant('neutral')).state, 0, 1);
    expect(after - before).toBeGreaterThan(gains[3]);
  });

  it('less room near +1: the same grant moves a close friend less', () => {
    const low = cell(stepTiny(two(0, 0), grant('neutral')).state, 0, 1) - 0;
    const high = cell(stepTiny(two(0, 0.8), grant('neutral')).state, 0, 1) - 0.8;
    expect(high).toBeLessThan(low);
    expect(high).toBeCloseTo(0.1 * 0.2, 14);
  });

  it('persistence decides how much of an effect lasts against the pull of the anchor', () => {
    const world = (persistence: number) =>
      tinyWorld({
        alignment: [1, 0, 0, 1],
        actors: [actor('R', { posture: { balancing: 0, bandwagoning: 0, stubbornness: 1, autonomy: 0 } }), actor('D')],
        params: (p) => ((p.weights.influence = 0.2), (p.effects.persistence = persistence)),
      });
    const after = (persistence: number) => {
      let s = stepTiny(world(persistence), grant('neutral')).state;
      for (let t = 0; t < 200; t++) s = stepTiny(s, {}).state;
      return cell(s, 0, 1);
    };
    // A fully stubborn actor returns to its anchor: nothing lasts without persistence...
    expect(after(0)).toBeCloseTo(0, 9);
    // ...half lasts with 0.5, all of it with 1.
    expect(after(0.5)).toBeCloseTo(0.05, 9);
    expect(after(1)).toBeCloseTo(0.1, 9);
  });

  it('the effects weight scales every alignment effect, and 0 switches them off', () => {
    const off = tinyWorld({ alignment: [1, 0, 0, 1], params: (p) => (p.weights.effects = 0) });
    const e = {
      effects: [
        { kind: 'alignment' as const, from: 'A0', to: 'A1', amount: 0.3, cause: { type: 'input' as const, id: 'x' } },
      ],
    };
    expect(cell(stepTiny(off, e).state, 0, 1)).toBe(0);
  });

  it('capability, tension, flag and counter effects apply within their bounds', () => {
    const s = tinyWorld({ alignment: [1, 0, 0, 1] });
    const c = { type: 'event' as const, id: 'e1' };
    const next = stepTiny(s, {
      effects: [
        { kind: 'capability', actor: 'A0', capability: 'maritime', amount: -80, cause: c },
        { kind: 'tension', amount: 9, cause: c },
        { kind: 'flag', name: 'crisis', value: true, cause: c },
        { kind: 'counter', name: 'incidents', amount: 2, cause: c },
      ],
    }).state;
    expect(next.actors[0].capabilities.maritime).toBe(0);
    expect(next.ladders.global).toBe(7);
    expect(next.flags.crisis).toBe(true);
    expect(next.counters.incidents).toBe(2);
  });
});

describe('calendar and inputs', () => {
  it('advances the date by the turn length, clipping the day', () => {
    let s = tinyWorld({ alignment: [1, 0, 0, 1], turnMonths: 3 });
    s = stepTiny(s, {}).state;
    expect([s.turn, s.date]).toEqual([1, '2024-04-01']);
  });

  it('refuses effects naming an unknown actor', () => {
    const s = tinyWorld({ alignment: [1, 0, 0, 1] });
    expect(() =>
      stepTiny(s, {
        effects: [{ kind: 'alignment', from: 'ZZZ', to: 'A0', amount: 1, cause: { type: 'input', id: 'x' } }],
      }),
    ).toThrow(/unknown actor "ZZZ"/);
  });
});
