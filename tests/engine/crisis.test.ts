/**
 * Closed-form oracles for the escalation model (src/engine/crisis.ts; docs/MODEL.md, "Escalation"):
 * each expected value is worked out by hand from the published formula, written in a comment with
 * its numbers. The model's defaults (data/model.yaml, crisis:) are spelled out in P below.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRules, createState, keyedDraw, PASSIVE, reseed, step, type WorldState } from '../../src/engine';
import {
  backDownPayoff,
  breakChance,
  climbValue,
  contestChance,
  crisisBalance,
  dissolveChance,
  payoffs,
  perTurn,
  positionValue,
  preferredRung,
  prospect,
  resolveAt,
  riskFactor,
  slipRisk,
  standingRisk,
  supporterPayoffs,
  warCostAt,
  type Payoffs,
  type Rungs,
  type Standpoint,
} from '../../src/engine/crisis';
import type { Expr } from '../../src/engine/expr';
import type { CrisisDef, CrisisParams, CrisisSide, CrisisSupporter } from '../../src/engine/types';
import { actor, tinyWorld, zeroParams } from './world';

/** The model's crisis parameters as data/model.yaml sets them. */
const P: CrisisParams = {
  riskMax: 0.2,
  riskFrom: 3,
  riskExponent: 2,
  slip: 1,
  warRung: 6,
  decisiveness: 1,
  privateSpread: 0.5,
  beliefSpread: 0.15,
  horizon: 24,
  value: 1,
};
const RUNGS: Rungs = { riskFrom: 3, warRung: 6 };
/** The chance a turn of one month that a crisis dissolves: 1 / horizon. */
const H1 = 1 / 24;

const side = (id: string, over: Partial<CrisisSide> = {}): CrisisSide => ({
  actor: id,
  stake: 1,
  warCost: 1,
  audience: 0,
  reach: 1,
  defence: 1,
  ...over,
});
const num = (v: number): Expr => ({ k: 'num', v });
/** Evaluates the literal access and commitment expressions these tests use. */
const lit = (e: Expr): number => {
  if (e.k !== 'num') throw new Error(`unexpected expression ${e.k}`);
  return e.v;
};
const logistic = (z: number) => 1 / (1 + Math.exp(-z));

describe('contestChance: Hirshleifer ratio form P = Fa^m / (Fa^m + Fb^m)', () => {
  it('forces 3 and 1: m = 1 gives 3/4, m = 2 gives 9/10', () => {
    // m = 1: 3 / (3 + 1) = 0.75.
    const [a1, b1] = contestChance(3, 1, 1);
    expect(a1).toBeCloseTo(0.75, 14);
    expect(b1).toBeCloseTo(0.25, 14);
    // m = 2: 9 / (9 + 1) = 0.9.
    const [a2, b2] = contestChance(3, 1, 2);
    expect(a2).toBeCloseTo(0.9, 14);
    expect(b2).toBeCloseTo(0.1, 14);
  });

  it('a fractional decisiveness flattens the contest: m = 0.5 gives sqrt 3 / (sqrt 3 + 1)', () => {
    // 3^0.5 = 1.7320508; 1.7320508 / 2.7320508 = 0.6339746.
    expect(contestChance(3, 1, 0.5)[0]).toBeCloseTo(0.6339746, 7);
    // m = 0 makes every contest a coin toss: 1 / (1 + 1).
    expect(contestChance(3, 1, 0)[0]).toBeCloseTo(0.5, 14);
  });

  it('equal forces give 1/2 for any m, and no forces at all give 1/2', () => {
    for (const m of [0.5, 1, 2, 3]) expect(contestChance(7, 7, m)).toEqual([0.5, 0.5]);
    expect(contestChance(0, 0, 1)).toEqual([0.5, 0.5]);
    // A side with no forces against one with some never prevails: 0 / (0 + 2).
    expect(contestChance(0, 2, 1)).toEqual([0, 1]);
  });
});

