/**
 * Copies between the state's plain arrays and the hot path's typed arrays. Explicit loops: the
 * iterator-based `Array.from` and `Float64Array.from` are several times slower on these sizes.
 */

/** A Float64Array copy of a plain number array. */
export function toF64(a: readonly number[]): Float64Array {
  return new Float64Array(a);
}

/** A plain-array copy of a typed array (what the JSON state holds). */
export function toPlain(a: Float64Array): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i];
  return out;
}

/**
 * x^e with the common exponents computed exactly (0, 0.5 via the correctly rounded sqrt, 1, 2),
 * so the default world's results do not depend on the platform's Math.pow.
 */
export function pow(x: number, e: number): number {
  if (e === 1) return x;
  if (e === 0.5) return Math.sqrt(x);
  if (e === 0) return 1;
  if (e === 2) return x * x;
  return x ** e;
}
