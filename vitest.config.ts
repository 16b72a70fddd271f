import { defineConfig } from 'vitest/config';
import LongestFirst from './tests/sequencer';

/** Test files that replace a module with vi.mock: they need a module graph of their own. */
const MOCKING = ['tests/cli/save-file.test.ts'];

export default defineConfig({
  test: {
    // End-to-end tests spawn the CLI; give them room on a busy 2-core machine.
    testTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // Each project runs it, and it builds once (tests/global-setup.ts).
    globalSetup: ['tests/global-setup.ts'],
    // Longest files first, also in a clean clone with no timings (tests/sequencer.ts).
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        // The engine keeps no state between runs that a test could see (its caches are keyed by
        // the frozen rules objects), so test files share one module graph per worker: React, Ink,
        // zod and the sources load once per worker instead of once per file (measured: the suite's
        // CPU time fell from about 290 to 265 s on this 2-core machine).
        extends: true,
        test: {
          name: 'shared',
          include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
          exclude: MOCKING,
          isolate: false,
        },
      },
      { extends: true, test: { name: 'isolated', include: MOCKING, isolate: true } },
    ],
  },
});