describe('crisisBalance: forces and chance', () => {
  // A0 (side a, military 20) against A1 (side b, military 10); A2 (military 30) backs b, A3
  // (military 8) backs a. Alignment: A2 -> A0 = -0.4, A2 -> A1 = 0.6; A3 -> A0 = 0.8, A3 -> A1 = -0.2.
  const n = 4;
  const A = new Array<number>(n * n).fill(0);
  const set = (i: number, j: number, v: number) => (A[i * n + j] = v);
  set(0, 1, -0.5);
  set(1, 0, -0.5);
  set(2, 0, -0.4);
  set(2, 1, 0.6);
  set(3, 0, 0.8);
  set(3, 1, -0.2);
  const mil = (m: number) => ({ military: m, economic: 100, maritime: 0, diplomatic: 0 });
  const world = (decisiveness = 1) =>
    tinyWorld({
      alignment: A,
      actors: [
        actor('A0', { capabilities: mil(20) }),
        actor('A1', { capabilities: mil(10) }),
        actor('A2', { capabilities: mil(30) }),
        actor('A3', { capabilities: mil(8) }),
      ],
      params: (p) => (p.crisis = { ...P, decisiveness }),
    });
  const indexOf = (s: WorldState) => new Map(s.actors.map((a, i) => [a.id, i]));
  const def = (b: Partial<CrisisSupporter> = {}): CrisisDef => ({
    ladder: 'L',
    sides: [side('A0', { reach: 0.5, defence: 1 }), side('A1', { reach: 0.4, defence: 1.5 })],
    defender: 1,
    supporters: [
      { actor: 'A2', side: 1, reach: 0.5, access: num(0.8), commitment: num(0.9), ...b },
      { actor: 'A3', side: 0, reach: 0.25 },
    ],
    warRung: 6,
    riskFrom: 3,
  });

  it('sums defence x reach x military and each supporter reach x access x credibility x military', () => {
    const s = world();
    const bal = crisisBalance(s, def(), indexOf(s), lit);
    // Principals: A0 = 1 x 0.5 x 20 = 10; A1 = 1.5 x 0.4 x 10 = 6.
    // A2: credibility = clip(0.9 x (0.6 - (-0.4)) / 2) = 0.45; force = 0.5 x 0.8 x 0.45 x 30 = 5.4.
    // A3 (no access or commitment: both 1): credibility = clip(1 x (0.8 - (-0.2)) / 2) = 0.5;
    //    force = 0.25 x 1 x 0.5 x 8 = 1.
    // Forces: a = 10 + 1 = 11, b = 6 + 5.4 = 11.4; chance a = 11 / 22.4 = 0.49107142857.
    expect(bal.forces[0]).toBeCloseTo(11, 12);
    expect(bal.forces[1]).toBeCloseTo(11.4, 12);
    expect(bal.chance[0]).toBeCloseTo(11 / 22.4, 12);
    expect(bal.chance[1]).toBeCloseTo(11.4 / 22.4, 12);
    expect(bal.parts.map((x) => x.actor)).toEqual(['A0', 'A1', 'A2', 'A3']);
    const a2 = bal.parts[2];
    expect(a2.side).toBe(1);
    expect(a2.credibility).toBeCloseTo(0.45, 12);
    expect(a2.access).toBeCloseTo(0.8, 12);
    expect(a2.force).toBeCloseTo(5.4, 12);
    expect(bal.parts[3].credibility).toBeCloseTo(0.5, 12);
    expect(bal.parts[3].access).toBe(1);
    expect(bal.parts[0]).toEqual({ actor: 'A0', side: 0, force: 10, credibility: 1, access: 1 });
  });

  it('uses the model decisiveness: m = 2 gives 11^2 / (11^2 + 11.4^2)', () => {
    const s = world(2);
    // 121 / (121 + 129.96) = 0.48214855.
    expect(crisisBalance(s, def(), indexOf(s), lit).chance[0]).toBeCloseTo(121 / 250.96, 12);
  });

  it('a supporter with access 0 adds nothing', () => {
    const s = world();
    const bal = crisisBalance(s, def({ access: num(0) }), indexOf(s), lit);
    // b = 6 + 0.5 x 0 x 0.45 x 30 = 6; chance b = 6 / (11 + 6) = 6/17.
    expect(bal.parts[2].force).toBe(0);
    expect(bal.forces[1]).toBeCloseTo(6, 12);
    expect(bal.chance[1]).toBeCloseTo(6 / 17, 12);
  });

  it('lowering commitment lowers the supported side chance', () => {
    const s = world();
    const high = crisisBalance(s, def({ commitment: num(0.9) }), indexOf(s), lit);
    const low = crisisBalance(s, def({ commitment: num(0.3) }), indexOf(s), lit);
    // Commitment 0.3: credibility 0.3 x 0.5 = 0.15, force 0.5 x 0.8 x 0.15 x 30 = 1.8, b = 7.8;
    // chance b = 7.8 / 18.8 = 0.41489, below 11.4 / 22.4 = 0.50893.
    expect(low.parts[2].credibility).toBeCloseTo(0.15, 12);
    expect(low.chance[1]).toBeCloseTo(7.8 / 18.8, 12);
    expect(low.chance[1]).toBeLessThan(high.chance[1]);
  });

  it('clips credibility and access to [0, 1]', () => {
    const s = world();
    // Commitment 3: 3 x 0.5 = 1.5 -> 1; access 1.7 -> 1: force 0.5 x 1 x 1 x 30 = 15.
    const big = crisisBalance(s, def({ commitment: num(3), access: num(1.7) }), indexOf(s), lit);
    expect(big.parts[2]).toMatchObject({ credibility: 1, access: 1 });
    expect(big.parts[2].force).toBeCloseTo(15, 12);
    // A negative commitment counts as none: force 0.
    expect(crisisBalance(s, def({ commitment: num(-2) }), indexOf(s), lit).parts[2].force).toBe(0);
    // Backing the side it leans against (A2 is closer to A0 than to A1, as seen from side a):
    // lean = (-0.4 - 0.6) / 2 = -0.5 -> credibility 0.
    const wrong = crisisBalance(s, def({ side: 0 }), indexOf(s), lit);
    expect(wrong.parts[2].credibility).toBe(0);
    expect(wrong.forces[0]).toBeCloseTo(11, 12);
  });

  it('a supporter not in the world is skipped', () => {
    const s = world();
    const bal = crisisBalance(s, def({ actor: 'NOBODY' }), indexOf(s), lit);
    expect(bal.parts.map((x) => x.actor)).toEqual(['A0', 'A1', 'A3']);
    expect(bal.forces[1]).toBeCloseTo(6, 12);
  });
});

