/**
 * Balance of threat (Walt 1987). The threat j poses to i combines j's power, its hostility toward
 * i, proximity, and how fast j is arming:
 *   T_ij = prox_ij * max(0, -A_ji) * (M_j / max M)^gamma * (1 + kappa * max(0, growth_j)).
 * A balancer i moves away from j and toward j's rivals k (in proportion to k's hostility to j);
 * a bandwagoner moves toward j. Each move is damped by the room left before +-1.
 */
import { pow } from '../arrays';

export interface ThreatInputs {
  n: number;
  A: Float64Array;
  proximity: ArrayLike<number>;
  military: Float64Array;
  /** Military growth this turn, per year (fraction). */
  growth: Float64Array;
  balancing: Float64Array;
  bandwagoning: Float64Array;
  powerExponent: number;
  growthSensitivity: number;
}

/** Fill `T` (N*N) with T_ij, the threat j poses to i (the term's own inputs, or a policy's). */
export function threatMatrix(
  x: Pick<ThreatInputs, 'n' | 'A' | 'proximity' | 'military' | 'growth' | 'powerExponent' | 'growthSensitivity'>,
  T: Float64Array,
): void {
  const { n, A, proximity, military, growth } = x;
  let maxM = 0;
  for (let j = 0; j < n; j++) if (military[j] > maxM) maxM = military[j];
  for (let j = 0; j < n; j++) {
    const power = maxM > 0 ? pow(military[j] / maxM, x.powerExponent) : 0;
    const surge = 1 + x.growthSensitivity * Math.max(0, growth[j]);
    for (let i = 0; i < n; i++) {
      const hostility = i === j ? 0 : Math.max(0, -A[j * n + i]);
      T[i * n + j] = proximity[i * n + j] * hostility * power * surge;
    }
  }
}

/** Write the weighted threat contribution into `out` (N*N), given T from `threatMatrix`. */
export function threatTerm(
  x: ThreatInputs,
  T: Float64Array,
  weight: number,
  out: Float64Array,
  acc: Float64Array,
): void {
  const { n, A } = x;
  // Rt[j][k] = rivalry of k toward j, max(0, -A_kj), zero on the diagonal; transposed so the
  // inner loop below reads memory in order.
  const Rt = new Float64Array(n * n);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++) {
      const r = -A[k * n + j];
      if (r > 0 && k !== j) Rt[j * n + k] = r;
    }
  for (let i = 0; i < n; i++) {
    const row = i * n;
    const b = x.balancing[i];
    const bw = x.bandwagoning[i];
    // acc[k] = sum over threats j of T_ij * rivalry(k, j): how much k stands against i's threats.
    acc.fill(0);
    for (let j = 0; j < n; j++) {
      const t = T[row + j];
      if (t === 0) continue;
      const rrow = j * n;
      for (let k = 0; k < n; k++) acc[k] += t * Rt[rrow + k];
    }
    for (let k = 0; k < n; k++) {
      if (k === i) {
        out[row + k] = 0;
        continue;
      }
      const a = A[row + k];
      const t = T[row + k];
      const toward = b * acc[k] * (1 - a);
      const away = b * t * (1 + a);
      const lean = bw * t * (1 - a);
      out[row + k] = weight * (toward - away + lean);
    }
  }
}

/**
 * The threat contribution to cell (i, k) split by the threatening actor j. The parts sum to the
 * cell's total: rivalry of k with j pulls i toward k; threat from k itself pushes i away (balancer)
 * or toward k (bandwagoner).
 */
export function threatParts(x: ThreatInputs, T: ArrayLike<number>, weight: number, i: number, k: number) {
  const { n, A } = x;
  const a = A[i * n + k];
  const b = x.balancing[i];
  const bw = x.bandwagoning[i];
  const parts: { threat: number; value: number }[] = [];
  for (let j = 0; j < n; j++) {
    const t = T[i * n + j];
    if (t === 0) continue;
    let v = 0;
    const r = -A[k * n + j];
    if (r > 0 && k !== j) v += b * t * r * (1 - a);
    if (j === k) v += -b * t * (1 + a) + bw * t * (1 - a);
    if (v !== 0) parts.push({ threat: j, value: weight * v });
  }
  return parts;
}
