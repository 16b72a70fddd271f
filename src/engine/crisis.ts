/**
 * The escalation model (docs/MODEL.md, "Escalation"): a crisis on a dyad ladder is brinkmanship
 * (Schelling 1960; Powell 1987, 1990) over a balance of forces (Bueno de Mesquita 1981; Hirshleifer
 * 1989), with audience costs (Fearon 1994) and private information about resolve (Fearon 1995).
 *
 *   forces   F_s = defence_s reach_s M_s + sum over supporters k of s: reach_k access_k cred_k M_k,
 *            cred_k = clip(commitment_k (A_ks - A_ko) / 2, 0, 1)
 *   chance   P_a = F_a^m / (F_a^m + F_b^m)
 *   payoffs  relative to the status quo (what a crisis that dissolves leaves): for a challenger,
 *            prevail w = v, back down s(l) = -audience l, war d = P v - c; for the defender, who
 *            holds what is contested, w = 0, s(l) = -v - audience l, d = -(1 - P) v - c, with the
 *            war's cost c = warCost 2 (1 - P) growing with the forces the side faces
 *   resolve  r(l) = (w - s(l)) / (w - d): the greatest risk of war accepted rather than back down
 *   risk     rho(l) = weight riskMax ((l - riskFrom) / (warRung - riskFrom))^riskExponent per month
 *   standing R(l) = pi / (pi + (1 - pi) h): the risk of war from standing at rung l until the crisis
 *            dissolves (chance h a turn), with pi = riskFactor x rho(l) the risk a side perceives
 *   value    U(l -> l') = q w + (1 - q) R(l') d: the worth of moving from l to l' and standing there,
 *            where q is the chance that the climb breaks the other's resolve (none for a descent)
 *
 * Everything here is a pure function of the state and the crisis's definition.
 */
import type { Expr } from './expr';
import type { Rules } from './rules';
import type { CrisisDef, CrisisParams, CrisisRecord, CrisisSupporter, PolicyParams, WorldState } from './types';

/** Forces, each contributor's part, and the chance of prevailing: what a crisis's balance is now. */
export interface CrisisBalance {
  forces: [number, number];
  parts: CrisisRecord['parts'];
  chance: [number, number];
}

/**
 * What one side gets, relative to the status quo: prevailing (w), war (d), and backing down at rung
 * l, s(l) = s0 - audience l.
 */
export interface Payoffs {
  w: number;
  d: number;
  s0: number;
  audience: number;
}

/**
 * The balance of forces of a crisis in `state` (docs/MODEL.md, "Escalation", forces and chance).
 * `num` evaluates the crisis's access and commitment expressions (over the same state).
 */
export function crisisBalance(
  state: WorldState,
  def: CrisisDef,
  index: ReadonlyMap<string, number>,
  num: (e: Expr) => number,
): CrisisBalance {
  const n = state.actors.length;
  const A = state.alignment;
  const forces: [number, number] = [0, 0];
  const parts: CrisisRecord['parts'] = [];
  const ids = [index.get(def.sides[0].actor) ?? -1, index.get(def.sides[1].actor) ?? -1];
  for (let s = 0; s < 2; s++) {
    const side = def.sides[s];
    const i = ids[s];
    const force = i < 0 ? 0 : side.defence * side.reach * state.actors[i].capabilities.military;
    forces[s] += force;
    parts.push({ actor: side.actor, side: s as 0 | 1, force, credibility: 1, access: 1 });
  }
  for (const sup of def.supporters) {
    const k = index.get(sup.actor);
    if (k === undefined) continue;
    const own = ids[sup.side];
    const other = ids[1 - sup.side];
    const lean = own < 0 || other < 0 ? 0 : (A[k * n + own] - A[k * n + other]) / 2;
    const commitment = sup.commitment ? Math.max(0, num(sup.commitment)) : 1;
    const credibility = clip01(commitment * lean);
    const access = sup.access ? clip01(num(sup.access)) : 1;
    const force = sup.reach * access * credibility * state.actors[k].capabilities.military;
    forces[sup.side] += force;
    parts.push({ actor: sup.actor, side: sup.side, force, credibility, access });
  }
  return { forces, parts, chance: contestChance(forces[0], forces[1], state.params.crisis.decisiveness) };
}

