/** `seastate run SCENARIO`: run headless, print a turn-by-turn summary or one JSON object. */
import { compileRulesNative, stateHash } from '../state-hash';
import {
  budgets,
  computeMetrics,
  createState,
  createSimulation,
  unwrap,
  tilt,
  type EventDef,
  type Rules,
  type FiredEvent,
  type TurnTrace,
  type WorldState,
} from '../../engine';
import { loadScenario } from '../../scenarios/registry';
import { toSave, type Game } from '../session/game';
import { EMPTY_QUEUE } from '../session/edits';
import { writeSave } from '../session/write';
import { InputError, issuesError } from '../errors';
import { parseSet } from '../../scenarios/overrides';
import type { Io } from '../io';
import { finalTable, runHeader, turnLine } from '../summary';

export interface RunOptions {
  seed: string;
  turns?: number;
  json?: boolean;
  /** Include each policy's best alternatives and their scores in `decisions`. */
  reasons?: boolean;
  /** Write the finished run as a save file. */
  save?: string;
  /** `--set KEY=VALUE` overrides, as written. */
  set?: string[];
}

/** One turn of `decisions` in `run --json`: every actor's actions with their outcome, and event options. */
export function turnDecisions(trace: TurnTrace, reasons = false) {
  const actions: Record<string, unknown> = {};
  for (const d of trace.decisions) {
    if (!d.actions.length && !reasons) continue;
    actions[d.actor] = {
      controller: d.controller,
      ...(d.doctrine ? { doctrine: d.doctrine } : {}),
      budget: round(d.budget),
      available: round(d.available),
      spent: round(d.spent),
      saved: round(d.saved),
      actions: d.actions.map((a) => ({
        action: a.action,
        ...(a.target ? { target: a.target } : {}),
        ...(a.framing ? { framing: a.framing } : {}),
        cost: round(a.cost),
        base: round(a.base),
        ...(a.modifiers.length ? { modifiers: a.modifiers.map((m) => ({ when: m.note, add: m.add })) } : {}),
        chance: round(a.chance),
        roll: round(a.roll),
        success: a.success,
        ...(a.adjudicated ? { adjudicated: true } : {}),
        ...(a.score !== undefined ? { score: round(a.score, 5) } : {}),
      })),
      ...(reasons
        ? { alternatives: d.alternatives.map((a) => ({ ...a, score: round(a.score, 5), cost: round(a.cost) })) }
        : {}),
    };
  }
  const options = trace.events
    .filter((e) => e.option !== undefined)
    .map((e) => ({
      event: e.event,
      ...(e.target ? { target: e.target } : {}),
      option: e.option,
      chooser: e.chooser,
      ...(e.by ? { by: e.by } : {}),
      ...(e.scores ? { scores: e.scores.map((x) => round(x, 5)) } : {}),
    }));
  return { turn: trace.turn, date: trace.date, actions, options };
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

/** The JSON result of a run (the contract of `run --json`). */
export function runResult(rules: Rules, final: WorldState) {
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
    stateHash: stateHash(rules, final),
    metrics: computeMetrics(rules, final),
    tilt: Object.fromEntries(ids.map((id) => [id, tilt(rules, final, id)])),
    ended: final.ended ?? null,
    events: final.events.fired,
    ladders: { global: final.ladders.global, ...Object.fromEntries(final.ladders.dyads.map((d) => [d.id, d.level])) },
    capabilities: Object.fromEntries(final.actors.map((a) => [a.id, a.capabilities])),
    alignment,
  };
}

/** The text lines for the actions of the scenario's playable actors in a turn, and a count of the rest. */
function actionLines(state: WorldState, trace: TurnTrace, focus: readonly string[], reasons: boolean): string[] {
  const lines: string[] = [];
  let total = 0;
  let succeeded = 0;
  let acting = 0;
  const choice = (a: { action: string; target?: string; framing?: string }) =>
    `${a.action}${a.target ? ` ${a.target}` : ''}${a.framing ? ` (${a.framing})` : ''}`;
  for (const d of trace.decisions) {
    total += d.actions.length;
    succeeded += d.actions.filter((a) => a.success).length;
    if (d.actions.length) acting++;
    if (!focus.includes(d.actor)) continue;
    if (d.actions.length)
      lines.push(
        `        ${d.actor} ${d.actions.map((a) => `${choice(a)} ${a.success ? 'ok' : 'failed'}`).join('; ')}`,
      );
    if (reasons && d.alternatives.length)
      lines.push(
        `          ${d.actor} weighed: ${d.alternatives.map((a) => `${choice(a)} ${a.score >= 0 ? '+' : ''}${a.score.toFixed(4)}`).join(', ')}`,
      );
  }
  if (total)
    lines.push(`        ${total} actions by ${acting} of ${state.actors.length} actors, ${succeeded} succeeded`);
  return lines;
}

