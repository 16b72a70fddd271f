/**
 * The scenario file format (docs/SCENARIOS.md). Strict: unknown keys are errors. Expressions are
 * strings here; the loader parses and type-checks them into ASTs, with positions, before anything
 * runs.
 */
import { z } from 'zod';
import { isIsoDate } from '../engine';
import { ActorId, Cited, Region } from './world-schema';
import { PolicySpec, ScenarioActions } from './action-schema';
import { ActorRef, EffectSpec, ExprSource, Num } from './effect-schema';
import { CRISIS_KEYS } from './model-schema';

const Id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'a lower-case id of letters, digits, - and _');
const Name = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/, 'a name of letters, digits, _ . : - starting with a letter');
const IsoDate = z.string().refine(isIsoDate, {
  error: (iss) => `expected a calendar date as "YYYY-MM-DD", found ${JSON.stringify(iss.input)}`,
});

export { ExprSource, Num, EffectSpec } from './effect-schema';

const FollowUp = z.strictObject({ event: Id, delay: z.number().int().min(0).max(120).optional() });

const Option = z.strictObject({
  id: Id,
  text: z.string().min(1),
  /** The AI's base weight for this option (an expression, default 1). */
  weight: ExprSource.optional(),
  /** Multiply the weight by `factor` while `when` holds. */
  modifiers: z.array(z.strictObject({ when: ExprSource, factor: z.number().min(0).max(1000) })).optional(),
  effects: z.array(EffectSpec).optional(),
  followUps: z.array(FollowUp).optional(),
});

export const EventSpec = z
  .strictObject({
    id: Id,
    title: z.string().min(1),
    text: z.string().min(1).optional(),
    /** Provenance: the source id (data/sources.yaml) and the fact the event rests on. */
    source: z.string().min(1).optional(),
    fact: z.string().min(8).optional(),
    /** Who chooses among the options (default: the target, when the event targets actors). */
    actor: ActorRef.optional(),
    /** Fire once for each member of a group, or for each listed actor, with `target` bound. */
    targets: z.union([ActorId, z.array(ActorId).min(1)]).optional(),
    trigger: ExprSource.optional(),
    turn: z.number().int().min(1).optional(),
    chance: z.number().min(0).max(1).optional(),
    mtth: z.number().min(1).max(10000).optional(),
    once: z.boolean().optional(),
    effects: z.array(EffectSpec).optional(),
    options: z.array(Option).optional(),
    followUps: z.array(FollowUp).optional(),
  })
  .refine((e) => [e.turn, e.chance, e.mtth].filter((x) => x !== undefined).length <= 1, {
    message: 'give at most one of turn, chance and mtth',
  });
export type EventSpec = z.infer<typeof EventSpec>;

const Posture = z.strictObject({
  balancing: Num.optional(),
  bandwagoning: Num.optional(),
  stubbornness: Num.optional(),
  autonomy: Num.optional(),
});
const Caps = z.strictObject({
  military: Num.optional(),
  economic: Num.optional(),
  maritime: Num.optional(),
  diplomatic: Num.optional(),
});
const Growth = z.strictObject({ economic: Num.optional(), military: Num.optional() });

const ActorOverride = z.strictObject({
  name: z.string().min(2).optional(),
  capabilities: Caps.optional(),
  growth: Growth.optional(),
  posture: Posture.optional(),
});

const ActorAddition = z.strictObject({
  id: ActorId,
  name: z.string().min(2),
  region: Region,
  capabilities: z.strictObject({ military: Num, economic: Num, maritime: Num, diplomatic: Num }),
  growth: z.strictObject({ economic: Num, military: Num }).optional(),
  posture: z.strictObject({ balancing: Num, bandwagoning: Num, stubbornness: Num, autonomy: Num }),
  /** Initial alignment toward others (`toward`) and of others toward it (`from`); unset cells are 0. */
  alignment: z
    .strictObject({ toward: z.record(ActorId, Num).optional(), from: z.record(ActorId, Num).optional() })
    .optional(),
});

const Weights = z.strictObject({
  influence: Num.optional(),
  balance: Num.optional(),
  threat: Num.optional(),
  effects: Num.optional(),
  noise: Num.optional(),
  arms: Num.optional(),
  residual: Num.optional(),
  escalation: Num.optional(),
});

