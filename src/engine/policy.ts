/**
 * Decision policies: how a computer-played actor chooses its actions and its event options.
 *
 * A policy is an explicit utility model, not a look-ahead: it predicts what each legal choice would
 * change this turn (the effects phase's own formula for alignment, the effect sizes for
 * capabilities and ladders), values those changes by the actor's goals as weighted by its doctrine,
 * subtracts the cost, and picks greedily within its budget. docs/MODEL.md, "Decisions", gives the
 * equations. Deterministic given the seed: ties go to the earlier candidate, and a doctrine with a
 * temperature draws from keyed dice.
 */
import { actionContext, barredAt, barredFor, budgets, MAX_ACTIONS_PER_TURN, targetsInto } from './actions';
import { capabilityArrays, perItem } from './arrays';
import { salience } from './terms/influence';
import { threatMatrix } from './terms/threat';
import { alignmentChange } from './effects';
import { REF_ACTOR, REF_TARGET, type EffectPlan } from './action-plan';
import { type Compiled, type EvalContext } from './expr';
import { MAX_AMOUNT } from './step-errors';
import { keyedAlea, type Alea } from './rng';
import type { Rules } from './rules';
import { concedeValue, crisisFor, crisisMoveValue, crisisViews, flagValue, type CrisisInView } from './crisis-policy';
import type { ActionChoice, Effect, Framing, PolicyParams, ScoredChoice, WorldState } from './types';

const CAP = Object.freeze({ military: 0, economic: 1, maritime: 2, diplomatic: 3 } as const);

/** What every policy reads this turn, computed once from the state at the start of the turn. */
export interface PolicyView {
  state: WorldState;
  rules: Rules;
  n: number;
  index: ReadonlyMap<string, number>;
  turn: number;
  /** Importance of x to i, in [0, 1]: √(salience_x) · (1 + proximity_ix) / 2 (salience as in the influence term). */
  imp: Float64Array;
  /** Weight of x's stance toward i in i's alignment goal: importance, raised when x leans to i's rivals. */
  stake: Float64Array;
  /** Threat x poses to i, normalised so the largest is 1 (Walt, as in the threat term). */
  threat: Float64Array;
  /** Total threat each actor faces, in [0, 1]. */
  threatLevel: Float64Array;
  /** How far x is an enemy of the powers that threaten i, in [0, 1] (what an accommodating doctrine avoids). */
  provokes: Float64Array;
  /** Each actor's tilt between the US and China, and where a partner sits on that axis (side). */
  tilt: Float64Array;
  side: Float64Array;
  us: number;
  cn: number;
  budget: Float64Array;
  /** Points available this turn: saved plus budget. */
  available: Float64Array;
  /** Capability arrays by kind (military, economic, maritime, diplomatic). */
  caps: Float64Array[];
  /** A floor for relative capability changes, per kind: 1% of the largest. */
  capFloor: number[];
  ladderMax: number;
  /** The actors each actor attends to this turn (for actions open to any target), most relevant first. */
  focus: number[][];
  budgetLeft: { left: number };
  /** Actor ids in order, and each actor's autonomy (the recipient's voice in framing). */
  ids: readonly string[];
  autonomy: Float64Array;
  /** Scratch space for one action's targets, and for its effects' amounts (fixed and per target), reused within the turn. */
  scratchTargets: number[];
  winFixed: Float64Array;
  loseFixed: Float64Array;
  winPerTarget: Float64Array;
  losePerTarget: Float64Array;
  /** cellWeight(i, x, i) at [i][x] and cellWeight(i, i, y) at [i][y]: the weights of the cells that involve i, computed once. */
  wIn: Float64Array;
  wOut: Float64Array;
  /** The open crises as every policy reads them this turn (docs/MODEL.md, "Escalation"). */
  crises: CrisisInView[];
  /** The dyad ladder of actors x and y at [x * n + y], as its position in the state's list (dyadLadderId's), or -1: none. */
  dyadOf: Int32Array;
}

/** How many targets an actor weighs for actions open to any target (bounded attention). */
export const FOCUS = 4;
/** How many more: states its rivals acted on last turn. */
export const COUNTER = 2;

