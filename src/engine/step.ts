/**
 * One turn as a pure function: step(state, inputs) -> { state, trace }. The order is fixed
 * (docs/MODEL.md, "A turn"):
 *   1. calendar: turn + 1, date + turn length; recent-effect memory fades
 *   2. decisions: every actor chooses its actions on the state at the start of the turn (humans
 *      through the inputs, everyone else by policy) and pays for them from its resources
 *   3. events fire and their options are chosen (human, else the chooser's policy)
 *   4. actions resolve together with keyed dice
 *   5. effects: events', then actions', then the White cell's, in that order
 *   6. capabilities: Richardson arms dynamics (military), trend growth (economic)
 *   7. alignment: influence, balance, threat and noise, all computed from the same snapshot
 *      (after effects and capabilities), summed, then clipped to [-1, 1] (the "bound" part)
 *   8. escalation ladders relax toward their structural level; a crisis may slip a rung (keyed
 *      dice), and one that reaches its war rung becomes war, won by the side its balance of forces
 *      favours (keyed dice); end conditions are checked
 * Every change is recorded with its cause, and each alignment cell's change over the turn is the
 * sequential sum of its recorded parts, in the order above.
 */
import { armsCoefficients, rivalPressure } from './arms';
import { capabilityArrays, perItem, pow, toF64, toPlain } from './arrays';
import { addMonths } from './dates';
import { MAX_AMOUNT, SimulationError } from './step-errors';
export { MAX_AMOUNT, SimulationError } from './step-errors';
import { actionKey, budgets, checkChoices, recordUses, resolveAction } from './actions';
import { applyEffects } from './effects';
import { checkEnd, runEvents, type OptionPolicy } from './events';
import { BudgetError, EVAL_BUDGET } from './expr';
import { decideActions, optionWeights, policyView } from './policy';
import { mutualHostility, structuralHostility } from './ladder';
import { keyedAlea, keyedDraw } from './rng';
import { crisisBalance, openCrisis, payoffs, resolveAt, slipRisk } from './crisis';
import { evalContext, evalNumber } from './expr';
import { computeTerms } from './terms';
import {
  CAPABILITY_KINDS,
  type ActionChoice,
  type CrisisDef,
  type CrisisRecord,
  type CrisisState,
  type Decision,
  type Effect,
  type StepResult,
  type TurnInputs,
  type TurnTrace,
  type WorldState,
} from './types';

export interface StepOptions {
  /** Build the per-turn record (default true). Batch runs turn it off for speed. */
  trace?: boolean;
}

/** √3: a uniform shock scaled to unit variance (as in rng.unitShock). */
const SQRT3 = Math.sqrt(3);

/** The largest military growth rate per year the threat term takes into account. */
export const MAX_GROWTH = 10;

const CAP_INDEX = { military: 0, economic: 1, maritime: 2, diplomatic: 3 } as const;

/** A problem with a turn's inputs, as data. */
export interface InputIssue {
  code:
    | 'input/unknown_actor'
    | 'input/unknown_ladder'
    | 'input/unknown_capability'
    | 'input/unknown_kind'
    | 'input/bad_number'
    | 'input/bad_name'
    | 'input/unknown_event'
    | 'input/unknown_option'
    | 'input/illegal_action'
    | 'input/bad_ruling'
    | 'input/bad_target';
  path: string;
  message: string;
}

const NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;
const KINDS = new Set(['alignment', 'capability', 'tension', 'flag', 'counter', 'concede']);

