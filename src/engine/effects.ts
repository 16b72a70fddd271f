/**
 * The effects phase: changes requested by events, actions and the White cell, applied in order
 * before the dynamics terms. Alignment effects have diminishing returns (room left before +-1,
 * and a fading memory of recent effects on the same cell) and depend on framing: the same grant
 * given as partnership works better with a voice-seeking recipient than as patronage, which can
 * backfire (documents 002 and 003; see docs/MODEL.md).
 */
import type { AppliedEffect, CrisisState, Effect, Framing, ModelParams, WorldState } from './types';

/** Multiplier of a positive alignment effect for a recipient with the given autonomy. */
export function framingFactor(framing: Framing | undefined, autonomy: number, p: ModelParams['effects']): number {
  if (framing === 'partnership') return 1 + p.partnershipBonus * autonomy;
  if (framing === 'patronage') return 1 - p.patronagePenalty * autonomy;
  return 1;
}

/**
 * The change an alignment effect makes to a cell whose value is `a` and recent load `load`:
 * weight * amount * framing / (1 + fatigue * load) * room, then clipped to [-1, 1].
 */
export function alignmentChange(
  a: number,
  load: number,
  amount: number,
  framing: Framing | undefined,
  autonomy: number,
  weight: number,
  p: ModelParams['effects'],
): number {
  let d = weight * amount;
  if (d > 0) d *= framingFactor(framing, autonomy, p);
  d /= 1 + p.fatigue * load;
  // Room left in the direction of the change: full effect up to the midpoint, less beyond it.
  d *= d > 0 ? Math.min(1, 1 - a) : Math.min(1, 1 + a);
  const next = Math.min(1, Math.max(-1, a + d));
  return next - a;
}

/**
 * The change an alignment effect would make if it were applied now to `state` (the turn's fading
 * of the effect memory, framing, diminishing returns and bounds included; other effects of the same
 * turn and the dynamics terms not): what a menu shows as the effect's size.
 */
export function previewAlignment(state: WorldState, e: Extract<Effect, { kind: 'alignment' }>): number {
  const n = state.actors.length;
  const i = state.actors.findIndex((a) => a.id === e.from);
  const j = state.actors.findIndex((a) => a.id === e.to);
  if (i < 0 || j < 0 || i === j) return 0;
  const x = i * n + j;
  const p = state.params;
  if (e.set) return Math.min(1, Math.max(-1, e.amount)) - state.alignment[x];
  const load = state.effectLoad[x] * (1 - p.effects.fatigueDecay);
  return alignmentChange(
    state.alignment[x],
    load,
    e.amount,
    e.framing,
    state.actors[i].posture.autonomy,
    p.weights.effects,
    p.effects,
  );
}

export interface EffectsTarget {
  n: number;
  index: ReadonlyMap<string, number>;
  A: Float64Array;
  /** The Friedkin-Johnsen anchor, moved by the lasting share of each alignment effect. */
  baseline: Float64Array;
  load: Float64Array;
  autonomy: Float64Array;
  capabilities: Float64Array[];
  capabilityIndex: Readonly<Record<string, number>>;
  ladders: Map<string, number>;
  ladderMax: number;
  flags: Record<string, boolean>;
  counters: Record<string, number>;
  /** The crises' run state (a copy the step owns), and the turn being played, for concessions. */
  crises: Record<string, CrisisState>;
  turn: number;
}

/** Apply effects in order, mutating the scratch target; returns what each changed. */
export function applyEffects(
  effects: readonly Effect[],
  t: EffectsTarget,
  weight: number,
  p: ModelParams['effects'],
): AppliedEffect[] {
  const out: AppliedEffect[] = [];
  for (const e of effects) {
    switch (e.kind) {
      case 'alignment': {
        const i = t.index.get(e.from)!;
        const j = t.index.get(e.to)!;
        const x = i * t.n + j;
        if (e.set) {
          // An adjudication sets the value: no returns, no load, the anchor stays. It is applied as a
          // change like every other part, so the record still adds up exactly; the value lands on
          // the one asked for to within rounding (a unit in the last place).
          const applied = i === j ? 0 : Math.min(1, Math.max(-1, e.amount)) - t.A[x];
          t.A[x] += applied;
          out.push({ effect: e, applied });
          break;
        }
        const applied = i === j ? 0 : alignmentChange(t.A[x], t.load[x], e.amount, e.framing, t.autonomy[i], weight, p);
        t.A[x] += applied;
        t.load[x] += Math.abs(applied);
        // The lasting share: a kept grant or a signed agreement moves where the actor stands.
        t.baseline[x] = Math.min(1, Math.max(-1, t.baseline[x] + p.persistence * applied));
        out.push({ effect: e, applied });
        break;
      }
      case 'capability': {
        const arr = t.capabilities[t.capabilityIndex[e.capability]];
        const i = t.index.get(e.actor)!;
        const applied = Math.max(0, e.set ? e.amount : arr[i] + e.amount) - arr[i];
        arr[i] += applied;
        out.push({ effect: e, applied });
        break;
      }
      case 'tension': {
        const key = e.ladder ?? 'global';
        const level = t.ladders.get(key)!;
        const applied = Math.min(t.ladderMax, Math.max(0, e.set ? e.amount : level + e.amount)) - level;
        t.ladders.set(key, level + applied);
        out.push({ effect: e, applied });
        break;
      }
      case 'flag':
        t.flags[e.name] = e.value;
        out.push({ effect: e, applied: e.value ? 1 : 0 });
        break;
      case 'counter':
        // Own properties only: a counter named "toString" must not start from a prototype method.
        t.counters[e.name] = (Object.hasOwn(t.counters, e.name) ? t.counters[e.name] : 0) + e.amount;
        out.push({ effect: e, applied: e.amount });
        break;
      case 'concede': {
        // Backing down ends an open crisis with the other side prevailing; a closed one stays as it was.
        const c = Object.hasOwn(t.crises, e.ladder) ? t.crises[e.ladder] : undefined;
        const open = c !== undefined && !c.war && !c.conceded;
        if (open) t.crises[e.ladder] = { ...c, conceded: { actor: e.actor, turn: t.turn } };
        out.push({ effect: e, applied: open ? 1 : 0 });
        break;
      }
    }
  }
  return out;
}