/** The latest uses in an actor's part of the use record: its latest turn, and that turn's targets in record order. */
function latestUses(byAction: Record<string, Record<string, number>>): { turn: number; targets: string[] } {
  const out = { turn: -Infinity, targets: [] as string[] };
  // for...in over the plain JSON record: own keys in Object.keys order, without entry arrays.
  for (const action in byAction) {
    const byTarget = byAction[action];
    for (const id in byTarget) {
      const t = byTarget[id];
      if (t > out.turn) {
        out.turn = t;
        out.targets = [];
      }
      if (t === out.turn) out.targets.push(id);
    }
  }
  return out;
}

/** The targets of an actor's uses on turn t, in record order. */
function usesOn(byAction: Record<string, Record<string, number>>, t: number): string[] {
  const out: string[] = [];
  for (const action in byAction) for (const id in byAction[action]) if (byAction[action][id] === t) out.push(id);
  return out;
}

/** Build the view the policies share this turn. */
export function policyView(rules: Rules, state: WorldState, turn: number, budgetLeft: { left: number }): PolicyView {
  const index = rules.index;
  const n = state.actors.length;
  const A = state.alignment;
  const caps = capabilityArrays(state.actors);
  const capFloor = caps.map((c) => Math.max(1e-9, 0.01 * c.reduce((m, v) => Math.max(m, v), 0)));
  const [mil, eco] = caps;
  // Importance: the square root of the influence term's salience (capability share), by proximity.
  const sal = new Float64Array(n);
  salience(n, mil, eco, 0.5, sal);
  const prox = state.proximity;
  const imp = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) if (i !== j) imp[i * n + j] = (sal[j] * (1 + prox[i * n + j])) / 2;
  // Threat: the threat term's own matrix, with each actor's trend growth, normalised to a maximum of 1.
  const threat = new Float64Array(n * n);
  const p = state.params.threat;
  threatMatrix(
    {
      n,
      A: new Float64Array(A),
      proximity: prox,
      military: mil,
      growth: perItem(state.actors, (a) => a.growth.military),
      powerExponent: p.powerExponent,
      growthSensitivity: p.growthSensitivity,
    },
    threat,
  );
  let maxT = 0;
  for (let x = 0; x < n * n; x++) if (threat[x] > maxT) maxT = threat[x];
  if (maxT > 0) for (let x = 0; x < n * n; x++) threat[x] /= maxT;
  const threatLevel = new Float64Array(n);
  const provokes = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) {
      const t = threat[i * n + j];
      if (t === 0) continue;
      s += t;
      for (let x = 0; x < n; x++)
        if (x !== i && x !== j && A[j * n + x] < 0) provokes[i * n + x] += 2 * t * -A[j * n + x];
    }
    threatLevel[i] = Math.min(1, s);
    for (let x = 0; x < n; x++) provokes[i * n + x] = Math.min(1, provokes[i * n + x]);
  }
  // The stake i has in x's stance toward it: x's importance, raised by how far x leans toward i's
  // rivals rather than toward i (what makes China answer Japan's grants with counter-offers).
  const stake = new Float64Array(n * n);
  const rivals: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) for (let r = 0; r < n; r++) if (r !== i && A[i * n + r] < -0.2) rivals[i].push(r);
  for (let i = 0; i < n; i++)
    for (let x = 0; x < n; x++) {
      if (x === i) continue;
      if (A[i * n + x] < -0.2) {
        stake[i * n + x] = 0.5 * imp[i * n + x]; // a rival's goodwill: worth less than a partner's
        continue;
      }
      let contest = 0;
      for (const r of rivals[i])
        if (r !== x) contest = Math.max(contest, -A[i * n + r] * (A[x * n + r] - A[x * n + i]));
      stake[i * n + x] = imp[i * n + x] * (1 + Math.max(0, contest));
    }
  const [us, cn] = rules.poles;
  const tilt = new Float64Array(n);
  const side = new Float64Array(n);
  if (us >= 0 && cn >= 0)
    for (let i = 0; i < n; i++) {
      tilt[i] = (A[i * n + us] - A[i * n + cn]) / 2;
      // The poles count fully; a partner counts by half its own tilt.
      side[i] = i === us ? 1 : i === cn ? -1 : tilt[i] / 2;
    }
  const budget = budgets(state);
  const available = new Float64Array(n);
  for (let k = 0; k < n; k++) available[k] = budget[k] + (state.resources[k] ?? 0);
  const ids = rules.ids;
  const autonomy = new Float64Array(n);
  for (let k = 0; k < n; k++) autonomy[k] = state.actors[k].posture.autonomy;
  const m = rules.maxEffects;
  const v: PolicyView = {
    state,
    rules,
    n,
    index,
    turn,
    imp,
    stake,
    threat,
    threatLevel,
    provokes,
    tilt,
    side,
    us,
    cn,
    budget,
    available,
    caps,
    capFloor,
    ladderMax: state.params.ladder.max,
    focus: [],
    budgetLeft,
    ids,
    autonomy,
    scratchTargets: [],
    winFixed: new Float64Array(m),
    loseFixed: new Float64Array(m),
    winPerTarget: new Float64Array(m),
    losePerTarget: new Float64Array(m),
    wIn: new Float64Array(n * n),
    wOut: new Float64Array(n * n),
    crises: crisisViews(state, rules),
    dyadOf: dyadTable(state, index, n),
  };
  // Scratch space for the attention ranking.
  const topIndex = new Int32Array(FOCUS);
  const topScore = new Float64Array(FOCUS);
  // Where each actor acted last turn (cooldown records), so rivals' moves draw attention.
  const actedOn: number[][] = Array.from({ length: n }, () => []);
  const record = state.lastUsed;
  for (const actor in record) {
    const who = index.get(actor);
    if (who === undefined) continue;
    const last = latestUses(record[actor]);
    // Uses recorded after last turn (only in a hand-made state) need the full scan.
    const ids =
      last.turn === turn - 1 ? last.targets : last.turn > turn - 1 ? usesOn(record[actor], turn - 1) : undefined;
    if (!ids) continue;
    for (const id of ids) {
      const target = index.get(id);
      if (target !== undefined && !actedOn[who].includes(target)) actedOn[who].push(target);
    }
  }
  // Attention: the actors whose stance toward i matters most to i's goals, per unit of warming
  // (and the room left to warm), or whose threat to i is greatest; plus up to COUNTER states
  // that i's rivals courted or pressed last turn (what prompts counter-offers).
  for (let i = 0; i < n; i++) {
    const pp = state.policies[i];
    // The FOCUS most relevant, best first (ties to the lower index), by insertion: no sort of all N.
    let kept = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const room = 1 - A[j * n + i];
      const wIn = cellWeight(v, i, pp, j, i);
      const wOut = cellWeight(v, i, pp, i, j);
      v.wIn[i * n + j] = wIn;
      v.wOut[i * n + j] = wOut;
      const warm = room * wIn + Math.abs(wOut) * (1 + Math.abs(A[i * n + j]));
      const r = Math.max(warm, pp.security * threat[i * n + j]);
      let k = kept;
      while (k > 0 && topScore[k - 1] < r) k--;
      if (k >= FOCUS) continue;
      // Shift the worse ones down one place (the last falls off when the list is full).
      for (let m = Math.min(kept, FOCUS - 1); m > k; m--) {
        topIndex[m] = topIndex[m - 1];
        topScore[m] = topScore[m - 1];
      }
      topIndex[k] = j;
      topScore[k] = r;
      if (kept < FOCUS) kept++;
    }
    const focus: number[] = [];
    for (let m = 0; m < kept; m++) focus.push(topIndex[m]);
    const counters: number[] = [];
    for (const r of rivals[i])
      for (const t of actedOn[r])
        if (t !== i && A[i * n + t] > -0.2 && !focus.includes(t) && !counters.includes(t)) counters.push(t);
    counters.sort((a, b) => v.stake[i * n + b] - v.stake[i * n + a] || a - b);
    const attended = [...focus, ...counters.slice(0, COUNTER)];
    // A side of an open crisis always attends to the other side: that is where its crisis moves aim.
    for (const cv of v.crises) {
      const [x, y] = cv.def.sides.map((side) => side.actor);
      const o = x === v.ids[i] ? index.get(y) : y === v.ids[i] ? index.get(x) : undefined;
      if (o !== undefined && !attended.includes(o)) attended.push(o);
    }
    v.focus.push(attended);
  }
  return v;
}

