/**
 * Explaining one alignment cell over one turn: its change as a list of named contributions.
 * The term totals come from the turn's trace and add up exactly to the change; each term is then
 * split by the actor behind it (the partner whose view pulled, the third party of a triad, the
 * threatening power), recomputed from the same snapshot, so the parts add up to the term's total.
 */
import { balanceParts } from './terms/balance';
import { influenceParts, trustMatrix } from './terms/influence';
import { threatMatrix, threatParts, type ThreatInputs } from './terms/threat';
import type { Cause, TermName, TurnTrace, WorldState } from './types';

export interface Contribution {
  /** 'effects', a term name, or 'bound' (clipping to [-1, 1]). */
  term: 'effects' | TermName | 'bound';
  cause: Cause;
  value: number;
}

export interface CellExplanation {
  from: string;
  to: string;
  turn: number;
  before: number;
  after: number;
  /**
   * The turn's recorded parts in the order the step added them (each effect, then each term, then
   * the clipping); adding them one by one to `before` gives `after` exactly.
   */
  totals: { term: Contribution['term']; value: number }[];
  /** The same change, split finely by cause. */
  parts: Contribution[];
}

/** Explain the change of A[from][to] over the turn that `trace` records, given the state before it. */
export function explainCell(prev: WorldState, trace: TurnTrace, from: string, to: string): CellExplanation {
  const n = prev.actors.length;
  const ids = prev.actors.map((a) => a.id);
  const i = ids.indexOf(from);
  const j = ids.indexOf(to);
  if (i < 0 || j < 0) throw new Error(`unknown actor ${i < 0 ? from : to}`);
  if (trace.before.length !== n * n) throw new Error('the trace was recorded without detail');
  const x = i * n + j;
  const p = prev.params;
  const parts: Contribution[] = [];
  const totals: CellExplanation['totals'] = [];

  for (const e of trace.effects) {
    if (e.effect.kind === 'alignment' && e.effect.from === from && e.effect.to === to) {
      parts.push({ term: 'effects', cause: e.effect.cause, value: e.applied });
      totals.push({ term: 'effects', value: e.applied });
    }
  }

  const A = Float64Array.from(trace.afterEffects);
  const name = (k: number | null) => (k === null ? [] : [ids[k]]);
  if (trace.terms.influence[x] !== 0) {
    const W = new Float64Array(n * n);
    trustMatrix(n, A, p.influence.selfWeight, p.influence.trust, W, trace.salience);
    for (const part of influenceParts(
      n,
      A,
      trace.baseline,
      prev.actors[i].posture.stubbornness,
      W,
      p.weights.influence,
      i,
      j,
    ))
      parts.push({
        term: 'influence',
        cause: {
          type: 'term',
          id: 'influence',
          actors: name(part.partner),
          note: part.partner === null ? 'pull of own baseline' : 'trusted partner',
        },
        value: part.value,
      });
  }
  if (trace.terms.balance[x] !== 0) {
    for (const part of balanceParts(n, A, p.weights.balance, i, j))
      parts.push({
        term: 'balance',
        cause: { type: 'term', id: 'balance', actors: [ids[part.partner]], note: 'triad' },
        value: part.value,
      });
  }
  if (trace.terms.threat[x] !== 0) {
    const military = Float64Array.from(trace.military);
    const growth = Float64Array.from(trace.militaryGrowth);
    const tx: ThreatInputs = {
      n,
      A,
      proximity: prev.proximity,
      military,
      growth,
      balancing: Float64Array.from(prev.actors, (a) => a.posture.balancing),
      bandwagoning: Float64Array.from(prev.actors, (a) => a.posture.bandwagoning),
      powerExponent: p.threat.powerExponent,
      growthSensitivity: p.threat.growthSensitivity,
    };
    const T = new Float64Array(n * n);
    threatMatrix(tx, T);
    for (const part of threatParts(tx, T, p.weights.threat, i, j))
      parts.push({
        term: 'threat',
        cause: {
          type: 'term',
          id: 'threat',
          actors: [ids[part.threat]],
          note: part.threat === j ? 'threat from this actor' : 'rival of a threat',
        },
        value: part.value,
      });
  }
  if (trace.terms.residual[x] !== 0)
    parts.push({
      term: 'residual',
      cause: { type: 'term', id: 'residual', note: 'calibration: cancels the net pull of the terms at the start' },
      value: trace.terms.residual[x],
    });
  if (trace.terms.noise[x] !== 0)
    parts.push({ term: 'noise', cause: { type: 'term', id: 'noise' }, value: trace.terms.noise[x] });
  for (const t of ['influence', 'balance', 'threat', 'residual', 'noise'] as const)
    totals.push({ term: t, value: trace.terms[t][x] });
  totals.push({ term: 'bound', value: trace.bound[x] });
  if (trace.bound[x] !== 0)
    parts.push({
      term: 'bound',
      cause: { type: 'term', id: 'bound', note: 'clipped to [-1, 1]' },
      value: trace.bound[x],
    });

  let after = trace.before[x];
  for (const t of totals) after += t.value;
  return { from, to, turn: trace.turn, before: trace.before[x], after, totals, parts };
}
