/** The state hash: SHA-256 of the canonical JSON of the whole state (log and PRNG state included). */
import { hashOf } from './canonical';
import type { WorldState } from './types';

/** Hex SHA-256 of the canonical state. Equal hashes mean equal states, bit for bit. */
export function stateHash(state: WorldState): string {
  return hashOf(state);
}