/** Each pair's dyad ladder, as dyadLadderId finds it (the first in the state's list, either way round), or -1. */
function dyadTable(state: WorldState, index: ReadonlyMap<string, number>, n: number): Int32Array {
  const out = new Int32Array(n * n).fill(-1);
  state.ladders.dyads.forEach((d, k) => {
    const a = index.get(d.a);
    const b = index.get(d.b);
    if (a === undefined || b === undefined) return;
    if (out[a * n + b] < 0) out[a * n + b] = k;
    if (out[b * n + a] < 0) out[b * n + a] = k;
  });
  return out;
}

/**
 * The marginal utility to actor i of a rise of A[x][y] (linear part; the tilt term is added where
 * x = i, as it depends on the size of the change).
 */
function cellWeight(v: PolicyView, i: number, pp: PolicyParams, x: number, y: number): number {
  const n = v.n;
  const A = v.state.alignment;
  // Winning over a state that is hostile to i counts only as far as the doctrine accommodates;
  // an accommodating doctrine also discounts the goodwill of its threats' enemies (Walt's
  // bandwagoner does not join the coalition against the power it appeases).
  const acc = pp.accommodation;
  if (y === i)
    return (
      pp.alignment * v.stake[i * n + x] * (A[x * n + i] < 0 ? acc : 1) * (1 - acc * v.provokes[i * n + x]) +
      pp.security * v.threat[i * n + x] * acc
    );
  // Drawing closer to a friend is good; for an accommodating doctrine, closer to its threats'
  // enemies provokes the threat.
  if (x === i) return pp.alignment * 0.5 * v.imp[i * n + y] * A[i * n + y] - pp.security * acc * v.provokes[i * n + y];
  return pp.alignment * v.state.params.policy.thirdParty * v.imp[i * n + x] * A[i * n + y];
}