/** The ratio-form contest success function (Hirshleifer 1989): each side's chance of prevailing in war. */
export function contestChance(fa: number, fb: number, m: number): [number, number] {
  const a = m === 1 ? fa : fa ** m;
  const b = m === 1 ? fb : fb ** m;
  if (!(a + b > 0)) return [0.5, 0.5];
  const p = a / (a + b);
  return [p, 1 - p];
}

/** One side's payoffs given its chance of prevailing in war and its stake's private shock (0 for the public estimate). */
export function payoffs(def: CrisisDef, side: 0 | 1, chance: number, shock: number, p: CrisisParams): Payoffs {
  const s = def.sides[side];
  const v = s.stake * Math.max(0, 1 + p.privateSpread * shock);
  const cost = warCostAt(s.warCost, chance);
  if (def.defender === side) return { w: 0, d: -(1 - chance) * v - cost, s0: -v, audience: s.audience };
  return { w: v, d: chance * v - cost, s0: 0, audience: s.audience };
}

/**
 * The cost of the war to a side whose chance of prevailing is `chance`: its war cost (the cost of a
 * war between evenly matched sides) times 2 (1 - chance), so a war costs each side in proportion to
 * the forces it faces, as losses do in Lanchester's and Richardson's models of combat.
 */
export function warCostAt(warCost: number, chance: number): number {
  return warCost * 2 * (1 - chance);
}

/**
 * A supporter's own payoffs, from its stake (with its private shock) and war cost, given its side's
 * chance of prevailing and its credibility: it pays the war's cost in proportion to how committed it
 * is to fight (the entrapment half of the alliance dilemma: committing strengthens the side it backs
 * and exposes it to the war). It pays no audience cost of its own.
 */
export function supporterPayoffs(
  def: CrisisDef,
  sup: CrisisSupporter,
  chance: number,
  credibility: number,
  shock: number,
  p: CrisisParams,
): Payoffs {
  const v = (sup.stake ?? 0) * Math.max(0, 1 + p.privateSpread * shock);
  const c = credibility * warCostAt(sup.warCost ?? 0, chance);
  if (def.defender === sup.side) return { w: 0, d: -(1 - chance) * v - c, s0: -v, audience: 0 };
  return { w: v, d: chance * v - c, s0: 0, audience: 0 };
}

/** The payoff of backing down at rung `level`. */
export function backDownPayoff(x: Payoffs, level: number): number {
  return x.s0 - x.audience * level;
}

/**
 * Powell's resolve at rung `level`: (w - s) / (w - d), the greatest risk of war accepted rather than
 * back down (1 or more: war is preferred to backing down). The same for challenger and defender.
 */
export function resolveAt(x: Payoffs, level: number): number {
  return (x.w - backDownPayoff(x, level)) / Math.max(1e-9, x.w - x.d);
}

/** The chance per turn that a crisis at `level` slips a rung on its own (Schelling's risk that leaves something to chance). */
export function slipRisk(level: number, rungs: Rungs, p: CrisisParams, weight: number, turnMonths: number): number {
  if (weight === 0 || level < rungs.riskFrom) return 0;
  const x = Math.min(1, (level - rungs.riskFrom) / Math.max(1e-9, rungs.warRung - rungs.riskFrom));
  const perMonth = Math.min(
    1,
    weight * p.riskMax * (p.riskExponent === 2 ? x * x : p.riskExponent === 1 ? x : x ** p.riskExponent),
  );
  return perTurn(perMonth, turnMonths);
}

/** Where a crisis starts to slip and where it is war (a CrisisDef has both). */
export interface Rungs {
  riskFrom: number;
  warRung: number;
}

/** A monthly chance as a chance per turn of `turnMonths` months. */
export function perTurn(perMonth: number, turnMonths: number): number {
  return turnMonths === 1 ? perMonth : 1 - (1 - perMonth) ** turnMonths;
}

