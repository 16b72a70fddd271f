/**
 * `npm run bench`: single-run latency of the default world (the largest built-in scenario, 32
 * actors, every actor policy-played) at 24, 48 and 96 turns, turns per second, and peak memory,
 * beside the same world with no actions (the dynamics and events alone) and a bare loop doing dense
 * influence and balance on flat Float64Arrays for the same number of actors (the brief's
 * yardstick), so the engine's and the policies' overheads show as ratios. Writes bench/results.json
 * and prints a table. Medians of repeated runs: these machines are shared.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import {
  compileRules,
  createSimulation,
  createState,
  playTurns,
  stateHash,
  step,
  type Simulation,
  type WorldSpec,
  type WorldState,
} from '../src/engine';
import { loadScenario } from '../src/scenarios/registry';
import type { View } from '../src/cli/ui/app';
import { playedGames, renderTimes } from './render';

const quick = process.argv.includes('--quick');
const reps = quick ? 5 : 31;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function measure(label: string, fn: () => void): { label: string; medianMs: number; minMs: number; reps: number } {
  for (let i = 0; i < 10; i++) fn(); // warm up the JIT
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) ts.push(time(fn));
  return { label, medianMs: median(ts), minMs: Math.min(...ts), reps };
}

/** The brief's yardstick: dense influence (W A) and balance (A A) for n actors, per turn. */
function bareLoop(n: number, turns: number): number {
  const A = new Float64Array(n * n).map((_, x) => (x % (n + 1) === 0 ? 1 : Math.sin(x) * 0.5));
  const W = new Float64Array(n * n).fill(1 / n);
  const out = new Float64Array(n * n);
  const acc = new Float64Array(n);
  for (let t = 0; t < turns; t++) {
    for (let i = 0; i < n; i++) {
      acc.fill(0);
      for (let k = 0; k < n; k++) {
        const w = W[i * n + k];
        for (let j = 0; j < n; j++) acc[j] += w * A[k * n + j];
      }
      for (let j = 0; j < n; j++) out[i * n + j] = 0.1 * (acc[j] - A[i * n + j]);
    }
    for (let i = 0; i < n; i++) {
      acc.fill(0);
      for (let k = 0; k < n; k++) {
        const a = A[i * n + k];
        for (let j = 0; j < n; j++) acc[j] += a * A[k * n + j];
      }
      for (let j = 0; j < n; j++) {
        const v = A[i * n + j] + out[i * n + j] + (0.05 * (1 - A[i * n + j] ** 2) * acc[j]) / n;
        A[i * n + j] = Math.max(-1, Math.min(1, v));
      }
    }
  }
  return A[1];
}

const loaded = loadScenario('default');
if (!loaded.ok) throw new Error('default scenario failed to load');
// Each world's rules compiled once, as a batch worker compiles each point's, and its initial state.
const start = (spec: WorldSpec): { sim: Simulation; state: WorldState } => {
  const sim = createSimulation(compileRules(spec));
  return { sim, state: createState(spec, sim.rules) };
};
const base = start(loaded.value.spec('1'));
const initial = base.state;
const n = initial.actors.length;
// The same world without its scripted events and actions, to show what the events runtime costs.
const quietRun = start({
  ...loaded.value.spec('1'),
  rules: { params: {}, crises: [], events: [], actions: [], metrics: [], end: [], humans: [] },
});
const quiet = quietRun.state;
// The same world with its events but no actions: the dynamics alone, to show what the policies cost.
const noActionsRun = start({
  ...loaded.value.spec('1'),
  rules: { ...loaded.value.spec('1').rules!, actions: [] },
});
const noActions = noActionsRun.state;
const taiwanLoaded = loadScenario('taiwan-strait-crisis');
if (!taiwanLoaded.ok) throw new Error('taiwan-strait-crisis failed to load');
const taiwanRun = start(taiwanLoaded.value.spec('1'));
const taiwan = taiwanRun.state;