/** The utility to actor i of a change of A[x][y] asked with `amount`, as the effects phase would apply it now. */
function alignmentValue(
  v: PolicyView,
  i: number,
  pp: PolicyParams,
  x: number,
  y: number,
  amount: number,
  framing: Framing | undefined,
): number {
  if (x === y) return 0;
  const { state, n } = v;
  const cell = x * n + y;
  const d = alignmentChange(
    state.alignment[cell],
    state.effectLoad[cell],
    amount,
    framing,
    v.autonomy[x],
    state.params.weights.effects,
    state.params.effects,
  );
  if (d === 0) return 0;
  let value = d * (y === i ? v.wIn[i * n + x] : x === i ? v.wOut[i * n + y] : cellWeight(v, i, pp, x, y));
  // Hedging: what the change does to i's own tilt between the scenario's poles (the US and China; not for the poles).
  if (x === i && i !== v.us && i !== v.cn && v.us >= 0) {
    const t = v.tilt[i];
    value += pp.autonomy * (Math.abs(t) - Math.abs(t + (d * v.side[y]) / 2));
  }
  return value;
}

/** The utility to actor i of a change of actor a's capability k (military 0, economic 1, maritime 2, diplomatic 3). */
function capabilityValue(v: PolicyView, i: number, pp: PolicyParams, a: number, k: number, amount: number): number {
  const r = amount / Math.max(v.caps[k][a], v.capFloor[k]);
  const n = v.n;
  const friend = a === i ? 1 : v.state.params.policy.thirdParty * v.state.alignment[i * n + a] * v.imp[i * n + a];
  if (k === 0 || k === 2) return pp.security * (0.25 + v.threatLevel[i]) * (1.5 - pp.accommodation) * friend * r;
  if (k === 1) return pp.economy * friend * r;
  return pp.alignment * 0.5 * friend * r;
}

/** The rung at which a doctrine is content: risk x 4 (risk 1 is content at blockade or quarantine). */
export function aspiration(pp: PolicyParams): number {
  return 4 * pp.risk;
}

/**
 * The utility to actor i of a move of a ladder (`global` or a dyad id). On a crisis ladder that i is
 * a principal or supporter of, the brinkmanship value (crisis-policy.ts). Elsewhere a quadratic loss
 * around the doctrine's aspiration, so a risk-acceptant revisionist pushes a low ladder up (coercive
 * leverage, Schelling) and stops near its aspiration, while a risk-averse doctrine wants every ladder
 * down. Ladders the actor is not party to count half.
 */
