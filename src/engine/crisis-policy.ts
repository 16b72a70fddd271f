/**
 * How a policy values what a choice does to a crisis (docs/MODEL.md, "Escalation", decisions): a
 * move of the ladder from rung l to l' is worth value x security x (U(l') - U(l)) to a principal,
 * with U the worth of standing at a rung (crisis.ts); backing down is worth s(l) - U(l) to the side
 * that backs down and w - U(l) to the other; a supporter values the crisis as the side it backs
 * does, weighted by its interest in that side (how much closer it stands to it than to the other).
 * A flag that a crisis's access or commitment reads is valued by what it changes in the balance of
 * forces. Each principal knows its own private stake; everyone else reads the public estimate.
 */
import {
  backDownPayoff,
  climbValue,
  OPPONENT_TYPES,
  prospect,
  crisisBalance,
  payoffs,
  positionValue,
  preferredRung,
  riskFactor,
  supporterPayoffs,
  type CrisisBalance,
  type Payoffs,
  type Standpoint,
} from './crisis';
import { evalContext, evalNumber, EVAL_BUDGET, type Expr } from './expr';
import type { Rules } from './rules';
import type { CrisisDef, CrisisSupporter, PolicyParams, WorldState } from './types';

/** One open crisis as the policies see it at the start of the turn. */
export interface CrisisInView {
  def: CrisisDef;
  level: number;
  balance: CrisisBalance;
  /** Each side's payoffs as everyone can estimate them (no private shock) and as the side itself knows them. */
  public: [Payoffs, Payoffs];
  own: [Payoffs, Payoffs];
  /** Each principal's risk factor (from its doctrine's risk acceptance). */
  factor: [number, number];
  /** Per actor: the side it backs as a supporter (-1 if none) and its interest in that side, in [0, 1]. */
  supportSide: Int8Array;
  interest: Float64Array;
  /** Flags the crisis's access and commitment read: a choice that sets one changes the balance. */
  flags: ReadonlySet<string>;
  /** The private shocks of the run (each actor reads only its own) and the model's crisis parameters. */
  shock: Readonly<Record<string, number>>;
  params: WorldState['params']['crisis'];
  /** Each valuer's preferred rung and its worth, found on first use this turn (by actor index). */
  preferred: Map<number, { rung: number; value: number }>;
}

/** The open crises of `state`, as every policy reads them this turn. */
export function crisisViews(state: WorldState, rules: Rules): CrisisInView[] {
  const index = rules.index;
  const out: CrisisInView[] = [];
  const n = state.actors.length;
  const p = state.params.crisis;
  for (const def of rules.def.crises) {
    const run = state.crises[def.ladder];
    if (!run || run.war || run.conceded) continue;
    const balance = balanceIn(state, def, rules);
    const sideIdx = [index.get(def.sides[0].actor) ?? -1, index.get(def.sides[1].actor) ?? -1];
    const supportSide = new Int8Array(n).fill(-1);
    const interest = new Float64Array(n);
    for (const sup of def.supporters) {
      const k = index.get(sup.actor);
      if (k === undefined || sideIdx[0] < 0 || sideIdx[1] < 0) continue;
      supportSide[k] = sup.side;
      const A = state.alignment;
      interest[k] = Math.min(1, Math.max(0, (A[k * n + sideIdx[sup.side]] - A[k * n + sideIdx[1 - sup.side]]) / 2));
    }
    const policyOf = (s: number) => (sideIdx[s] >= 0 ? state.policies[sideIdx[s]] : undefined);
    out.push({
      def,
      level: state.ladders.dyads.find((d) => d.id === def.ladder)!.level,
      balance,
      public: [payoffs(def, 0, balance.chance[0], 0, p), payoffs(def, 1, balance.chance[1], 0, p)],
      own: [
        payoffs(def, 0, balance.chance[0], run.shock[def.sides[0].actor] ?? 0, p),
        payoffs(def, 1, balance.chance[1], run.shock[def.sides[1].actor] ?? 0, p),
      ],
      factor: [factorOf(policyOf(0)), factorOf(policyOf(1))],
      supportSide,
      interest,
      flags: flagsRead(def),
      shock: run.shock,
      params: p,
      preferred: new Map(),
    });
  }
  return out;
}