const Model = z.strictObject({
  weights: Weights.optional(),
  influence: z.strictObject({ selfWeight: Num.optional(), salienceExponent: Num.optional() }).optional(),
  threat: z.strictObject({ powerExponent: Num.optional(), growthSensitivity: Num.optional() }).optional(),
  effects: z
    .strictObject({
      patronagePenalty: Num.optional(),
      partnershipBonus: Num.optional(),
      fatigue: Num.optional(),
      fatigueDecay: Num.optional(),
      persistence: Num.optional(),
    })
    .optional(),
  noise: z.strictObject({ sd: Num.optional() }).optional(),
  arms: z
    .strictObject({ reactivity: Num.optional(), fatigue: Num.optional(), calibrate: z.boolean().optional() })
    .optional(),
  ladder: z
    .strictObject({ rate: Num.optional(), pressure: Num.optional(), calibrate: z.boolean().optional() })
    .optional(),
  crisis: z
    .strictObject(
      Object.fromEntries(CRISIS_KEYS.map((k) => [k, Num.optional()])) as Record<
        (typeof CRISIS_KEYS)[number],
        z.ZodOptional<typeof Num>
      >,
    )
    .optional(),
});

/** A per-side value of a crisis: one cited number for each of the crisis's two actors, by actor id. */
const PerSide = z.record(ActorId, Num);

/** A third party that may bring forces to one side of a crisis (docs/SCENARIOS.md, "Crises"). */
const Supporter = z.strictObject({
  actor: ActorId,
  /** The actor of the side it backs (the ladder's a or b). */
  side: ActorId,
  reach: Num,
  access: ExprSource.optional(),
  commitment: ExprSource.optional(),
  /** Its own stake in the side's fate and its own cost of the war (both or neither). */
  stake: Num.optional(),
  warCost: Num.optional(),
});

/** A crisis on a dyad ladder: brinkmanship over a balance of forces (docs/MODEL.md, "Escalation"). */
const Crisis = z.strictObject({
  /** The side that holds what is contested: it loses its stake if it backs down (absent: neither). */
  defender: ActorId.optional(),
  stake: PerSide,
  warCost: PerSide,
  audience: PerSide,
  reach: PerSide.optional(),
  defence: PerSide.optional(),
  supporters: z.array(Supporter).max(32).optional(),
  warRung: Num.optional(),
  riskFrom: Num.optional(),
});

/** A scenario parameter: a cited default that `param("id")` reads and `--set params.ID=V` changes. */
const Param = z.strictObject({
  value: z.number().refine(Number.isFinite, 'a finite number'),
  min: z.number().refine(Number.isFinite, 'a finite number'),
  max: z.number().refine(Number.isFinite, 'a finite number'),
  label: z.string().min(3),
  source: z.string().min(1),
  fact: z.string().min(8),
  rationale: z.string().min(8).optional(),
});

const Ladders = z.strictObject({
  global: Cited,
  dyads: z
    .array(
      z
        .strictObject({
          id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'an id of letters, digits, - and _'),
          a: ActorId,
          b: ActorId,
          level: Cited,
          crisis: Crisis.optional(),
        })
        .refine((d) => d.id !== 'global', {
          message: 'the id "global" is the global ladder; choose another',
          path: ['id'],
        })
        .refine((d) => d.a !== d.b, { message: 'a ladder needs two different actors', path: ['b'] }),
    )
    .optional(),
});

export const ScenarioSpec = z.strictObject({
  id: Id,
  title: z.string().min(3),
  description: z.string().min(3),
  startDate: IsoDate,
  turnMonths: z.number().int().min(1).max(12),
  turns: z.number().int().min(1).max(1000),
  actors: z
    .strictObject({
      include: z.array(ActorId).min(2).optional(),
      exclude: z.array(ActorId).optional(),
      override: z.record(ActorId, ActorOverride).optional(),
      add: z.array(ActorAddition).optional(),
    })
    .optional(),
  groups: z
    .array(z.strictObject({ id: ActorId, name: z.string().min(2), members: z.array(ActorId).min(1) }))
    .optional(),
  alignment: z
    .array(z.strictObject({ from: ActorId, to: ActorId, value: Num, mutual: z.boolean().optional() }))
    .optional(),
  model: Model.optional(),
  humans: z.array(ActorId).optional(),
  /** The two poles of the tilt axis (first positive); the world's (data/alignment.yaml, `axis`) when absent. */
  poles: z
    .tuple([ActorId, ActorId])
    .refine((p) => p[0] !== p[1], 'two different actors')
    .optional(),
  /** Parameters the scenario's expressions read with param("id"): the levers of a batch sweep. */
  params: z
    .record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a lower-case id of letters, digits and _'), Param)
    .optional(),
  /** Changes to the instruments of power of data/actions.yaml. */
  actions: ScenarioActions.optional(),
  /** Changes to actors' doctrines (data/doctrines.yaml), by actor id. */
  policies: z.record(ActorId, PolicySpec).optional(),
  ladders: Ladders.optional(),
  metrics: z.array(z.strictObject({ id: Name, label: z.string().optional(), expr: ExprSource })).optional(),
  end: z.array(z.strictObject({ id: Id, when: ExprSource, outcome: z.string().min(1) })).optional(),
  events: z.array(EventSpec).optional(),
});
export type ScenarioSpec = z.infer<typeof ScenarioSpec>;
