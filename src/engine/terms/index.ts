/**
 * The alignment terms computed together from one snapshot, shared by `step` and by `createState`
 * (which evaluates them at the start to calibrate the residual term).
 */
import { perItem } from '../arrays';
import { balanceTerm } from './balance';
import { influenceTerm, salience, trustMatrix } from './influence';
import { threatMatrix, threatTerm, type ThreatInputs } from './threat';
import type { ActorState, DeepReadonly, ModelParams } from '../types';

export interface TermInputs {
  n: number;
  A: Float64Array;
  baseline: ArrayLike<number>;
  actors: readonly DeepReadonly<ActorState>[];
  params: DeepReadonly<ModelParams>;
  proximity: ArrayLike<number>;
  military: Float64Array;
  economic: Float64Array;
  /** Military growth this turn, per year. */
  growth: Float64Array;
}

export interface TermOutputs {
  influence: Float64Array;
  balance: Float64Array;
  threat: Float64Array;
  salience: Float64Array;
}

/** Compute the weighted influence, balance and threat contributions (N*N each). */
export function computeTerms(x: TermInputs): TermOutputs {
  const { n, A, params: p } = x;
  const w = p.weights;
  const nn = n * n;
  const acc = new Float64Array(n);
  const out: TermOutputs = {
    influence: new Float64Array(nn),
    balance: new Float64Array(nn),
    threat: new Float64Array(nn),
    salience: new Float64Array(n),
  };
  salience(n, x.military, x.economic, p.influence.salienceExponent, out.salience);
  if (w.influence !== 0) {
    const W = new Float64Array(nn);
    trustMatrix(n, A, p.influence.selfWeight, p.influence.trust, W, out.salience);
    const A0 = new Float64Array(x.baseline);
    const stub = perItem(x.actors, (a) => a.posture.stubbornness);
    influenceTerm(n, A, A0, stub, W, w.influence, out.influence, acc);
  }
  if (w.balance !== 0) balanceTerm(n, A, w.balance, out.balance, acc);
  if (w.threat !== 0) {
    const tx = threatInputs(x);
    const T = new Float64Array(nn);
    threatMatrix(tx, T);
    threatTerm(tx, T, w.threat, out.threat, acc);
  }
  return out;
}

/** The threat term's inputs from a snapshot. */
export function threatInputs(x: TermInputs): ThreatInputs {
  return {
    n: x.n,
    A: x.A,
    proximity: x.proximity,
    military: x.military,
    growth: x.growth,
    balancing: perItem(x.actors, (a) => a.posture.balancing),
    bandwagoning: perItem(x.actors, (a) => a.posture.bandwagoning),
    powerExponent: x.params.threat.powerExponent,
    growthSensitivity: x.params.threat.growthSensitivity,
  };
}
