/**
 * The events runtime: which scripted events fire this turn, which option each instance takes, and
 * the effects that result. Expressions see the world as it was at the start of the turn (plus the
 * fired counts as they grow), so the order of events changes only what `fired()` reports. Events
 * are visited in definition order, targets in the order given, follow-ups in the order scheduled:
 * simultaneous events never vary. All draws are keyed (seed, turn, purpose, target).
 */
import {
  BudgetError,
  EVAL_BUDGET,
  dyadLadderId,
  evalBool,
  evalContext,
  evalNumber,
  type EvalContext,
  type Expr,
} from './expr';
import { keyedDraw } from './rng';
import type { Rules } from './rules';
import { MAX_AMOUNT, SimulationError } from './step-errors';
import type { Effect, EffectDef, EventDef, EventState, FiredEvent, FollowUpDef, TurnInputs, WorldState } from './types';

/** Same-turn follow-ups allowed in one turn before the chain is cut off as a loop. */
export const MAX_CHAIN = 64;
/** Event instances that may fire in one turn, and follow-ups that may wait at once. */
export const MAX_FIRED_PER_TURN = 2000;
export const MAX_PENDING = 10000;

/** The key of an event instance, used for `once`, human choices and draws. */
export function instanceKey(event: string, target?: string): string {
  return `${event}@${target ?? ''}`;
}

export interface EventsOutcome {
  effects: Effect[];
  fired: FiredEvent[];
  events: EventState;
  draws: number;
}

/**
 * How an actor's policy weighs an event's options: given the chooser, the scripted weights and
 * each option's effects, the weights to draw with and the policy's scores (docs/MODEL.md).
 */
export type OptionPolicy = (
  chooser: string,
  scripted: number[],
  options: Effect[][],
) => { weights: number[]; scores: number[] } | undefined;

/** Run this turn's events under the rules against the state at the start of the turn. */
export function runEvents(
  rules: Rules,
  state: WorldState,
  inputs: TurnInputs,
  turn: number,
  policy?: OptionPolicy,
): EventsOutcome {
  try {
    return runEventsUnchecked(rules, state, inputs, turn, policy);
  } catch (e) {
    if (e instanceof BudgetError)
      throw new SimulationError('sim/too_costly', `turn ${turn}: ${e.message}; simplify the triggers or aggregates`);
    throw e;
  }
}

