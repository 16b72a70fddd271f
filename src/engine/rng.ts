/**
 * Keyed random draws. Every draw comes from a generator seeded by (run seed, turn, purpose, actor),
 * so adding a draw for one purpose never shifts the draws of another: an added event does not
 * reshuffle the rest of a run. The only PRNG state is the run seed (and a draw counter kept for
 * audit), both inside the WorldState; there is no module-level generator and no clock.
 */
import seedrandom from 'seedrandom';

export type Uniform = () => number;

/** A stream of uniform [0, 1) numbers with 53 bits for one key. Alea: fast, 2^116 period, portable. */
export function keyedStream(seed: string, turn: number, purpose: string, actor = ''): Uniform {
  const prng = seedrandom.alea(`${seed}\u001f${turn}\u001f${purpose}\u001f${actor}`);
  return () => prng.double();
}

/** A faster stream with 32 bits per draw, for shocks where that resolution is plenty. */
export function keyedStream32(seed: string, turn: number, purpose: string, actor = ''): Uniform {
  return seedrandom.alea(`${seed}\u001f${turn}\u001f${purpose}\u001f${actor}`);
}

/** One uniform draw for a key. */
export function keyedDraw(seed: string, turn: number, purpose: string, actor = ''): number {
  return keyedStream(seed, turn, purpose, actor)();
}

/** A zero-mean, unit-variance uniform shock (no transcendental functions, so bit-portable). */
export function unitShock(u: Uniform): number {
  return (u() * 2 - 1) * Math.sqrt(3);
}

/** Derive the seed of run `index` of a batch from the batch seed. */
export function runSeed(batchSeed: string, index: number): string {
  const prng = seedrandom.alea(`${batchSeed}\u001frun\u001f${index}`);
  return String(prng.int32() >>> 0);
}
