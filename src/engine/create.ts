/** Building the initial WorldState from a resolved world description. */
import { frozenRules, matchesRules, rulesHash, sameActors, type Rules } from './rules';
import { pow } from './arrays';
import { grievances } from './arms';
import { isIsoDate } from './dates';
import { mutualHostility, structuralHostility } from './ladder';
import { keyedAlea } from './rng';
import { MAX_GROWTH } from './step';
import { computeTerms } from './terms';
import type {
  ActorState,
  CrisisDef,
  CrisisState,
  DyadLadder,
  GroupState,
  ModelParams,
  PolicyParams,
  ScenarioRules,
  StateData,
  WorldState,
} from './types';

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
  /** Events, actions, metrics, end conditions and human-playable actors (none if absent). */
  rules?: ScenarioRules;
  /** Each actor's decision doctrine, in actor order (absent: nobody acts unless a human does). */
  policies?: PolicyParams[];
}

/** The doctrine of an actor with none: it never takes an action and weighs options only by their scripted weights' order. */
export const PASSIVE: Readonly<PolicyParams> = Object.freeze({
  doctrine: 'passive',
  security: 0,
  alignment: 0,
  autonomy: 0,
  economy: 0,
  risk: 0.5,
  accommodation: 0,
  temperature: 0,
  maxActions: 0,
});

/**
 * Create the state before the first turn. Throws on a malformed spec (a caller's bug). The state
 * holds the hash of its rules (`rulesHash`), not the rules. Given compiled rules, the state is made
 * under them (its crises are theirs, and the spec's own `rules` are not read), so it is always one
 * that they step; without, under the spec's rules.
 */
export function createState(spec: WorldSpec, rules?: Rules): WorldState {
  const n = spec.actors.length;
  if (rules && !sameActors(rules, spec))
    throw new Error('the rules were compiled for other actors or another turn length');
  // The rules the state is made under: the given ones, else the spec's own.
  const def = rules?.def ?? spec.rules ?? frozenRules(undefined);
  const ids = spec.actors.map((a) => a.id);
  if (new Set(ids).size !== n) throw new Error('duplicate actor ids');
  if (spec.alignment.length !== n * n) throw new Error(`alignment must have ${n * n} cells`);
  if (spec.proximity && spec.proximity.length !== n * n) throw new Error(`proximity must have ${n * n} cells`);
  if (spec.policies && spec.policies.length !== n) throw new Error(`policies must have ${n} entries`);
  if (!isIsoDate(spec.startDate)) throw new Error(`bad start date ${spec.startDate}`);
  const trust = spec.params.influence.trust;
  if (trust) {
    if (trust.length !== n * n) throw new Error(`the trust matrix must have ${n * n} cells`);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let k = 0; k < n; k++) {
        const w = trust[i * n + k];
        if (!(w >= 0 && w <= 1)) throw new Error(`trust[${i}][${k}] must be in [0, 1]`);
        sum += w;
      }
      if (Math.abs(sum - 1) > 1e-9) throw new Error(`row ${i} of the trust matrix must sum to 1 (it sums to ${sum})`);
    }
  }

  const alignment = spec.alignment.map((v, x) => (x % (n + 1) === 0 ? 1 : Math.min(1, Math.max(-1, v))));
  const actors = spec.actors.map((a) => structuredClone(a));
  const military = actors.map((a) => a.capabilities.military);
  const economic = actors.map((a) => a.capabilities.economic);
  const trend = actors.map((a) => a.growth.military);
  const proximity = spec.proximity ? [...spec.proximity] : new Array<number>(n * n).fill(1);
  const p = spec.params;
  const residual = calibrationResidual(spec, alignment, proximity);
  const dyads = (spec.ladders?.dyads ?? []).map((d) => ({ ...d }));
  const global = spec.ladders?.global ?? 0;
  let anchors: StateData['ladders']['anchors'];
  if (p.ladder.calibrate) {
    const maxM = Math.max(0, ...military);
    const power = military.map((m) => (maxM > 0 ? pow(m / maxM, p.threat.powerExponent) : 0));
    const idx = new Map(ids.map((id, i) => [id, i]));
    anchors = { global: { level: global, hostility: structuralHostility(n, alignment, power) } };
    for (const d of dyads) {
      if (!idx.has(d.a) || !idx.has(d.b)) throw new Error(`ladder ${d.id} names an unknown actor`);
      anchors[d.id] = { level: d.level, hostility: mutualHostility(n, alignment, idx.get(d.a)!, idx.get(d.b)!) };
    }
  }
  return {
    format: 'seastate-state',
    version: 1,
    scenario: spec.scenario,
    rulesHash: rules ? rules.hash() : rulesHash(def),
    events: { fired: {}, firedFor: {}, pending: [] },
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
    proximity,
    grievance: grievances(ids, alignment, military, economic, trend, p.arms),
    residual,
    ladders: anchors ? { global, dyads, anchors } : { global, dyads },
    crises: crisisStates(spec.seed, checkedCrises(spec, def.crises)),
    flags: { ...spec.flags },
    counters: { ...spec.counters },
    params: structuredClone(spec.params),
    policies: spec.policies ? spec.policies.map((x) => ({ ...x })) : actors.map(() => ({ ...PASSIVE })),
    resources: new Array<number>(n).fill(0),
    lastUsed: {},
    rng: { seed: spec.seed, draws: 0 },
    log: [],
  };
}

