/**
 * The engine's data types. A `WorldState` is plain JSON-serialisable data: it holds everything of a
 * run (actors, matrices, parameters, the seed) and the hash of the rules it runs under, so
 * `step(rules, state, inputs)` is a pure function and a saved state round-trips through JSON unchanged. It is read-only in its type throughout
 * (DeepReadonly<StateData>), as the scenario's rules are (ActionDef is DeepReadonly<ActionDefData>,
 * and so on); the *Data shapes are for the code that builds them.
 */

import type { Expr } from './expr';

/** The four instruments of national power the model tracks. */
export const CAPABILITY_KINDS = Object.freeze(['military', 'economic', 'maritime', 'diplomatic'] as const);
export type CapabilityKind = (typeof CAPABILITY_KINDS)[number];
export type Capabilities = Record<CapabilityKind, number>;

/** How an actor reacts to threat and influence; all in [0, 1]. See docs/MODEL.md. */
export interface Posture {
  /** Strength of balancing against a rising, hostile power (Walt). */
  balancing: number;
  /** Readiness to lean toward the threatening power instead. */
  bandwagoning: number;
  /** Friedkin-Johnsen stubbornness: weight on the actor's own baseline (1 = never moves). */
  stubbornness: number;
  /** Value placed on voice and non-interference: how much patronage framing backfires. */
  autonomy: number;
}

export interface ActorState {
  id: string;
  name: string;
  region: string;
  capabilities: Capabilities;
  /** Trend growth per year, as fractions (0.02 = 2%). */
  growth: { economic: number; military: number };
  posture: Posture;
}

export interface GroupState {
  id: string;
  name: string;
  members: string[];
}

/** A rung-based escalation ladder between two actors (or the global ladder when a/b are absent). */
export interface DyadLadder {
  id: string;
  a: string;
  b: string;
  level: number;
}

/** Weights of the named dynamics terms. Any can be 0. */
export interface TermWeights {
  influence: number;
  balance: number;
  threat: number;
  effects: number;
  noise: number;
  arms: number;
  /** The calibration residual: cancels the terms' net pull at the start (0 = pure textbook terms). */
  residual: number;
  /** Scales a crisis's risk of slipping out of control (0: crises never slip, and actors perceive no risk). */
  escalation: number;
}
/** The alignment terms in the order a turn adds them (after the effects, before the clipping). */
export const TERM_NAMES = Object.freeze(['influence', 'balance', 'threat', 'residual', 'noise'] as const);
export type TermName = (typeof TERM_NAMES)[number];

/** Per-actor overrides of the Richardson coefficients (per year). */
export interface ArmsActorParams {
  reactivity?: number;
  fatigue?: number;
  grievance?: number;
}

export interface ModelParams {
  weights: TermWeights;
  influence: {
    /** Weight an actor puts on its own current view when averaging (W_ii). */
    selfWeight: number;
    /** Exponent on a partner's capability share in the trust weights (0 = all partners alike). */
    salienceExponent: number;
    /** Optional explicit row-stochastic trust matrix W (N*N, row-major); else derived from A. */
    trust?: number[];
  };
  threat: {
    /** Exponent on relative military power (diminishing, so regional powers threaten too). */
    powerExponent: number;
    /** How much a year's military growth rate amplifies threat. */
    growthSensitivity: number;
  };
  effects: {
    /** Patronage framing multiplies a positive effect by 1 - penalty * autonomy (may backfire). */
    patronagePenalty: number;
    /** Partnership framing multiplies a positive effect by 1 + bonus * autonomy. */
    partnershipBonus: number;
    /** Diminishing returns: applied effect is divided by 1 + fatigue * recent load. */
    fatigue: number;
    /** Fraction of the recent load that fades each turn. */
    fatigueDecay: number;
    /** Share of an applied alignment effect that also moves the actor's anchor (lasts). */
    persistence: number;
  };
  noise: {
    /** Standard deviation of the per-turn random shock to each alignment cell. */
    sd: number;
  };
  arms: {
    /** Richardson reaction coefficient per year, scaled by rivalry max(0, -A_ij). */
    reactivity: number;
    /** Richardson fatigue (restraint) coefficient per year. */
    fatigue: number;
    /** Set each grievance so the first turn reproduces the actor's military trend growth. */
    calibrate: boolean;
    actors?: Record<string, ArmsActorParams>;
  };
  policy: PolicyModelParams;
  crisis: CrisisParams;
  ladder: {
    /** Highest rung (Kahn-style ladder, 0 = stable peace). */
    max: number;
    /** Fraction of the gap to the structural level closed per year. */
    rate: number;
    /** Structural level per unit of power-weighted hostility, as a fraction of max. */
    pressure: number;
    /**
     * Anchor each ladder's structural level at its starting level and starting hostility, so the
     * ladder responds to changes in hostility rather than drifting from its scripted start.
     */
    calibrate: boolean;
  };
}

