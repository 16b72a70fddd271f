/**
 * Schemas for the default world in `data/`: actors, groups, the alignment basis, model defaults and
 * the provenance registry. Every number is a `Cited` value: the number, the source it rests on, the
 * fact taken from that source (paraphrased), and, where judgement turned the fact into the number,
 * the rationale. Validation happens here, at the edge; past the loader the types are trusted.
 */
import { z } from 'zod';
import { ACTOR_RANGES } from './param-ranges';

/** An id for actors and groups: upper-case letters and digits, such as `JPN` or `QUAD`. */
export const ActorId = z.string().regex(/^[A-Z][A-Z0-9_]{1,15}$/, 'an upper-case id such as JPN');

/** A number with its provenance. */
export const Cited = z.strictObject({
  value: z.number().refine(Number.isFinite, 'a finite number'),
  source: z.string().min(1),
  fact: z.string().min(8),
  rationale: z.string().min(8).optional(),
});
export type Cited = z.infer<typeof Cited>;

/** A cited number constrained to a closed interval. */
export const citedIn = (lo: number, hi: number) =>
  Cited.refine((c) => c.value >= lo && c.value <= hi, `a value between ${lo} and ${hi}`);

/** What kind of thing a source is. */
export const SourceKind = z.enum(['document', 'dataset', 'literature', 'judgement']);

/** One entry of `data/sources.yaml`. Documents name a file in shared/seeds; datasets a year. */
export const Source = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a kebab-case id'),
  kind: SourceKind,
  title: z.string().min(3),
  file: z.string().optional(),
  year: z.number().int().optional(),
  citation: z.string().optional(),
  note: z.string().optional(),
  /** For a dataset with an extract: its provenance record, data/datasets/<dataset>.yaml. */
  dataset: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'a dataset record id')
    .optional(),
});
export type Source = z.infer<typeof Source>;

/** `data/sources.yaml`. */
export const SourcesFile = z.strictObject({ sources: z.array(Source).min(1) });

/** The four capabilities every actor has. */
export const CapabilityKind = z.enum(['military', 'economic', 'maritime', 'diplomatic']);
export type CapabilityKind = z.infer<typeof CapabilityKind>;

/** Regions, which set default proximity (data/model.yaml). */
export const Region = z.enum([
  'northeast-asia',
  'southeast-asia',
  'south-asia',
  'oceania',
  'pacific-islands',
  'north-america',
  'eurasia',
]);
export type Region = z.infer<typeof Region>;

/** A cited actor value within its documented range. */
const actorValue = (key: string) => citedIn(...ACTOR_RANGES[key]);

/** One actor of `data/actors.yaml`. */
export const ActorData = z.strictObject({
  id: ActorId,
  name: z.string().min(2),
  region: Region,
  capabilities: z.strictObject({
    military: actorValue('capabilities.military'),
    economic: actorValue('capabilities.economic'),
    maritime: actorValue('capabilities.maritime'),
    diplomatic: actorValue('capabilities.diplomatic'),
  }),
  growth: z.strictObject({
    economic: actorValue('growth.economic'),
    military: actorValue('growth.military'),
  }),
  posture: z.strictObject({
    balancing: actorValue('posture.balancing'),
    bandwagoning: actorValue('posture.bandwagoning'),
    stubbornness: actorValue('posture.stubbornness'),
    autonomy: actorValue('posture.autonomy'),
  }),
  idealPoint: citedIn(-5, 5),
});
export type ActorData = z.infer<typeof ActorData>;

/** `data/actors.yaml`. */
export const ActorsFile = z.strictObject({ actors: z.array(ActorData).min(2) });

/** A named group of actors that events can target (ASEAN, PIF, QUAD). */
export const GroupData = z.strictObject({
  id: ActorId,
  name: z.string().min(2),
  members: z.array(ActorId).min(1),
  source: z.string().min(1),
  fact: z.string().min(8),
  rationale: z.string().optional(),
});
/** `data/groups.yaml`. */
export const GroupsFile = z.strictObject({ groups: z.array(GroupData) });

/** Kinds of tie in the alignment basis; each has a cited weight. */
export const TieKind = z.enum(['alliance', 'partnership', 'dispute', 'rivalry', 'dependence']);
export type TieKind = z.infer<typeof TieKind>;

/**
 * A tie between two actors that shifts their initial alignment. `between` is symmetric (both
 * directions); `from`/`to` is one direction only (how `from` stands toward `to`).
 */
export const Tie = z.union([
  z.strictObject({
    kind: TieKind,
    between: z.tuple([ActorId, ActorId]),
    source: z.string().min(1),
    fact: z.string().min(8),
    rationale: z.string().optional(),
  }),
  z.strictObject({
    kind: TieKind,
    from: ActorId,
    to: ActorId,
    source: z.string().min(1),
    fact: z.string().min(8),
    rationale: z.string().optional(),
  }),
]);
export type Tie = z.infer<typeof Tie>;

/** A single cell set by hand, replacing what the formula gives. */
export const Override = z.strictObject({
  from: ActorId,
  to: ActorId,
  value: z.number().min(-1).max(1),
  source: z.string().min(1),
  fact: z.string().min(8),
  rationale: z.string().min(8),
});

/**
 * Where the UN voting agreement comes from: an extract in data/datasets/ with one row per actor and
 * session, and the column that holds each actor's agreement with each pole (`USA: USAgree`).
 */
export const AgreementSource = z.strictObject({
  extract: z.string().regex(/^[a-z0-9][a-z0-9-]*\.csv$/, 'a .csv file in data/datasets'),
  session: z.number().int().positive(),
  poles: z.record(ActorId, z.string().min(1)).refine((p) => Object.keys(p).length >= 1, 'at least one pole'),
  /** A member's measured agreements count only if its session estimate rests on at least this many votes (column `votes`). */
  minVotes: z.number().int().min(0),
  votes: z.string().min(1),
  source: z.string().min(1),
  fact: z.string().min(8),
});
export type AgreementSource = z.infer<typeof AgreementSource>;

/** `data/alignment.yaml`: the basis from which the initial alignment matrix is computed. */
export const AlignmentFile = z.strictObject({
  base: z
    .strictObject({ scale: citedIn(0, 1), zero: citedIn(0, 1), one: citedIn(0, 1), agreement: AgreementSource })
    .refine((b) => b.one.value > b.zero.value, { message: 'one must be above zero', path: ['one'] }),
  tieWeights: z.strictObject({
    alliance: citedIn(-1, 1),
    partnership: citedIn(-1, 1),
    dispute: citedIn(-1, 1),
    rivalry: citedIn(-1, 1),
    dependence: citedIn(-1, 1),
  }),
  /** The two poles of the tilt axis (first positive): ids, cited like every judgement. */
  axis: z.strictObject({
    poles: z.tuple([ActorId, ActorId]).refine((p) => p[0] !== p[1], 'two different actors'),
    source: z.string().min(1),
    fact: z.string().min(8),
    rationale: z.string().min(8),
  }),
  ties: z.array(Tie),
  overrides: z.array(Override),
});
export type AlignmentFile = z.infer<typeof AlignmentFile>;