/**
 * Each crisis's private shocks: one keyed draw per side (and per supporter with a stake), uniform
 * with unit variance, fixed for the
 * run (Fearon 1995: each side knows its own resolve, the other only its distribution).
 */
function crisisStates(seed: string, crises: readonly CrisisDef[]): Record<string, CrisisState> {
  const out: Record<string, CrisisState> = {};
  for (const def of crises) {
    const shock: Record<string, number> = {};
    const holders = [
      ...def.sides.map((s) => s.actor),
      ...def.supporters.filter((s) => s.stake !== undefined).map((s) => s.actor),
    ];
    for (const actor of holders)
      shock[actor] = (keyedAlea(seed, 0, 'resolve', `${def.ladder}:${actor}`).next() * 2 - 1) * SQRT3;
    out[def.ladder] = { shock };
  }
  return out;
}

const SQRT3 = Math.sqrt(3);

function checkedCrises(spec: WorldSpec, crises: readonly CrisisDef[]): readonly CrisisDef[] {
  for (const def of crises) {
    if (!(spec.ladders?.dyads ?? []).some((d) => d.id === def.ladder))
      throw new Error(`crisis on unknown ladder ${def.ladder}`);
  }
  return crises;
}

/**
 * A fresh initial state's twin under another seed: the PRNG seed and everything drawn from it at
 * the start (the crises' private shocks). Equal to `createState` of the same spec with that seed,
 * without recomputing the rest; batches build each point's state once and reseed it per run.
 */
export function reseed(rules: Rules, initial: WorldState, seed: string): WorldState {
  if (!matchesRules(rules, initial)) throw new Error('the state was not made from these rules');
  return { ...initial, rng: { ...initial.rng, seed }, crises: crisisStates(seed, rules.def.crises) };
}

/**
 * Minus the net pull of influence, balance and threat at the start, evaluated with the
 * capabilities the first turn will have (trend growth), so that with the residual weighted 1 the
 * starting world is at rest and a run moves only through changes: arming, events, noise.
 */
function calibrationResidual(spec: WorldSpec, alignment: number[], proximity: number[]): number[] {
  const n = spec.actors.length;
  const p = spec.params;
  const dt = spec.turnMonths / 12;
  const growth = Float64Array.from(spec.actors, (a) => Math.min(MAX_GROWTH, p.weights.arms * a.growth.military));
  const t = computeTerms({
    n,
    A: Float64Array.from(alignment),
    baseline: alignment,
    actors: spec.actors,
    params: p,
    proximity,
    military: Float64Array.from(spec.actors, (a, i) => a.capabilities.military * (1 + growth[i] * dt)),
    economic: Float64Array.from(spec.actors, (a) => a.capabilities.economic * (1 + a.growth.economic * dt)),
    growth,
  });
  return Array.from({ length: n * n }, (_, x) =>
    x % (n + 1) === 0 ? 0 : -(t.influence[x] + t.balance[x] + t.threat[x]),
  );
}
