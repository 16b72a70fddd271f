/**
 * Structural balance (Heider), in the continuous form of Kulakowski et al. (2005):
 *   dA_ij = weight * (1 - A_ij^2) * mean over k != i, j of A_ik A_kj.
 * Triads pull toward "friend of a friend is a friend, enemy of an enemy is a friend"; the
 * (1 - A^2) factor slows a relation as it nears +-1, so it saturates instead of overshooting.
 */

/** Write the weighted balance contribution into `out` (N*N). `acc` is scratch of length N. */
export function balanceTerm(n: number, A: Float64Array, weight: number, out: Float64Array, acc: Float64Array): void {
  const norm = n > 2 ? 1 / (n - 2) : 0;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    acc.fill(0);
    for (let k = 0; k < n; k++) {
      if (k === i) continue;
      const aik = A[row + k];
      if (aik === 0) continue;
      const krow = k * n;
      for (let j = 0; j < n; j++) acc[j] += aik * A[krow + j];
    }
    for (let j = 0; j < n; j++) {
      if (j === i) {
        out[row + j] = 0;
        continue;
      }
      const aij = A[row + j];
      // acc[j] includes k = j, whose term is A_ij * A_jj; remove it.
      const sum = acc[j] - aij * A[j * n + j];
      out[row + j] = weight * (1 - aij * aij) * sum * norm;
    }
  }
}

/** The balance contribution to cell (i, j) split by third party k. Parts sum to the cell's total. */
export function balanceParts(
  n: number,
  A: ArrayLike<number>,
  weight: number,
  i: number,
  j: number,
): { partner: number; value: number }[] {
  const norm = n > 2 ? 1 / (n - 2) : 0;
  const aij = A[i * n + j];
  const f = weight * (1 - aij * aij) * norm;
  const parts: { partner: number; value: number }[] = [];
  for (let k = 0; k < n; k++) {
    if (k === i || k === j) continue;
    const v = f * A[i * n + k] * A[k * n + j];
    if (v !== 0) parts.push({ partner: k, value: v });
  }
  return parts;
}
