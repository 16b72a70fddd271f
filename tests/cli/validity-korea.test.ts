/** The validity suite, fast (see validity-fast.ts): the Korean crisis ends in every way. */
import { describe, expect, it } from 'vitest';
import { claim, play } from './validity-fast';

describe('validity, fast subset', () => {
  it('the Korean crisis can end in every way within 300 runs', () => {
    const v = play(claim('korea-spread'), 300);
    for (const e of v.estimates) expect(e.count, e.label).toBeGreaterThan(0);
    for (const e of v.estimates) expect(e.value, e.label).toBeLessThan(0.9);
  });
});
