/**
 * Phase 7: the alignment terms (influence, balance, threat, the calibration residual and keyed
 * noise), all computed from the same snapshot after effects and capabilities, summed, then clipped
 * to [-1, 1] (the "bound" part).
 */
import { keyedAlea } from '../rng';
import { computeTerms } from '../terms';
import type { Capabilities } from './capabilities';
import type { TurnScratch } from './scratch';

/** √3: a uniform shock scaled to unit variance (as in rng.unitShock). */
const SQRT3 = Math.sqrt(3);

export function alignmentTerms(t: TurnScratch, c: Capabilities) {
  const { state, n, nn, ids, p, w, A, turn, wantTrace } = t;
  const { influence, balance, threat, salience } = computeTerms({
    n,
    A,
    baseline: t.baseline,
    actors: state.actors,
    params: p,
    proximity: state.proximity,
    military: c.military,
    economic: c.economic,
    growth: c.growth,
  });
  const residual = new Float64Array(nn);
  if (w.residual !== 0) for (let x = 0; x < nn; x++) residual[x] = w.residual * state.residual[x];
  const noise = new Float64Array(nn);
  let draws = 0;
  const sd = w.noise * p.noise.sd;
  if (sd !== 0) {
    for (let i = 0; i < n; i++) {
      // unitShock over keyedStream32, written out: one generator per row, no closure per draw.
      const g = keyedAlea(state.rng.seed, turn, 'noise', ids[i]);
      for (let j = 0; j < n; j++) if (j !== i) noise[i * n + j] = sd * ((g.next() * 2 - 1) * SQRT3);
      draws += n - 1;
    }
  }
  const bound = wantTrace ? new Array<number>(nn).fill(0) : [];
  for (let x = 0; x < nn; x++) {
    let v = A[x] + influence[x];
    v += balance[x];
    v += threat[x];
    v += residual[x];
    v += noise[x];
    const clip = Math.min(1, Math.max(-1, v)) - v;
    if (wantTrace) bound[x] = clip;
    A[x] = v + clip;
  }
  return { influence, balance, threat, salience, residual, noise, bound, draws };
}
