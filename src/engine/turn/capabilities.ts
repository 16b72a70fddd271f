/** Phase 6: Richardson's arms dynamics for military capability, trend growth for the economy. */
import { armsCoefficients, rivalPressure } from '../arms';
import type { TurnTrace } from '../types';
import type { TurnScratch } from './scratch';

/** The largest military growth rate per year the threat term takes into account. */
export const MAX_GROWTH = 10;

export interface Capabilities {
  /** t.caps's military and economic rows, after the phase. */
  military: Float64Array;
  economic: Float64Array;
  /** Each actor's military growth rate this turn, per year (capped at MAX_GROWTH). */
  growth: Float64Array;
  trace: TurnTrace['capabilities'];
}

export function capabilityDynamics(t: TurnScratch): Capabilities {
  const { state, n, ids, p, w, dt, caps, A, wantTrace } = t;
  const trace: TurnTrace['capabilities'] = [];
  const military = caps[0];
  const militaryBefore = military.slice();
  const economicBefore = caps[1].slice();
  const growth = new Float64Array(n);
  if (w.arms !== 0) {
    const { reactivity, fatigue } = armsCoefficients(ids, p.arms);
    const k = w.arms * dt;
    for (let i = 0; i < n; i++) {
      const m0 = militaryBefore[i];
      const reaction = k * reactivity[i] * rivalPressure(n, A, militaryBefore, economicBefore, i);
      const restraint = -k * fatigue[i] * m0;
      const grievance = k * state.grievance[i];
      let acc = m0 + reaction;
      acc += restraint;
      acc += grievance;
      const floor = Math.max(0, acc) - acc;
      acc += floor;
      military[i] = acc;
      // Capped so a near-zero budget that jumps cannot make the threat surge infinite.
      growth[i] = m0 > 0 ? Math.min(MAX_GROWTH, (acc - m0) / m0 / dt) : 0;
      if (wantTrace) {
        const actor = ids[i];
        const parts: [string, number][] = [
          ['reaction', reaction],
          ['restraint', restraint],
          ['grievance', grievance],
          ['floor', floor],
        ];
        for (const [note, delta] of parts)
          if (delta !== 0)
            trace.push({ actor, capability: 'military', delta, cause: { type: 'term', id: 'arms', note } });
      }
    }
  }
  const economic = caps[1];
  for (let i = 0; i < n; i++) {
    const delta = economic[i] * state.actors[i].growth.economic * dt;
    economic[i] += delta;
    if (wantTrace && delta !== 0)
      trace.push({ actor: ids[i], capability: 'economic', delta, cause: { type: 'term', id: 'growth' } });
  }
  return { military, economic, growth, trace };
}
