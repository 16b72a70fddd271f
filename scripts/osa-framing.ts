/**
 * The seminar question of osa-grants: does framing matter? Runs the scenario over many seeds twice,
 * once with every Japanese grant framed as partnership (the OSA action and the scripted grants'
 * options) and once as patronage, everything else played by the actors' policies, and prints the
 * mean shift of the recipients toward Japan with a 95% interval.
 *
 *   npx tsx scripts/osa-framing.ts [--runs 200]
 */
import { compileRules, createState, runTurns, tilt, type WorldSpec } from '../src/engine';
import { loadScenario } from '../src/scenarios/registry';
import type { ActionDefData, EventDefData, OptionDefData, ScenarioRulesData } from '../src/engine/types';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 200;
const loaded = loadScenario('osa-grants');
if (!loaded.ok) throw new Error('osa-grants did not load');
const scenario = loaded.value;

/** The scenario with one framing imposed on Japan's grants. */
function framed(seed: string, framing: 'partnership' | 'patronage'): WorldSpec {
  const spec = structuredClone(scenario.spec(seed));
  // A writable copy of the rules (ScenarioRulesData) to impose the framing on.
  const rules = structuredClone(spec.rules!) as ScenarioRulesData;
  for (const a of rules.actions as ActionDefData[]) if (a.id === 'osa_grant') a.framings = [framing];
  for (const e of rules.events as EventDefData[]) {
    const ids = e.options.map((o) => o.id);
    if (!ids.includes('partnership') || !ids.includes('patronage')) continue;
    for (const o of e.options as OptionDefData[]) if (o.id !== framing) o.weight = { k: 'num', v: 0 };
  }
  return { ...spec, rules };
}

const at = (s: ReturnType<typeof createState>, from: string, to: string) => {
  const n = s.actors.length;
  const i = s.actors.findIndex((a) => a.id === from);
  const j = s.actors.findIndex((a) => a.id === to);
  return s.alignment[i * n + j];
};

function stats(xs: number[]) {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
  return { mean: m, half: (1.96 * sd) / Math.sqrt(xs.length) };
}

const fmt = (s: { mean: number; half: number }) =>
  `${s.mean >= 0 ? '+' : ''}${s.mean.toFixed(3)} ± ${s.half.toFixed(3)}`;
const start = createState(scenario.spec('1'));
console.log(`osa-grants, ${runs} seeds per framing, ${start.turns} monthly turns, every actor policy-played`);
console.log('framing       PHL->JPN shift   MYS->JPN shift   IDN->JPN shift   PHL tilt shift   grants (OSA action)');
for (const framing of ['partnership', 'patronage'] as const) {
  const cols: number[][] = [[], [], [], [], []];
  for (let k = 1; k <= runs; k++) {
    const spec = framed(String(k), framing);
    const rules = compileRules(spec);
    const s0 = createState(spec, rules);
    const { state, traces } = runTurns(rules, s0, s0.turns, undefined, { trace: true });
    cols[0].push(at(state, 'PHL', 'JPN') - at(s0, 'PHL', 'JPN'));
    cols[1].push(at(state, 'MYS', 'JPN') - at(s0, 'MYS', 'JPN'));
    cols[2].push(at(state, 'IDN', 'JPN') - at(s0, 'IDN', 'JPN'));
    cols[3].push(tilt(rules, state, 'PHL') - tilt(rules, s0, 'PHL'));
    cols[4].push(
      traces.reduce(
        (c, t) => c + t.decisions.flatMap((d) => d.actions).filter((a) => a.action === 'osa_grant' && a.success).length,
        0,
      ),
    );
  }
  console.log(
    `${framing.padEnd(12)}  ${cols
      .slice(0, 4)
      .map((c) => fmt(stats(c)).padEnd(15))
      .join('  ')}  ${stats(cols[4]).mean.toFixed(1)}`,
  );
}