describe('payoffs: w, d and s0 relative to the status quo', () => {
  // Side a (challenger): stake 2, war cost 0.5, audience 0.1. Side b (defender): stake 1.5, war
  // cost 0.8, audience 0.2. privateSpread 0.5.
  const def: CrisisDef = {
    ladder: 'L',
    sides: [
      side('A0', { stake: 2, warCost: 0.5, audience: 0.1 }),
      side('A1', { stake: 1.5, warCost: 0.8, audience: 0.2 }),
    ],
    defender: 1,
    supporters: [],
    warRung: 6,
    riskFrom: 3,
  };

  it('challenger: w = v, s0 = 0, d = P v - c', () => {
    // v = 2 x max(0, 1 + 0.5 x 0.4) = 2.4; c = 0.5 x 2 x (1 - 0.6) = 0.4; d = 0.6 x 2.4 - 0.4 = 1.04.
    const x = payoffs(def, 0, 0.6, 0.4, P);
    expect(x.w).toBeCloseTo(2.4, 14);
    expect(x.d).toBeCloseTo(1.04, 14);
    expect(x.s0).toBe(0);
    expect(x.audience).toBe(0.1);
  });

  it('defender: w = 0, s0 = -v, d = -(1 - P) v - c', () => {
    // v = 1.5 x max(0, 1 + 0.5 x (-1)) = 0.75; c = 0.8 x 2 x (1 - 0.4) = 0.96;
    // d = -(0.6)(0.75) - 0.96 = -1.41.
    const x = payoffs(def, 1, 0.4, -1, P);
    expect(x.w).toBe(0);
    expect(x.s0).toBeCloseTo(-0.75, 14);
    expect(x.d).toBeCloseTo(-1.41, 14);
    expect(x.audience).toBe(0.2);
  });

  it('the private shock cannot make a stake negative', () => {
    // v = 2 x max(0, 1 - 1.5) = 0: w = 0, d = 0.6 x 0 - 0.4 = -0.4.
    const x = payoffs(def, 0, 0.6, -3, P);
    expect(x.w).toBe(0);
    expect(x.d).toBeCloseTo(-0.4, 14);
  });

  it('with no defender (-1), both sides are challengers', () => {
    // Side b: v = 0.75, c = 0.96, w = 0.75, d = 0.4 x 0.75 - 0.96 = -0.66, s0 = 0.
    const x = payoffs({ ...def, defender: -1 }, 1, 0.4, -1, P);
    expect(x.w).toBeCloseTo(0.75, 14);
    expect(x.d).toBeCloseTo(-0.66, 14);
    expect(x.s0).toBe(0);
  });

  it('war cost c = warCost x 2 (1 - P)', () => {
    expect(warCostAt(0.5, 0.5)).toBeCloseTo(0.5, 14); // an even war costs the war cost
    expect(warCostAt(1, 0)).toBeCloseTo(2, 14);
    expect(warCostAt(1, 1)).toBe(0);
    expect(warCostAt(0.8, 0.75)).toBeCloseTo(0.4, 14); // 0.8 x 2 x 0.25
  });

  it('a supporter pays the war cost in proportion to its credibility, and no audience cost', () => {
    // Supporter of side a (challenger), stake 1, war cost 0.6, credibility 0.5, chance 0.7, shock 0.2:
    // v = 1 x (1 + 0.5 x 0.2) = 1.1; c = 0.5 x 0.6 x 2 x 0.3 = 0.18; d = 0.7 x 1.1 - 0.18 = 0.59.
    const sup: CrisisSupporter = { actor: 'A2', side: 0, reach: 1, stake: 1, warCost: 0.6 };
    const x = supporterPayoffs(def, sup, 0.7, 0.5, 0.2, P);
    expect(x.w).toBeCloseTo(1.1, 14);
    expect(x.d).toBeCloseTo(0.59, 14);
    expect(x.s0).toBe(0);
    expect(x.audience).toBe(0);
    // Backing the defender: w = 0, s0 = -1.1, d = -(0.3)(1.1) - 0.18 = -0.51.
    const y = supporterPayoffs(def, { ...sup, side: 1 }, 0.7, 0.5, 0.2, P);
    expect(y.w).toBe(0);
    expect(y.s0).toBeCloseTo(-1.1, 14);
    expect(y.d).toBeCloseTo(-0.51, 14);
  });
});

describe('backing down and resolve (Powell 1990)', () => {
  const challenger: Payoffs = { w: 1, d: -1, s0: 0, audience: 0.1 };
  const defender: Payoffs = { w: 0, d: -1.5, s0: -0.75, audience: 0.2 };

  it('s(l) = s0 - audience x l', () => {
    expect(backDownPayoff(challenger, 2)).toBeCloseTo(-0.2, 14); // 0 - 0.1 x 2
    expect(backDownPayoff(defender, 3)).toBeCloseTo(-1.35, 14); // -0.75 - 0.2 x 3
    expect(backDownPayoff(defender, 0)).toBe(-0.75);
  });

  it('r(l) = (w - s(l)) / (w - d)', () => {
    // Challenger at 2: (1 + 0.2) / (1 + 1) = 0.6.
    expect(resolveAt(challenger, 2)).toBeCloseTo(0.6, 14);
    // Defender at 3: (0 + 1.35) / (0 + 1.5) = 0.9; at 0: 0.75 / 1.5 = 0.5.
    expect(resolveAt(defender, 3)).toBeCloseTo(0.9, 14);
    expect(resolveAt(defender, 0)).toBeCloseTo(0.5, 14);
    // Payoffs from `payoffs`: w 2.4, d 1.04, s(3) = -0.3: (2.4 + 0.3) / (2.4 - 1.04) = 1.98529 > 1
    // (war is preferred to backing down).
    expect(resolveAt({ w: 2.4, d: 1.04, s0: 0, audience: 0.1 }, 3)).toBeCloseTo(2.7 / 1.36, 12);
  });

  it('a higher audience cost raises resolve at a rung', () => {
    // Audience 0.3 at rung 2: s = -0.6, r = 1.6 / 2 = 0.8 > 0.6.
    const tied: Payoffs = { ...challenger, audience: 0.3 };
    expect(resolveAt(tied, 2)).toBeCloseTo(0.8, 14);
    expect(resolveAt(tied, 2)).toBeGreaterThan(resolveAt(challenger, 2));
    // At rung 0 the audience cost does not matter: 1 / 2 both.
    expect(resolveAt(tied, 0)).toBeCloseTo(resolveAt(challenger, 0), 14);
    expect(resolveAt(tied, 0)).toBeCloseTo(0.5, 14);
  });
});

