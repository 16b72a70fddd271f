/** Parsers for flag values; each throws commander's InvalidArgumentError with what was expected. */
import { InvalidArgumentError } from 'commander';

/** A non-negative integer seed (up to 2^53 - 1). */
export function parseSeed(v: string): string {
  if (!/^\d{1,16}$/.test(v) || !Number.isSafeInteger(Number(v))) throw new InvalidArgumentError('expected a non-negative integer seed');
  return String(Number(v));
}

/** A whole number of turns from 1 to 10000. */
export function parseTurns(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 10_000) throw new InvalidArgumentError('expected a whole number of turns from 1 to 10000');
  return n;
}

/** A comma-separated list of actor ids (checked against the scenario later). */
export function parseIds(v: string): string[] {
  // Ids are upper case; `jpn,phl` is what a hurried facilitator types.
  const ids = v.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  if (!ids.length || ids.some((id) => !/^[A-Z][A-Z0-9_]{0,15}$/.test(id))) throw new InvalidArgumentError('expected actor ids separated by commas, such as JPN,PHL');
  return ids;
}
