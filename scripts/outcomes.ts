/**
 * How a built-in scenario ends over many seeds, every actor policy-played: the share of each end
 * condition, and the mean of each scenario metric with a 95% interval. A stopgap until `seastate
 * batch` (issue 7) does this with workers and exports.
 *
 *   npx tsx scripts/outcomes.ts SCENARIO [--runs 200]
 */
import { compileRules, computeMetrics, createState, runTurns } from '../src/engine';
import { loadScenario } from '../src/scenarios/registry';

const id = process.argv[2];
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 200;
const loaded = id ? loadScenario(id) : undefined;
if (!loaded?.ok) {
  console.error('usage: npx tsx scripts/outcomes.ts SCENARIO [--runs N]');
  process.exit(2);
}
const ends = new Map<string, number>();
const metrics = new Map<string, number[]>();
const actionCounts = new Map<string, number>();
for (let k = 1; k <= runs; k++) {
  const spec = loaded.value.spec(String(k));
  const rules = compileRules(spec);
  const s0 = createState(spec, rules);
  const { state, traces } = runTurns(rules, s0, s0.turns);
  const key = state.ended ? state.ended.id : `ran all ${s0.turns} turns`;
  ends.set(key, (ends.get(key) ?? 0) + 1);
  for (const [m, v] of Object.entries(computeMetrics(rules, state))) metrics.set(m, [...(metrics.get(m) ?? []), v]);
  for (const t of traces)
    for (const d of t.decisions)
      for (const a of d.actions) actionCounts.set(a.action, (actionCounts.get(a.action) ?? 0) + 1);
}
console.log(`${id}: ${runs} seeds, every actor policy-played`);
for (const [k, v] of [...ends].sort((a, b) => b[1] - a[1]))
  console.log(`  ${k.padEnd(40)} ${v} (${((100 * v) / runs).toFixed(1)}%)`);
for (const [m, xs] of metrics) {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  console.log(`  ${m.padEnd(28)} ${mean.toFixed(3)} ± ${((1.96 * sd) / Math.sqrt(xs.length)).toFixed(3)}`);
}
console.log(
  '  actions per run: ' +
    [...actionCounts]
      .sort((a, b) => b[1] - a[1])
      .map(([a, c]) => `${a} ${(c / runs).toFixed(1)}`)
      .join(', '),
);