/** The crisis a ladder carries this turn, if it is open. */
export function crisisFor(list: readonly CrisisInView[], ladder: string): CrisisInView | undefined {
  for (let k = 0; k < list.length; k++) if (list[k].def.ladder === ladder) return list[k];
  return undefined;
}

/** How actor i takes part in a crisis: the side it is on, the weight of its view, and whether it is a principal or which supporter. */
interface Role {
  side: 0 | 1;
  weight: number;
  principal: boolean;
  supporter?: CrisisSupporter;
}

/**
 * Actor i's part in a crisis: a principal (weight 1); a supporter with a stake of its own (weight
 * 1, its own payoffs); a supporter without one (the side's view, weighted by its interest in that
 * side); or none.
 */
function roleOf(cv: CrisisInView, i: number, id: string): Role | undefined {
  if (cv.def.sides[0].actor === id) return { side: 0, weight: 1, principal: true };
  if (cv.def.sides[1].actor === id) return { side: 1, weight: 1, principal: true };
  const s = cv.supportSide[i];
  if (s < 0) return undefined;
  const supporter = cv.def.supporters.find((x) => x.actor === id)!;
  if (supporter.stake !== undefined) return { side: s as 0 | 1, weight: 1, principal: false, supporter };
  return cv.interest[i] === 0 ? undefined : { side: s as 0 | 1, weight: cv.interest[i], principal: false };
}

/**
 * What actor i weighs when it values a rung: a principal its own payoffs (its private stake
 * included) and risk attitude; a supporter with a stake its own payoffs and risk attitude; any other
 * supporter the side's public payoffs and the side's risk attitude. `bal` recomputes them for a
 * changed balance of forces (a what-if).
 */
function standpoint(
  cv: CrisisInView,
  role: Role,
  pp: PolicyParams,
  bal?: CrisisBalance,
  state?: WorldState,
): Standpoint {
  const s = role.side;
  const o = (1 - s) as 0 | 1;
  const chance = bal ? bal.chance : cv.balance.chance;
  const ownFactor = role.principal || role.supporter ? riskFactor(pp) : cv.factor[s];
  if (role.supporter)
    return {
      own: supporterPayoffs(
        cv.def,
        role.supporter,
        chance[s],
        credibilityOf(bal ?? cv.balance, role.supporter.actor),
        cv.shock[role.supporter.actor] ?? 0,
        cv.params,
      ),
      ownFactor,
      other: bal && state ? payoffs(cv.def, o, chance[o], 0, state.params.crisis) : cv.public[o],
      otherFactor: cv.factor[o],
    };
  if (bal && state) {
    const p = state.params.crisis;
    const shock = role.principal ? (state.crises[cv.def.ladder].shock[cv.def.sides[s].actor] ?? 0) : 0;
    return {
      own: payoffs(cv.def, s, chance[s], shock, p),
      ownFactor,
      other: payoffs(cv.def, o, chance[o], 0, p),
      otherFactor: cv.factor[o],
    };
  }
  return { own: role.principal ? cv.own[s] : cv.public[s], ownFactor, other: cv.public[o], otherFactor: cv.factor[o] };
}

/** The worth to actor i (index i, id `id`) of moving a crisis ladder by `amount` rungs; undefined when i has no part in it. */
export function crisisMoveValue(
  state: WorldState,
  cv: CrisisInView,
  i: number,
  id: string,
  pp: PolicyParams,
  amount: number,
): number | undefined {
  const role = roleOf(cv, i, id);
  if (!role) return undefined;
  const p = state.params;
  const after = Math.min(p.ladder.max, Math.max(0, cv.level + amount));
  if (after === cv.level) return 0;
  const x = standpoint(cv, role, pp);
  const w = p.weights.escalation;
  let preferred = cv.preferred.get(i);
  if (!preferred)
    cv.preferred.set(i, (preferred = preferredRung(cv.level, cv.def, x, p.crisis, w, state.turnMonths, p.ladder.max)));
  const u0 = positionValue(cv.level, cv.level, cv.def, x, p.crisis, w, state.turnMonths);
  const u1 = climbValue(cv.level, after, cv.def, x, p.crisis, w, state.turnMonths, preferred);
  return p.crisis.value * pp.security * role.weight * (u1 - u0);
}