/** How a doctrine's risk acceptance scales the risk it perceives: 2 (1 - risk), so 0.5 is neutral. */
export function riskFactor(pp: PolicyParams): number {
  return 2 * (1 - pp.risk);
}

/**
 * The risk of war a side runs by standing at a rung until the crisis ends: with a perceived chance
 * pi a turn of war and h of the crisis dissolving, R = pi / (pi + (1 - pi) h). This is the risk that
 * Powell's resolve is compared with: a side stands at a rung while R is below its resolve.
 */
export function standingRisk(pi: number, h: number): number {
  const den = pi + (1 - pi) * h;
  return den > 0 ? pi / den : 0;
}

/** What one side knows when it values a rung: its payoffs, its risk factor, and its public estimate of the other's. */
export interface Standpoint {
  own: Payoffs;
  ownFactor: number;
  other: Payoffs;
  otherFactor: number;
}

/** The chance per turn that a crisis dissolves on its own, for a turn of `turnMonths` months. */
export function dissolveChance(p: CrisisParams, turnMonths: number): number {
  return perTurn(1 / Math.max(1, p.horizon), turnMonths);
}

/**
 * The chance, as one side believes it, that the other's resolve breaks by rung `level`: a logistic
 * in the other's margin there (its standing risk minus its estimated resolve) over the belief spread.
 * Powell's rule: a side backs down once the risk of standing firm exceeds its resolve.
 */
export function breakChance(
  level: number,
  rungs: Rungs,
  x: Standpoint,
  p: CrisisParams,
  weight: number,
  turnMonths: number,
): number {
  const rho = slipRisk(level, rungs, p, weight, turnMonths);
  const margin =
    standingRisk(Math.min(1, x.otherFactor * rho), dissolveChance(p, turnMonths)) - resolveAt(x.other, level);
  const z = margin / Math.max(1e-9, p.beliefSpread);
  return z > 40 ? 1 : z < -40 ? 0 : 1 / (1 + Math.exp(-z));
}

/**
 * The worth to one side of moving a crisis from rung `now` to rung `to` and standing there
 * (docs/MODEL.md, "Escalation", value): U = q w + (1 - q) R d. R is its own standing risk at `to`;
 * q the chance that the move breaks the other's resolve, learnt from its having stood firm at `now`
 * (Bayes: q = (F(to) - F(now)) / (1 - F(now)), with F the belief above), so only a climb can make
 * the other back down. At or above the war rung the worth is the war payoff d.
 */
export function positionValue(
  now: number,
  to: number,
  rungs: Rungs,
  x: Standpoint,
  p: CrisisParams,
  weight: number,
  turnMonths: number,
): number {
  if (to >= rungs.warRung) return x.own.d;
  const h = dissolveChance(p, turnMonths);
  const risk = standingRisk(Math.min(1, x.ownFactor * slipRisk(to, rungs, p, weight, turnMonths)), h);
  let q = 0;
  if (to > now) {
    const before = breakChance(now, rungs, x, p, weight, turnMonths);
    const after = breakChance(to, rungs, x, p, weight, turnMonths);
    q = before < 1 - 1e-12 ? Math.max(0, after - before) / (1 - before) : 0;
  }
  return q * x.own.w + (1 - q) * risk * x.own.d;
}

/** The grid on which a side looks for its preferred rung (tenths of a rung). */
export const RUNG_STEP = 0.1;

/**
 * The rung a side would most like to stand at, looking up from `now` (the war rung included): the
 * best U(now -> y) over y from `now` in tenths up to the war rung, ties to the lowest (docs/MODEL.md,
 * "Escalation", climbing).
 */
export function preferredRung(
  now: number,
  rungs: Rungs,
  x: Standpoint,
  p: CrisisParams,
  weight: number,
  turnMonths: number,
  max: number,
): { rung: number; value: number } {
  let best = { rung: now, value: positionValue(now, now, rungs, x, p, weight, turnMonths) };
  const top = Math.min(max, rungs.warRung);
  for (let k = 1; now + k * RUNG_STEP < top + 1e-9; k++) {
    const y = Math.min(top, now + k * RUNG_STEP);
    const u = positionValue(now, y, rungs, x, p, weight, turnMonths);
    if (u > best.value) best = { rung: y, value: u };
  }
  if (top === rungs.warRung && now < top) {
    const u = positionValue(now, top, rungs, x, p, weight, turnMonths);
    if (u > best.value) best = { rung: top, value: u };
  }
  return best;
}

