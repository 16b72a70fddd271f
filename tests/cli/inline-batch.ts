/** A prepared batch played in this process, point by point, with the batch's own run function and seeds. */
import type { Prepared } from '../../src/cli/commands/batch';
import { simulate, type RunRecord } from '../../src/cli/batch/runner';
import { createSimulation, stateHash } from '../../src/engine';

/**
 * A point's runs, kept by everything they depend on (the initial state, the layout, the watched
 * cells, the batch seed, the number of runs), so that claims sharing a point (the same baseline
 * under two levers) play it once in a test worker: the records are a pure function of that key,
 * and nothing changes them.
 */
const played = new Map<string, RunRecord[]>();

export function playInline(p: Prepared): RunRecord[][] {
  const runs = p.plan.runs;
  return p.states.map((state, point) => {
    const key = JSON.stringify([
      stateHash(p.rules[point], state),
      p.layouts[point],
      p.plan.watch,
      p.plan.seed,
      runs,
      point,
    ]);
    let records = played.get(key);
    if (!records) {
      const sim = createSimulation(p.rules[point]);
      records = Array.from({ length: runs }, (_, replicate) =>
        simulate(
          state,
          p.layouts[point],
          p.plan.watch,
          p.plan.seed,
          {
            run: point * runs + replicate,
            point,
            replicate,
          },
          sim,
        ),
      );
      played.set(key, records);
    }
    return records;
  });
}
