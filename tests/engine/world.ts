/** Small hand-made worlds for engine tests: every term off unless a test turns it on. */
import {
  compileRules,
  createState,
  type ActorState,
  type ModelParams,
  type Rules,
  type WorldSpec,
  type WorldState,
} from '../../src/engine';

export function zeroParams(): ModelParams {
  return {
    weights: { influence: 0, balance: 0, threat: 0, effects: 1, noise: 0, arms: 0, residual: 0, escalation: 1 },
    influence: { selfWeight: 0.5, salienceExponent: 0 },
    threat: { powerExponent: 0.5, growthSensitivity: 1 },
    effects: { patronagePenalty: 1.5, partnershipBonus: 0.5, fatigue: 2, fatigueDecay: 0.25, persistence: 0 },
    noise: { sd: 0.01 },
    arms: { reactivity: 0.05, fatigue: 0.1, calibrate: false },
    ladder: { max: 7, rate: 0, pressure: 0.6, calibrate: false },
    crisis: {
      riskMax: 0.2,
      riskFrom: 3,
      riskExponent: 2,
      slip: 1,
      warRung: 6,
      decisiveness: 1,
      privateSpread: 0.3,
      beliefSpread: 0.15,
      horizon: 24,
      value: 1,
    },
    policy: {
      budgetScale: 10,
      budgetExponent: 0.5,
      reserve: 2,
      partnershipCost: 0.25,
      thirdParty: 0.5,
      costWeight: 0.02,
      tensionValue: 0.01,
      utilityScale: 0.01,
      optionPrior: 1,
    },
  };
}

export function actor(id: string, over: Partial<ActorState> = {}): ActorState {
  return {
    id,
    name: id,
    region: 'northeast-asia',
    capabilities: { military: 10, economic: 100, maritime: 50, diplomatic: 50 },
    growth: { economic: 0, military: 0 },
    posture: { balancing: 0.5, bandwagoning: 0, stubbornness: 0, autonomy: 0.5 },
    ...over,
  };
}

export interface TinyOptions {
  alignment: number[];
  params?: (p: ModelParams) => void;
  actors?: ActorState[];
  seed?: string;
  turnMonths?: number;
}

/** The spec of a world of sqrt(alignment.length) actors A0, A1, ... with the given alignment. */
export function tinySpec(o: TinyOptions): WorldSpec {
  const n = Math.round(Math.sqrt(o.alignment.length));
  const params = zeroParams();
  o.params?.(params);
  return {
    scenario: 'test',
    seed: o.seed ?? '1',
    startDate: '2024-01-01',
    turnMonths: o.turnMonths ?? 1,
    turns: 10,
    actors: o.actors ?? Array.from({ length: n }, (_, i) => actor(`A${i}`)),
    groups: [],
    alignment: o.alignment,
    params,
  };
}

/** A world of sqrt(alignment.length) actors A0, A1, ... with the given alignment. */
export function tinyWorld(o: TinyOptions): WorldState {
  return createState(tinySpec(o));
}

/** A tiny world (tinyWorld) with its compiled rules. */
export function tiny(o: TinyOptions): { rules: Rules; state: WorldState } {
  const spec = tinySpec(o);
  const rules = compileRules(spec);
  return { rules, state: createState(spec, rules) };
}

/** The rules of a tiny world, which has none of its own (tinyWorld, runawayArms): compiled from its actors and turn length. */
export function tinyRules(s: WorldState): Rules {
  const rules = compileRules({ actors: s.actors, turnMonths: s.turnMonths });
  if (rules.hash() !== s.rulesHash) throw new Error('the state has rules of its own');
  return rules;
}

/** Two rivals arming at 1e300 with no restraint: military capability overflows within a few yearly turns. */
export function runawayArms(): WorldState {
  return runawayArmsWorld().state;
}

/** runawayArms with its compiled rules. */
export function runawayArmsWorld(): { rules: Rules; state: WorldState } {
  const mil = { military: 1e300, economic: 1, maritime: 0, diplomatic: 0 };
  return tiny({
    alignment: [1, -1, -1, 1],
    actors: [actor('X', { capabilities: mil }), actor('Y', { capabilities: mil })],
    params: (p) => ((p.weights.arms = 1), (p.arms.reactivity = 1), (p.arms.fatigue = 0)),
    turnMonths: 12,
  });
}

/** Row-major cell accessor. */
export const cell = (s: WorldState, i: number, j: number) => s.alignment[i * s.actors.length + j];

/** A spec's compiled rules and its initial state under them. */
export function started(spec: WorldSpec): { rules: Rules; state: WorldState } {
  const rules = compileRules(spec);
  return { rules, state: createState(spec, rules) };
}
