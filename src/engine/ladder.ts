/**
 * The escalation ladder (after Kahn 1965): a level in [0, max] that relaxes toward a structural
 * level set by power-weighted mutual hostility, and that events and actions push directly.
 */

/** Rung names for the default 8-rung ladder (0..7); a level's rung is its floor. */
export const RUNGS = Object.freeze([
  'stable peace',
  'diplomatic crisis',
  'gray-zone coercion',
  'military signalling',
  'blockade or quarantine',
  'limited strikes',
  'regional war',
  'nuclear use',
] as const);

/** The rung name for a level. */
export function rungName(level: number, max = RUNGS.length - 1): string {
  // Round to the two decimals shown before taking the floor, so 1.99999 reads as rung 2 as printed.
  const scaled = Math.round((level / max) * (RUNGS.length - 1) * 100) / 100;
  const idx = Math.min(RUNGS.length - 1, Math.max(0, Math.floor(scaled)));
  return RUNGS[idx];
}

/** Mutual hostility of a pair, in [0, 1]. */
export function mutualHostility(n: number, A: ArrayLike<number>, i: number, j: number): number {
  return Math.max(0, -(A[i * n + j] + A[j * n + i]) / 2);
}

/** Power-weighted mean mutual hostility over all pairs: the structural driver of global tension. */
export function structuralHostility(n: number, A: ArrayLike<number>, power: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const w = power[i] * power[j];
      num += w * mutualHostility(n, A, i, j);
      den += w;
    }
  }
  return den > 0 ? num / den : 0;
}
