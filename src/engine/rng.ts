/**
 * Keyed random draws. Every draw comes from a generator seeded by (run seed, turn, purpose, actor),
 * so adding a draw for one purpose never shifts the draws of another: an added event does not
 * reshuffle the rest of a run. The only PRNG state is the run seed (and a draw counter kept for
 * audit), both inside the WorldState; there is no module-level generator and no clock.
 *
 * The generator is Baagoe's Alea exactly as seedrandom 3.0.5 (`seedrandom.alea`) computes it: the
 * same Mash seeding over the same key string and the same arithmetic, so every number is the one
 * seedrandom gives, bit for bit. It is written out here because a run
 * seeds a few hundred generators a turn, and seedrandom's version builds half a dozen closures for
 * each; here one seeding is a loop over the key and one small object.
 */

export type Uniform = () => number;

const TWO_M32 = 2.3283064365386963e-10; // 2^-32

/**
 * Baagoe's Mash over `data`, continuing from state `n`; returns the new state (its output is
 * (n >>> 0) * 2^-32). Mash writes `h >>> 0` where this writes Math.floor(h): the same number here,
 * since n stays in [0, 2^33) and so h stays in [0, 2^32), and V8 computes the floor of a double in
 * about half the time of its conversion to uint32 (a turn seeds about a hundred generators: a tenth
 * of its CPU profile before, a twentieth after). tests/engine/rng.test.ts checks the draws against
 * seedrandom's own.
 */
function mash(n: number, data: string): number {
  for (let i = 0; i < data.length; i++) {
    n += data.charCodeAt(i);
    let h = 0.02519603282416938 * n;
    let a = Math.floor(h);
    h -= a;
    h *= a;
    a = Math.floor(h);
    h -= a;
    n = a + h * 0x100000000; // 2^32
  }
  return n;
}

/** Mash's state and outputs after its three fixed calls on ' ', the same for every key. */
function blankStart(): { n: number; s0: number; s1: number; s2: number } {
  let n = mash(0xefc8249d, ' ');
  const s0 = (n >>> 0) * TWO_M32;
  n = mash(n, ' ');
  const s1 = (n >>> 0) * TWO_M32;
  n = mash(n, ' ');
  const s2 = (n >>> 0) * TWO_M32;
  return { n, s0, s1, s2 };
}
const BLANK = Object.freeze(blankStart());

/** One Alea generator, seeded from a key string. */
export class Alea {
  s0: number;
  s1: number;
  s2: number;
  c: number;

  constructor(key: string) {
    let n = mash(BLANK.n, key);
    let s0 = BLANK.s0 - (n >>> 0) * TWO_M32;
    if (s0 < 0) s0 += 1;
    n = mash(n, key);
    let s1 = BLANK.s1 - (n >>> 0) * TWO_M32;
    if (s1 < 0) s1 += 1;
    n = mash(n, key);
    let s2 = BLANK.s2 - (n >>> 0) * TWO_M32;
    if (s2 < 0) s2 += 1;
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.c = 1;
  }

  /** 32 bits of randomness in [0, 1) (seedrandom's `prng()`). */
  next(): number {
    const t = 2091639 * this.s0 + this.c * TWO_M32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    return (this.s2 = t - this.c);
  }

  /** 53 bits of randomness in [0, 1) (seedrandom's `prng.double()`). */
  double(): number {
    const hi = this.next();
    return hi + ((this.next() * 0x200000) | 0) * 1.1102230246251565e-16; // 2^-53
  }
}

/** The generator for a key. */
export function keyedAlea(seed: string, turn: number, purpose: string, actor = ''): Alea {
  return new Alea(`${seed}\u001f${turn}\u001f${purpose}\u001f${actor}`);
}

/** A stream of uniform [0, 1) numbers with 53 bits for one key. Alea: fast, 2^116 period, portable. */
export function keyedStream(seed: string, turn: number, purpose: string, actor = ''): Uniform {
  const g = keyedAlea(seed, turn, purpose, actor);
  return () => g.double();
}

/** A faster stream with 32 bits per draw, for shocks where that resolution is plenty. */
export function keyedStream32(seed: string, turn: number, purpose: string, actor = ''): Uniform {
  const g = keyedAlea(seed, turn, purpose, actor);
  return () => g.next();
}

/** One uniform draw for a key. */
export function keyedDraw(seed: string, turn: number, purpose: string, actor = ''): number {
  return keyedAlea(seed, turn, purpose, actor).double();
}

/** A zero-mean, unit-variance uniform shock (no transcendental functions, so bit-portable). */
export function unitShock(u: Uniform): number {
  return (u() * 2 - 1) * Math.sqrt(3);
}

/**
 * Derive the seed of run `index` of a batch from the batch seed: a 53-bit integer (two Alea draws,
 * 32 and 21 bits), so that two runs of even a very large batch almost never share a seed (with
 * 32 bits, 300,000 runs already held a dozen pairs).
 */
export function runSeed(batchSeed: string, index: number): string {
  const g = new Alea(`${batchSeed}\u001frun\u001f${index}`);
  const hi = ((g.next() * 0x100000000) | 0) >>> 0;
  const lo = ((g.next() * 0x100000000) | 0) >>> 11;
  return String(hi * 0x200000 + lo);
}
