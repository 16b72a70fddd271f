/**
 * The order test files start in. Vitest starts the files it has timed before longest first, but
 * a clean clone (CI) has no timings, and then it starts the largest files first, which leaves a
 * short file that plays hundreds of runs (the validity claims) to the end, with one worker idle
 * while it runs. These are the longest files as measured on the 2-core machine, longest first;
 * every other file follows in vitest's own order. A file missing from the list only runs later.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const LONGEST = [
  'tests/cli/validity-hedging.test.ts',
  'tests/cli/batch.test.ts',
  'tests/cli/batch-series.test.ts',
  'tests/cli/ui/app.test.tsx',
  'tests/cli/validity-korea.test.ts',
  'tests/cli/batch-errors.test.ts',
  'tests/cli/batch-lhs.test.ts',
  'tests/cli/deploy.test.ts',
  'tests/cli/batch-slurm.test.ts',
  'tests/scenarios/datasets-data.test.ts',
  'tests/cli/explain-crisis.test.ts',
  'tests/cli/save-file.test.ts',
  'tests/cli/builtins.test.ts',
  'tests/cli/validity.test.ts',
  'tests/cli/report-browser.test.ts',
  'tests/cli/run-save-set.test.ts',
  'tests/cli/bad-files.test.ts',
  'tests/e2e/play.test.ts',
];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const k = LONGEST.findIndex((p) => f.moduleId.replaceAll('\\', '/').endsWith(p));
      return k < 0 ? LONGEST.length : k;
    };
    // Array.prototype.sort is stable: files off the list keep vitest's order.
    return base
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .map((x) => x.f);
  }
}
