/** Failures of a run (not of its inputs), and limits shared by the turn pipeline. */

/** The largest effect amount accepted; anything bigger is a typo or an attack, not a scenario. */
export const MAX_AMOUNT = 1e6;

/** The run cannot go on: a value left the finite numbers, or events keep triggering each other. */
export class SimulationError extends Error {
  constructor(
    readonly code: 'sim/diverged' | 'sim/event_loop' | 'sim/too_costly',
    message: string,
  ) {
    super(message);
  }
}
