/** A prepared batch played in this process, point by point, with the batch's own run function and seeds. */
import type { Prepared } from '../../src/cli/commands/batch';
import { simulate, type RunRecord } from '../../src/cli/batch/runner';

export function playInline(p: Prepared): RunRecord[][] {
  const runs = p.plan.runs;
  return p.states.map((state, point) => Array.from({ length: runs }, (_, replicate) => simulate(state, p.layouts[point], p.plan.watch, p.plan.seed, { run: point * runs + replicate, point, replicate })));
}
