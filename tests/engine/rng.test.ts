/**
 * The engine's Alea against seedrandom's own (`seedrandom.alea`, the library the model names): the
 * same numbers bit for bit for any key, with 32 and with 53 bits, as rng.ts promises.
 */
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { Alea, keyedAlea, runSeed } from '../../src/engine/rng';
import { runs } from '../sizes';

/** The first draws of a generator, 32-bit and 53-bit alternately. */
function draws(next: () => number, double: () => number): number[] {
  const out: number[] = [];
  for (let k = 0; k < 6; k++) out.push(next(), double());
  return out;
}

describe('Alea', () => {
  it('draws what seedrandom.alea draws for any key (unicode, long, empty)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ maxLength: 300 })), (key) => {
        const ours = new Alea(key);
        const theirs = seedrandom.alea(key);
        expect(
          draws(
            () => ours.next(),
            () => ours.double(),
          ),
        ).toEqual(
          draws(
            () => theirs(),
            () => theirs.double(),
          ),
        );
      }),
      { numRuns: runs(300) },
    );
  });

  it('draws what seedrandom.alea draws for the keys a run uses', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 53n }),
        fc.nat(1000),
        fc.constantFrom('noise', 'policy', 'action:osa_grant', 'event:talks'),
        fc.stringMatching(/^[A-Z]{3}(>[A-Z]{3})?$/),
        (seed, turn, purpose, actor) => {
          const key = `${seed}\u001f${turn}\u001f${purpose}\u001f${actor}`;
          const theirs = seedrandom.alea(key);
          const ours = keyedAlea(String(seed), turn, purpose, actor);
          expect([ours.next(), ours.double(), ours.next()]).toEqual([theirs(), theirs.double(), theirs()]);
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it('gives each run of a large batch its own 53-bit seed', () => {
    // With only its first 32 bits, batch seed 7's first 300,000 runs hold 30 repeated seeds.
    const seeds = Array.from({ length: 300_000 }, (_, r) => runSeed('7', r));
    expect(seeds.every((s) => Number.isSafeInteger(Number(s)))).toBe(true);
    expect(new Set(seeds).size).toBe(300_000);
    expect(runSeed('7', 12)).toBe(runSeed('7', 12));
    expect(runSeed('8', 12)).not.toBe(runSeed('7', 12));
  });
});
