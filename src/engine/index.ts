/** The public API of the pure engine: no I/O, no clock, no global randomness (tests/engine/purity.test.ts). */
export { CAPABILITY_KINDS, TERM_NAMES } from './types';
export type {
  ActorState,
  AppliedEffect,
  Capabilities,
  CapabilityKind,
  Cause,
  DyadLadder,
  Effect,
  Framing,
  GroupState,
  InputRecord,
  ModelParams,
  Posture,
  StepResult,
  TermName,
  TermWeights,
  TurnInputs,
  TurnTrace,
  WorldState,
  EffectDef,
  FollowUpDef,
  EventDef,
  EventState,
  FiredEvent,
  OptionDef,
  ScenarioRules,
  CrisisDef,
  CrisisParams,
  CrisisRecord,
  CrisisSide,
  CrisisState,
  CrisisSupporter,
  Timing,
  ActionDef,
  ActionDefData,
  DeepReadonly,
  StateData,
  ActionChoice,
  ActionOutcome,
  Decision,
  Instrument,
  PolicyParams,
  PolicyModelParams,
  ScoredChoice,
} from './types';
export { INSTRUMENTS } from './types';
export {
  budgets,
  legalActions,
  barredActions,
  actionKey,
  MAX_ACTIONS_PER_TURN,
  type LegalAction,
  type BarredAction,
} from './actions';
export { previewAlignment } from './effects';
export { PASSIVE } from './create';
export { evaluate, evalBool, evalNumber, type Expr, type EvalContext } from './expr';
export { runEvents, checkEnd, instanceKey, MAX_CHAIN } from './events';
export { createState, reseed, type WorldSpec } from './create';
export { step, checkInputs, SimulationError, MAX_AMOUNT, type InputIssue, type StepOptions } from './step';
export { runTurns, playTurns, replay, inputsFor } from './run';
export { createSimulation, unwrap, type Simulation, type StepError, type StepOutcome } from './simulation';
export { compileRules, rulesHash, matchesRules, type Rules, type RulesSource } from './rules';
export { canonicalJson, hashOf } from './canonical';
export { stateHash, hashedForm } from './hash';
export {
  crisisBalance,
  contestChance,
  payoffs,
  backDownPayoff,
  resolveAt,
  slipRisk,
  standingRisk,
  breakChance,
  dissolveChance,
  positionValue,
  riskFactor,
  perTurn,
  type CrisisBalance,
  type Payoffs,
  type Standpoint,
} from './crisis';
export { computeMetrics, scenarioMetrics, tilt, tiltIn, cohesion, balancedShare, globalRung } from './metrics';
export { RUNGS, rungName } from './ladder';
export { keyedDraw, keyedStream, runSeed } from './rng';
export { addMonths, isIsoDate } from './dates';
export { explainCell, type CellExplanation, type Contribution } from './explain';