function runEventsUnchecked(
  rules: Rules,
  state: WorldState,
  inputs: TurnInputs,
  turn: number,
  policy: OptionPolicy | undefined,
): EventsOutcome {
  const defs = new Map(rules.def.events.map((e) => [e.id, e]));
  const events: EventState = {
    fired: { ...state.events.fired },
    firedFor: { ...state.events.firedFor },
    pending: [],
  };
  const index = rules.index;
  const seed = state.rng.seed;
  const effects: Effect[] = [];
  const fired: FiredEvent[] = [];
  let draws = 0;
  // Flags and counters change as events fire, so later events this turn see them; everything
  // else is read as it was at the start of the turn.
  const liveFlags: Record<string, boolean> = { ...state.flags };
  const liveCounters: Record<string, number> = { ...state.counters };
  const live: WorldState = { ...state, flags: liveFlags, counters: liveCounters };
  const budget = { left: EVAL_BUDGET };
  const ctx = (target?: string, actor?: string): EvalContext =>
    evalContext(rules, live, index, turn, events.fired, budget, actor, target);
  /** A follow-up without an inherited target fires for each of its event's own targets. */
  const expand = (def: EventDef, target: string | undefined): readonly (string | undefined)[] =>
    target === undefined && def.targets ? def.targets : [target];

  // Same-turn queue: follow-ups due now, then scheduled events; delay-0 follow-ups join the end.
  const queue: { def: EventDef; target?: string; reason: string; chain: string[] }[] = [];
  // White-cell injections come first, in the order given; they ignore timing, trigger and `once`.
  for (const inj of inputs.inject ?? []) {
    const def = defs.get(inj.event);
    if (def) queue.push({ def, target: inj.target, reason: 'white cell', chain: [def.id] });
  }
  const injected = queue.length;
  for (const p of state.events.pending) {
    if (p.turn > turn) events.pending.push(p);
    else if (defs.has(p.event))
      for (const t of expand(defs.get(p.event)!, p.target))
        queue.push({ def: defs.get(p.event)!, target: t, reason: 'follow-up', chain: [p.event] });
  }

  const timesThisTurn = new Map<string, number>();
  const fire = (def: EventDef, target: string | undefined, reason: string, chain: string[]) => {
    const key = instanceKey(def.id, target);
    // A second firing of the same instance this turn gets its own draw (the first keeps the plain key).
    const nth = (timesThisTurn.get(key) ?? 0) + 1;
    timesThisTurn.set(key, nth);
    const drawKey = nth === 1 ? (target ?? '') : `${target ?? ''}#${nth}`;
    if (fired.length >= MAX_FIRED_PER_TURN)
      throw new SimulationError(
        'sim/event_loop',
        `turn ${turn}: more than ${MAX_FIRED_PER_TURN} events fired in one turn (the last was ${def.id}); follow-ups are multiplying`,
      );
    events.fired[def.id] = (Object.hasOwn(events.fired, def.id) ? events.fired[def.id] : 0) + 1;
    events.firedFor[key] = (Object.hasOwn(events.firedFor, key) ? events.firedFor[key] : 0) + 1;
    const chooser = def.actor === 'target' ? target : (def.actor ?? target);
    const c = ctx(target, chooser);
    const cause = { type: 'event' as const, id: def.id, actors: target ? [target] : undefined };
    const take = (list: readonly EffectDef[], why: Effect['cause']) => {
      for (const e of list)
        for (const x of resolveEffect(e, c, why)) {
          effects.push(x);
          if (x.kind === 'flag') liveFlags[x.name] = x.value;
          if (x.kind === 'counter')
            liveCounters[x.name] = (Object.hasOwn(liveCounters, x.name) ? liveCounters[x.name] : 0) + x.amount;
        }
    };
    take(def.effects, cause);
    const record: FiredEvent = { event: def.id, target, reason };
    let followUps: readonly FollowUpDef[] = def.followUps;
    if (def.options.length) {
      const human = inputs.choices && Object.hasOwn(inputs.choices, key) ? inputs.choices[key] : undefined;
      let choice = def.options.findIndex((o) => o.id === human);
      if (choice >= 0) record.chooser = 'human';
      else {
        const scripted = def.options.map((o) => {
          let w = Math.max(0, evalNumber(o.weight, c));
          for (const m of o.modifiers) if (evalBool(m.when, c)) w *= m.factor;
          return w;
        });
        // An actor that chooses weighs the options by its own goals (the same policy as its actions).
        const byPolicy =
          chooser !== undefined && policy
            ? policy(
                chooser,
                scripted,
                def.options.map((o) => o.effects.flatMap((e) => resolveEffect(e, c, cause))),
              )
            : undefined;
        const weights = byPolicy ? byPolicy.weights : scripted;
        const total = weights.reduce((s, w) => s + w, 0);
        const u = keyedDraw(seed, turn, `option:${def.id}`, drawKey);
        draws++;
        choice = 0;
        if (total > 0) {
          let acc = 0;
          choice = weights.length - 1;
          for (let k = 0; k < weights.length; k++) {
            acc += weights[k];
            if (u * total < acc) {
              choice = k;
              break;
            }
          }
        }
        record.chooser = byPolicy ? 'policy' : 'ai';
        if (byPolicy) {
          record.by = chooser;
          record.scores = byPolicy.scores;
        }
        record.weights = scripted;
      }
      const option = def.options[choice];
      record.option = option.id;
      const optionCause = { ...cause, note: `option ${option.id}` };
      take(option.effects, optionCause);
      followUps = [...followUps, ...option.followUps];
    }
    fired.push(record);
    for (const f of followUps) {
      const next = defs.get(f.event)!;
      if (f.delay === 0) {
        if (chain.length >= MAX_CHAIN)
          throw new SimulationError(
            'sim/event_loop',
            `turn ${turn}: the event chain ${[...chain.slice(0, 6), '...', f.event].join(' -> ')} keeps triggering itself within one turn`,
          );
        for (const t of expand(next, target))
          queue.push({ def: next, target: t, reason: `follow-up of ${def.id}`, chain: [...chain, f.event] });
      } else {
        if (events.pending.length >= MAX_PENDING)
          throw new SimulationError(
            'sim/event_loop',
            `turn ${turn}: more than ${MAX_PENDING} follow-ups are waiting (the last from ${def.id}); follow-ups are multiplying`,
          );
        events.pending.push({ event: f.event, turn: turn + f.delay, target });
      }
    }
  };

  /** A follow-up still respects its event's `once` and `trigger`. */
  const allowed = (def: EventDef, target: string | undefined): boolean => {
    if (def.once && (events.firedFor[instanceKey(def.id, target)] ?? 0) > 0) return false;
    const chooser = def.actor === 'target' ? target : (def.actor ?? target);
    return !def.trigger || evalBool(def.trigger, ctx(target, chooser));
  };

  const due = (def: EventDef, target: string | undefined): boolean => {
    if (def.timing.kind === 'followup') return false;
    if (def.once && (events.firedFor[instanceKey(def.id, target)] ?? 0) > 0) return false;
    if (def.timing.kind === 'turn' && def.timing.turn !== turn) return false;
    const chooser = def.actor === 'target' ? target : (def.actor ?? target);
    if (def.trigger && !evalBool(def.trigger, ctx(target, chooser))) return false;
    if (def.timing.kind === 'chance' || def.timing.kind === 'mtth') {
      const p = def.timing.kind === 'chance' ? def.timing.p : 1 / def.timing.n;
      draws++;
      return keyedDraw(seed, turn, `event:${def.id}`, target ?? '') < p;
    }
    return true;
  };

  // Follow-ups that were due first, in order; then the scheduled events in definition order.
  const run = (q: (typeof queue)[number]) => allowed(q.def, q.target) && fire(q.def, q.target, q.reason, q.chain);
  for (let q = 0; q < queue.length; q++)
    q < injected ? fire(queue[q].def, queue[q].target, queue[q].reason, queue[q].chain) : run(queue[q]);
  const start = queue.length;
  for (const def of rules.def.events)
    for (const target of def.targets ?? [undefined])
      if (due(def, target)) {
        fire(def, target, def.timing.kind, [def.id]);
        // Same-turn follow-ups of this event run before the next scheduled event.
        for (let q = start; q < queue.length; q++) run(queue[q]);
        queue.length = start;
      }
  return { effects, fired, events, draws };
}