function tensionValue(v: PolicyView, i: number, pp: PolicyParams, ladder: string, amount: number): number {
  const state = v.state;
  const id = v.ids[i];
  if (v.crises.length && ladder !== 'global') {
    const cv = crisisFor(v.crises, ladder);
    const value = cv ? crisisMoveValue(state, cv, i, id, pp, amount) : undefined;
    if (value !== undefined) return value;
  }
  let level = state.ladders.global;
  let mine = true;
  if (ladder !== 'global') {
    const dyads = state.ladders.dyads;
    let k = 0;
    while (k < dyads.length && dyads[k].id !== ladder) k++;
    if (k === dyads.length) return 0;
    const d = dyads[k];
    level = d.level;
    mine = d.a === id || d.b === id;
  }
  const after = Math.min(v.ladderMax, Math.max(0, level + amount));
  const goal = aspiration(pp);
  const loss = (after - goal) ** 2 - (level - goal) ** 2;
  return -pp.security * state.params.policy.tensionValue * loss * (mine ? 1 : 0.5);
}

/** The utility to actor i of a list of effects, as the effects phase would apply them now. */
export function valueOf(v: PolicyView, i: number, pp: PolicyParams, effects: readonly Effect[]): number {
  const index = v.index;
  let total = 0;
  // Backing down is valued as the crisis's outcome; the ladder moves that come with it are part of it.
  let yielded: string[] | undefined;
  for (const e of effects) if (e.kind === 'concede') (yielded ??= []).push(e.ladder);
  for (const e of effects) {
    if (e.kind === 'tension' && yielded?.includes(e.ladder ?? 'global')) continue;
    if (e.kind === 'alignment')
      total += alignmentValue(v, i, pp, index.get(e.from)!, index.get(e.to)!, e.amount, e.framing);
    else if (e.kind === 'capability')
      total += capabilityValue(v, i, pp, index.get(e.actor)!, CAP[e.capability], e.amount);
    else if (e.kind === 'tension') total += tensionValue(v, i, pp, e.ladder ?? 'global', e.amount);
    else if (e.kind === 'concede') total += concedeOf(v, i, pp, e.ladder, e.actor);
    else if (e.kind === 'flag' && v.crises.length)
      total += flagValue(v.state, v.crises, v.rules, i, v.ids[i], pp, e.name, e.value);
    // counters, and flags no crisis reads, carry scenario meaning the policy does not model
  }
  return total;
}

/** The utility to actor i of `actor` backing down in the crisis on `ladder` (0 if it is not open). */
function concedeOf(v: PolicyView, i: number, pp: PolicyParams, ladder: string, actor: string): number {
  const cv = crisisFor(v.crises, ladder);
  return cv ? concedeValue(v.state, cv, i, v.ids[i], pp, actor) : 0;
}

/** The index an effect's actor reference stands for (a plain function: closures are costly here). */
function who(v: PolicyView, code: number, name: string, self: number, t: number): number {
  return code === REF_ACTOR ? self : code === REF_TARGET ? t : (v.index.get(name) ?? -1);
}

/**
 * The ladder a tension effect of an action moves, for actor `self` and target `t` (-1: none): as
 * dyadLadderId gives it for `dyad` (from the view's table), else the id written, else the global one.
 */
function ladderOf(v: PolicyView, ladder: string | undefined, self: number, t: number): string {
  if (ladder !== 'dyad') return ladder ?? 'global';
  const k = t < 0 ? -1 : v.dyadOf[self * v.n + t];
  return k < 0 ? 'global' : v.state.ladders.dyads[k].id;
}

/**
 * The same valuation straight from an action's prepared effects for actor i (index `self`) and
 * target t, without building effect objects: the policy's inner loop.
 */
