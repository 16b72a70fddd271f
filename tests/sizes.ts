/**
 * How many cases a property test tries. `npm test` uses the CI size, chosen so the whole suite stays
 * quick; `npm run test:deep` (SEASTATE_DEEP=1) tries many more, 10x unless a test says otherwise.
 * A test that fixes a fast-check seed keeps it in both.
 */
export const DEEP = process.env.SEASTATE_DEEP === '1';

/** The number of runs for a property: `ci` normally, `deep` (default 10 * ci) under SEASTATE_DEEP=1. */
export function runs(ci: number, deep: number = ci * 10): number {
  return DEEP ? deep : ci;
}
