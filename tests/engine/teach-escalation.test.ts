/**
 * The escalation teaching scenario (data/scenarios/teach-escalation.yaml): with the other terms off,
 * the supporter's commitment decides who backs down. Without a US commitment Manila yields in most
 * runs; fully committed, Beijing is deterred from climbing and Manila rarely yields. Runs are played
 * in-process with the batch's own run function and seeds.
 */
import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/cli/commands/batch';
import { playInline } from '../cli/inline-batch';
import { parseSet } from '../../src/scenarios/overrides';

const RUNS = 80;

function outcomes(commitment: number): Record<string, number> {
  const p = prepare({
    scenario: 'teach-escalation',
    seed: '5',
    runs: RUNS,
    sets: [parseSet(`params.us_commitment=${commitment}`)],
    sweeps: [],
    watch: [],
    shard: null,
  });
  const count: Record<string, number> = {};
  for (const r of playInline(p)[0]) count[r.outcome || 'none'] = (count[r.outcome || 'none'] ?? 0) + 1;
  return count;
}

describe('teach-escalation', () => {
  it('extended deterrence: the US commitment turns Manila yielding into a standoff Beijing does not press', () => {
    const none = outcomes(0);
    const full = outcomes(1);
    expect(none['manila-yields'] ?? 0).toBeGreaterThan(RUNS * 0.6);
    expect(full['manila-yields'] ?? 0).toBeLessThan(RUNS * 0.1);
    expect(full.none ?? 0).toBeGreaterThan(RUNS * 0.8);
  });
});
