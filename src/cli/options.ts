/** Parsers for flag values; each throws commander's InvalidArgumentError with what was expected. */
import { InvalidArgumentError } from 'commander';

/** A non-negative integer seed (up to 2^53 - 1). */
export function parseSeed(v: string): string {
  if (!/^\d{1,16}$/.test(v) || !Number.isSafeInteger(Number(v)))
    throw new InvalidArgumentError('expected a non-negative integer seed');
  return String(Number(v));
}

/** A whole number of turns from 1 to 10000. */
export function parseTurns(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 10_000)
    throw new InvalidArgumentError('expected a whole number of turns from 1 to 10000');
  return n;
}

/** A comma-separated list of actor ids (checked against the scenario later). */
export function parseIds(v: string): string[] {
  // Ids are upper case; `jpn,phl` is what a hurried facilitator types.
  const ids = v
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  if (!ids.length || ids.some((id) => !/^[A-Z][A-Z0-9_]{0,15}$/.test(id)))
    throw new InvalidArgumentError('expected actor ids separated by commas, such as JPN,PHL');
  return ids;
}

/** A whole number from `min` to `max`, for counts such as --runs and --workers. */
export function parseCount(what: string, min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max)
      throw new InvalidArgumentError(
        `expected ${what}, a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`,
      );
    return n;
  };
}

/** `I/N`: shard I (from 1) of N. */
export function parseShard(v: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(v);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > 100_000 || index < 1 || index > count)
    throw new InvalidArgumentError('expected I/N with 1 <= I <= N, such as 2/8 (the second of eight shards)');
  return { index, count };
}

/** Collect a repeatable flag's values. */
export const collect = (v: string, previous: string[] = []): string[] => [...previous, v];
