/**
 * The engine's hashes computed with Node's native SHA-256 for the CLI's own use: the state hash
 * (stateHash: SHA-256 of the canonical JSON of the state with its rules, src/engine/hash.ts) for a
 * game's history, saves, replays, run and batch outputs, and the rules hash every compiled Rules
 * carries. The same hex digests as the engine's pure-JS SHA-256, which the engine keeps so that it
 * needs no Node module; its cold first call was most of a new game's set-up before the UI's first
 * frame. tests/cli/state-hash.test.ts checks that the two agree.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, compileRules, hashedForm, type Rules, type RulesSource, type WorldState } from '../engine';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Hex SHA-256 of the canonical state under its rules: equal to the engine's stateHash(rules, state). */
export function stateHash(rules: Rules, state: WorldState): string {
  return sha256(canonicalJson(hashedForm(rules, state)));
}

/** compileRules with the native SHA-256 for the rules hash (equal to the engine's rulesHash). */
export function compileRulesNative(source: RulesSource): Rules {
  return compileRules(source, (def) => sha256(canonicalJson(def)));
}