/**
 * The worth of moving from `now` to `to`, for a side whose preferred rung is `preferred` (worth
 * `best`): a descent or a climb past the preferred rung is worth U(now -> to); a climb toward it is
 * worth at least its share of the way there, (to - now) / (preferred - now) of the gain, because the
 * side can climb on next turn (a one-turn policy would otherwise never start a climb whose first
 * step costs more than it gains).
 */
export function climbValue(
  now: number,
  to: number,
  rungs: Rungs,
  x: Standpoint,
  p: CrisisParams,
  weight: number,
  turnMonths: number,
  preferred: { rung: number; value: number },
): number {
  const u = positionValue(now, to, rungs, x, p, weight, turnMonths);
  if (to <= now || preferred.rung <= now || to > preferred.rung) return u;
  const hold = positionValue(now, now, rungs, x, p, weight, turnMonths);
  return Math.max(u, hold + ((to - now) / (preferred.rung - now)) * (preferred.value - hold));
}

/** The private shocks at which a side pictures its opponent: the midpoints of the thirds of the shock's range [-sqrt 3, sqrt 3]. */
export const OPPONENT_TYPES: readonly number[] = Object.freeze([-2 / Math.sqrt(3), 0, 2 / Math.sqrt(3)]);

/**
 * A side's prospect in a crisis: the worth of the rung the crisis is heading for, the higher of its
 * own preferred rung and the one its opponent would climb to (either can climb alone), U(now -> y),
 * averaged over pictures of the opponent (`opponents`: one standpoint per picture of its private
 * stake, OPPONENT_TYPES), since its resolve cannot be seen. A change in the balance of forces (a
 * commitment made, bases opened) is worth the change in this prospect: deterrence is lowering the
 * rung the adversary would climb to, and a commitment that fails to deter exposes the one who made it.
 */
export function prospect(
  now: number,
  rungs: Rungs,
  x: Standpoint,
  opponents: readonly Standpoint[],
  p: CrisisParams,
  weight: number,
  turnMonths: number,
  max: number,
): number {
  const own = preferredRung(now, rungs, x, p, weight, turnMonths, max).rung;
  let total = 0;
  for (const o of opponents)
    total += positionValue(
      now,
      Math.max(own, preferredRung(now, rungs, o, p, weight, turnMonths, max).rung),
      rungs,
      x,
      p,
      weight,
      turnMonths,
    );
  return opponents.length ? total / opponents.length : positionValue(now, own, rungs, x, p, weight, turnMonths);
}

/** Whether a crisis is still open in `state`: no war yet and no side has backed down. */
export function openCrisis(state: WorldState, ladder: string): boolean {
  const c = Object.hasOwn(state.crises, ladder) ? state.crises[ladder] : undefined;
  return c !== undefined && !c.war && !c.conceded;
}

/** The crisis running on a ladder, if any. */
export function crisisOn(rules: Rules, ladder: string): CrisisDef | undefined {
  const list = rules.def.crises;
  for (let k = 0; k < list.length; k++) if (list[k].ladder === ladder) return list[k];
  return undefined;
}

/** The side (0 for a, 1 for b) an actor is the principal of in a crisis, or -1. */
export function sideOf(def: CrisisDef, actor: string): -1 | 0 | 1 {
  return def.sides[0].actor === actor ? 0 : def.sides[1].actor === actor ? 1 : -1;
}

/** The level of a dyad ladder in `state`. */
export function ladderLevel(state: WorldState, ladder: string): number {
  const dyads = state.ladders.dyads;
  for (let k = 0; k < dyads.length; k++) if (dyads[k].id === ladder) return dyads[k].level;
  return 0;
}

function clip01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
