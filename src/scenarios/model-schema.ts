/** Schemas for `data/model.yaml` (default dynamics parameters) and the minimal scenario header. */
import { z } from 'zod';
import { ActorId, Cited, citedIn, Region } from './world-schema';

const nonNeg = citedIn(0, 1e3);
const unit = citedIn(0, 1);

const RegionPair = z.strictObject({
  between: z.tuple([Region, Region]),
  value: z.number().min(0).max(1),
  source: z.string().min(1),
  fact: z.string().min(8),
  rationale: z.string().min(8),
});
const ActorPair = RegionPair.extend({ between: z.tuple([ActorId, ActorId]) });

export const ModelFile = z.strictObject({
  weights: z.strictObject({ influence: nonNeg, balance: nonNeg, threat: nonNeg, effects: nonNeg, noise: nonNeg, arms: nonNeg, residual: nonNeg }),
  influence: z.strictObject({ selfWeight: unit, salienceExponent: citedIn(0, 4) }),
  threat: z.strictObject({ powerExponent: citedIn(0, 4), growthSensitivity: citedIn(0, 100) }),
  effects: z.strictObject({ patronagePenalty: citedIn(0, 10), partnershipBonus: citedIn(0, 10), fatigue: citedIn(0, 1e3), fatigueDecay: unit }),
  noise: z.strictObject({ sd: citedIn(0, 1) }),
  arms: z.strictObject({ reactivity: citedIn(0, 10), fatigue: citedIn(0, 10), calibrate: citedIn(0, 1) }),
  ladder: z.strictObject({ max: citedIn(1, 100), rate: citedIn(0, 12), pressure: citedIn(0, 10), calibrate: citedIn(0, 1) }),
  proximity: z.strictObject({ sameRegion: unit, default: unit, regions: z.array(RegionPair), pairs: z.array(ActorPair) }),
});
export type ModelFile = z.infer<typeof ModelFile>;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

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
      dyads: z.array(z.strictObject({ id: z.string().min(1), a: ActorId, b: ActorId, level: Cited })),
    })
    .optional(),
});
export type ScenarioFile = z.infer<typeof ScenarioFile>;
