/**
 * Influence (Friedkin-Johnsen). Each actor's row moves toward a trust-weighted average of its
 * partners' rows, anchored to its baseline by its stubbornness:
 *   target = (I - S) W A + S A0,  contribution = weight * (target - A),
 * so with weight 1 one turn is exactly one Friedkin-Johnsen iteration, and with S = 0 it is DeGroot.
 * The diagonal (self-regard) is held at 1 and never changes.
 */
import { pow } from '../arrays';

/**
 * Salience of each actor as a source of influence: s_k = ((M_k / max M + E_k / max E) / 2)^exponent,
 * from military and economic capability. Exponent 0 makes every partner equally salient.
 */
export function salience(
  n: number,
  military: ArrayLike<number>,
  economic: ArrayLike<number>,
  exponent: number,
  out: Float64Array,
): void {
  let maxM = 0;
  let maxE = 0;
  for (let k = 0; k < n; k++) {
    if (military[k] > maxM) maxM = military[k];
    if (economic[k] > maxE) maxE = economic[k];
  }
  for (let k = 0; k < n; k++) {
    const share = ((maxM > 0 ? military[k] / maxM : 0) + (maxE > 0 ? economic[k] / maxE : 0)) / 2;
    out[k] = pow(share, exponent);
  }
}

/**
 * Fill `W` with the row-stochastic trust matrix: explicit if given, else derived from positive
 * alignment weighted by the partner's salience (an actor listens to friends, and more to powerful
 * friends), with `selfWeight` on the diagonal.
 */
export function trustMatrix(
  n: number,
  A: Float64Array,
  selfWeight: number,
  explicit: ArrayLike<number> | undefined,
  W: Float64Array,
  sal: ArrayLike<number>,
): void {
  if (explicit) {
    for (let x = 0; x < n * n; x++) W[x] = explicit[x];
    return;
  }
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let sum = 0;
    for (let k = 0; k < n; k++) if (k !== i && A[row + k] > 0) sum += A[row + k] * sal[k];
    if (sum <= 0) {
      for (let k = 0; k < n; k++) W[row + k] = k === i ? 1 : 0;
      continue;
    }
    // Divide before scaling: sum can be subnormal, and 1 / sum would overflow to Infinity.
    const rest = 1 - selfWeight;
    for (let k = 0; k < n; k++) {
      W[row + k] = k === i ? selfWeight : A[row + k] > 0 ? rest * ((A[row + k] * sal[k]) / sum) : 0;
    }
  }
}

/** Write the weighted influence contribution into `out` (N*N). `acc` is scratch of length N. */
export function influenceTerm(
  n: number,
  A: Float64Array,
  A0: Float64Array,
  stubbornness: Float64Array,
  W: Float64Array,
  weight: number,
  out: Float64Array,
  acc: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    acc.fill(0);
    for (let k = 0; k < n; k++) {
      const w = W[row + k];
      if (w === 0) continue;
      const krow = k * n;
      for (let j = 0; j < n; j++) acc[j] += w * A[krow + j];
    }
    const s = stubbornness[i];
    for (let j = 0; j < n; j++) {
      out[row + j] = j === i ? 0 : weight * ((1 - s) * acc[j] + s * A0[row + j] - A[row + j]);
    }
  }
}

/**
 * The influence contribution to cell (i, j) split by source: each partner k contributes
 * weight (1 - s_i) W_ik (A_kj - A_ij), and the anchor contributes weight s_i (A0_ij - A_ij).
 * The parts sum to the cell's contribution (W's rows sum to 1).
 */
export function influenceParts(
  n: number,
  A: ArrayLike<number>,
  A0: ArrayLike<number>,
  s: number,
  W: ArrayLike<number>,
  weight: number,
  i: number,
  j: number,
): { partner: number | null; value: number }[] {
  const parts: { partner: number | null; value: number }[] = [];
  const aij = A[i * n + j];
  for (let k = 0; k < n; k++) {
    const w = W[i * n + k];
    if (w === 0 || k === i) continue;
    parts.push({ partner: k, value: weight * (1 - s) * w * (A[k * n + j] - aij) });
  }
  parts.push({ partner: null, value: weight * s * (A0[i * n + j] - aij) });
  return parts;
}