/** The ids of the k actors with the largest budgets (ties in actor order). */
function largest(state: WorldState, k: number): string[] {
  const b = budgets(state);
  return state.actors
    .map((a, i) => ({ id: a.id, b: b[i], i }))
    .sort((x, y) => y.b - x.b || x.i - y.i)
    .slice(0, k)
    .map((x) => x.id);
}

/** Run a scenario headless; prints the summary or the JSON result and returns the exit code. */
export function runCommand(scenarioArg: string, opts: RunOptions, io: Io): number {
  const sets = (opts.set ?? []).map((v) => {
    try {
      return parseSet(v);
    } catch (e) {
      throw new InputError(`--set ${v}: ${(e as Error).message}`);
    }
  });
  if (opts.turns !== undefined && sets.some((o) => o.key === 'turns'))
    throw new InputError('--turns and --set turns=... both set the length; give one');
  const loaded = loadScenario(scenarioArg, undefined, sets);
  if (!loaded.ok) throw issuesError(loaded.issues);
  const scenario = loaded.value;
  const spec = scenario.spec(opts.seed);
  const sim = createSimulation(compileRulesNative(spec)); // the rules compiled once for the run
  const initial = createState(spec, sim.rules);
  const turns = opts.turns ?? initial.turns;
  if (!opts.json) io.out(runHeader(sim.rules, initial, scenario.title, turns).join('\n') + '\n');
  let state = initial;
  const hashes: string[] = [];
  const decisions: ReturnType<typeof turnDecisions>[] = [];
  // The text summary lists the actions of the actors the scenario offers to humans (its main
  // players), or else of the three with the largest budgets.
  const focus = scenario.rules.humans.length ? scenario.rules.humans : largest(initial, 3);
  for (let t = 0; t < turns && !state.ended; t++) {
    const r = unwrap(sim.step(state, {}, { trace: !opts.json }));
    state = r.state;
    if (opts.save) hashes.push(stateHash(sim.rules, state));
    if (opts.json) decisions.push(turnDecisions(r.trace, opts.reasons));
    else {
      io.out(turnLine(sim.rules, state, r.trace) + '\n');
      for (const e of r.trace.events) io.out(`        event ${describeEvent(scenario.rules.events, e)}\n`);
      for (const line of actionLines(state, r.trace, focus, opts.reasons === true)) io.out(line + '\n');
    }
  }
  if (opts.save) {
    const game: Game = {
      scenario,
      sim,
      ref: scenarioArg,
      seed: opts.seed,
      humans: [],
      states: [initial, state],
      traces: [],
      hashes: [stateHash(sim.rules, initial), ...hashes],
      notes: [],
      queue: EMPTY_QUEUE,
      edits: [],
    };
    writeSave(opts.save, toSave(game));
  }
  if (!opts.json && state.ended)
    io.out(`\nThe run ended at turn ${state.ended.turn}: ${state.ended.outcome} (${state.ended.id}).\n`);
  if (opts.json) io.out(JSON.stringify({ ...runResult(sim.rules, state), decisions }, null, 2) + '\n');
  else io.out(finalTable(sim.rules, initial, state, stateHash(sim.rules, state)).join('\n') + '\n');
  return 0;
}

/** One line for a fired event: its title, target, and the option taken with the AI's weights. */
export function describeEvent(defs: readonly EventDef[], e: FiredEvent): string {
  const def = defs.find((d) => d.id === e.event);
  const who = e.target ? ` [${e.target}]` : '';
  const chooser =
    e.chooser === 'policy'
      ? `${e.by}'s policy, scores ${e.scores!.map((x) => +x.toFixed(4)).join(' / ')}; `
      : e.chooser === 'human'
        ? 'human; '
        : '';
  const option = e.option
    ? ` -> ${e.option} (${chooser}${e.weights ? `weights ${e.weights.map((w) => +w.toFixed(3)).join(' / ')}` : ''})`
    : '';
  return `${def?.title ?? e.event}${who}${option}${e.reason.startsWith('follow-up') ? `, ${e.reason}` : ''}`;
}