const sims = new Map<WorldState, Simulation>([
  [initial, base.sim],
  [quiet, quietRun.sim],
  [noActions, noActionsRun.sim],
  [taiwan, taiwanRun.sim],
]);
const play = (s: WorldState, turns: number, inputs?: undefined, options?: { trace: boolean }) =>
  playTurns(sims.get(s)!, s, turns, inputs, options);
const defaultSim = base.sim;

// As a batch runs it: a new state from a new seed each time (createState included), 48 turns, no record.
let batchSeed = 1000;
const defaultSpec = loaded.value.spec;
const results = [
  measure(
    'default, 48 turns, every actor policy-played (no record)',
    () => void play(initial, 48, undefined, { trace: false }),
  ),
  measure(
    'default, new seed + createState + 48 turns (as a batch run)',
    () =>
      void playTurns(defaultSim, createState(defaultSpec(String(batchSeed++)), defaultSim.rules), 48, undefined, {
        trace: false,
      }),
  ),
  measure(
    'default, 48 turns, no actions (dynamics and events only)',
    () => void play(noActions, 48, undefined, { trace: false }),
  ),
  measure(
    `taiwan-strait-crisis, ${taiwan.turns} turns, policy-played (no record)`,
    () => void play(taiwan, taiwan.turns, undefined, { trace: false }),
  ),
  measure('default, 24 turns (no record)', () => void play(initial, 24, undefined, { trace: false })),
  measure('default, 96 turns (no record)', () => void play(initial, 96, undefined, { trace: false })),
  measure('default, 24 turns (full record, as run prints it)', () => void play(initial, 24)),
  measure('default, 96 turns (full record)', () => void play(initial, 96)),
  measure(`bare loop, ${n} actors, 24 turns`, () => void bareLoop(n, 24)),
  measure(`bare loop, ${n} actors, 96 turns`, () => void bareLoop(n, 96)),
  measure('stateHash of a default state', () => void stateHash(defaultSim.rules, initial)),
  measure('default without events or actions, 48 turns', () => void play(quiet, 48, undefined, { trace: false })),
];
const perTurn = (r: (typeof results)[number], turns: number) => (r.medianMs * 1000) / turns;
const byLabel = (prefix: string) => results.find((r) => r.label.startsWith(prefix))!;
const engine96 = perTurn(byLabel('default, 96 turns (no record)'), 96);
const bare96 = perTurn(byLabel(`bare loop, ${n} actors, 96`), 96);

/** Median of a / b over interleaved pairs, so that a slow spell of the shared machine hits both sides. */
function pairedRatio(a: () => void, b: () => void): number {
  const ratios: number[] = [];
  for (let i = 0; i < reps; i++) ratios.push(time(a) / time(b));
  return median(ratios);
}
const pairedRatio96 = pairedRatio(
  () => void play(initial, 96, undefined, { trace: false }),
  () => void bareLoop(n, 96),
);
// The yardstick as it states it: the 48-turn policy-played run over the kernel's 48 turns.
const pairedRatio48 = pairedRatio(
  () => void play(initial, 48, undefined, { trace: false }),
  () => void bareLoop(n, 48),
);
const eventsShare =
  byLabel('default without events or actions').medianMs / byLabel('default, 48 turns, no actions').medianMs;
// Policies: interleaved pairs of the 48-turn run with and without actions.
const policyRatio = pairedRatio(
  () => void play(initial, 48, undefined, { trace: false }),
  () => void play(noActions, 48, undefined, { trace: false }),
);

// Rendering a turn in the UI: the board after each of 12 turns of the default world, per view and size.
const games = playedGames(loaded.value, 12);
const renders: { view: View; size: string; medianMs: number; maxMs: number }[] = [];
for (const [w, h] of [
  [80, 24],
  [160, 48],
] as const)
  for (const view of ['actors', 'matrix', 'trends', 'log'] as View[]) {
    renderTimes(games, view, w, h); // warm up
    const ts: number[] = [];
    for (let r = 0; r < (quick ? 1 : 3); r++) ts.push(...renderTimes(games, view, w, h));
    renders.push({ view, size: `${w}x${h}`, medianMs: +median(ts).toFixed(2), maxMs: +Math.max(...ts).toFixed(2) });
  }

