/** `seastate scenarios`: the built-in scenarios, one line each. */
import { builtinIds, loadScenario } from '../../scenarios/registry';
import { loadWorld } from '../../scenarios/world';
import { issuesError } from '../errors';
import type { Io } from '../io';

/** List the built-in scenarios; returns the exit code. */
export function scenariosCommand(io: Io): number {
  const world = loadWorld();
  if (!world.ok) throw issuesError(world.issues);
  for (const id of builtinIds()) {
    const s = loadScenario(id, world.value);
    if (!s.ok) throw issuesError(s.issues);
    io.out(`${id.padEnd(28)} ${s.value.title}: ${s.value.header.turns} turns of ${s.value.header.turnMonths} month(s) from ${s.value.header.startDate}\n`);
  }
  return 0;
}
