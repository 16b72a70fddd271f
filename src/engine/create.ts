/** Building the initial WorldState from a resolved world description. */
import { grievances } from './arms';
import { isIsoDate } from './dates';
import type { ActorState, DyadLadder, GroupState, ModelParams, WorldState } from './types';

/** Everything needed to start a run, with numbers already resolved (no provenance). */
export interface WorldSpec {
  scenario: string;
  seed: string;
  startDate: string;
  turnMonths: number;
  turns: number;
  actors: ActorState[];
  groups: GroupState[];
  /** Initial alignment, row-major N*N; the diagonal is set to 1. */
  alignment: number[];
  /** Proximity in [0, 1], row-major N*N; all ones if absent. */
  proximity?: number[];
  params: ModelParams;
  ladders?: { global: number; dyads?: DyadLadder[] };
  flags?: Record<string, boolean>;
  counters?: Record<string, number>;
}

/** Create the state before the first turn. Throws on a malformed spec (a caller's bug). */
export function createState(spec: WorldSpec): WorldState {
  const n = spec.actors.length;
  const ids = spec.actors.map((a) => a.id);
  if (new Set(ids).size !== n) throw new Error('duplicate actor ids');
  if (spec.alignment.length !== n * n) throw new Error(`alignment must have ${n * n} cells`);
  if (spec.proximity && spec.proximity.length !== n * n) throw new Error(`proximity must have ${n * n} cells`);
  if (!isIsoDate(spec.startDate)) throw new Error(`bad start date ${spec.startDate}`);
  if (spec.params.influence.trust && spec.params.influence.trust.length !== n * n) throw new Error('trust matrix size');

  const alignment = spec.alignment.map((v, x) => (x % (n + 1) === 0 ? 1 : Math.min(1, Math.max(-1, v))));
  const actors = spec.actors.map((a) => structuredClone(a));
  const military = actors.map((a) => a.capabilities.military);
  const trend = actors.map((a) => a.growth.military);
  return {
    format: 'seastate-state',
    version: 1,
    scenario: spec.scenario,
    turn: 0,
    turns: spec.turns,
    startDate: spec.startDate,
    turnMonths: spec.turnMonths,
    date: spec.startDate,
    actors,
    groups: spec.groups.map((g) => ({ ...g, members: [...g.members] })),
    alignment,
    baseline: [...alignment],
    effectLoad: new Array<number>(n * n).fill(0),
    proximity: spec.proximity ? [...spec.proximity] : new Array<number>(n * n).fill(1),
    grievance: grievances(ids, alignment, military, trend, spec.params.arms),
    ladders: {
      global: spec.ladders?.global ?? 0,
      dyads: (spec.ladders?.dyads ?? []).map((d) => ({ ...d })),
    },
    flags: { ...spec.flags },
    counters: { ...spec.counters },
    params: structuredClone(spec.params),
    rng: { seed: spec.seed, draws: 0 },
    log: [],
  };
}
