/** Schemas for `data/model.yaml` (default dynamics parameters) and the minimal scenario header. */
import { z } from 'zod';
import { PARAM_RANGES } from './param-ranges';
import { ActorId, citedIn, Region } from './world-schema';

const unit = citedIn(0, 1);
/** A cited parameter within its documented range. */
const param = (key: string) => citedIn(...PARAM_RANGES[key]);
/** A strict section of cited parameters, e.g. section('weights', ['influence', ...]). */
const section = <K extends string>(name: string, keys: readonly K[]) =>
  z.strictObject(
    Object.fromEntries(keys.map((k) => [k, param(`${name}.${k}`)])) as Record<K, ReturnType<typeof param>>,
  );

const RegionPair = z.strictObject({
  between: z.tuple([Region, Region]),
  value: z.number().min(0).max(1),
  source: z.string().min(1),
  fact: z.string().min(8),
  rationale: z.string().min(8),
});
const ActorPair = RegionPair.extend({ between: z.tuple([ActorId, ActorId]) });

export const CRISIS_KEYS = [
  'riskMax',
  'riskFrom',
  'riskExponent',
  'slip',
  'warRung',
  'decisiveness',
  'privateSpread',
  'beliefSpread',
  'horizon',
  'value',
] as const;

export const POLICY_KEYS = [
  'budgetScale',
  'budgetExponent',
  'reserve',
  'partnershipCost',
  'thirdParty',
  'costWeight',
  'tensionValue',
  'utilityScale',
  'optionPrior',
] as const;

/** `data/model.yaml`: every parameter of the dynamics, cited. */
export const ModelFile = z.strictObject({
  weights: section('weights', [
    'influence',
    'balance',
    'threat',
    'effects',
    'noise',
    'arms',
    'residual',
    'escalation',
  ] as const),
  influence: section('influence', ['selfWeight', 'salienceExponent'] as const),
  threat: section('threat', ['powerExponent', 'growthSensitivity'] as const),
  effects: section('effects', [
    'patronagePenalty',
    'partnershipBonus',
    'fatigue',
    'fatigueDecay',
    'persistence',
  ] as const),
  noise: section('noise', ['sd'] as const),
  arms: section('arms', ['reactivity', 'fatigue', 'calibrate'] as const),
  crisis: section('crisis', CRISIS_KEYS),
  ladder: section('ladder', ['max', 'rate', 'pressure', 'calibrate'] as const),
  policy: section('policy', POLICY_KEYS),
  proximity: z.strictObject({
    sameRegion: unit,
    default: unit,
    regions: z.array(RegionPair),
    pairs: z.array(ActorPair),
  }),
});
export type ModelFile = z.infer<typeof ModelFile>;
