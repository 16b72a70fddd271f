/**
 * An action definition prepared for the policies' inner loop: its expressions compiled, split by
 * whether they mention the target, and its effects reduced to small records (actor references as
 * codes, capability kinds as indices). Made once per rules (src/engine/rules.ts), frozen, and a pure
 * function of the definition: it holds nothing of a run.
 */
import type { Compiled, Expr } from './expr';
import type { ActionDef, EffectDef, Framing } from './types';

/** Codes for an effect's actor reference: the acting state, the target, or a named actor (see `name`). */
export const REF_ACTOR = -2;
export const REF_TARGET = -3;
export const REF_NAMED = -4;

/** One effect of an action, as the policies value it. */
export interface EffectPlan {
  /** 0: flag or counter (a flag is valued only through the crises), 1: alignment, 2: capability, 3: tension, 4: backing down in a crisis. */
  kind: 0 | 1 | 2 | 3 | 4;
  /** The amount, compiled (null for a flag). */
  amount: Compiled | null;
  /** The amount when it is a number written out (`0.05`, `-0.05`), so it needs no evaluation; else NaN. */
  constant: number;
  /** Whether the amount mentions the target (then it is evaluated per target). */
  targeted: boolean;
  /** Alignment: from and to; capability: the actor in `from`. REF_* codes, or REF_NAMED with the id in fromName/toName. */
  from: number;
  to: number;
  fromName: string;
  toName: string;
  framing: Framing | undefined;
  mutual: boolean;
  /** Capability index (military 0, economic 1, maritime 2, diplomatic 3). */
  cap: number;
  /** Tension: the ladder id as written (`dyad`, an id, or undefined for the global ladder); backing down: the crisis ladder. */
  ladder: string | undefined;
  /** A flag's name and value ('' for a counter). */
  flag: string;
  flagValue: boolean;
}

/** An action's preconditions, modifiers and effects, prepared. */
export interface ActionPlan {
  fixedRequires: Compiled[];
  targetRequires: Compiled[];
  /** Each precondition's reason, at the same position as its compiled form. */
  fixedWhy: string[];
  targetWhy: string[];
  fixedModifiers: Compiled[];
  fixedAdds: number[];
  targetModifiers: Compiled[];
  targetAdds: number[];
  win: EffectPlan[];
  lose: EffectPlan[];
}

const CAP: Readonly<Record<string, number>> = Object.freeze({ military: 0, economic: 1, maritime: 2, diplomatic: 3 });

/** The plan of an action, with `compile` giving each expression's compiled form (the rules' own). */
export function actionPlan(def: ActionDef, compile: (e: Expr) => Compiled): ActionPlan {
  return {
    fixedRequires: def.requires.filter((r) => !mentionsTarget(r.when)).map((r) => compile(r.when)),
    targetRequires: def.requires.filter((r) => mentionsTarget(r.when)).map((r) => compile(r.when)),
    fixedWhy: def.requires.filter((r) => !mentionsTarget(r.when)).map((r) => r.why),
    targetWhy: def.requires.filter((r) => mentionsTarget(r.when)).map((r) => r.why),
    fixedModifiers: def.modifiers.filter((m) => !mentionsTarget(m.when)).map((m) => compile(m.when)),
    fixedAdds: def.modifiers.filter((m) => !mentionsTarget(m.when)).map((m) => m.add),
    targetModifiers: def.modifiers.filter((m) => mentionsTarget(m.when)).map((m) => compile(m.when)),
    targetAdds: def.modifiers.filter((m) => mentionsTarget(m.when)).map((m) => m.add),
    win: def.effects.map((e) => effectPlan(e, compile)),
    lose: def.failure.map((e) => effectPlan(e, compile)),
  };
}

function refCode(ref: string): number {
  return ref === 'actor' ? REF_ACTOR : ref === 'target' ? REF_TARGET : REF_NAMED;
}

function effectPlan(e: EffectDef, compile: (e: Expr) => Compiled): EffectPlan {
  const plan: EffectPlan = {
    kind: 0,
    amount: e.kind === 'flag' || e.kind === 'concede' ? null : compile(e.amount),
    constant: e.kind === 'flag' || e.kind === 'concede' ? NaN : constantOf(e.amount),
    targeted: e.kind !== 'flag' && e.kind !== 'concede' && mentionsTarget(e.amount),
    from: REF_NAMED,
    to: REF_NAMED,
    fromName: '',
    toName: '',
    framing: undefined,
    mutual: false,
    cap: 0,
    ladder: undefined,
    flag: e.kind === 'flag' ? e.name : '',
    flagValue: e.kind === 'flag' ? e.value : false,
  };
  if (e.kind === 'alignment') {
    plan.kind = 1;
    plan.from = refCode(e.from);
    plan.to = refCode(e.to);
    plan.fromName = e.from;
    plan.toName = e.to;
    plan.framing = e.framing;
    plan.mutual = e.mutual === true;
  } else if (e.kind === 'capability') {
    plan.kind = 2;
    plan.from = refCode(e.actor);
    plan.fromName = e.actor;
    plan.cap = CAP[e.capability];
  } else if (e.kind === 'tension') {
    plan.kind = 3;
    plan.ladder = e.ladder;
  } else if (e.kind === 'concede') {
    plan.kind = 4;
    plan.ladder = e.ladder;
    plan.from = refCode(e.actor);
    plan.fromName = e.actor;
  }
  return plan;
}

/** The value of an expression that is a number written out, or its negation; NaN for anything else. */
function constantOf(e: Expr): number {
  const v = e.k === 'num' ? e.v : e.k === 'neg' && e.a.k === 'num' ? -e.a.v : NaN;
  return Number.isFinite(v) ? v : NaN;
}

/** Whether an expression reads `target` anywhere. */
export function mentionsTarget(e: Expr): boolean {
  switch (e.k) {
    case 'var':
      return e.name === 'target';
    case 'not':
    case 'neg':
      return mentionsTarget(e.a);
    case 'bin':
      return mentionsTarget(e.a) || mentionsTarget(e.b);
    case 'agg':
      return mentionsTarget(e.group) || mentionsTarget(e.body);
    case 'call':
      return e.args.some(mentionsTarget);
    default:
      return false;
  }
}
