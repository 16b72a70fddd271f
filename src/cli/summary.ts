/** The readable turn-by-turn summary of a run, as plain text lines. */
import { computeMetrics, globalRung, tilt, type Rules, type TurnTrace, type WorldState } from '../engine';

const sign = (v: number, d = 3) => `${v >= 0 ? '+' : ''}${v.toFixed(d)}`;
const TERMS = ['influence', 'balance', 'threat', 'residual', 'noise'] as const;

/** The alignment cell that moved most this turn, with the part that moved it most. */
export function largestMove(
  state: WorldState,
  trace: TurnTrace,
): { from: string; to: string; delta: number; cause: string } | null {
  const n = state.actors.length;
  let best = -1;
  let bestAbs = 0;
  for (let x = 0; x < n * n; x++) {
    const d = Math.abs(state.alignment[x] - trace.before[x]);
    if (d > bestAbs) ((bestAbs = d), (best = x));
  }
  if (best < 0) return null;
  const candidates: [string, number][] = TERMS.map((t) => [t, trace.terms[t][best]]);
  for (const e of trace.effects)
    if (
      e.effect.kind === 'alignment' &&
      state.actors[Math.floor(best / n)].id === e.effect.from &&
      state.actors[best % n].id === e.effect.to
    )
      candidates.push([e.effect.cause.id, e.applied]);
  candidates.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  return {
    from: state.actors[Math.floor(best / n)].id,
    to: state.actors[best % n].id,
    delta: state.alignment[best] - trace.before[best],
    cause: candidates[0][0],
  };
}

/** Header lines for a run. */
export function runHeader(rules: Rules, state: WorldState, title: string, turns: number): string[] {
  return [
    `${title} (${state.scenario}), seed ${state.rng.seed}, ${turns} turns of ${state.turnMonths} month${state.turnMonths > 1 ? 's' : ''} from ${state.startDate}`,
    '',
    `turn  date     tension                    ASEAN tilt  PIF tilt  ${axisLabel(rules).padStart(18)}  largest move${state.ladders.dyads.length ? '  [dyad ladders]' : ''}`,
  ];
}

/** The hostility column's heading: between the scenario's two poles. */
function axisLabel(rules: Rules): string {
  const p = rules.def.poles;
  if (!p) return 'no poles';
  return p[0] === 'USA' && p[1] === 'CHN' ? 'US-China hostility' : `${p[0]}-${p[1]} hostility`;
}

/** One line per turn. */
export function turnLine(rules: Rules, state: WorldState, trace: TurnTrace): string {
  const m = computeMetrics(rules, state);
  const move = largestMove(state, trace);
  const tension = `${state.ladders.global.toFixed(2)} ${globalRung(state)}`.padEnd(26);
  const moveText = move ? `${move.from}→${move.to} ${sign(move.delta, 4)} (${move.cause})` : '-';
  const dyads = state.ladders.dyads.length
    ? `  [${state.ladders.dyads.map((d) => `${d.id} ${d.level.toFixed(2)}`).join(', ')}]`
    : '';
  return `${String(state.turn).padStart(4)}  ${state.date.slice(0, 7)}  ${tension} ${sign(m['tilt.ASEAN'] ?? 0).padStart(10)}  ${sign(m['tilt.PIF'] ?? 0).padStart(8)}  ${(rules.def.poles ? (m[`hostility.${rules.def.poles.join('-')}`] ?? 0) : 0).toFixed(3).padStart(18)}  ${moveText}${dyads}`;
}

/** The closing table: every actor's tilt, change of tilt, and capabilities. */
export function finalTable(rules: Rules, initial: WorldState, final: WorldState, hash: string): string[] {
  const lines = [
    '',
    `After ${final.turn} turns (${final.date}); state hash ${hash}`,
    '',
    'actor  name                          tilt US(+)/CN(-)  change   military $bn  economy $bn',
  ];
  const rows = final.actors.map((a, i) => ({
    a,
    t: tilt(rules, final, a.id),
    d: tilt(rules, final, a.id) - tilt(rules, initial, a.id),
    i,
  }));
  rows.sort((x, y) => y.t - x.t);
  for (const { a, t, d } of rows)
    lines.push(
      `${a.id.padEnd(5)}  ${a.name.padEnd(28)}  ${sign(t).padStart(16)}  ${sign(d).padStart(6)}  ${a.capabilities.military.toFixed(1).padStart(12)}  ${a.capabilities.economic.toFixed(0).padStart(11)}`,
    );
  const m = computeMetrics(rules, final);
  lines.push(
    '',
    'metrics: ' +
      Object.entries(m)
        .map(([k, v]) => `${k} ${v.toFixed(3)}`)
        .join(', '),
  );
  for (const d of final.ladders.dyads) lines.push(`ladder ${d.id}: ${d.level.toFixed(2)}`);
  return lines;
}

/** A scenario's length as "36 x month" or "30 x 12 months" (`times` is the sign between). */
export function scenarioLength(h: { turns: number; turnMonths: number }, times = 'x'): string {
  return `${h.turns} ${times} ${h.turnMonths === 1 ? 'month' : `${h.turnMonths} months`}`;
}
