/** Built-in metrics computed from a state: the figures summaries and batch runs report. */
import { evalContext, evalNumber } from './expr';
import { mutualHostility, rungName } from './ladder';
import type { Rules } from './rules';
import type { WorldState } from './types';

/**
 * An actor's position between the scenario's two poles (`rules.poles`; the United States, +1, and
 * China, -1, in the built-in world): (A[a][first] - A[a][second]) / 2, and 0 without poles.
 */
export function tilt(rules: Rules, state: WorldState, actor: string): number {
  const idx = rules.index.get(actor) ?? -1;
  const [us, cn] = rules.poles;
  if (us < 0 || cn < 0 || idx < 0) return 0;
  return tiltIn(state.alignment, state.actors.length, idx, us, cn);
}

/** The same from an n x n alignment matrix and the indices of actor i and the two poles. */
export function tiltIn(A: readonly number[], n: number, i: number, us: number, cn: number): number {
  return (A[i * n + us] - A[i * n + cn]) / 2;
}

function indexOf(state: WorldState, id: string): number {
  return state.actors.findIndex((a) => a.id === id);
}

/** Mean alignment among the members of a group (i != j). */
export function cohesion(state: WorldState, members: readonly string[]): number {
  const n = state.actors.length;
  const idx = members.map((m) => indexOf(state, m)).filter((i) => i >= 0);
  let sum = 0;
  let count = 0;
  for (const i of idx) for (const j of idx) if (i !== j) ((sum += state.alignment[i * n + j]), count++);
  return count ? sum / count : 0;
}

/** Share of triads whose sign product is positive (Heider-balanced). */
export function balancedShare(n: number, A: ArrayLike<number>): number {
  let balanced = 0;
  let total = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      for (let k = j + 1; k < n; k++) {
        const s = (A[i * n + j] + A[j * n + i]) * (A[j * n + k] + A[k * n + j]) * (A[k * n + i] + A[i * n + k]);
        total++;
        if (s > 0) balanced++;
      }
  return total ? balanced / total : 1;
}

/** The named metrics of a state, with stable key order. */
export function computeMetrics(rules: Rules, state: WorldState): Record<string, number> {
  const n = state.actors.length;
  const A = state.alignment;
  const m: Record<string, number> = {};
  m.tension = state.ladders.global;
  for (const d of state.ladders.dyads) m[`ladder.${d.id}`] = d.level;
  const [us, cn] = rules.poles;
  const axis = us >= 0 && cn >= 0;
  if (axis) m[`hostility.${rules.ids[us]}-${rules.ids[cn]}`] = mutualHostility(n, A, us, cn);
  for (const g of state.groups) {
    if (axis) {
      const members = g.members.filter((id) => id !== state.actors[us].id && id !== state.actors[cn].id);
      m[`tilt.${g.id}`] = members.length
        ? members.reduce((s, id) => s + tilt(rules, state, id), 0) / members.length
        : 0;
    }
    m[`cohesion.${g.id}`] = cohesion(state, g.members);
  }
  let abs = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) abs += Math.abs(A[i * n + j]);
  m.polarization = n > 1 ? abs / (n * (n - 1)) : 0;
  m.balance = balancedShare(n, A);
  return Object.assign(m, scenarioMetrics(rules, state));
}

/** The scenario's own metrics alone (for per-turn series, without the built-in ones' cost). */
export function scenarioMetrics(rules: Rules, state: WorldState): Record<string, number> {
  const m: Record<string, number> = {};
  if (rules.def.metrics.length) {
    const index = rules.index;
    for (const sm of rules.def.metrics)
      m[sm.id] = evalNumber(sm.expr, evalContext(rules, state, index, state.turn, state.events.fired, undefined));
  }
  return m;
}

/** The rung name of the global ladder. */
export function globalRung(state: WorldState): string {
  return rungName(state.ladders.global, state.params.ladder.max);
}
