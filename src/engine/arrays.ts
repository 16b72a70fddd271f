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
