/**
 * Save files: a versioned JSON record of a game (scenario and any --set overrides, seed, every
 * turn's inputs and the state hash after each turn), written atomically and checked on load. The state itself is not stored:
 * loading replays the inputs from the scenario's initial state and must reach every recorded hash,
 * so a save cannot smuggle in a state the rules could not produce.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Loaded } from '../../scenarios/issues';
import { readYamlFile, validate } from '../../scenarios/yaml-file';

export const SAVE_FORMAT = 'seastate-save';
/** Version 2 adds the White cell's queue and the journal of edits; version 1 saves still load (with neither). */
export const SAVE_VERSION = 2;
/**
 * Version 3 adds `sets`, the `--set` overrides the scenario was loaded with. Only a save that has
 * them is written as version 3, so a save without them stays version 2, byte for byte, and a
 * seastate that cannot apply overrides refuses a save that needs them by its version number.
 */
export const SAVE_VERSION_SETS = 3;
const READS = [1, 2, 3];

const id = z.string().regex(/^[A-Z][A-Z0-9_]{0,15}$/, 'an actor id such as JPN');
const num = z.number().finite();
const cause = z.strictObject({
  type: z.enum(['term', 'event', 'action', 'adjudication', 'input']),
  id: z.string().max(200),
  actors: z.array(z.string().max(64)).max(64).optional(),
  note: z.string().max(2000).optional(),
});
const framing = z.enum(['partnership', 'patronage', 'neutral']);
const effect = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('alignment'),
    from: id,
    to: id,
    amount: num,
    framing: framing.optional(),
    set: z.boolean().optional(),
    cause,
  }),
  z.strictObject({
    kind: z.literal('capability'),
    actor: id,
    capability: z.enum(['military', 'economic', 'maritime', 'diplomatic']),
    amount: num,
    set: z.boolean().optional(),
    cause,
  }),
  z.strictObject({
    kind: z.literal('tension'),
    ladder: z.string().max(100).optional(),
    amount: num,
    set: z.boolean().optional(),
    cause,
  }),
  z.strictObject({ kind: z.literal('flag'), name: z.string().max(64), value: z.boolean(), cause }),
  z.strictObject({ kind: z.literal('counter'), name: z.string().max(64), amount: num, cause }),
  z.strictObject({ kind: z.literal('concede'), ladder: z.string().max(100), actor: id, cause }),
]);
const choice = z.strictObject({
  action: z.string().max(64),
  target: z.string().max(16).optional(),
  framing: z.enum(['partnership', 'patronage']).optional(),
});
const turnInputs = z.strictObject({
  effects: z.array(effect).max(200).optional(),
  inject: z
    .array(z.strictObject({ event: z.string().max(100), target: id.optional() }))
    .max(50)
    .optional(),
  choices: z.record(z.string().max(200), z.string().max(100)).optional(),
  actions: z.record(id, z.array(choice).max(6)).optional(),
  rulings: z.record(z.string().max(200), z.boolean()).optional(),
});
/** A key on an edit's path: a field or list index of a queue or a turn's inputs, never one that reaches a prototype. */
const pathKey = z.union([
  z.number().int().min(0).max(10000),
  z
    .string()
    .max(200)
    .refine((k) => !['__proto__', 'prototype', 'constructor'].includes(k), 'a reserved name'),
]);
/** An immer patch, as the journal records it. */
const patch = z.strictObject({
  op: z.enum(['add', 'replace', 'remove']),
  path: z.array(pathKey).max(6),
  value: z.unknown().optional(),
});
const editRecord = z.strictObject({
  on: z.enum(['queue', 'turn', 'ruling']),
  turn: z.number().int().min(1).max(10001),
  label: z.string().max(300),
  patches: z.array(patch).max(50),
  inverse: z.array(patch).max(50),
});
const hash = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash in hex');

/** The save file schema (strict: unknown keys are refused, so a typo is not silently dropped). */
export const SaveSchema = z.strictObject({
  format: z.literal(SAVE_FORMAT),
  version: z.union([z.literal(SAVE_VERSION), z.literal(SAVE_VERSION_SETS)]),
  /** The scenario as the user named it (a built-in id or a path) and, for a path, where it resolved. */
  scenario: z.strictObject({
    ref: z.string().min(1).max(1000),
    path: z.string().max(4096).optional(),
    title: z.string().max(300).optional(),
  }),
  /** Version 3: the `--set KEY=VALUE` overrides applied to the scenario, in order, as written. */
  sets: z.array(z.string().min(3).max(1000)).min(1).max(1000).optional(),
  seed: z.string().regex(/^\d{1,16}$/, 'a non-negative integer'),
  /** Actors the humans played. */
  humans: z.array(id).max(64),
  /** Hash of the initial state: the scenario and data as they were when the game began. */
  initialHash: hash,
  turn: z.number().int().min(0).max(10000),
  /** State hash after each turn, turn 1 first. */
  hashes: z.array(hash).max(10000),
  /** Every turn's inputs (turns with none are left out). */
  log: z.array(z.strictObject({ turn: z.number().int().min(1).max(10000), inputs: turnInputs })).max(10000),
  /** White-cell notes that change nothing (pauses, remarks), by turn. */
  notes: z
    .array(z.strictObject({ turn: z.number().int().min(0).max(10000), text: z.string().max(2000) }))
    .max(10000)
    .default([]),
  /** What the White cell had queued for the next turn when the game was saved. */
  queue: z
    .strictObject({ inject: turnInputs.shape.inject.unwrap(), effects: turnInputs.shape.effects.unwrap() })
    .default({ inject: [], effects: [] }),
  /** The journal of people's edits, oldest first, as immer patches with their inverses (session/edits.ts): what undo takes back. */
  edits: z.array(editRecord).max(100000).default([]),
});
export type SaveFile = z.infer<typeof SaveSchema>;