// Peak memory: a long run with records kept, as a seminar session would hold them.
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
let s = initial;
const traces = [];
for (let t = 0; t < 96; t++) {
  const r = step(defaultSim.rules, s, {});
  s = r.state;
  traces.push(r.trace);
}
const heapWithRecords = process.memoryUsage().heapUsed - heapBefore;

const report = {
  date: new Date().toISOString(),
  machine: {
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  },
  actors: n,
  results: results.map((r) => ({ ...r, medianMs: +r.medianMs.toFixed(3), minMs: +r.minMs.toFixed(3) })),
  summary: {
    singleRun48TurnsPolicyPlayedMs: +byLabel('default, 48 turns, every').medianMs.toFixed(3),
    batchRun48TurnsMs: +byLabel('default, new seed').medianMs.toFixed(3),
    singleRun48TurnsNoActionsMs: +byLabel('default, 48 turns, no actions').medianMs.toFixed(3),
    policiesOverNoActions: +policyRatio.toFixed(2),
    singleRun24TurnsMs: +byLabel('default, 24 turns (no record)').medianMs.toFixed(3),
    singleRun96TurnsMs: +byLabel('default, 96 turns (no record)').medianMs.toFixed(3),
    engineTurnMicros: +engine96.toFixed(1),
    engineTurnsPerSecond: Math.round(1e6 / engine96),
    bareLoopTurnMicros: +bare96.toFixed(1),
    engineOverBareLoop: +pairedRatio96.toFixed(2),
    run48OverKernel48: +pairedRatio48.toFixed(2),
    withEventsOverWithout: +(1 / eventsShare).toFixed(2),
    recordPerTurnKiB: Math.round(heapWithRecords / 96 / 1024),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    renderTurnWorstViewMedianMs: Math.max(...renders.map((r) => r.medianMs)),
  },
  renders,
};
writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(report, null, 2) + '\n');

console.log(
  `seastate bench: ${report.machine.cpu}, ${report.machine.cores} cores, Node ${report.machine.node}; medians of ${reps} runs\n`,
);
for (const r of report.results)
  console.log(`${r.label.padEnd(52)} ${String(r.medianMs).padStart(9)} ms  (min ${r.minMs})`);
const sm = report.summary;
console.log(
  `\n48-turn default run, every actor policy-played: ${sm.singleRun48TurnsPolicyPlayedMs} ms median (target 5 ms, floor 10 ms); without actions ${sm.singleRun48TurnsNoActionsMs} ms; policies / none, median of ${reps} interleaved pairs: ${sm.policiesOverNoActions}x`,
);
console.log(`as a batch runs it (new seed, createState, 48 turns): ${sm.batchRun48TurnsMs} ms median`);
console.log(
  `engine turn ${sm.engineTurnMicros} µs (${sm.engineTurnsPerSecond} turns/s); bare loop ${sm.bareLoopTurnMicros} µs`,
);
console.log(
  `engine / bare loop, median of ${reps} interleaved pairs: ${sm.engineOverBareLoop}x (96 turns); the 48-turn run / the kernel's 48 turns: ${sm.run48OverKernel48}x (target 3x)`,
);
console.log(`default with its 11 events / without (no actions either way): ${sm.withEventsOverWithout}x`);
console.log(`record kept per turn ~${sm.recordPerTurnKiB} KiB; peak RSS ${sm.peakRssMiB} MiB`);
console.log(`\nUI: drawing the board after a turn, ${n} actors (median / worst of 12 turns${quick ? '' : ' x 3'}):`);
for (const r of renders)
  console.log(`  ${r.view.padEnd(7)} ${r.size.padEnd(7)} ${String(r.medianMs).padStart(7)} ms  (max ${r.maxMs})`);
console.log(`worst view's median: ${sm.renderTurnWorstViewMedianMs} ms (target 50 ms)`);
console.log('written to bench/results.json');