describe('slipRisk: weight riskMax ((l - riskFrom) / (warRung - riskFrom))^exp a month', () => {
  it('l = 4.5 with the defaults: x = 0.5, 0.2 x 0.25 = 0.05 a month', () => {
    expect(slipRisk(4.5, RUNGS, P, 1, 1)).toBeCloseTo(0.05, 14);
    // A 3-month turn: 1 - 0.95^3 = 1 - 0.857375 = 0.142625.
    expect(slipRisk(4.5, RUNGS, P, 1, 3)).toBeCloseTo(0.142625, 14);
    // Weight 0.5 halves the monthly risk: 0.025.
    expect(slipRisk(4.5, RUNGS, P, 0.5, 1)).toBeCloseTo(0.025, 14);
  });

  it('matches the rationale in data/model.yaml: about 2% a month at 4, 9% at 5', () => {
    // l = 4: 0.2 (1/3)^2 = 0.0222; l = 5: 0.2 (2/3)^2 = 0.0889; just below war: 0.2.
    expect(slipRisk(4, RUNGS, P, 1, 1)).toBeCloseTo(0.2 / 9, 14);
    expect(slipRisk(5, RUNGS, P, 1, 1)).toBeCloseTo(0.8 / 9, 14);
    expect(slipRisk(6, RUNGS, P, 1, 1)).toBeCloseTo(0.2, 14);
    // Held a year at 4: 1 - (1 - 0.2/9)^12 = 0.2364, "roughly one in four".
    expect(slipRisk(4, RUNGS, P, 1, 12)).toBeCloseTo(0.23636, 4);
  });

  it('is 0 below riskFrom and at it, and the exponent shapes the rise', () => {
    expect(slipRisk(2.9, RUNGS, P, 1, 1)).toBe(0);
    expect(slipRisk(0, RUNGS, P, 1, 12)).toBe(0);
    expect(slipRisk(3, RUNGS, P, 1, 1)).toBe(0);
    expect(slipRisk(4.5, RUNGS, P, 0, 1)).toBe(0);
    // Exponent 1 at x = 0.5: 0.1; exponent 3: 0.2 x 0.125 = 0.025.
    expect(slipRisk(4.5, RUNGS, { ...P, riskExponent: 1 }, 1, 1)).toBeCloseTo(0.1, 14);
    expect(slipRisk(4.5, RUNGS, { ...P, riskExponent: 3 }, 1, 1)).toBeCloseTo(0.025, 14);
    // The crisis's own rungs: riskFrom 2, warRung 4, l = 3: x = 0.5 -> 0.05.
    expect(slipRisk(3, { riskFrom: 2, warRung: 4 }, P, 1, 1)).toBeCloseTo(0.05, 14);
  });

  it('caps x at 1 above the war rung and the monthly chance at 1', () => {
    // l = 7: x = min(1, 4/3) = 1 -> 0.2.
    expect(slipRisk(7, RUNGS, P, 1, 1)).toBeCloseTo(0.2, 14);
    // Weight 10 at the war rung: min(1, 10 x 0.2) = 1.
    expect(slipRisk(6, RUNGS, P, 10, 1)).toBe(1);
  });

  it('perTurn: 1 - (1 - p)^months', () => {
    expect(perTurn(0.05, 1)).toBe(0.05);
    expect(perTurn(0.1, 2)).toBeCloseTo(0.19, 14);
    expect(perTurn(0.05, 3)).toBeCloseTo(0.142625, 14);
    expect(perTurn(0, 12)).toBe(0);
    expect(perTurn(1, 12)).toBe(1);
  });
});