/** Read and check a save file's structure; the caller then replays it (restore.ts). */
export function readSave(file: string): Loaded<SaveFile> {
  const parsed = readYamlFile(file);
  if (!parsed.ok) {
    // One message for a damaged file, at the first place the parser stumbled.
    const first = parsed.issues[0];
    if (first.code.startsWith('yaml/'))
      return {
        ok: false,
        issues: [{ ...first, code: 'save/corrupt', message: `the save is cut off or corrupted (${first.message})` }],
      };
    return parsed;
  }
  const data = parsed.value.data as Record<string, unknown> | null;
  if (data === null || typeof data !== 'object' || Array.isArray(data) || data.format !== SAVE_FORMAT)
    return {
      ok: false,
      issues: [
        {
          code: 'save/not_a_save',
          file,
          path: '',
          message: `not a seastate save (expected "format": "${SAVE_FORMAT}")`,
        },
      ],
    };
  if (!READS.includes(data.version as number))
    return {
      ok: false,
      issues: [
        {
          code: 'save/version',
          file,
          path: 'version',
          message: `save version ${JSON.stringify(data.version)} is not supported (this seastate reads versions ${READS.slice(0, -1).join(', ')} and ${READS.at(-1)})`,
        },
      ],
    };
  const written = data.version;
  // A version 1 save has no queue or journal: it reads as one with both empty, and is written back as version 2.
  if (data.version === 1) {
    if ('queue' in data || 'edits' in data)
      return {
        ok: false,
        issues: [
          {
            code: 'save/version',
            file,
            path: 'version',
            message: 'a version 1 save has no queue or edits; the version was edited',
          },
        ],
      };
    data.version = SAVE_VERSION;
  }
  // The version says whether the scenario has overrides, so a seastate that cannot apply them refuses the save by its version.
  if (data.version === SAVE_VERSION_SETS && !('sets' in data))
    return {
      ok: false,
      issues: [
        {
          code: 'save/version',
          file,
          path: 'version',
          message: `save version ${SAVE_VERSION_SETS} is not supported without "sets", the --set overrides it is made with; the file was edited`,
        },
      ],
    };
  if (data.version !== SAVE_VERSION_SETS && 'sets' in data)
    return {
      ok: false,
      issues: [
        {
          code: 'save/version',
          file,
          path: 'sets',
          message: `a version ${written} save has no --set overrides ("sets" came in version ${SAVE_VERSION_SETS}); the version was edited`,
        },
      ],
    };
  const v = validate(parsed.value, SaveSchema);
  if (!v.ok) return v;
  const s = v.value;
  if (s.hashes.length !== s.turn)
    return {
      ok: false,
      issues: [
        {
          code: 'save/inconsistent',
          file,
          path: 'hashes',
          message: `the save is at turn ${s.turn} but records ${s.hashes.length} hashes`,
        },
      ],
    };
  if (s.log.some((r, k) => r.turn > s.turn || (k > 0 && r.turn <= s.log[k - 1].turn)))
    return {
      ok: false,
      issues: [
        {
          code: 'save/inconsistent',
          file,
          path: 'log',
          message: `log turns must rise and stay within the save's ${s.turn} turns`,
        },
      ],
    };
  return { ok: true, value: s };
}

/**
 * Write text to `file` atomically: a temporary file beside it, flushed to disk, then renamed over
 * the target. A crash leaves either the old file or the new one, never half of one.
 */
export function writeAtomic(file: string, text: string): void {
  const dir = path.dirname(path.resolve(file));
  // A random name: a stale temporary file left by a crash (pids repeat) must not block later saves.
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, file);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
}

/**
 * The save file's text, one field per line so saves diff well. Keys come in the schema's order, so
 * a game saved again after loading writes the same text as before.
 */
export function saveText(save: SaveFile): string {
  return JSON.stringify(SaveSchema.parse(save), null, 1) + '\n';
}
