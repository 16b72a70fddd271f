/**
 * Explanations of alignment changes as text lines, for the explain command and the play UI: pure
 * functions of the engine's `CellExplanation`, no I/O. A change is shown as before → after and its
 * contributions by cause, largest first; the many tiny ones are folded into one "other" line so the
 * list stays readable while the shown values still add up to the change.
 */
import {
  explainCell,
  type CellExplanation,
  type Contribution,
  type EventDef,
  type TurnTrace,
  type WorldState,
} from '../../engine';

/** Readable names for ids (actor names, event titles); where one is missing the id is shown. */
export interface Names {
  actors?: Readonly<Record<string, string>>;
  events?: Readonly<Record<string, string>>;
}

/** How many causes to list before folding the rest, and the share of the largest below which a cause is folded. */
export interface FoldOptions {
  top?: number;
  minShare?: number;
}

/** The names of a state's actors and a scenario's events. */
export function namesFor(state: WorldState, events: readonly EventDef[]): Names {
  return {
    actors: Object.fromEntries(state.actors.map((a) => [a.id, a.name])),
    events: Object.fromEntries(events.map((e) => [e.id, e.title])),
  };
}

/** A signed number with a fixed number of decimals (+0.01230). */
export function signed(v: number, decimals = 5): string {
  // -0.000001 would print as "-0.00000"; a value too small to show has no sign.
  const s = v.toFixed(decimals);
  return Number(s) === 0 ? ` ${(0).toFixed(decimals)}` : v > 0 ? `+${s}` : s;
}

/** A short readable label for what caused a contribution: the term and its counterpart, or the event/action/ruling. */
export function causeLabel(c: Contribution, names: Names = {}): string {
  const { cause } = c;
  const note = cause.note ? ` (${cause.note})` : '';
  const actors = cause.actors?.length ? cause.actors : [];
  switch (cause.type) {
    case 'term':
      // Terms name the counterpart actor whose position pulled this cell (partner, triad, threat).
      return `${cause.id}${actors.length ? ` via ${actors.join(', ')}` : ''}${note}`;
    case 'event': {
      const title = names.events?.[cause.id];
      return `event ${cause.id}${title ? ` "${title}"` : ''}${actors.length ? ` [${actors.join(', ')}]` : ''}${note}`;
    }
    case 'action': {
      // An action's cause lists its actor, then its target when it has one.
      const [by, target] = actors;
      return `action ${cause.id}${by ? ` by ${by}` : ''}${target ? ` → ${target}` : ''}${note}`;
    }
    default:
      return `${cause.type} ${cause.id}${actors.length ? ` [${actors.join(', ')}]` : ''}${note}`;
  }
}

/** The contributions largest first (ties in the engine's order), with the small and the surplus folded into one sum. */
export function foldParts(
  parts: readonly Contribution[],
  opts: FoldOptions = {},
): { shown: Contribution[]; other: { count: number; value: number } } {
  const top = opts.top ?? 8;
  const minShare = opts.minShare ?? 0.01;
  const sorted = parts
    .map((p, k) => ({ p, k }))
    .sort((a, b) => Math.abs(b.p.value) - Math.abs(a.p.value) || a.k - b.k)
    .map((x) => x.p);
  const largest = sorted.length ? Math.abs(sorted[0].value) : 0;
  let cut = sorted.findIndex((p, k) => k >= top || Math.abs(p.value) < largest * minShare || p.value === 0);
  if (cut < 0) cut = sorted.length;
  // Folding a single cause into "other (1 cause)" hides its name and saves nothing.
  if (cut === sorted.length - 1) cut = sorted.length;
  const rest = sorted.slice(cut);
  return { shown: sorted.slice(0, cut), other: { count: rest.length, value: rest.reduce((s, p) => s + p.value, 0) } };
}