describe('standing risk, dissolution and risk factor', () => {
  it('standingRisk R = pi / (pi + (1 - pi) h)', () => {
    // 0.1 / (0.1 + 0.9 x 0.2) = 0.1 / 0.28 = 0.357142857.
    expect(standingRisk(0.1, 0.2)).toBeCloseTo(0.1 / 0.28, 14);
    // pi = 0.05, h = 1/24: 0.05 / (0.05 + 0.95 / 24) = 1.2 / 2.15 = 24/43.
    expect(standingRisk(0.05, H1)).toBeCloseTo(24 / 43, 14);
    expect(standingRisk(0, 0.2)).toBe(0);
    expect(standingRisk(1, 0.2)).toBe(1);
    // A crisis that never dissolves makes any risk certain war in the end; no risk and no end: 0.
    expect(standingRisk(0.01, 0)).toBe(1);
    expect(standingRisk(0, 0)).toBe(0);
  });

  it('dissolveChance = perTurn(1 / max(1, horizon), months)', () => {
    expect(dissolveChance(P, 1)).toBeCloseTo(1 / 24, 14);
    // 3 months: 1 - (23/24)^3 = 1657 / 13824 = 0.119864.
    expect(dissolveChance(P, 3)).toBeCloseTo(1657 / 13824, 14);
    // A horizon under a month counts as one month: the crisis dissolves for sure.
    expect(dissolveChance({ ...P, horizon: 0.5 }, 1)).toBe(1);
    // Horizon 12, a year-long turn: 1 - (11/12)^12 = 0.64800.
    expect(dissolveChance({ ...P, horizon: 12 }, 12)).toBeCloseTo(0.648004, 5);
  });

  it('riskFactor = 2 (1 - risk)', () => {
    expect(riskFactor({ ...PASSIVE, risk: 0.5 })).toBe(1);
    expect(riskFactor({ ...PASSIVE, risk: 0.25 })).toBe(1.5);
    expect(riskFactor({ ...PASSIVE, risk: 0 })).toBe(2);
    expect(riskFactor({ ...PASSIVE, risk: 1 })).toBe(0);
  });
});

describe('breakChance: a logistic in the other margin R(l) - r(l) over beliefSpread', () => {
  const other: Payoffs = { w: 1, d: -1, s0: 0, audience: 0.1 };
  const x: Standpoint = { own: { w: 1, d: -2, s0: 0, audience: 0.1 }, ownFactor: 1, other, otherFactor: 1 };

  it('l = 4.5, one-month turns', () => {
    // rho = 0.05, h = 1/24: R = 24/43 = 0.558140; r = (1 + 0.45) / 2 = 0.725;
    // margin = -0.166860, z = margin / 0.15 = -1.112403; F = 1 / (1 + e^1.112403) = 0.247423.
    const expected = logistic((24 / 43 - 0.725) / 0.15);
    expect(expected).toBeCloseTo(0.247423, 5);
    expect(breakChance(4.5, RUNGS, x, P, 1, 1)).toBeCloseTo(expected, 12);
  });

  it('l = 4.5, three-month turns, with the other risk factor 1.5', () => {
    // rho = 0.142625; pi = 1.5 x 0.142625 = 0.2139375; h = 1657/13824;
    // R = pi / (pi + (1 - pi) h) = 0.2139375 / (0.2139375 + 0.7860625 x 0.1198640) = 0.694246.
    const pi = 1.5 * 0.142625;
    const h = 1657 / 13824;
    const R = pi / (pi + (1 - pi) * h);
    expect(R).toBeCloseTo(0.694246, 5);
    expect(breakChance(4.5, RUNGS, { ...x, otherFactor: 1.5 }, P, 1, 3)).toBeCloseTo(logistic((R - 0.725) / 0.15), 12);
  });

  it('below riskFrom the margin is -r; it saturates at 0 and 1 past |z| = 40', () => {
    // l = 2: R = 0, r = (1 + 0.2) / 2 = 0.6: F = 1 / (1 + e^4).
    expect(breakChance(2, RUNGS, x, P, 1, 1)).toBeCloseTo(logistic(-0.6 / 0.15), 14);
    // Spread 0.01: z = -60 -> exactly 0.
    expect(breakChance(2, RUNGS, x, { ...P, beliefSpread: 0.01 }, 1, 1)).toBe(0);
    // An other with no resolve (w = s = 0) and R(5) = 0.70073 > 0: z = 700 -> exactly 1.
    const spineless: Standpoint = { ...x, other: { w: 0, d: -1, s0: 0, audience: 0 } };
    expect(breakChance(5, RUNGS, spineless, { ...P, beliefSpread: 0.001 }, 1, 1)).toBe(1);
  });
});

describe("positionValue: U(l -> l') = q w + (1 - q) R(l') d", () => {
  const other: Payoffs = { w: 0, d: -1, s0: -0.5, audience: 0 }; // resolve 0.5 at every rung
  const x: Standpoint = { own: { w: 1, d: -2, s0: 0, audience: 0.1 }, ownFactor: 1, other, otherFactor: 1 };

  it('at or above the war rung it is the war payoff d', () => {
    expect(positionValue(4, 6, RUNGS, x, P, 1, 1)).toBe(-2);
    expect(positionValue(4, 6.5, RUNGS, x, P, 1, 1)).toBe(-2);
  });

  it('standing still: q = 0 and U = R(l) d', () => {
    // l = 4.5: R = 24/43, U = -48/43 = -1.116279.
    expect(positionValue(4.5, 4.5, RUNGS, x, P, 1, 1)).toBeCloseTo(-48 / 43, 12);
    // Own risk factor 0.5: pi = 0.025, R = 0.025 / (0.025 + 0.975 / 24) = 0.6 / 1.575; U = -2 x 0.380952.
    expect(positionValue(4.5, 4.5, RUNGS, { ...x, ownFactor: 0.5 }, P, 1, 1)).toBeCloseTo((-2 * 0.6) / 1.575, 12);
    // Below riskFrom there is no risk: U = 0.
    expect(positionValue(2, 2, RUNGS, x, P, 1, 1)).toBeCloseTo(0, 14);
  });

  it('a descent gets no chance of breaking the other: U = R(to) d', () => {
    // 4.5 -> 3.5: rho(3.5) = 0.2 (0.5/3)^2 = 1/180, R = 1 / (1 + 179/24) = 24/203; U = -48/203.
    expect(positionValue(4.5, 3.5, RUNGS, x, P, 1, 1)).toBeCloseTo(-48 / 203, 12);
  });

  it('a climb: q = (F(to) - F(now)) / (1 - F(now))', () => {
    // Other's margin at 3.5: R = 24/203 = 0.118227, r = 0.5 -> F(3.5) = logistic(-0.381773 / 0.15);
    // at 4.5: R = 24/43 = 0.558140 -> F(4.5) = logistic(0.058140 / 0.15).
    const before = logistic((24 / 203 - 0.5) / 0.15);
    const after = logistic((24 / 43 - 0.5) / 0.15);
    const q = (after - before) / (1 - before);
    // F(3.5) = 0.072753, F(4.5) = 0.595704, so q = 0.522951 / 0.927247 = 0.563983;
    // U = q x 1 + (1 - q) x (24/43) x (-2) = 0.077266.
    const expected = q * 1 + (1 - q) * (24 / 43) * -2;
    expect(q).toBeCloseTo(0.563983, 5);
    expect(expected).toBeCloseTo(0.077266, 5);
    expect(positionValue(3.5, 4.5, RUNGS, x, P, 1, 1)).toBeCloseTo(expected, 12);
  });
});