/**
 * The escalation model's parameters (docs/MODEL.md, "Escalation"): Schelling's risk that a crisis
 * slips out of control, the contest for the chance of prevailing in war, and how actors read each
 * other's resolve.
 */
export interface CrisisParams {
  /** Chance per month that a crisis just below the war rung slips one rung on its own. */
  riskMax: number;
  /** The rung from which a crisis can slip (below it, forces are not poised against each other). */
  riskFrom: number;
  /** Exponent of the risk's rise from riskFrom to the war rung (1 linear, 2 accelerating). */
  riskExponent: number;
  /** Rungs a slip moves the ladder. */
  slip: number;
  /** The rung at which a crisis becomes war, unless the crisis sets its own. */
  warRung: number;
  /** Decisiveness m of the contest success function F_a^m / (F_a^m + F_b^m) (Hirshleifer). */
  decisiveness: number;
  /** Spread of each side's private stake: its stake is multiplied by 1 + this times a unit shock. */
  privateSpread: number;
  /** Scale of the logistic belief one side holds about the other's resolve. */
  beliefSpread: number;
  /** Months a crisis lasts on average before it dissolves without a winner. */
  horizon: number;
  /** Utility, for a doctrine of security weight 1, of prevailing in a crisis of stake 1. */
  value: number;
}

/** How budgets, framings and event options work for every policy (docs/MODEL.md, "Decisions"). */
export interface PolicyModelParams {
  /** Resource points per turn of the strongest actor on every capability. */
  budgetScale: number;
  /** Exponent on capability shares in the budget (below 1 lets small states act at all). */
  budgetExponent: number;
  /** Turns of budget an actor may save for later. */
  reserve: number;
  /** Extra cost of partnership framing, as a fraction of the action's cost. */
  partnershipCost: number;
  /** Weight of third parties' moves (toward one's partners or rivals) in the alignment goal. */
  thirdParty: number;
  /** Utility that the cost of a whole turn's budget is worth. */
  costWeight: number;
  /** Utility of one rung of tension for a doctrine fully at ease with risk (risk 1, security 1). */
  tensionValue: number;
  /** Utility scale for choosing by temperature, and for event options. */
  utilityScale: number;
  /** Exponent on a scripted option weight when a policy chooses an event option (0 = ignore them). */
  optionPrior: number;
}

/** A decision doctrine's parameters for one actor (docs/MODEL.md, "Decisions"). */
export interface PolicyParams {
  doctrine: string;
  security: number;
  alignment: number;
  autonomy: number;
  economy: number;
  /** Risk acceptance in [0, 1]: the doctrine is content with ladders at rung 4 x risk. */
  risk: number;
  /**
   * How far the doctrine seeks security by winning over the power that threatens it (1) rather
   * than by strength and partners (0): Walt's bandwagoning against balancing, as a choice.
   */
  accommodation: number;
  /** 0 picks the best-scoring choice; higher spreads choices across seeds. */
  temperature: number;
  maxActions: number;
}

export const INSTRUMENTS = Object.freeze(['diplomatic', 'information', 'military', 'economic'] as const);
export type Instrument = (typeof INSTRUMENTS)[number];

