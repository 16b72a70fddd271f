/** Schemas for `data/model.yaml` (default dynamics parameters) and the minimal scenario header. */
import { z } from 'zod';
import { isIsoDate } from '../engine';
import { ActorId, Cited, citedIn, Region } from './world-schema';

// The ranges are the ones documented in docs/MODEL.md and sampled by the property tests.
const unit = citedIn(0, 1);

const RegionPair = z.strictObject({
  between: z.tuple([Region, Region]),
  value: z.number().min(0).max(1),
  source: z.string().min(1),
  fact: z.string().min(8),
  rationale: z.string().min(8),
});
const ActorPair = RegionPair.extend({ between: z.tuple([ActorId, ActorId]) });

/** `data/model.yaml`: every parameter of the dynamics, cited. */
export const ModelFile = z.strictObject({
  weights: z.strictObject({
    influence: unit,
    balance: unit,
    threat: unit,
    effects: citedIn(0, 2),
    noise: citedIn(0, 10),
    arms: unit,
    residual: unit,
  }),
  influence: z.strictObject({ selfWeight: unit, salienceExponent: citedIn(0, 2) }),
  threat: z.strictObject({ powerExponent: citedIn(0, 2), growthSensitivity: citedIn(0, 10) }),
  effects: z.strictObject({ patronagePenalty: citedIn(0, 3), partnershipBonus: citedIn(0, 2), fatigue: citedIn(0, 20), fatigueDecay: unit }),
  noise: z.strictObject({ sd: citedIn(0, 0.1) }),
  arms: z.strictObject({ reactivity: unit, fatigue: unit, calibrate: citedIn(0, 1) }),
  ladder: z.strictObject({ max: citedIn(1, 100), rate: citedIn(0, 12), pressure: unit, calibrate: citedIn(0, 1) }),
  proximity: z.strictObject({ sameRegion: unit, default: unit, regions: z.array(RegionPair), pairs: z.array(ActorPair) }),
});
export type ModelFile = z.infer<typeof ModelFile>;

const IsoDate = z.string().refine(isIsoDate, 'a calendar date as YYYY-MM-DD');

/** The scenario header the default world uses; issue-by-issue this grows into the full format. */
export const ScenarioFile = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a kebab-case id'),
  title: z.string().min(3),
  description: z.string().min(3),
  startDate: IsoDate,
  turnMonths: z.number().int().min(1).max(12),
  turns: z.number().int().min(1).max(1000),
  ladders: z
    .strictObject({
      global: Cited,
      dyads: z
        .array(
          z
            .strictObject({ id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'an id of letters, digits, - and _'), a: ActorId, b: ActorId, level: Cited })
            .refine((d) => d.id !== 'global', { message: 'the id "global" is the global ladder; choose another', path: ['id'] })
            .refine((d) => d.a !== d.b, { message: 'a ladder needs two different actors', path: ['b'] }),
        )
        .superRefine((ds, ctx) => {
          const seen = new Set<string>();
          ds.forEach((d, k) => {
            if (seen.has(d.id)) ctx.addIssue({ code: 'custom', message: `ladder id "${d.id}" is used twice`, path: [k, 'id'] });
            seen.add(d.id);
          });
        }),
    })
    .optional(),
});
export type ScenarioFile = z.infer<typeof ScenarioFile>;