/** Check inputs against a state; an empty list means `step` will accept them. */
export function checkInputs(state: WorldState, inputs: TurnInputs): InputIssue[] {
  // Most turns of a batch run have no inputs at all: nothing to check.
  if (inputs.choices === undefined && inputs.actions === undefined && inputs.rulings === undefined && inputs.inject === undefined && inputs.effects === undefined) return [];
  const ids = new Set(state.actors.map((a) => a.id));
  const ladders = new Set(['global', ...state.ladders.dyads.map((d) => d.id)]);
  const issues: InputIssue[] = [];
  for (const [key, option] of Object.entries(inputs.choices ?? {})) {
    const def = state.rules.events.find((e) => e.id === key.slice(0, key.lastIndexOf('@')));
    if (!def) issues.push({ code: 'input/unknown_event', path: `choices.${key}`, message: `no event instance "${key}" (keys are eventId@target)` });
    else if (typeof option !== 'string' || !def.options.some((o) => o.id === option))
      issues.push({ code: 'input/unknown_option', path: `choices.${key}`, message: `event "${def.id}" has no option ${JSON.stringify(option)} (options: ${def.options.map((o) => o.id).join(', ')})` });
  }
  const actions = inputs.actions ?? {};
  if (Object.keys(actions).length) {
    const index = new Map(state.actors.map((a, i) => [a.id, i]));
    const budget = budgets(state);
    for (const [actor, list] of Object.entries(actions)) {
      const i = index.get(actor);
      const available = i === undefined ? 0 : budget[i] + (state.resources[i] ?? 0);
      for (const problem of checkChoices(state, actor, list, available, index, state.turn + 1))
        issues.push({ code: i === undefined ? 'input/unknown_actor' : 'input/illegal_action', path: `actions.${actor}`, message: problem });
    }
  }
  for (const [key, value] of Object.entries(inputs.rulings ?? {})) {
    const crisis = /^(slip|war)@(.+)$/.exec(key);
    if (crisis) {
      if (typeof value !== 'boolean' || !state.rules.crises.some((c) => c.ladder === crisis[2]))
        issues.push({ code: 'input/bad_ruling', path: `rulings.${key}`, message: `a ruling on a crisis is slip@LADDER or war@LADDER with a crisis ladder (${state.rules.crises.map((c) => c.ladder).join(', ') || 'none in this scenario'}) and true or false` });
      continue;
    }
    const m = /^([A-Z][A-Z0-9_]*):([a-z][a-z0-9_]*)@([A-Z0-9_]*)$/.exec(key);
    if (typeof value !== 'boolean' || !m)
      issues.push({ code: 'input/bad_ruling', path: `rulings.${key}`, message: 'a ruling is true (succeeds) or false (fails), keyed actor:action@target' });
    else if (!ids.has(m[1]) || (m[3] !== '' && !ids.has(m[3])) || !state.rules.actions.some((d) => d.id === m[2]))
      issues.push({ code: 'input/bad_ruling', path: `rulings.${key}`, message: `no actor or action for the ruling "${key}" (actor:action@target, with known ids)` });
  }
  (inputs.inject ?? []).forEach((inj, k) => {
    const def = state.rules.events.find((e) => e.id === inj?.event);
    if (!def) issues.push({ code: 'input/unknown_event', path: `inject[${k}]`, message: `no event "${String(inj?.event)}" in this scenario` });
    else {
      // A follow-up-only event without targets of its own takes its target from the event that
      // schedules it, so an injection must name one (any actor); other untargeted events take none.
      const inherits = !def.targets && def.timing.kind === 'followup';
      const ok = def.targets ? inj.target !== undefined && def.targets.includes(inj.target) : inherits ? inj.target !== undefined && ids.has(inj.target) : inj.target === undefined;
      if (!ok)
        issues.push({
          code: 'input/bad_target',
          path: `inject[${k}].target`,
          message: def.targets ? `event "${def.id}" needs a target among ${def.targets.join(', ')}` : inherits ? `event "${def.id}" is a follow-up that needs a target: an actor id` : `event "${def.id}" takes no target`,
        });
    }
  });
  (inputs.effects ?? []).forEach((e: Effect, k) => {
    const path = `effects[${k}]`;
    if (!KINDS.has(e.kind)) {
      issues.push({ code: 'input/unknown_kind', path, message: `unknown effect kind "${String(e.kind)}"` });
      return;
    }
    const actorsOf = e.kind === 'alignment' ? [e.from, e.to] : e.kind === 'capability' ? [e.actor] : [];
    for (const id of actorsOf)
      if (!ids.has(id)) issues.push({ code: 'input/unknown_actor', path, message: `unknown actor "${id}"` });
    if (e.kind === 'capability' && !(CAPABILITY_KINDS as readonly string[]).includes(e.capability))
      issues.push({ code: 'input/unknown_capability', path: `${path}.capability`, message: `unknown capability "${e.capability}"` });
    if (e.kind === 'concede') {
      const def = state.rules.crises.find((c) => c.ladder === e.ladder);
      if (!def) issues.push({ code: 'input/unknown_ladder', path, message: `no crisis on ladder "${e.ladder}" (crises: ${state.rules.crises.map((c) => c.ladder).join(', ') || 'none'})` });
      else if (def.sides[0].actor !== e.actor && def.sides[1].actor !== e.actor)
        issues.push({ code: 'input/unknown_actor', path, message: `${e.actor} is not a side of the crisis ${e.ladder} (${def.sides[0].actor} and ${def.sides[1].actor} are)` });
    }
    if (e.kind === 'tension' && !ladders.has(e.ladder ?? 'global'))
      issues.push({ code: 'input/unknown_ladder', path, message: `unknown ladder "${e.ladder}"` });
    if ((e.kind === 'flag' || e.kind === 'counter') && !NAME.test(e.name))
      issues.push({ code: 'input/bad_name', path: `${path}.name`, message: 'a name of letters, digits, _ . : - starting with a letter' });
    if ('amount' in e && !(Number.isFinite(e.amount) && Math.abs(e.amount) <= MAX_AMOUNT))
      issues.push({ code: 'input/bad_number', path: `${path}.amount`, message: `amount must be a finite number of at most ${MAX_AMOUNT} in size` });
    else if ('set' in e && e.set) {
      const [lo, hi] = e.kind === 'alignment' ? [-1, 1] : e.kind === 'tension' ? [0, state.params.ladder.max] : [0, MAX_AMOUNT];
      if (e.amount < lo || e.amount > hi) issues.push({ code: 'input/bad_number', path: `${path}.amount`, message: `a ${e.kind} is set to a value from ${lo} to ${hi}` });
    }
  });
  return issues;
}