/** An instrument of power an actor can use (data/actions.yaml), compiled. */
export interface ActionDefData {
  id: string;
  name: string;
  instrument: Instrument;
  /** Actors allowed to take it (all if absent). */
  users?: string[];
  /** Minimum capabilities at the start of the turn. */
  minCapability?: Partial<Capabilities>;
  /** Absent: the action has no target. `actors` lists the allowed targets (all others if absent). */
  target?: { relation: 'any' | 'partner' | 'rival'; actors?: string[] };
  cost: number;
  chance: number;
  /** Months before the same actor may take it again against the same target (0: every turn). */
  cooldown: number;
  modifiers: { when: Expr; add: number; note: string }[];
  requires: { when: Expr; why: string }[];
  /** Framings to choose from; empty means neutral. */
  framings: ('partnership' | 'patronage')[];
  effects: EffectDef[];
  failure: EffectDef[];
}
/** ActionDefData, read-only throughout: rules never change once compiled. */
export type ActionDef = DeepReadonly<ActionDefData>;

/** One action an actor takes this turn. */
export interface ActionChoice {
  action: string;
  target?: string;
  framing?: 'partnership' | 'patronage';
}

/** An action as resolved: its dice and what they were compared with. */
export interface ActionOutcome extends ActionChoice {
  cost: number;
  /** Base chance, each modifier that applied, and the resulting chance (clipped to [0, 1]). */
  base: number;
  modifiers: { note: string; add: number }[];
  chance: number;
  roll: number;
  success: boolean;
  /** Set when the White cell decided the result instead of the dice. */
  adjudicated?: boolean;
  /** The policy's score for it, when a policy chose it. */
  score?: number;
}

/** An alternative a policy considered, with its score. */
export interface ScoredChoice extends ActionChoice {
  score: number;
  cost: number;
}

/** What one actor decided this turn, and why. */
export interface Decision {
  actor: string;
  controller: 'human' | 'policy';
  doctrine?: string;
  /** Points available (saved plus this turn's budget), spent, and saved for later. */
  available: number;
  budget: number;
  spent: number;
  saved: number;
  actions: ActionOutcome[];
  /** The best alternatives considered (policy only), best first, chosen or not. */
  alternatives: ScoredChoice[];
}

/** Where a change came from: a dynamics term, or an event, action or adjudication. */
export interface Cause {
  type: 'term' | 'event' | 'action' | 'adjudication' | 'input';
  id: string;
  /** Actors involved (for terms: the counterpart actors, when known). */
  actors?: string[];
  note?: string;
}

export type Framing = 'partnership' | 'patronage' | 'neutral';

/** A change requested of the world: by an event, an action, or the White cell. */
export type Effect =
  | { kind: 'alignment'; from: string; to: string; amount: number; framing?: Framing; set?: boolean; cause: Cause }
  | { kind: 'capability'; actor: string; capability: CapabilityKind; amount: number; set?: boolean; cause: Cause }
  | { kind: 'tension'; ladder?: string; amount: number; set?: boolean; cause: Cause }
  | { kind: 'flag'; name: string; value: boolean; cause: Cause }
  | { kind: 'counter'; name: string; amount: number; cause: Cause }
  | { kind: 'concede'; ladder: string; actor: string; cause: Cause };

/**
 * A White-cell injection: fire a scenario event this turn whatever its timing, trigger or `once`.
 * `target` is required when the event has targets (one of them), and for a follow-up-only event
 * without targets (any actor: the target it would otherwise inherit); other events take none.
 */
export interface Injection {
  event: string;
  target?: string;
}

/** Everything from outside that a turn consumes. Recorded in the state's log for replay. */
export interface TurnInputs {
  /**
   * White-cell effects, applied after the events' and actions'. With `set`, an alignment, capability
   * or ladder is set to `amount` exactly (an adjudication; no diminishing returns, anchor unmoved).
   */
  effects?: Effect[];
  /** Scenario events the White cell fires this turn, before any scheduled event. */
  inject?: Injection[];
  /** Human choices of event options, keyed by instance key `eventId@target` (target may be empty). */
  choices?: Record<string, string>;
  /**
   * Actions of human-played actors, by actor id. An actor listed here (even with an empty list,
   * which passes) is played by a human this turn; every other actor's policy decides.
   */
  actions?: Record<string, ActionChoice[]>;
  /** White-cell rulings on this turn's action dice, by `actor:action@target`: true succeeds, false fails. */
  rulings?: Record<string, boolean>;
}

/** In an event, `target` and `actor` stand for the instance's target and chooser. */
export type ActorRef = string;