describe('preferredRung: the best U(now -> y) over tenths up to the war rung, ties to the lowest', () => {
  // A belief spread of 1e-4 makes F a step: the other's resolve breaks (F = 1) exactly where its
  // standing risk passes its resolve, so U can be read off a hand grid.
  const PSTEP: CrisisParams = { ...P, beliefSpread: 1e-4 };
  const unbreakable: Payoffs = { w: 1, d: 1 - 1e-6, s0: 0, audience: 0 }; // resolve 1 / 1e-6 = 1e6
  // Other: w 0, d -1, s0 -0.5: resolve 0.5 at every rung. With h = 1/24 its R(y) > 0.5 iff
  // rho > h / (1 + h) = 1/25, i.e. 0.2 ((y - 3)/3)^2 > 0.04, y > 3 + 3 sqrt(0.2) = 4.3416.
  const breaks: Standpoint = {
    own: { w: 1, d: -2, s0: 0, audience: 0.1 },
    ownFactor: 1,
    other: { w: 0, d: -1, s0: -0.5, audience: 0 },
    otherFactor: 1,
  };

  it('climbs to the first tenth where the other breaks (4.4), worth w', () => {
    // y = 3.1 ... 4.3: F(y) = 0 (at 4.3: R = 0.4836, margin -0.016, z = -164), q = 0, U = R d < 0;
    // y = 3: U = 0. y = 4.4: R = 0.5222, z = +222, F = 1, q = 1, U = w = 1; higher y tie at 1.
    const best = preferredRung(3, RUNGS, breaks, PSTEP, 1, 1, 7);
    expect(best.rung).toBeCloseTo(4.4, 9);
    expect(best.value).toBe(1);
  });

  it('max caps the grid: up to 4.2 nothing breaks the other and holding at 3 is best (0)', () => {
    const best = preferredRung(3, RUNGS, breaks, PSTEP, 1, 1, 4.2);
    expect(best.rung).toBe(3);
    expect(best.value).toBeCloseTo(0, 14);
  });

  it('a profitable war (d = 0.5) against an unbreakable other: the war rung', () => {
    // y < 6: q = 0, U = R(y) 0.5 < 0.5 (R(5.9) = 0.8465); y = 6: U = d = 0.5.
    const x: Standpoint = {
      own: { w: 1, d: 0.5, s0: 0, audience: 0 },
      ownFactor: 1,
      other: unbreakable,
      otherFactor: 1,
    };
    expect(preferredRung(3, RUNGS, x, PSTEP, 1, 1, 7)).toEqual({ rung: 6, value: 0.5 });
    // Capped at 5 (the war rung out of reach): the highest rung, U = R(5) 0.5 with
    // R(5) = 0.8 / (0.8 + 8.2/24) = 0.700730.
    const capped = preferredRung(3, RUNGS, x, PSTEP, 1, 1, 5);
    expect(capped.rung).toBeCloseTo(5, 9);
    expect(capped.value).toBeCloseTo((0.8 / (0.8 + 8.2 / 24)) * 0.5, 12);
  });

  it('ties go to the lowest rung: from 1, every y up to 3 is worth 0', () => {
    // d = -1 against an unbreakable other: U(y) = 0 for y <= 3, R(y) (-1) < 0 above, -1 at war.
    const x: Standpoint = {
      own: { w: 1, d: -1, s0: 0, audience: 0 },
      ownFactor: 1,
      other: unbreakable,
      otherFactor: 1,
    };
    const best = preferredRung(1, RUNGS, x, PSTEP, 1, 1, 7);
    expect(best.rung).toBe(1);
    expect(best.value).toBeCloseTo(0, 14);
  });

  it('climbValue: a climb toward the preferred rung is worth its share of the gain', () => {
    const preferred = { rung: 4.4, value: 1 }; // from the first case above
    // 3 -> 3.5: U = (24/203)(-2) = -0.2365; hold U(3 -> 3) = 0; share (0.5 / 1.4) x (1 - 0) = 0.357143.
    expect(climbValue(3, 3.5, RUNGS, breaks, PSTEP, 1, 1, preferred)).toBeCloseTo(0.5 / 1.4, 12);
    // Past the preferred rung: U(3 -> 4.6) = 1 (the other breaks).
    expect(climbValue(3, 4.6, RUNGS, breaks, PSTEP, 1, 1, preferred)).toBe(1);
    // A descent is worth U: 4 -> 3.5 = -48/203.
    expect(climbValue(4, 3.5, RUNGS, breaks, PSTEP, 1, 1, preferred)).toBeCloseTo(-48 / 203, 12);
  });

  it('prospect: U(now -> max(own, opponent preferred rung)) averaged over opponents', () => {
    // Own preferred rung 4.4. Opponent 1 heads for war (6): U = d = -2. Opponent 2 prefers to hold
    // at 3, so the crisis goes to 4.4: U = 1. Average: (-2 + 1) / 2 = -0.5.
    const warlike: Standpoint = {
      own: { w: 1, d: 0.5, s0: 0, audience: 0 },
      ownFactor: 1,
      other: unbreakable,
      otherFactor: 1,
    };
    const timid: Standpoint = {
      own: { w: 1, d: -1, s0: 0, audience: 0 },
      ownFactor: 1,
      other: unbreakable,
      otherFactor: 1,
    };
    expect(prospect(3, RUNGS, breaks, [warlike, timid], PSTEP, 1, 1, 7)).toBeCloseTo(-0.5, 12);
    expect(prospect(3, RUNGS, breaks, [timid], PSTEP, 1, 1, 7)).toBe(1);
    // No pictures of the opponent: the worth of its own preferred rung.
    expect(prospect(3, RUNGS, breaks, [], PSTEP, 1, 1, 7)).toBe(1);
  });
});

