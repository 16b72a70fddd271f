/** Effects and expressions as scenario and data files write them (shared by scenarios and actions). */
import { z } from 'zod';
import { CapabilityKind, Cited } from './world-schema';

const Name = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/, 'a name of letters, digits, _ . : - starting with a letter');

/** An expression (docs/SCENARIOS.md, "Expressions"), or a literal number or boolean. */
export const ExprSource = z.union([
  z.string().min(1).max(2000),
  z.number().refine(Number.isFinite, 'a finite number'),
  z.boolean(),
]);

/** A number, plain or with its provenance (built-in scenarios always cite). */
export const Num = z.union([z.number().refine(Number.isFinite, 'a finite number'), Cited]);

/** An actor id, or `target` / `actor` inside an event. */
export const ActorRef = z
  .string()
  .regex(/^([A-Z][A-Z0-9_]{1,15}|target|actor)$/, 'an actor id such as JPN, or target, or actor');

const Amount = ExprSource;

export const EffectSpec = z.union([
  z.strictObject({
    alignment: z.strictObject({
      from: ActorRef,
      to: ActorRef,
      amount: Amount,
      framing: z.enum(['partnership', 'patronage', 'neutral']).optional(),
      /** Apply the same amount in both directions. */
      mutual: z.boolean().optional(),
    }),
  }),
  z.strictObject({ capability: z.strictObject({ actor: ActorRef, kind: CapabilityKind, amount: Amount }) }),
  z.strictObject({ tension: z.strictObject({ ladder: z.string().min(1).optional(), amount: Amount }) }),
  z.strictObject({ flag: z.strictObject({ name: Name, value: z.boolean().optional() }) }),
  z.strictObject({ counter: z.strictObject({ name: Name, amount: Amount }) }),
  /** Back down in a crisis: it ends with the other side prevailing (docs/MODEL.md, "Escalation"). */
  z.strictObject({ concede: z.strictObject({ ladder: z.string().min(1), actor: ActorRef }) }),
]);
export type EffectSpec = z.infer<typeof EffectSpec>;