function valueOfPlans(
  v: PolicyView,
  self: number,
  t: number,
  pp: PolicyParams,
  plans: readonly EffectPlan[],
  framing: Framing | undefined,
  amounts: Float64Array,
): number {
  let total = 0;
  // Backing down is valued as the crisis's outcome; the ladder moves that come with it are part of it.
  let yielded: string | undefined;
  for (let k = 0; k < plans.length; k++) if (plans[k].kind === 4) yielded = ladderOf(v, plans[k].ladder, self, t);
  for (let k = 0; k < plans.length; k++) {
    const e = plans[k];
    if (yielded !== undefined && e.kind === 3 && ladderOf(v, e.ladder, self, t) === yielded) continue;
    if (e.kind === 0) {
      if (e.flag !== '' && v.crises.length)
        total += flagValue(v.state, v.crises, v.rules, self, v.ids[self], pp, e.flag, e.flagValue);
      continue;
    }
    if (e.kind === 4) {
      const x = who(v, e.from, e.fromName, self, t);
      if (x >= 0) total += concedeOf(v, self, pp, ladderOf(v, e.ladder, self, t), v.ids[x]);
      continue;
    }
    const amount = amounts[k];
    if (amount === 0) continue;
    if (e.kind === 1) {
      const x = who(v, e.from, e.fromName, self, t);
      const y = who(v, e.to, e.toName, self, t);
      if (x < 0 || y < 0) continue;
      const f = e.framing ?? framing;
      total += alignmentValue(v, self, pp, x, y, amount, f);
      if (e.mutual) total += alignmentValue(v, self, pp, y, x, amount, f);
    } else if (e.kind === 2) {
      const a = who(v, e.from, e.fromName, self, t);
      if (a >= 0) total += capabilityValue(v, self, pp, a, e.cap, amount);
    } else {
      total += tensionValue(v, self, pp, ladderOf(v, e.ladder, self, t), amount);
    }
  }
  return total;
}

const NO_FRAMING: readonly undefined[] = Object.freeze([undefined]);

function clampAmount(x: number): number {
  return Math.max(-MAX_AMOUNT, Math.min(MAX_AMOUNT, x));
}

/** An expression's value as a number (as evalNumber gives it). */
function numberOf(f: Compiled, c: EvalContext): number {
  const x = f(c);
  return typeof x === 'number' && Number.isFinite(x) ? x : 0;
}

/** Amounts that do not depend on the target, evaluated once; NaN marks one to evaluate per target. */
function fixedAmounts(list: readonly EffectPlan[], c: EvalContext, out: Float64Array): Float64Array {
  for (let k = 0; k < list.length; k++) {
    const e = list[k];
    out[k] =
      e.amount === null
        ? 0
        : e.targeted
          ? NaN
          : clampAmount(Number.isNaN(e.constant) ? numberOf(e.amount, c) : e.constant);
  }
  return out;
}

/** All amounts for one target: the fixed ones, and those that mention the target evaluated now. */
function targetAmounts(
  list: readonly EffectPlan[],
  c: EvalContext,
  fixed: Float64Array,
  out: Float64Array,
): Float64Array {
  for (let k = 0; k < list.length; k++) {
    const e = list[k];
    out[k] = e.targeted ? clampAmount(numberOf(e.amount!, c)) : fixed[k];
  }
  return out;
}

/** The open crisis whose ladder a candidate's effects move or in which it backs down, if any. */
function crisisMoved(v: PolicyView, plans: readonly EffectPlan[], self: number, t: number): string | undefined {
  for (const e of plans) {
    if (e.kind !== 3 && e.kind !== 4) continue;
    if (e.ladder === 'dyad' && t < 0) continue;
    const ladder = ladderOf(v, e.ladder, self, t);
    if (crisisFor(v.crises, ladder)) return ladder;
  }
  return undefined;
}

/** How many alternatives a decision records. */
const ALTERNATIVES = 5;

/** Insert into a best-first list of at most ALTERNATIVES candidates. */
function keepTop(top: Candidate[], c: Candidate): void {
  let k = top.length;
  while (k > 0 && byScore(c, top[k - 1]) < 0) k--;
  if (k >= ALTERNATIVES) return;
  top.splice(k, 0, c);
  if (top.length > ALTERNATIVES) top.pop();
}

/** Best first; ties keep the order candidates were generated in (actions, then targets, then framings). */
function byScore(a: Candidate, b: Candidate): number {
  return b.score - a.score || a.order - b.order;
}