/** Turn an effect definition into engine effects, evaluating its amount. */
export function resolveEffect(e: EffectDef, c: EvalContext, cause: Effect['cause']): Effect[] {
  switch (e.kind) {
    case 'alignment': {
      const a = clampedAmount(e.amount, c);
      const one: Effect = {
        kind: 'alignment',
        from: who(e.from, c),
        to: who(e.to, c),
        amount: a,
        framing: e.framing,
        cause,
      };
      return e.mutual ? [one, { ...one, from: one.to, to: one.from }] : [one];
    }
    case 'capability':
      return [
        {
          kind: 'capability',
          actor: who(e.actor, c),
          capability: e.capability,
          amount: clampedAmount(e.amount, c),
          cause,
        },
      ];
    case 'tension': {
      // `dyad`: the ladder between the actor and the target, or the global one if they have none.
      const ladder = e.ladder === 'dyad' ? dyadLadderId(c.state, c.actor!, c.target!) : e.ladder;
      return [
        {
          kind: 'tension',
          ladder: ladder === 'global' ? undefined : ladder,
          amount: clampedAmount(e.amount, c),
          cause,
        },
      ];
    }
    case 'flag':
      return [{ kind: 'flag', name: e.name, value: e.value, cause }];
    case 'counter':
      return [{ kind: 'counter', name: e.name, amount: clampedAmount(e.amount, c), cause }];
    case 'concede':
      return [
        {
          kind: 'concede',
          ladder: e.ladder === 'dyad' ? dyadLadderId(c.state, c.actor!, c.target!) : e.ladder,
          actor: who(e.actor, c),
          cause,
        },
      ];
  }
}

/** The actor an effect's reference stands for (plain functions: resolveEffect is called often). */
function who(ref: string, c: EvalContext): string {
  return ref === 'target' ? c.target! : ref === 'actor' ? c.actor! : ref;
}

function clampedAmount(amount: Expr, c: EvalContext): number {
  return Math.max(-MAX_AMOUNT, Math.min(MAX_AMOUNT, evalNumber(amount, c)));
}

/** The first end condition of the rules that holds in the state, if any. */
export function checkEnd(rules: Rules, state: WorldState): WorldState['ended'] {
  if (state.ended) return state.ended;
  const index = rules.index;
  const c = evalContext(rules, state, index, state.turn, state.events.fired, { left: EVAL_BUDGET });
  try {
    for (const e of rules.def.end) if (evalBool(e.when, c)) return { id: e.id, outcome: e.outcome, turn: state.turn };
  } catch (e) {
    if (e instanceof BudgetError)
      throw new SimulationError('sim/too_costly', `turn ${state.turn}: end conditions: ${e.message}`);
    throw e;
  }
  return undefined;
}