/** "JPN → USA" or, with names, "Japan (JPN) → United States (USA)". */
export function cellName(e: Pick<CellExplanation, 'from' | 'to'>, names: Names = {}): string {
  const n = (id: string) => (names.actors?.[id] ? `${names.actors[id]} (${id})` : id);
  return `${n(e.from)} → ${n(e.to)}`;
}

/** The full explanation of one cell: before → after, each cause with its signed value, the total, and the terms. */
export function explanationLines(e: CellExplanation, names: Names = {}, opts: FoldOptions = {}): string[] {
  const change = e.after - e.before;
  const lines = [
    `${cellName(e, names)}, turn ${e.turn}: ${signed(e.before, 4)} → ${signed(e.after, 4)} (change ${signed(change)})`,
  ];
  if (!e.parts.length) return [...lines, 'nothing moved this cell this turn'];
  lines.push('contributions by cause, largest first (they add up to the change):');
  const { shown, other } = foldParts(e.parts, opts);
  for (const p of shown) lines.push(`  ${signed(p.value)}  ${causeLabel(p, names)}`);
  if (other.count) lines.push(`  ${signed(other.value)}  other: ${other.count} smaller causes`);
  lines.push(`  ${'-'.repeat(8)}`, `  ${signed(change)}  total, the change`);
  lines.push(
    `by term: ${termSums(e)
      .map(([t, v]) => `${t} ${signed(v)}`)
      .join(', ')}`,
  );
  return lines;
}

/** Each term's total over the turn, in the step's order, leaving out terms that added nothing. */
export function termSums(e: CellExplanation): [string, number][] {
  const sums = new Map<string, number>();
  for (const t of e.totals) sums.set(t.term, (sums.get(t.term) ?? 0) + t.value);
  return [...sums].filter(([, v]) => v !== 0);
}

/** A change in brief: one heading line, then its `k` largest causes (the rest folded into "other"). */
export function briefLines(e: CellExplanation, k = 3, names: Names = {}): string[] {
  const lines = [
    `${cellName(e, names)}  ${signed(e.before, 4)} → ${signed(e.after, 4)}  change ${signed(e.after - e.before)}`,
  ];
  const { shown, other } = foldParts(e.parts, { top: k, minShare: 0 });
  for (const p of shown) lines.push(`    ${signed(p.value)}  ${causeLabel(p, names)}`);
  if (other.count) lines.push(`    ${signed(other.value)}  other: ${other.count} smaller causes`);
  return lines;
}

/** Each cell's change over the turn, from the trace alone (cheap: no explanation is built). */
function cellChanges(trace: TurnTrace): Float64Array {
  const d = Float64Array.from(trace.afterEffects, (a, x) => a - trace.before[x] + trace.bound[x]);
  for (const t of Object.values(trace.terms)) for (let x = 0; x < d.length; x++) d[x] += t[x];
  return d;
}

/** Explanations of the cells that moved most over the turn `trace` records, largest first (at most `k`). */
export function largestChanges(prev: WorldState, trace: TurnTrace, k: number): CellExplanation[] {
  const n = prev.actors.length;
  const d = cellChanges(trace);
  const cells: number[] = [];
  for (let x = 0; x < n * n; x++) if (x % (n + 1) !== 0 && d[x] !== 0) cells.push(x);
  cells.sort((a, b) => Math.abs(d[b]) - Math.abs(d[a]) || a - b);
  return cells
    .slice(0, k)
    .map((x) => explainCell(prev, trace, prev.actors[Math.floor(x / n)].id, prev.actors[x % n].id));
}

/** Explanations of one actor's stance toward every other (`'row'`), or of every other's toward it (`'column'`), largest change first. */
export function actorChanges(
  prev: WorldState,
  trace: TurnTrace,
  actor: string,
  side: 'row' | 'column' = 'row',
): CellExplanation[] {
  const list = prev.actors
    .filter((a) => a.id !== actor)
    .map((a) => (side === 'row' ? explainCell(prev, trace, actor, a.id) : explainCell(prev, trace, a.id, actor)));
  // The sort is stable, so equal changes keep the actors' order.
  return list.sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before));
}
