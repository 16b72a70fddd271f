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

/** One number per item, as a Float64Array (a plain loop: `Float64Array.from` with a map goes through the iterator). */
export function perItem<T>(items: readonly T[], get: (x: T, i: number) => number): Float64Array {
  const out = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) out[i] = get(items[i], i);
  return out;
}

/** The four capability arrays of the actors, in CAPABILITY_KINDS order (military, economic, maritime, diplomatic). */
export function capabilityArrays(
  actors: readonly { capabilities: { military: number; economic: number; maritime: number; diplomatic: number } }[],
): Float64Array[] {
  const n = actors.length;
  const m = new Float64Array(n);
  const e = new Float64Array(n);
  const s = new Float64Array(n);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = actors[i].capabilities;
    m[i] = c.military;
    e[i] = c.economic;
    s[i] = c.maritime;
    d[i] = c.diplomatic;
  }
  return [m, e, s, d];
}
