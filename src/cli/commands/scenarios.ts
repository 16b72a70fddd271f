/** `seastate scenarios`: the built-in scenarios, one line each. */
import { builtinIds, loadScenario } from '../../scenarios/registry';
import { loadWorld } from '../../scenarios/world';
import { issuesError } from '../errors';
import type { Io } from '../io';
import { scenarioLength } from '../summary';

/** List the built-in scenarios; returns the exit code. */
export function scenariosCommand(io: Io): number {
  const world = loadWorld();
  if (!world.ok) throw issuesError(world.issues);
  for (const id of builtinIds()) {
    const s = loadScenario(id, world.value);
    if (!s.ok) throw issuesError(s.issues);
    const h = s.value.header;
    const length = `${scenarioLength(h)} from ${h.startDate.slice(0, 7)}`;
    io.out(`${id.padEnd(26)} ${s.value.title} (${length}, ${s.value.rules.events.length} events)\n`);
  }
  return 0;
}