/** An effect as a scenario writes it: amounts are expressions, actors may be `target`/`actor`. */
export type EffectDefData =
  | { kind: 'alignment'; from: ActorRef; to: ActorRef; amount: Expr; framing?: Framing; mutual?: boolean }
  | { kind: 'capability'; actor: ActorRef; capability: CapabilityKind; amount: Expr }
  | { kind: 'tension'; ladder?: string; amount: Expr }
  | { kind: 'flag'; name: string; value: boolean }
  | { kind: 'counter'; name: string; amount: Expr }
  | { kind: 'concede'; ladder: string; actor: ActorRef };
/** EffectDefData, read-only throughout: rules never change once compiled. */
export type EffectDef = DeepReadonly<EffectDefData>;

export interface FollowUpDefData {
  event: string;
  delay: number;
}
/** FollowUpDefData, read-only throughout: rules never change once compiled. */
export type FollowUpDef = DeepReadonly<FollowUpDefData>;

export interface OptionDefData {
  id: string;
  text: string;
  weight: Expr;
  modifiers: { when: Expr; factor: number }[];
  effects: EffectDef[];
  followUps: FollowUpDef[];
}
/** OptionDefData, read-only throughout: rules never change once compiled. */
export type OptionDef = DeepReadonly<OptionDefData>;

export type TimingData =
  | { kind: 'turn'; turn: number }
  | { kind: 'chance'; p: number }
  | { kind: 'mtth'; n: number }
  | { kind: 'trigger' }
  | { kind: 'followup' };
/** TimingData, read-only throughout: rules never change once compiled. */
export type Timing = DeepReadonly<TimingData>;

/** A scripted event, compiled by the loader (docs/SCENARIOS.md). */
export interface EventDefData {
  id: string;
  title: string;
  text?: string;
  /** Who chooses among the options; `target` means the instance's target. */
  actor?: ActorRef;
  /** Resolved actor ids: one instance per target. */
  targets?: string[];
  trigger?: Expr;
  timing: Timing;
  once: boolean;
  effects: EffectDef[];
  options: OptionDef[];
  followUps: FollowUpDef[];
}
/** EventDefData, read-only throughout: rules never change once compiled. */
export type EventDef = DeepReadonly<EventDefData>;

/** One side of a crisis: its principal and what the crisis is worth to it (docs/MODEL.md, "Escalation"). */
export interface CrisisSideData {
  actor: string;
  /** Value of prevailing (the other side backs down or loses the war), before the private shock. */
  stake: number;
  /** Cost of a war, in units of the stake. */
  warCost: number;
  /** Audience cost of backing down, per rung the crisis has reached (Fearon 1994). */
  audience: number;
  /** Share of its military capability it can bring to this crisis. */
  reach: number;
  /** Multiplier on its own forces for fighting at home (a defender's advantage); 1 for none. */
  defence: number;
}
/** CrisisSideData, read-only throughout: rules never change once compiled. */
export type CrisisSide = DeepReadonly<CrisisSideData>;

/** A third party that may bring forces to one side of a crisis. */
export interface CrisisSupporterData {
  actor: string;
  /** The side it backs: 0 for a, 1 for b. */
  side: 0 | 1;
  /** Share of its military capability it could bring to this crisis. */
  reach: number;
  /** Share of that reach it can use here (bases, overflight), in [0, 1]; absent: 1. */
  access?: Expr;
  /** How far it is committed: multiplies the credibility that follows from its alignment; absent: 1. */
  commitment?: Expr;
  /**
   * Its own stake in the side's fate and its own cost of the war, when the scenario gives them: it
   * then values the crisis with these; otherwise as the side does, weighted by its interest.
   */
  stake?: number;
  warCost?: number;
}
/** CrisisSupporterData, read-only throughout: rules never change once compiled. */
export type CrisisSupporter = DeepReadonly<CrisisSupporterData>;

