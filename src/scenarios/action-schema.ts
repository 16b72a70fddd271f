/**
 * Schemas for the instruments of power (`data/actions.yaml`) and the decision doctrines
 * (`data/doctrines.yaml`). Every number is cited, as in the rest of `data/`; expressions are strings
 * here and are parsed and type-checked by the loader (with `actor` bound to the actor taking the
 * action and `target` to the actor it is aimed at).
 */
import { z } from 'zod';
import { DOCTRINE_RANGES } from './param-ranges';
import { EffectSpec, ExprSource, Num } from './effect-schema';
import { ActorId, CapabilityKind, Cited, citedIn } from './world-schema';

export const ActionId = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'a lower-case id of letters, digits and _, such as osa_grant');
export const Instrument = z.enum(['diplomatic', 'information', 'military', 'economic']);
export type Instrument = z.infer<typeof Instrument>;

/** Where a number or a rule comes from, without a number of its own. */
const Basis = z.strictObject({
  source: z.string().min(1),
  fact: z.string().min(8),
  rationale: z.string().min(8).optional(),
});

/** A precondition: an expression that must hold, with the reason for it. */
export const Requirement = Basis.extend({
  when: ExprSource,
  /** Shown when the action is not legal, e.g. "Article 9: no strikes unless Japan is attacked". */
  why: z.string().min(3),
});

/** A change to the success chance while `when` holds. */
export const ChanceModifier = Basis.extend({ when: ExprSource, add: z.number().min(-1).max(1) });

/** Who may take an action (all listed conditions must hold; absent means anyone). */
export const ActionUsers = z.strictObject({
  actors: z.array(ActorId).min(1).optional(),
  /** Minimum capabilities at the start of the turn (units as in data/actors.yaml). */
  min: z.partialRecord(CapabilityKind, z.number().min(0)).optional(),
});

/** Whom an action can be aimed at. Leave `target` out for actions without one (drills). */
export const ActionTarget = z.strictObject({
  /** `partner`: the actor stands positively toward the target; `rival`: negatively; `any`: either. */
  relation: z.enum(['any', 'partner', 'rival']).optional(),
  /** Only these actors, or members of these groups (when both are given, either will do). */
  actors: z.array(ActorId).min(1).optional(),
  groups: z.array(ActorId).min(1).optional(),
});

/** The fields of an action, with numbers as `num` (cited in data/, plain or cited in scenarios). */
const actionFields = <N extends z.ZodType, P extends z.ZodType, Q extends z.ZodType>(
  cost: N,
  chance: P,
  cooldown: Q,
) => ({
  id: ActionId,
  name: z.string().min(3),
  instrument: Instrument,
  description: z.string().min(8),
  by: ActionUsers.optional(),
  target: ActionTarget.optional(),
  /** Resource points per use (an actor's budget per turn is 1 to 10 points; docs/MODEL.md). */
  cost,
  /** Chance of success before modifiers, in [0, 1]. */
  chance,
  /** Months before the same actor may take it again against the same target (default 0). */
  cooldown: cooldown.optional(),
  modifiers: z.array(ChanceModifier).optional(),
  requires: z.array(Requirement).optional(),
  /**
   * The framings the actor may choose between; alignment effects that name no framing take the
   * chosen one. Partnership costs more (model.yaml, policy.partnershipCost).
   */
  framings: z
    .array(z.enum(['partnership', 'patronage']))
    .min(1)
    .optional(),
  /** Effects on success; `actor` and `target` stand for the two actors. */
  effects: z.array(EffectSpec).min(1),
  /** Effects on failure (a botched port call, a leaked campaign). */
  failure: z.array(EffectSpec).optional(),
  /** Provenance of the effect sizes. */
  basis: Basis,
});

/** One instrument of power in `data/actions.yaml`: every number cited. */
export const ActionData = z.strictObject(actionFields(citedIn(0, 100), citedIn(0, 1), citedIn(0, 120)));
export type ActionData = z.infer<typeof ActionData>;

/** An action a scenario adds (numbers plain or cited, like the rest of a scenario). */
export const ActionSpec = z.strictObject(actionFields(Num, Num, Num));
export type ActionSpec = z.infer<typeof ActionSpec>;

/** A scenario's changes to the actions: add new ones, remove some, replace fields of others. */
export const ScenarioActions = z.strictObject({
  /** Keep only these actions of data/actions.yaml (an empty list keeps none: a teaching run with no actions). */
  only: z.array(ActionId).optional(),
  add: z.array(ActionSpec).optional(),
  remove: z.array(ActionId).optional(),
  override: z.record(ActionId, ActionSpec.omit({ id: true }).partial()).optional(),
});

/** A scenario's change to an actor's doctrine or its parameters. */
export const PolicySpec = z.strictObject({
  doctrine: z.string().min(1).optional(),
  security: Num.optional(),
  alignment: Num.optional(),
  autonomy: Num.optional(),
  economy: Num.optional(),
  risk: Num.optional(),
  accommodation: Num.optional(),
  temperature: Num.optional(),
  maxActions: Num.optional(),
});

export const ActionsFile = z.strictObject({ actions: z.array(ActionData).min(1) });

/** A doctrine parameter with its documented range. */
const param = (key: string) => citedIn(...DOCTRINE_RANGES[key]);

/** The parameters of a decision doctrine (docs/MODEL.md, "Decisions"). */
export const DoctrineParams = z.strictObject({
  security: param('security'),
  alignment: param('alignment'),
  autonomy: param('autonomy'),
  economy: param('economy'),
  risk: param('risk'),
  accommodation: param('accommodation'),
  temperature: param('temperature'),
  maxActions: param('maxActions'),
});

export const DoctrineData = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_-]{1,31}$/, 'a lower-case id such as hedger'),
  name: z.string().min(3),
  description: z.string().min(8),
  params: DoctrineParams,
});

/** Which doctrine an actor follows, and why. */
export const DoctrineAssignment = Basis.extend({ actor: ActorId, doctrine: z.string().min(1) });

export const DoctrinesFile = z.strictObject({
  doctrines: z.array(DoctrineData).min(3),
  assignments: z.array(DoctrineAssignment),
});
export type DoctrinesFile = z.infer<typeof DoctrinesFile>;

export { Cited };
