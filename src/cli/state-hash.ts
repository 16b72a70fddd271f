/**
 * The state hash as the engine defines it (stateHash: SHA-256 of the canonical JSON of the state
 * with its rules, src/engine/hash.ts), computed with Node's native SHA-256 for the CLI's own use (a
 * game's history, saves, replays, run and batch outputs): the same hex digest, without the engine's
 * pure-JS SHA-256, which the engine keeps so that it needs no Node module. Its cold first call was
 * most of a new game's set-up before the UI's first frame. tests/cli/state-hash.test.ts checks that
 * the two agree.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, hashedForm, type Rules, type WorldState } from '../engine';

/** Hex SHA-256 of the canonical state under its rules: equal to the engine's stateHash(rules, state). */
export function stateHash(rules: Rules, state: WorldState): string {
  return createHash('sha256')
    .update(canonicalJson(hashedForm(rules, state)))
    .digest('hex');
}
