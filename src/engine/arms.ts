/**
 * Richardson arms dynamics, generalised to many actors:
 *   dM_i/dt = weight * ( a_i * sum_j r_ij c_ij M_j  -  m_i M_i  +  g_i ),   r_ij = max(0, -A_ij),
 * with c_ij = min(1, E_i / E_j) the capacity to answer (1 between equal economies),
 * integrated with an explicit Euler step of the turn length in years. For two rivals with
 * r = 1 this is the textbook pair dx/dt = a y - m x + g, dy/dt = b x - n y + h, whose equilibrium
 * is stable when m n > a b. Euler's fixed point is the ODE's equilibrium exactly.
 */
import type { ModelParams } from './types';

export interface ArmsCoefficients {
  reactivity: Float64Array;
  fatigue: Float64Array;
}

/** Per-actor Richardson coefficients: the defaults, with per-actor overrides. */
export function armsCoefficients(ids: readonly string[], p: ModelParams['arms']): ArmsCoefficients {
  const n = ids.length;
  const reactivity = new Float64Array(n);
  const fatigue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = p.actors?.[ids[i]];
    reactivity[i] = o?.reactivity ?? p.reactivity;
    fatigue[i] = o?.fatigue ?? p.fatigue;
  }
  return { reactivity, fatigue };
}

/**
 * Sum over rivals of r_ij * c_ij * M_j for actor i, where c_ij = min(1, E_i / E_j) is i's capacity
 * to answer j: a small economy cannot match a large rival dollar for dollar (Palau does not arm
 * against China). Between equal economies c = 1 and this is Richardson's own reaction term.
 */
export function rivalPressure(
  n: number,
  A: ArrayLike<number>,
  military: ArrayLike<number>,
  economic: ArrayLike<number>,
  i: number,
): number {
  let s = 0;
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    const r = -A[i * n + j];
    if (r > 0) s += r * capacity(economic[i], economic[j]) * military[j];
  }
  return s;
}

/** min(1, e_i / e_j), with a zero economy unable to answer anyone. */
export function capacity(ei: number, ej: number): number {
  return ej <= 0 ? 1 : Math.min(1, ei / ej);
}

/**
 * Grievances g_i. With calibration, each is set so that the first turn's growth equals the actor's
 * trend (g_i = trend_i M_i + m_i M_i - a_i sum r_ij M_j); the trend then persists until alignment or
 * rivals' arming change. Explicit per-actor grievances always win.
 */
export function grievances(
  ids: readonly string[],
  A: ArrayLike<number>,
  military: ArrayLike<number>,
  economic: ArrayLike<number>,
  trend: ArrayLike<number>,
  p: ModelParams['arms'],
): number[] {
  const n = ids.length;
  const { reactivity, fatigue } = armsCoefficients(ids, p);
  const g: number[] = [];
  for (let i = 0; i < n; i++) {
    const explicit = p.actors?.[ids[i]]?.grievance;
    if (explicit !== undefined) g.push(explicit);
    else if (p.calibrate)
      g.push(
        trend[i] * military[i] + fatigue[i] * military[i] - reactivity[i] * rivalPressure(n, A, military, economic, i),
      );
    else g.push(0);
  }
  return g;
}