/** A crisis modelled on a dyad ladder: brinkmanship over a balance of forces (docs/MODEL.md, "Escalation"). */
export interface CrisisDefData {
  /** The id of the dyad ladder it runs on; side a and b are the ladder's a and b. */
  ladder: string;
  sides: [CrisisSide, CrisisSide];
  /** The side that holds what is contested (the status quo): 0 or 1, or -1 when neither does. */
  defender: -1 | 0 | 1;
  supporters: CrisisSupporter[];
  /** The rung at which this crisis is war (the model's crisis.warRung unless the scenario sets it). */
  warRung: number;
  /** The rung from which it can slip (the model's crisis.riskFrom unless the scenario sets it). */
  riskFrom: number;
}
/** CrisisDefData, read-only throughout: rules never change once compiled. */
export type CrisisDef = DeepReadonly<CrisisDefData>;

/** A crisis as it stands in a run. */
export interface CrisisState {
  /**
   * The private shock to each side's stake, and to each supporter's that has a stake of its own, by
   * actor id (unit variance, drawn at the start): what no one else can see.
   */
  shock: Record<string, number>;
  /** Who backed down, and when: the crisis is over and the other side prevailed. */
  conceded?: { actor: string; turn: number };
  /** The war the crisis became: when, who prevailed, and side a's chance of prevailing. */
  war?: { turn: number; winner: string; chance: number };
}

/** The scenario's rules: what every run of it reads and never changes (compiled once into Rules, src/engine/rules.ts). */
export interface ScenarioRulesData {
  /** The scenario's parameters (levers), by id: what `param("id")` reads. */
  params: Record<string, number>;
  /** Crises modelled on dyad ladders. */
  crises: CrisisDef[];
  events: EventDef[];
  /** The instruments actors may use. */
  actions: ActionDef[];
  metrics: { id: string; label?: string; expr: Expr }[];
  end: { id: string; when: Expr; outcome: string }[];
  /** Actors humans may play. */
  humans: string[];
  /**
   * The two poles of the alignment axis that tilt, hedging and the balance metrics read (first pole
   * positive): the world data's default (data/alignment.yaml, `axis`) or the scenario's own. Absent,
   * there is no axis: tilt is 0 and no actor hedges.
   */
  poles?: [string, string];
}
/** ScenarioRulesData, read-only throughout: rules never change once compiled. */
export type ScenarioRules = DeepReadonly<ScenarioRulesData>;

/** Event bookkeeping. */
export interface EventState {
  /** Times each event has fired (all targets). */
  fired: Record<string, number>;
  /** Times each instance (`eventId@target`) has fired, for `once`. */
  firedFor: Record<string, number>;
  /** Follow-ups scheduled for later turns, in the order they were scheduled. */
  pending: { event: string; turn: number; target?: string }[];
}

/** What one fired event instance did. */
export interface FiredEvent {
  event: string;
  target?: string;
  /** Why it fired: its timing, or as a follow-up of another event. */
  reason: string;
  option?: string;
  /** `ai`: scripted weights (no actor chooses); `policy`: the chooser's policy. */
  chooser?: 'human' | 'ai' | 'policy';
  /** Who chose, when an actor did. */
  by?: string;
  /** The scripted weights of the options (in option order). */
  weights?: number[];
  /** The chooser's policy utility of each option (in option order). */
  scores?: number[];
}

export interface InputRecord {
  turn: number;
  inputs: TurnInputs;
}

/** A value and everything in it read-only (in types; the engine never changes a state in place). */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * The whole state of a run: plain data, JSON-serialisable, and read-only in its type: a turn makes
 * a new state and shares what did not change with the old one. `StateData` is the same shape,
 * writable, for code that builds a state (createState, a turn's last phase, a save's loader).
 */
export type WorldState = DeepReadonly<StateData>;