describe("Powell's result: the less resolved side backs down first", () => {
  // Two sides identical but for their private stakes: no defender, stake 1, war cost 2, audience 0.1,
  // even forces (P = 0.5). Side a's shock +1 (v = 1.5), side b's -1 (v = 0.5). c = 2 x 2 x 0.5 = 2.
  const def: CrisisDef = {
    ladder: 'L',
    sides: [side('A0', { warCost: 2, audience: 0.1 }), side('A1', { warCost: 2, audience: 0.1 })],
    defender: -1,
    supporters: [],
    warRung: 6,
    riskFrom: 3,
  };
  const pa = payoffs(def, 0, 0.5, 1, P);
  const pb = payoffs(def, 1, 0.5, -1, P);
  const aSees: Standpoint = { own: pa, ownFactor: 1, other: pb, otherFactor: 1 };
  const bSees: Standpoint = { own: pb, ownFactor: 1, other: pa, otherFactor: 1 };

  it('the smaller stake has the lower resolve', () => {
    // a: w 1.5, d 0.75 - 2 = -1.25; b: w 0.5, d 0.25 - 2 = -1.75.
    expect(pa).toEqual({ w: 1.5, d: -1.25, s0: 0, audience: 0.1 });
    expect(pb).toEqual({ w: 0.5, d: -1.75, s0: 0, audience: 0.1 });
    // At rung 5: r_a = (1.5 + 0.5) / 2.75 = 0.727273, r_b = (0.5 + 0.5) / 2.25 = 0.444444.
    expect(resolveAt(pa, 5)).toBeCloseTo(2 / 2.75, 12);
    expect(resolveAt(pb, 5)).toBeCloseTo(1 / 2.25, 12);
  });

  it('the other believes the smaller stake more likely to break, at every rung', () => {
    for (let k = 0; k < 60; k++) {
      const l = k / 10;
      expect(breakChance(l, RUNGS, aSees, P, 1, 1)).toBeGreaterThan(breakChance(l, RUNGS, bSees, P, 1, 1));
    }
  });

  it('at rung 5 the standing risk exceeds b resolve but not a resolve', () => {
    // R(5) = 0.8 / (0.8 + 8.2/24) = 0.700730: above r_b = 0.444, below r_a = 0.727.
    const R5 = standingRisk(slipRisk(5, RUNGS, P, 1, 1), dissolveChance(P, 1));
    expect(R5).toBeCloseTo(0.8 / (0.8 + 8.2 / 24), 12);
    expect(R5).toBeGreaterThan(resolveAt(pb, 5));
    expect(R5).toBeLessThan(resolveAt(pa, 5));
  });

  it('climbing in tenths, b reaches its breaking point (4.2) before a does (5.2)', () => {
    // b: at 4.1 R = 0.3987 < r = 0.91/2.25 = 0.4044; at 4.2 R = 0.4424 > r = 0.4089.
    // a: at 5.1 R = 0.7228 < r = 2.01/2.75 = 0.7309; at 5.2 R = 0.7431 > r = 0.7345.
    const breakingPoint = (x: Payoffs) => {
      for (let k = 0; k <= 60; k++) {
        const l = k / 10;
        if (standingRisk(slipRisk(l, RUNGS, P, 1, 1), H1) > resolveAt(x, l)) return l;
      }
      return Infinity;
    };
    expect(breakingPoint(pb)).toBeCloseTo(4.2, 12);
    expect(breakingPoint(pa)).toBeCloseTo(5.2, 12);
  });
});

