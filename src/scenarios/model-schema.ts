/** Schemas for `data/model.yaml` (default dynamics parameters) and the minimal scenario header. */
import { z } from 'zod';
import { ActorId, citedIn, Region } from './world-schema';

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
  effects: z.strictObject({ patronagePenalty: citedIn(0, 3), partnershipBonus: citedIn(0, 2), fatigue: citedIn(0, 20), fatigueDecay: unit, persistence: unit }),
  noise: z.strictObject({ sd: citedIn(0, 0.1) }),
  arms: z.strictObject({ reactivity: unit, fatigue: unit, calibrate: citedIn(0, 1) }),
  ladder: z.strictObject({ max: citedIn(1, 100), rate: citedIn(0, 12), pressure: unit, calibrate: citedIn(0, 1) }),
  proximity: z.strictObject({ sameRegion: unit, default: unit, regions: z.array(RegionPair), pairs: z.array(ActorPair) }),
});
export type ModelFile = z.infer<typeof ModelFile>;

