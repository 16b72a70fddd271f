/**
 * The edits people make during a game, as immer patches: the White cell's queue for the next turn
 * (injections and effects), a turn handing that queue to the engine, and rulings on the last turn's
 * dice. Each edit is made with immer's produceWithPatches on plain data, so it carries its own
 * inverse: undo applies the inverse patches, and the save logs both, so a game loaded from a save
 * can be undone as far as the one that was saved. The engine never sees immer: a turn's inputs are
 * the plain result, and the batch hot path has no edits at all.
 *
 * Why immer and not hand-written copies: the patches it records are exact (paths, operations,
 * values) for any recipe, so undo needs no per-edit inverse code, and its structural sharing and
 * freezing keep an edit from changing a queue the UI still shows.
 */
import { applyPatches, enablePatches, produceWithPatches, type Draft, type Patch } from 'immer';
import type { Effect, TurnInputs } from '../../engine';

enablePatches();

/** What the White cell has queued for the next turn. */
export interface WhiteCellQueue {
  inject: { event: string; target?: string }[];
  effects: Effect[];
}

export const EMPTY_QUEUE: WhiteCellQueue = { inject: [], effects: [] };

/** Turn inputs with a queue's injections and effects first. */
export function withQueue(inputs: TurnInputs, q: WhiteCellQueue): TurnInputs {
  const inject = [...q.inject, ...(inputs.inject ?? [])];
  const effects = [...q.effects, ...(inputs.effects ?? [])];
  return { ...inputs, ...(inject.length ? { inject } : {}), ...(effects.length ? { effects } : {}) };
}

/** What an edit changed. */
export type EditOn =
  /** The White cell's queue for turn `turn` (not yet played). */
  | 'queue'
  /** Turn `turn` was played with the queue: the patches empty it, the inverse gives it back. */
  | 'turn'
  /** A ruling added to the inputs of turn `turn`, which was then played again. */
  | 'ruling';

/** One edit, with the patches that make it and the inverse patches that take it back. */
export interface Edit {
  on: EditOn;
  turn: number;
  /** What a person would call it: "inject typhoon", "JPN:osa_grant@PHL succeeds". */
  label: string;
  patches: Patch[];
  inverse: Patch[];
}

/** Apply `recipe` to `base` and record the edit; `undefined` when the recipe changed nothing. */
export function edit<T extends object>(
  base: T,
  on: EditOn,
  turn: number,
  label: string,
  recipe: (draft: Draft<T>) => void,
): { value: T; edit?: Edit } {
  const [value, patches, inverse] = produceWithPatches(base, recipe);
  return patches.length ? { value, edit: { on, turn, label, patches, inverse } } : { value };
}

/** Take an edit back. */
export function revert<T extends object>(value: T, e: Edit): T {
  return applyPatches(value, e.inverse);
}

/** Make an edit again (what a save's journal does on load). */
export function redo<T extends object>(value: T, e: Edit): T {
  return applyPatches(value, e.patches);
}

/** A turn's White-cell inputs as a queue (what the inverse of its 'turn' edit must give back). */
export function queueOf(inputs: TurnInputs): WhiteCellQueue {
  return { inject: inputs.inject ?? [], effects: inputs.effects ?? [] };
}
