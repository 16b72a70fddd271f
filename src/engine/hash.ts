/**
 * The state hash: SHA-256 of the canonical JSON of the whole run (log and PRNG state included) and
 * the rules it runs under. A state holds only the hash of its rules; the state hash is taken over
 * the state with the rules themselves in that field's place (`hashedForm`), as it was while states
 * carried their rules, so that recorded hashes keep their values.
 */
import { hashOf } from './canonical';
import type { Rules } from './rules';
import type { WorldState } from './types';

/** Hex SHA-256 of the canonical state under its rules. Equal hashes mean equal states, bit for bit. */
export function stateHash(rules: Rules, state: WorldState): string {
  return hashOf(hashedForm(rules, state));
}

/** What the state hash is taken over: the state, with its rules in place of their hash. Throws for a state of other rules. */
export function hashedForm(rules: Rules, state: WorldState): unknown {
  if (state.rulesHash !== rules.hash()) throw new Error('the state was not made from these rules');
  const { rulesHash: _, ...run } = state;
  return { ...run, rules: rules.def };
}