/** One candidate an actor considered (one object shape for all of them). */
interface Candidate {
  action: string;
  target: string | undefined;
  framing: 'partnership' | 'patronage' | undefined;
  score: number;
  cost: number;
  order: number;
  /** The open crisis this candidate moves (its ladder or a concession), if any: one such move per crisis a turn. */
  crisis: string | undefined;
}

/** A candidate as the record shows it: target and framing only when there are any. */
function scored(c: Candidate): ScoredChoice {
  const out: ScoredChoice = { action: c.action, score: c.score, cost: c.cost };
  if (c.target !== undefined) out.target = c.target;
  if (c.framing !== undefined) out.framing = c.framing;
  return out;
}

export interface PolicyChoice {
  chosen: (ActionChoice & { score: number; cost: number })[];
  alternatives: ScoredChoice[];
  /** Keyed draws made (for the state's draw count). */
  draws: number;
}

/**
 * Score every legal action of actor i and choose greedily within its budget. With `record` false
 * (a batch run, which keeps no decision log) the five best alternatives are not collected.
 */
export function decideActions(v: PolicyView, i: number, record = true): PolicyChoice {
  const { state, index, turn } = v;
  const pp = state.policies[i];
  const id = v.ids[i];
  const avail = v.available[i];
  const costWeight = state.params.policy.costWeight / Math.max(v.budget[i], 1e-9);
  const partnershipCost = state.params.policy.partnershipCost;
  const cands: Candidate[] = [];
  const top: Candidate[] = [];
  let order = 0;
  // One context per actor; only its target changes from candidate to candidate.
  const c = actionContext(v.rules, state, index, turn, id, undefined, v.budgetLeft);
  c.actorIndex = i;
  const targets = v.scratchTargets;
  const mine = Object.hasOwn(state.lastUsed, id) ? state.lastUsed[id] : undefined;
  const actions = v.rules.actions;
  const plans = v.rules.plans;
  for (let d = 0; d < actions.length; d++) {
    const def = actions[d];
    // Legality (actions.ts): the parts that do not mention the target, once for all targets.
    c.target = undefined;
    c.targetIndex = undefined;
    if (barredFor(v.rules, state, i, d, c, avail, 0) !== undefined) continue;
    const pre = plans[d];
    let fixedChance = def.chance;
    for (let m = 0; m < pre.fixedModifiers.length; m++)
      if (pre.fixedModifiers[m](c) === true) fixedChance += pre.fixedAdds[m];
    const winFixed = fixedAmounts(pre.win, c, v.winFixed);
    const loseFixed = fixedAmounts(pre.lose, c, v.loseFixed);
    // Actions with a listed set of targets weigh them all; actions open to anyone, the actor's focus.
    let nTargets = 1;
    if (!def.target) targets[0] = -1;
    else nTargets = targetsInto(def, state, i, index, def.target.actors ? undefined : v.focus[i], targets);
    // This action's record of uses by the actor (usesOf), from the actor's part looked up once.
    const uses = def.cooldown > 0 && mine !== undefined && Object.hasOwn(mine, def.id) ? mine[def.id] : undefined;
    const framings = def.framings.length ? def.framings : NO_FRAMING;
    const hasFailure = def.failure.length > 0;
    for (let q = 0; q < nTargets; q++) {
      const t = targets[q];
      const target = t >= 0 ? v.ids[t] : undefined;
      c.target = target;
      c.targetIndex = t >= 0 ? t : undefined;
      // Legality at this target: its cooldown and the preconditions that mention it.
      if (barredAt(v.rules, state, d, c, target, turn, uses) !== undefined) continue;
      let chance = fixedChance;
      for (let m = 0; m < pre.targetModifiers.length; m++)
        if (pre.targetModifiers[m](c) === true) chance += pre.targetAdds[m];
      chance = Math.min(1, Math.max(0, chance));
      // Amounts that mention the target, once per target (not once per framing).
      const winAmounts = chance > 0 ? targetAmounts(pre.win, c, winFixed, v.winPerTarget) : winFixed;
      const loseAmounts = chance < 1 && hasFailure ? targetAmounts(pre.lose, c, loseFixed, v.losePerTarget) : loseFixed;
      for (let f = 0; f < framings.length; f++) {
        const framing = framings[f];
        // actionCost, inlined
        const cost = framing === 'partnership' ? def.cost * (1 + partnershipCost) : def.cost;
        if (cost > avail) continue;
        const win = chance > 0 ? valueOfPlans(v, i, t, pp, pre.win, framing, winAmounts) : 0;
        const lose = chance < 1 && hasFailure ? valueOfPlans(v, i, t, pp, pre.lose, framing, loseAmounts) : 0;
        const score = chance * win + (1 - chance) * lose - costWeight * cost;
        order++;
        // Only candidates worth more than passing can be chosen; the record keeps the best five.
        if (score <= 0 && (!record || (top.length >= ALTERNATIVES && score <= top[top.length - 1].score))) continue;
        const cand: Candidate = {
          action: def.id,
          target,
          framing,
          score,
          cost,
          order,
          crisis: v.crises.length ? crisisMoved(v, pre.win, i, t) : undefined,
        };
        if (score > 0) cands.push(cand);
        if (record) keepTop(top, cand);
      }
    }
  }
  // Best first. byScore is a total order (no two candidates share `order`), so any sort gives this
  // list; by insertion, as an actor has a handful of candidates worth more than passing.
  for (let a = 1; a < cands.length; a++) {
    const x = cands[a];
    let b = a;
    for (; b > 0 && byScore(x, cands[b - 1]) < 0; b--) cands[b] = cands[b - 1];
    cands[b] = x;
  }
  const chosen: Candidate[] = [];
  let left = avail;
  const limit = Math.min(MAX_ACTIONS_PER_TURN, Math.floor(pp.maxActions));
  const scale = state.params.policy.utilityScale * pp.temperature;
  let draws = 0;
  let stream: Alea | undefined;
  const open: Candidate[] = [];
  const weights: number[] = [];
  for (let k = 0; k < limit; k++) {
    // Still open: worth more than passing, affordable, and not the same action on the same target.
    open.length = 0;
    for (const cand of cands) {
      if (cand.score <= 0) break; // sorted: the rest are worse
      if (cand.cost > left + 1e-12) continue;
      let dup = false;
      for (const ch of chosen)
        if (
          (ch.action === cand.action && ch.target === cand.target) ||
          (cand.crisis !== undefined && ch.crisis === cand.crisis)
        )
          dup = true;
      if (!dup) open.push(cand);
    }
    if (!open.length) break;
    let pick: Candidate | undefined = open[0];
    if (scale > 0) {
      // Softmax over the open candidates and passing (score 0), with one keyed draw per pick.
      const best = open[0].score;
      weights.length = 0;
      let total = Math.exp(-best / scale);
      for (const cand of open) {
        const w = Math.exp((cand.score - best) / scale);
        weights.push(w);
        total += w;
      }
      // Successive draws of one stream per actor and turn (one generator, not one per pick).
      stream ??= keyedAlea(state.rng.seed, turn, 'policy', id);
      let u = stream.double() * total;
      draws++;
      pick = undefined;
      for (let m = 0; m < open.length; m++) {
        u -= weights[m];
        if (u < 0) {
          pick = open[m];
          break;
        }
      }
      if (!pick) break; // passed
    }
    left -= pick.cost;
    chosen.push(pick);
  }
  return { chosen: chosen.map(scored), alternatives: top.map(scored), draws };
}

/**
 * The probabilities with which a policy picks among an event's options: the scripted weights
 * (raised to `optionPrior`) times exp(utility / scale), scale = utilityScale * max(temperature, 0.1),
 * so the scenario's weights still count and a cold doctrine mostly takes its best option.
 */
export function optionWeights(
  v: PolicyView,
  i: number,
  scripted: readonly number[],
  options: readonly Effect[][],
): { weights: number[]; scores: number[] } {
  const pp = v.state.policies[i];
  const pol = v.state.params.policy;
  const scores = options.map((effects) => valueOf(v, i, pp, effects));
  const scale = pol.utilityScale * Math.max(pp.temperature, 0.1);
  const best = Math.max(...scores.filter((_, k) => scripted[k] > 0), -Infinity);
  const weights = scores.map((s, k) =>
    scripted[k] > 0 ? Math.pow(scripted[k], pol.optionPrior) * Math.exp((s - best) / scale) : 0,
  );
  return { weights, scores };
}