/** The worth to actor i of `actor` backing down in a crisis: s(l) - U(l) for that side, w - U(l) for the other. */
export function concedeValue(
  state: WorldState,
  cv: CrisisInView,
  i: number,
  id: string,
  pp: PolicyParams,
  actor: string,
): number {
  const role = roleOf(cv, i, id);
  const yielding = cv.def.sides[0].actor === actor ? 0 : cv.def.sides[1].actor === actor ? 1 : -1;
  if (!role || yielding < 0) return 0;
  const p = state.params;
  const x = standpoint(cv, role, pp);
  const u = positionValue(cv.level, cv.level, cv.def, x, p.crisis, p.weights.escalation, state.turnMonths);
  const outcome = yielding === role.side ? backDownPayoff(x.own, cv.level) : x.own.w;
  return p.crisis.value * pp.security * role.weight * (outcome - u);
}

/** How the opponent of side `s` may value the crisis: one standpoint per picture of its private stake (OPPONENT_TYPES), with its doctrine's risk factor. */
function opponentViews(
  cv: CrisisInView,
  s: 0 | 1,
  p: WorldState['params']['crisis'],
  bal?: CrisisBalance,
): Standpoint[] {
  const o = (1 - s) as 0 | 1;
  const chance = (bal ?? cv.balance).chance;
  const other = payoffs(cv.def, s, chance[s], 0, p);
  return OPPONENT_TYPES.map((z) => ({
    own: payoffs(cv.def, o, chance[o], z, p),
    ownFactor: cv.factor[o],
    other,
    otherFactor: cv.factor[s],
  }));
}

/**
 * The worth to actor i of setting a flag that crises' access or commitment read: the change it
 * makes to i's prospect in each crisis (crisis.ts, prospect), under the balance with the flag set.
 */
export function flagValue(
  state: WorldState,
  list: readonly CrisisInView[],
  rules: Rules,
  i: number,
  id: string,
  pp: PolicyParams,
  name: string,
  value: boolean,
): number {
  let total = 0;
  for (const cv of list) {
    if (!cv.flags.has(name) || (Object.hasOwn(state.flags, name) ? state.flags[name] === true : false) === value)
      continue;
    const role = roleOf(cv, i, id);
    if (!role) continue;
    const what: WorldState = { ...state, flags: { ...state.flags, [name]: value } };
    const bal = balanceIn(what, cv.def, rules);
    const p = state.params;
    const before = prospect(
      cv.level,
      cv.def,
      standpoint(cv, role, pp),
      opponentViews(cv, role.side, p.crisis),
      p.crisis,
      p.weights.escalation,
      state.turnMonths,
      p.ladder.max,
    );
    const after = prospect(
      cv.level,
      cv.def,
      standpoint(cv, role, pp, bal, state),
      opponentViews(cv, role.side, p.crisis, bal),
      p.crisis,
      p.weights.escalation,
      state.turnMonths,
      p.ladder.max,
    );
    total += p.crisis.value * pp.security * role.weight * (after - before);
  }
  return total;
}

/** A crisis's balance of forces as the actors see it at the start of the turn being played. */
export function balanceIn(state: WorldState, def: CrisisDef, rules: Rules): CrisisBalance {
  const c = evalContext(rules, state, rules.index, state.turn + 1, state.events.fired, { left: EVAL_BUDGET });
  return crisisBalance(state, def, rules.index, (e) => evalNumber(e, c));
}

function credibilityOf(bal: CrisisBalance, actor: string): number {
  for (const part of bal.parts) if (part.actor === actor) return part.credibility;
  return 0;
}

function factorOf(pp: PolicyParams | undefined): number {
  return pp ? riskFactor(pp) : 1;
}

/** The flag names an expression reads. */
function flagsRead(def: CrisisDef): Set<string> {
  const out = new Set<string>();
  const walk = (e: Expr) => {
    if (e.k === 'call') {
      if (e.fn === 'flag' && e.args[0].k === 'str') out.add(e.args[0].v);
      e.args.forEach(walk);
    } else if (e.k === 'not' || e.k === 'neg') walk(e.a);
    else if (e.k === 'bin') {
      walk(e.a);
      walk(e.b);
    } else if (e.k === 'agg') {
      walk(e.group);
      walk(e.body);
    }
  };
  for (const s of def.supporters) {
    if (s.access) walk(s.access);
    if (s.commitment) walk(s.commitment);
  }
  return out;
}