describe('properties', () => {
  const dbl = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

  it('resolveAt is in [0, 1] when w > s > d (and equals (w - s) / (w - d))', () => {
    fc.assert(
      fc.property(dbl(-10, 10), dbl(0.01, 20), dbl(0.01, 0.99), dbl(0, 1), dbl(0, 7), (w, gap, b, audience, level) => {
        const d = w - gap;
        const s = d + b * gap; // strictly between d and w
        const x: Payoffs = { w, d, s0: s + audience * level, audience };
        const r = resolveAt(x, level);
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThanOrEqual(1);
        expect(r).toBeCloseTo(1 - b, 6);
      }),
    );
  });

  it('resolveAt does not fall as the audience cost rises (w > d)', () => {
    fc.assert(
      fc.property(
        dbl(-10, 10),
        dbl(0.01, 20),
        dbl(-5, 5),
        dbl(0, 1),
        dbl(0, 1),
        dbl(0, 7),
        (w, gap, s0, a1, a2, level) => {
          const x = (audience: number): Payoffs => ({ w, d: w - gap, s0, audience });
          const [lo, hi] = a1 <= a2 ? [a1, a2] : [a2, a1];
          expect(resolveAt(x(hi), level)).toBeGreaterThanOrEqual(resolveAt(x(lo), level) - 1e-12);
        },
      ),
    );
  });

  it('contestChance is a pair of chances in [0, 1] summing to 1, monotone in own forces', () => {
    fc.assert(
      fc.property(dbl(0, 1000), dbl(0, 1000), dbl(1e-6, 1000), dbl(0.25, 4), (fa, fb, extra, m) => {
        const [p, q] = contestChance(fa, fb, m);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(q).toBeGreaterThanOrEqual(0);
        expect(q).toBeLessThanOrEqual(1);
        expect(p + q).toBeCloseTo(1, 12);
        expect(contestChance(fa + extra, fb, m)[0]).toBeGreaterThanOrEqual(p - 1e-12);
        expect(contestChance(fb, fa, m)[0]).toBeCloseTo(q, 12);
      }),
    );
  });

  it('slipRisk is in [0, 1], 0 below riskFrom and non-decreasing in the level', () => {
    fc.assert(
      fc.property(
        fc.record({
          riskFrom: dbl(0, 5),
          gap: dbl(0.1, 4),
          riskMax: dbl(0, 1),
          riskExponent: dbl(0.25, 4),
          weight: dbl(0, 3),
          months: fc.constantFrom(1, 3, 12),
        }),
        dbl(0, 10),
        dbl(0, 10),
        (c, l1, l2) => {
          const rungs = { riskFrom: c.riskFrom, warRung: c.riskFrom + c.gap };
          const p = { ...P, riskMax: c.riskMax, riskExponent: c.riskExponent };
          const [lo, hi] = l1 <= l2 ? [l1, l2] : [l2, l1];
          const rlo = slipRisk(lo, rungs, p, c.weight, c.months);
          const rhi = slipRisk(hi, rungs, p, c.weight, c.months);
          for (const r of [rlo, rhi]) {
            expect(r).toBeGreaterThanOrEqual(0);
            expect(r).toBeLessThanOrEqual(1);
          }
          expect(rhi).toBeGreaterThanOrEqual(rlo);
          if (lo < c.riskFrom) expect(rlo).toBe(0);
        },
      ),
    );
  });
});

describe('the keyed slip draw in step', () => {
  // Two passive actors on ladder L held at 4.5 (ladder rate 0, so only a slip moves it), 3-month
  // turns: slipRisk = 1 - 0.95^3 = 0.142625 a turn.
  const def: CrisisDef = {
    ladder: 'L',
    sides: [side('A0'), side('A1')],
    defender: 1,
    supporters: [],
    warRung: 6,
    riskFrom: 3,
  };
  const { rules, initial } = (() => {
    const params = zeroParams();
    params.crisis = { ...P };
    const spec = {
      scenario: 'test',
      seed: '0',
      startDate: '2024-01-01',
      turnMonths: 3,
      turns: 10,
      actors: [actor('A0'), actor('A1')],
      groups: [],
      alignment: [1, -0.5, -0.5, 1],
      params,
      ladders: { global: 0, dyads: [{ id: 'L', a: 'A0', b: 'A1', level: 4.5 }] },
      rules: { params: {}, crises: [def], events: [], actions: [], metrics: [], end: [], humans: [] },
    };
    const rules = compileRules(spec);
    return { rules, initial: createState(spec, rules) };
  })();
  const RISK = 0.142625;

  it('the record shows risk 0.142625 and slips exactly when the draw keyed on (seed, turn, slip, ladder) is below it', () => {
    for (let i = 0; i < 20; i++) {
      const seed = `s${i}`;
      const { state, trace } = step(rules, reseed(rules, initial, seed), {});
      const rec = trace.crises[0];
      expect(rec.risk).toBeCloseTo(RISK, 14);
      expect(rec.roll).toBe(keyedDraw(seed, 1, 'slip', 'L'));
      expect(rec.slipped).toBe(rec.roll! < RISK);
      expect(state.ladders.dyads[0].level).toBe(rec.slipped ? 5.5 : 4.5);
    }
  });

  it('over many seeds the share that slips in one turn matches slipRisk (4-sigma binomial band)', () => {
    const N = 4000;
    let slipped = 0;
    for (let i = 0; i < N; i++) {
      const next = step(rules, reseed(rules, initial, String(i)), {}, { trace: false }).state;
      const level = next.ladders.dyads[0].level;
      expect([4.5, 5.5]).toContain(level);
      if (level === 5.5) slipped++;
    }
    // sigma = sqrt(p (1 - p) / N) = sqrt(0.142625 x 0.857375 / 4000) = 0.00553.
    const sigma = Math.sqrt((RISK * (1 - RISK)) / N);
    expect(Math.abs(slipped / N - RISK)).toBeLessThan(4 * sigma);
  });
});
