/** `seastate run SCENARIO`: run headless, print a turn-by-turn summary or one JSON object. */
import { computeMetrics, createState, stateHash, step, tilt, type EventDef, type FiredEvent, type WorldState } from '../../engine';
import { loadScenario } from '../../scenarios/registry';
import { issuesError } from '../errors';
import type { Io } from '../io';
import { finalTable, runHeader, turnLine } from '../summary';

export interface RunOptions {
  seed: string;
  turns?: number;
  json?: boolean;
}

/** The JSON result of a run (the contract of `run --json`). */
export function runResult(final: WorldState) {
  const ids = final.actors.map((a) => a.id);
  const n = ids.length;
  const alignment: Record<string, Record<string, number>> = {};
  ids.forEach((from, i) => {
    alignment[from] = {};
    ids.forEach((to, j) => {
      if (i !== j) alignment[from][to] = final.alignment[i * n + j];
    });
  });
  return {
    scenario: final.scenario,
    seed: final.rng.seed,
    turns: final.turn,
    startDate: final.startDate,
    endDate: final.date,
    stateHash: stateHash(final),
    metrics: computeMetrics(final),
    tilt: Object.fromEntries(ids.map((id) => [id, tilt(final, id)])),
    ended: final.ended ?? null,
    events: final.events.fired,
    ladders: { global: final.ladders.global, ...Object.fromEntries(final.ladders.dyads.map((d) => [d.id, d.level])) },
    capabilities: Object.fromEntries(final.actors.map((a) => [a.id, a.capabilities])),
    alignment,
  };
}

/** Run a scenario headless; prints the summary or the JSON result and returns the exit code. */
export function runCommand(scenarioArg: string, opts: RunOptions, io: Io): number {
  const loaded = loadScenario(scenarioArg);
  if (!loaded.ok) throw issuesError(loaded.issues);
  const scenario = loaded.value;
  const initial = createState(scenario.spec(opts.seed));
  const turns = opts.turns ?? initial.turns;
  if (!opts.json) io.out(runHeader(initial, scenario.title, turns).join('\n') + '\n');
  let state = initial;
  for (let t = 0; t < turns && !state.ended; t++) {
    const r = step(state, {}, { trace: !opts.json });
    state = r.state;
    if (!opts.json) {
      io.out(turnLine(state, r.trace) + '\n');
      for (const e of r.trace.events) io.out(`        event ${describeEvent(scenario.rules.events, e)}\n`);
    }
  }
  if (!opts.json && state.ended) io.out(`\nThe run ended at turn ${state.ended.turn}: ${state.ended.outcome} (${state.ended.id}).\n`);
  if (opts.json) io.out(JSON.stringify(runResult(state), null, 2) + '\n');
  else io.out(finalTable(initial, state, stateHash(state)).join('\n') + '\n');
  return 0;
}

/** One line for a fired event: its title, target, and the option taken with the AI's weights. */
export function describeEvent(defs: readonly EventDef[], e: FiredEvent): string {
  const def = defs.find((d) => d.id === e.event);
  const who = e.target ? ` [${e.target}]` : '';
  const option = e.option ? ` -> ${e.option}${e.weights ? ` (weights ${e.weights.map((w) => +w.toFixed(3)).join(' / ')})` : ''}` : '';
  return `${def?.title ?? e.event}${who}${option}${e.reason.startsWith('follow-up') ? `, ${e.reason}` : ''}`;
}
