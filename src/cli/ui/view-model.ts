/**
 * The board's view-model: everything the components show, computed from the game as plain data.
 * Components render it and send intents; they never reach into the engine (STYLE.md, 6).
 */
import { budgets, computeMetrics, rungName, tilt, type Rules, type WorldState } from '../../engine';
import { current, type Game } from '../session/game';

export interface ActorRow {
  id: string;
  name: string;
  human: boolean;
  /** Capabilities as shares of the largest actor's, 0..1, in CAPABILITY order. */
  capabilities: [number, number, number, number];
  tilt: number;
  tiltChange: number;
  budget: number;
}

export interface LadderRow {
  id: string;
  level: number;
  rung: string;
  change: number;
}

export interface Trend {
  from: string;
  to: string;
  series: number[];
}

export interface BoardModel {
  title: string;
  scenario: string;
  seed: string;
  turn: number;
  turns: number;
  date: string;
  ended?: string;
  ladderMax: number;
  ladders: LadderRow[];
  actors: ActorRow[];
  ids: string[];
  /** Alignment, row-major, as in the state. */
  alignment: readonly number[];
  metrics: { name: string; value: number; change: number }[];
  trends: Trend[];
}

const CAPS = ['military', 'economic', 'maritime', 'diplomatic'] as const;

/** Which metrics the board shows: the tension and tilts a class reads first, then the rest. */
function metricRows(rules: Rules, s: WorldState, prev: WorldState): BoardModel['metrics'] {
  const now = computeMetrics(rules, s);
  const before = computeMetrics(rules, prev);
  return Object.keys(now)
    .filter((k) => !k.startsWith('ladder.') && k !== 'tension')
    .map((k) => ({ name: k, value: now[k], change: now[k] - (before[k] ?? now[k]) }));
}

/** The default cells to trace: each human's (or the scenario's playable actors') stance toward the two poles (the US and China). */
export function defaultWatch(g: Game): [string, string][] {
  const ids = current(g).actors.map((a) => a.id);
  const who = g.humans.length ? g.humans : g.scenario.rules.humans.length ? g.scenario.rules.humans : ids.slice(0, 2);
  const out: [string, string][] = [];
  for (const a of who) for (const b of g.scenario.rules.poles ?? []) if (a !== b && ids.includes(b)) out.push([a, b]);
  return out.slice(0, 6);
}

/** Build the board's view-model; `watch` lists the cells whose history the trends view draws. */
export function boardModel(g: Game, watch: readonly [string, string][]): BoardModel {
  const s = current(g);
  const prev = g.states.length > 1 ? g.states[g.states.length - 2] : s;
  const n = s.actors.length;
  const ids = s.actors.map((a) => a.id);
  const max = CAPS.map((k) => Math.max(1e-9, ...s.actors.map((a) => a.capabilities[k])));
  const b = budgets(s);
  const actors: ActorRow[] = s.actors.map((a, i) => {
    const now = tilt(g.sim.rules, s, a.id);
    return {
      id: a.id,
      name: a.name,
      human: g.humans.includes(a.id),
      capabilities: CAPS.map((k, c) => a.capabilities[k] / max[c]) as ActorRow['capabilities'],
      tilt: now,
      tiltChange: now - tilt(g.sim.rules, prev, a.id),
      budget: b[i] + (s.resources[i] ?? 0),
    };
  });
  const ladderMax = s.params.ladder.max;
  const ladders: LadderRow[] = [
    {
      id: 'global',
      level: s.ladders.global,
      rung: rungName(s.ladders.global, ladderMax),
      change: s.ladders.global - prev.ladders.global,
    },
    ...s.ladders.dyads.map((d, k) => ({
      id: d.id,
      level: d.level,
      rung: rungName(d.level, ladderMax),
      change: d.level - (prev.ladders.dyads[k]?.level ?? d.level),
    })),
  ];
  const index = new Map(ids.map((id, i) => [id, i]));
  const trends = watch
    .filter(([a, t]) => index.has(a) && index.has(t))
    .map(([a, t]) => ({
      from: a,
      to: t,
      series: g.states.map((st) => st.alignment[index.get(a)! * n + index.get(t)!]),
    }));
  return {
    title: g.scenario.title,
    scenario: g.scenario.id,
    seed: g.seed,
    turn: s.turn,
    turns: s.turns,
    date: s.date,
    ended: s.ended ? `${s.ended.outcome} (${s.ended.id})` : s.turn >= s.turns ? 'ran its course' : undefined,
    ladderMax,
    ladders,
    actors,
    ids,
    alignment: s.alignment,
    metrics: metricRows(g.sim.rules, s, prev),
    trends,
  };
}