/** Advance the world by one turn. Throws only if `inputs` fail `checkInputs` (a caller's bug). */
export function step(state: WorldState, inputs: TurnInputs = {}, options: StepOptions = {}): StepResult & { trace: TurnTrace } {
  const issues = checkInputs(state, inputs);
  if (issues.length) throw new Error(`invalid turn inputs: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  const wantTrace = options.trace !== false;
  const p = state.params;
  const w = p.weights;
  const n = state.actors.length;
  const nn = n * n;
  const { ids, index } = actorIndex(state);
  const turn = state.turn + 1;
  const dt = state.turnMonths / 12;

  // 1. calendar and fading memory
  const A = toF64(state.alignment);
  const load = toF64(state.effectLoad);
  const baseline = toF64(state.baseline);
  const keep = 1 - p.effects.fatigueDecay;
  for (let x = 0; x < nn; x++) load[x] *= keep;
  const caps = capabilityArrays(state.actors);
  const ladders = new Map<string, number>([['global', state.ladders.global], ...state.ladders.dyads.map((d) => [d.id, d.level] as [string, number])]);
  const flags = { ...state.flags };
  const counters = { ...state.counters };
  const crises: Record<string, CrisisState> = { ...state.crises };
  const autonomy = perItem(state.actors, (a) => a.posture.autonomy);
  const before = wantTrace ? [...state.alignment] : [];
  // Each crisis as the actors see it at the start of the turn (for the record).
  const crisisRecords: CrisisRecord[] = wantTrace ? state.rules.crises.map((def) => crisisRecord(state, def, index)) : [];

  // 2. decisions on the state at the start of the turn; 3. events; 4. actions resolve
  const evalBudget = { left: EVAL_BUDGET };
  const decisions: Decision[] = [];
  const actionEffects: Effect[] = [];
  const resources = new Array<number>(n);
  const uses: { actor: string; action: string; target: string }[] = [];
  const ruled = new Set<string>();
  const rulingsUsed = new Set<string>();
  let actionDraws = 0;
  let choicesMade: { list: (ActionChoice & { score?: number })[]; doctrine?: string; alternatives: Decision['alternatives'] }[];
  let ev: ReturnType<typeof runEvents>;
  try {
    // The policies' view of the turn, built only when someone has a choice to make.
    let view: ReturnType<typeof policyView> | undefined;
    const getView = () => (view ??= policyView(state, index, turn, evalBudget));
    const anyActions = state.rules.actions.length > 0;
    let budget: Float64Array | undefined;
    choicesMade = state.actors.map((a, i) => {
      const human = inputs.actions && Object.hasOwn(inputs.actions, a.id) ? inputs.actions[a.id] : undefined;
      if (human) return { list: human, alternatives: [] };
      const pick = anyActions && state.policies[i].maxActions >= 1 ? decideActions(getView(), i, wantTrace) : { chosen: [], alternatives: [], draws: 0 };
      actionDraws += pick.draws;
      return { list: pick.chosen, doctrine: state.policies[i].doctrine, alternatives: pick.alternatives };
    });
    const optionPolicy: OptionPolicy = (chooser, scripted, options) => {
      const i = index.get(chooser);
      return i === undefined ? undefined : optionWeights(getView(), i, scripted, options);
    };
    ev = runEvents(state, inputs, turn, optionPolicy);
    for (let i = 0; i < n; i++) {
      const made = choicesMade[i];
      const actor = ids[i];
      const b = view ? view.budget[i] : (budget ??= budgets(state))[i];
      const d: Decision = { actor, controller: made.doctrine === undefined ? 'human' : 'policy', available: b + (state.resources[i] ?? 0), budget: b, spent: 0, saved: 0, actions: [], alternatives: made.alternatives };
      if (made.doctrine !== undefined) d.doctrine = made.doctrine;
      for (const choice of made.list) {
        const r = resolveAction(state, index, turn, actor, choice, inputs.rulings, evalBudget);
        if (r.outcome.adjudicated) ruled.add(actionKey(actor, choice));
        if (choice.score !== undefined) r.outcome.score = choice.score;
        d.spent += r.outcome.cost;
        d.actions.push(r.outcome);
        actionDraws++;
        uses.push({ actor, action: choice.action, target: choice.target ?? '' });
        actionEffects.push(...r.effects);
      }
      d.saved = Math.max(0, Math.min(p.policy.reserve * d.budget, d.available - d.spent));
      resources[i] = d.saved;
      decisions.push(d);
    }
  } catch (e) {
    if (e instanceof BudgetError) throw new SimulationError('sim/too_costly', `turn ${turn}: ${e.message}; simplify the action preconditions or event expressions`);
    throw e;
  }
  // 5. effects: events', actions', then the inputs' own (the White cell's come last)
  const effects = applyEffects(
    [...ev.effects, ...actionEffects, ...(inputs.effects ?? [])],
    { n, index, A, baseline, load, autonomy, capabilities: caps, capabilityIndex: CAP_INDEX, ladders, ladderMax: p.ladder.max, flags, counters, crises, turn },
    w.effects,
    p.effects,
  );
  const afterEffects = wantTrace ? toPlain(A) : [];

  // 6. capabilities
  const capTrace: TurnTrace['capabilities'] = [];
  const military = caps[0];
  const militaryBefore = military.slice();
  const economicBefore = caps[1].slice();
  const growth = new Float64Array(n);
  if (w.arms !== 0) {
    const { reactivity, fatigue } = armsCoefficients(ids, p.arms);
    const k = w.arms * dt;
    for (let i = 0; i < n; i++) {
      const m0 = militaryBefore[i];
      const reaction = k * reactivity[i] * rivalPressure(n, A, militaryBefore, economicBefore, i);
      const restraint = -k * fatigue[i] * m0;
      const grievance = k * state.grievance[i];
      let acc = m0 + reaction;
      acc += restraint;
      acc += grievance;
      const floor = Math.max(0, acc) - acc;
      acc += floor;
      military[i] = acc;
      // Capped so a near-zero budget that jumps cannot make the threat surge infinite.
      growth[i] = m0 > 0 ? Math.min(MAX_GROWTH, (acc - m0) / m0 / dt) : 0;
      if (wantTrace) {
        const actor = ids[i];
        const parts: [string, number][] = [['reaction', reaction], ['restraint', restraint], ['grievance', grievance], ['floor', floor]];
        for (const [note, delta] of parts)
          if (delta !== 0) capTrace.push({ actor, capability: 'military', delta, cause: { type: 'term', id: 'arms', note } });
      }
    }
  }
  const economic = caps[1];
  for (let i = 0; i < n; i++) {
    const delta = economic[i] * state.actors[i].growth.economic * dt;
    economic[i] += delta;
    if (wantTrace && delta !== 0) capTrace.push({ actor: ids[i], capability: 'economic', delta, cause: { type: 'term', id: 'growth' } });
  }

  // 7. alignment terms, all from the same snapshot A
  const { influence, balance, threat, salience: sal } = computeTerms({
    n,
    A,
    baseline,
    actors: state.actors,
    params: p,
    proximity: state.proximity,
    military,
    economic,
    growth,
  });
  const residual = new Float64Array(nn);
  if (w.residual !== 0) for (let x = 0; x < nn; x++) residual[x] = w.residual * state.residual[x];
  const noise = new Float64Array(nn);
  let draws = ev.draws + actionDraws;
  const sd = w.noise * p.noise.sd;
  if (sd !== 0) {
    for (let i = 0; i < n; i++) {
      // unitShock over keyedStream32, written out: one generator per row, no closure per draw.
      const g = keyedAlea(state.rng.seed, turn, 'noise', ids[i]);
      for (let j = 0; j < n; j++) if (j !== i) noise[i * n + j] = sd * ((g.next() * 2 - 1) * SQRT3);
      draws += n - 1;
    }
  }
  const bound = wantTrace ? new Array<number>(nn).fill(0) : [];
  for (let x = 0; x < nn; x++) {
    let v = A[x] + influence[x];
    v += balance[x];
    v += threat[x];
    v += residual[x];
    v += noise[x];
    const clip = Math.min(1, Math.max(-1, v)) - v;
    if (wantTrace) bound[x] = clip;
    A[x] = v + clip;
  }

  // 8. escalation ladders
  const ladderTrace: TurnTrace['ladders'] = [];
  const maxM = military.reduce((m, v) => Math.max(m, v), 0);
  const power = new Float64Array(n);
  for (let i = 0; i < n; i++) power[i] = maxM > 0 ? pow(military[i] / maxM, p.threat.powerExponent) : 0;
  const relax = Math.min(1, p.ladder.rate * dt);
  const moveLadder = (id: string, hostility: number) => {
    const level = ladders.get(id)!;
    const anchor = state.ladders.anchors?.[id];
    const target = anchor
      ? Math.min(p.ladder.max, Math.max(0, anchor.level + p.ladder.max * p.ladder.pressure * (hostility - anchor.hostility)))
      : p.ladder.max * p.ladder.pressure * hostility;
    const delta = Math.min(p.ladder.max, Math.max(0, level + relax * (target - level))) - level;
    ladders.set(id, level + delta);
    if (wantTrace && delta !== 0) ladderTrace.push({ ladder: id, delta, cause: { type: 'term', id: 'ladder' } });
  };
  moveLadder('global', structuralHostility(n, A, power));
  for (const d of state.ladders.dyads) moveLadder(d.id, mutualHostility(n, A, index.get(d.a)!, index.get(d.b)!));

  // A crisis may slip a rung on its own: Schelling's risk that leaves something to chance.
  const atWar: string[] = [];
  state.rules.crises.forEach((def, k) => {
    const id = def.ladder;
    const c = crises[id];
    if (c.war || c.conceded) return;
    const level = ladders.get(id)!;
    const risk = slipRisk(level, def, p.crisis, w.escalation, state.turnMonths);
    if (risk > 0) {
      const key = `slip@${id}`;
      const ruled = inputs.rulings && Object.hasOwn(inputs.rulings, key) ? inputs.rulings[key] : undefined;
      const roll = keyedDraw(state.rng.seed, turn, 'slip', id);
      draws++;
      const slipped = ruled ?? roll < risk;
      if (ruled !== undefined) rulingsUsed.add(key);
      if (wantTrace) Object.assign(crisisRecords[k], { risk, roll, slipped });
      if (slipped) {
        const delta = Math.min(p.ladder.max, level + p.crisis.slip) - level;
        ladders.set(id, level + delta);
        if (wantTrace && delta !== 0) ladderTrace.push({ ladder: id, delta, cause: { type: 'term', id: 'escalation', note: 'the crisis slipped out of control' } });
      }
    } else if (wantTrace) crisisRecords[k].risk = 0;
    if (ladders.get(id)! >= def.warRung) atWar.push(id);
  });

  for (let i = 0; i < n; i++)
    for (let c = 0; c < caps.length; c++)
      if (!Number.isFinite(caps[c][i]))
        throw new SimulationError('sim/diverged', `turn ${turn}: ${CAPABILITY_KINDS[c]} capability of ${ids[i]} is no longer finite (a runaway arms race?); lower arms.reactivity or weights.arms`);
  for (let x = 0; x < nn; x++)
    if (Number.isNaN(A[x])) throw new SimulationError('sim/diverged', `turn ${turn}: alignment of ${ids[Math.floor(x / n)]} toward ${ids[x % n]} is not a number`);

  const hasInputs =
    (inputs.effects?.length ?? 0) > 0 ||
    (inputs.inject?.length ?? 0) > 0 ||
    Object.keys(inputs.choices ?? {}).length > 0 ||
    Object.keys(inputs.actions ?? {}).length > 0 ||
    Object.keys(inputs.rulings ?? {}).length > 0;
  const next: WorldState = {
    ...state,
    turn,
    date: addMonths(state.startDate, turn * state.turnMonths),
    actors: state.actors.map((a, i) => ({
      ...a,
      capabilities: { military: caps[0][i], economic: caps[1][i], maritime: caps[2][i], diplomatic: caps[3][i] },
    })),
    alignment: toPlain(A),
    baseline: toPlain(baseline),
    effectLoad: toPlain(load),
    ladders: { ...state.ladders, global: ladders.get('global')!, dyads: state.ladders.dyads.map((d) => ({ ...d, level: ladders.get(d.id)! })) },
    crises,
    flags,
    counters,
    resources,
    lastUsed: recordUses(state, turn, uses),
    events: ev.events,
    rng: { seed: state.rng.seed, draws: state.rng.draws + draws },
    log: hasInputs ? [...state.log, { turn, inputs: structuredClone(inputs) }] : state.log,
  };
  // A crisis at its war rung is war, won by side a with its chance of prevailing on the new balance.
  for (const id of atWar) {
    const def = state.rules.crises.find((c) => c.ladder === id)!;
    if (!openCrisis(next, id)) continue;
    const c = evalContext(next, index, turn, next.events.fired, evalBudget);
    const chance = crisisBalance(next, def, index, (e) => evalNumber(e, c)).chance[0];
    const key = `war@${id}`;
    const ruled = inputs.rulings && Object.hasOwn(inputs.rulings, key) ? inputs.rulings[key] : undefined;
    const roll = keyedDraw(state.rng.seed, turn, 'war', id);
    next.rng.draws++;
    if (ruled !== undefined) rulingsUsed.add(key);
    const winner = (ruled ?? roll < chance) ? def.sides[0].actor : def.sides[1].actor;
    next.crises[id] = { ...next.crises[id], war: { turn, winner, chance } };
    if (wantTrace) crisisRecords[state.rules.crises.indexOf(def)].war = { winner, chance, roll };
  }
  if (wantTrace)
    state.rules.crises.forEach((def, k) => {
      const was = state.crises[def.ladder];
      const now = next.crises[def.ladder];
      if (!was.conceded && now.conceded) crisisRecords[k].conceded = now.conceded.actor;
    });
  const ended = checkEnd(next);
  if (ended) next.ended = ended;
  const trace: TurnTrace = {
    turn,
    date: next.date,
    events: ev.fired,
    decisions,
    unusedRulings: Object.keys(inputs.rulings ?? {}).filter((k) => !ruled.has(k) && !rulingsUsed.has(k)),
    effects,
    before,
    afterEffects,
    baseline: wantTrace ? toPlain(baseline) : [],
    terms: wantTrace
      ? { influence: toPlain(influence), balance: toPlain(balance), threat: toPlain(threat), residual: toPlain(residual), noise: toPlain(noise) }
      : { influence: [], balance: [], threat: [], residual: [], noise: [] },
    bound,
    military: wantTrace ? toPlain(military) : [],
    militaryGrowth: wantTrace ? toPlain(growth) : [],
    salience: wantTrace ? toPlain(sal) : [],
    capabilities: capTrace,
    ladders: ladderTrace,
    crises: crisisRecords,
  };
  return { state: next, trace };
}

/**
 * The actors' ids in order and id -> index, shared by every state of a run: a run's actors never
 * change, so this is built once per rules object and checked against the state's ids each turn.
 */
const indexCache = new WeakMap<object, { ids: string[]; index: ReadonlyMap<string, number> }>();

function actorIndex(state: WorldState): { ids: string[]; index: ReadonlyMap<string, number> } {
  const cached = indexCache.get(state.rules);
  const actors = state.actors;
  if (cached && cached.ids.length === actors.length) {
    let same = true;
    for (let i = 0; i < actors.length && same; i++) same = cached.ids[i] === actors[i].id;
    if (same) return cached;
  }
  const ids = actors.map((a) => a.id);
  const made = { ids, index: new Map(ids.map((id, i) => [id, i])) };
  indexCache.set(state.rules, made);
  return made;
}

/** A crisis as the actors see it in `state`: balance of forces, chances, each side's resolve. */
function crisisRecord(state: WorldState, def: CrisisDef, index: ReadonlyMap<string, number>): CrisisRecord {
  const c = evalContext(state, index, state.turn + 1, state.events.fired, { left: EVAL_BUDGET });
  const bal = crisisBalance(state, def, index, (e) => evalNumber(e, c));
  const level = state.ladders.dyads.find((d) => d.id === def.ladder)!.level;
  const shock = state.crises[def.ladder].shock;
  const resolve = [0, 1].map((s) => resolveAt(payoffs(def, s as 0 | 1, bal.chance[s], shock[def.sides[s].actor] ?? 0, state.params.crisis), level)) as [number, number];
  return { ladder: def.ladder, level, risk: 0, forces: bal.forces, parts: bal.parts, chance: bal.chance, resolve };
}