export interface StateData {
  format: 'seastate-state';
  version: 1;
  scenario: string;
  /**
   * SHA-256 of the canonical JSON of the rules the state was made from (src/engine/rules.ts,
   * rulesHash): a state holds only its run, and whatever steps it is given the rules and checks them
   * by this.
   */
  rulesHash: string;
  events: EventState;
  /** Set when an end condition held: the run is over. */
  ended?: { id: string; outcome: string; turn: number };
  /** Turns completed so far; 0 before the first step. */
  turn: number;
  /** Planned number of turns. */
  turns: number;
  startDate: string;
  turnMonths: number;
  date: string;
  actors: ActorState[];
  groups: GroupState[];
  /** Alignment A[i][j] in [-1, 1], row-major N*N: how actor i stands toward actor j. */
  alignment: number[];
  /** Friedkin-Johnsen anchor: the alignment each actor is stubborn about. */
  baseline: number[];
  /** Recent effect load per cell (diminishing returns memory). */
  effectLoad: number[];
  /** Proximity in [0, 1] of i to j (for threat), row-major N*N. */
  proximity: number[];
  /** Richardson grievance per actor (US$ bn per year), fixed at the start. */
  grievance: number[];
  /** Calibration residual per cell (unweighted): minus the terms' net pull at the start. */
  residual: number[];
  ladders: {
    global: number;
    dyads: DyadLadder[];
    /** Starting level and hostility per ladder id, when ladders are calibrated. */
    anchors?: Record<string, { level: number; hostility: number }>;
  };
  /** Each crisis's run state, by ladder id (one per rules.crises entry). */
  crises: Record<string, CrisisState>;
  flags: Record<string, boolean>;
  counters: Record<string, number>;
  params: ModelParams;
  /** Each actor's decision doctrine (in actor order). */
  policies: PolicyParams[];
  /** Resource points each actor has saved from earlier turns (in actor order). */
  resources: number[];
  /**
   * The turn each action was last taken, as lastUsed[actor][action][target] (target '' for none),
   * for cooldowns and for the attention policies pay to where rivals acted last turn. Entries older
   * than every cooldown are dropped.
   */
  lastUsed: Record<string, Record<string, Record<string, number>>>;
  rng: { seed: string; draws: number };
  log: InputRecord[];
}

/** One effect's recorded outcome. */
export interface AppliedEffect {
  effect: Effect;
  /** The change actually made (after diminishing returns, framing and bounds). */
  applied: number;
}

/** Per-turn record of every change with its cause. See docs/MODEL.md, "The record". */
export interface TurnTrace {
  turn: number;
  date: string;
  /** Events that fired this turn, in order. */
  events: FiredEvent[];
  /** Each actor's actions and their outcomes (actors in order). */
  decisions: Decision[];
  /** White-cell rulings that named no action taken this turn (so they changed nothing). */
  unusedRulings: string[];
  /** Effects applied in order, each with the change it made. */
  effects: AppliedEffect[];
  /** Alignment before the turn. */
  before: number[];
  /** Alignment after the effects phase, before the dynamics terms. */
  afterEffects: number[];
  /** The anchor the influence term used this turn (after the effects' lasting shares). */
  baseline: number[];
  /** Dense N*N contribution of each term (already weighted). */
  terms: Record<TermName, number[]>;
  /** Clipping to [-1, 1] after the terms. */
  bound: number[];
  /** Military capability after the capabilities phase, and its growth rate per year (threat inputs). */
  military: number[];
  militaryGrowth: number[];
  /** Influence salience of each actor this turn (trust weights). */
  salience: number[];
  /** Capability changes: military from arms dynamics, economic from growth, per actor. */
  capabilities: { actor: string; capability: CapabilityKind; delta: number; cause: Cause }[];
  ladders: { ladder: string; delta: number; cause: Cause }[];
  /** Each crisis as the actors saw it at the start of the turn, and what happened to it. */
  crises: CrisisRecord[];
}

/** One crisis on one turn (docs/MODEL.md, "Escalation"). */
export interface CrisisRecord {
  ladder: string;
  /** The ladder's level at the start of the turn, and the chance per turn that it slips from there. */
  level: number;
  risk: number;
  /** Forces side a and b bring, and each contributor's part (principals first). */
  forces: [number, number];
  parts: { actor: string; side: 0 | 1; force: number; credibility: number; access: number }[];
  /** Each side's chance of prevailing in war, and its resolve (the greatest risk of war it accepts rather than back down). */
  chance: [number, number];
  resolve: [number, number];
  /** This turn's slip draw and whether the crisis slipped (absent when it could not). */
  roll?: number;
  slipped?: boolean;
  /** Set on the turn the crisis became war. */
  war?: { winner: string; chance: number; roll: number };
  /** Set on the turn a side backed down. */
  conceded?: string;
}

export interface StepResult {
  state: WorldState;
  trace: TurnTrace;
}
