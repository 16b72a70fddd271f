/**
 * The after-action review a facilitator shows the class at the end of a game: how it went (events,
 * White-cell interventions, escalation, the humans' moves) and why alignments moved, each large move
 * split into its causes over the whole game. Built as plain data from the game's states and traces
 * (rebuilt by replay when the game lacks them), then rendered as Markdown (aar-markdown.ts) or as an
 * HTML page with charts (aar-html.ts, not re-exported here: it loads Vega). No clock, no randomness:
 * the same game always gives the same review, byte for byte.
 */
import { stateHash } from '../state-hash';
import {
  actionKey,
  explainCell,
  inputsFor,
  tilt,
  type Cause,
  type Contribution,
  type Effect,
  type EventDef,
  type TurnTrace,
  type WorldState,
} from '../../engine';
import { advance, current, type Game } from './game';

export { reviewMarkdown } from './aar-markdown';

/** One fired event instance. `chooser` is who picked the option: a human, an actor's policy, or the scripted weights. */
export interface ReviewEvent {
  turn: number;
  date: string;
  event: string;
  title: string;
  target?: string;
  /** Why it fired: its timing (`turn`, `mtth`, `chance`, `trigger`), a follow-up, or `white cell`. */
  reason: string;
  option?: string;
  optionText?: string;
  chooser?: 'human' | 'policy' | 'scripted';
  /** The actor that chose (for a human, the actor the human plays). */
  by?: string;
}

/** A White-cell effect as applied; `reason` is the cause's note (or its id when there is none). */
export interface WhiteCellEffect {
  turn: number;
  date: string;
  kind: Effect['kind'];
  subject: string;
  amount: number;
  set: boolean;
  applied: number;
  causeType: Cause['type'];
  reason: string;
}

/** A White-cell ruling on an action's dice, with what the dice said. */
export interface DiceRuling {
  turn: number;
  date: string;
  key: string;
  success: boolean;
  /** False when no action of that key was taken that turn (the ruling changed nothing). */
  used: boolean;
  chance?: number;
  roll?: number;
}

/** A ladder's level at the start, at its peak (first turn reached) and at the end. */
export interface LadderPath {
  ladder: string;
  start: number;
  peak: number;
  peakTurn: number;
  end: number;
  max: number;
}

/** One cause's total contribution to a move over the game, and its share of the move (value / change). */
export interface CauseShare {
  key: string;
  label: string;
  /** A term's name, `events`, `actions` or `White cell` (as `other.families` names them). */
  family: string;
  value: number;
  share: number;
}

/** A large alignment move from start to end, with its main causes and the rest folded into `other`. */
export interface AlignmentMove {
  from: string;
  to: string;
  start: number;
  end: number;
  change: number;
  causes: CauseShare[];
  /** The causes not listed, summed, and the same split by family (a term's name, `events`, `actions`, `White cell`). */
  other: { count: number; value: number; families: { family: string; count: number; value: number }[] };
  /** The cell turn by turn (index 0 the start): its value after the turn, that turn's change and the turn's largest cause. */
  path: { turn: number; value: number; change: number; cause?: { label: string; value: number } }[];
}

/** How far an actor's tilt between the US (+1) and China (-1) moved over the game. */
export interface TiltShift {
  actor: string;
  name: string;
  start: number;
  end: number;
  change: number;
}

/** What a human-played actor did in one turn (`by: 'policy'` when the human left it to the computer). */
export interface HumanTurn {
  turn: number;
  date: string;
  by: 'human' | 'policy';
  actions: { action: string; target?: string; framing?: string; success: boolean; adjudicated: boolean }[];
  choices: ReviewEvent[];
}

/** Per-state values for the review's charts: index k is the state after `turns[k].turn` (index 0 the start). */
export interface ReviewSeries {
  turns: { turn: number; date: string }[];
  /** Every ladder's level, in the order of `escalation`. */
  ladders: { ladder: string; levels: number[] }[];
  /** The tilt of the human actors, then of those in `tilts`; empty when the scenario lacks the US or China. */
  tilts: { actor: string; name: string; human: boolean; values: number[] }[];
  /** Each human actor's stance toward the actors it moved most toward over the game (up to three each). */
  humanCells: { from: string; to: string; values: number[] }[];
}

/** The review as data: what the Markdown shows, unrounded, for the UI and for tests. */
export interface AfterAction {
  scenario: { id: string; title: string };
  seed: string;
  humans: string[];
  turns: { played: number; planned: number; months: number; start: string; end: string };
  /** `ended`: an end condition held; `completed`: all planned turns were played; `stopped`: the game stopped before either. */
  ending: { kind: 'ended'; id: string; outcome: string; turn: number } | { kind: 'completed' } | { kind: 'stopped' };
  events: ReviewEvent[];
  whiteCell: {
    injections: ReviewEvent[];
    effects: WhiteCellEffect[];
    rulings: DiceRuling[];
    notes: { turn: number; text: string }[];
  };
  escalation: LadderPath[];
  moves: AlignmentMove[];
  /** Largest shifts of tilt between the US (+1) and China (-1); empty when the scenario lacks either. */
  tilts: TiltShift[];
  humanPlay: { actor: string; name: string; turns: HumanTurn[] }[];
  /** What the charts draw turn by turn (the Markdown does not show it). */
  series: ReviewSeries;
  finalHash: string;
  /** Anything the facilitator should know about how the review was built. */
  warnings: string[];
}

const TOP_MOVES = 8;
const TOP_CAUSES = 4;
const TOP_TILTS = 8;
const TOP_HUMAN_CELLS = 3;

/** The after-action review of a game: key events, the largest alignment moves and their causes. */
export function afterActionReview(game: Game): AfterAction {
  const { g, warnings } = withTraces(game);
  const states = g.states;
  const first = states[0];
  const last = current(g);
  const T = states.length - 1;
  const rules = g.sim.rules;
  const defs = new Map(rules.def.events.map((e) => [e.id, e]));

  const events: ReviewEvent[] = [];
  const humanChoices: ReviewEvent[] = [];
  const whiteEffects: WhiteCellEffect[] = [];
  const rulings: DiceRuling[] = [];
  for (let t = 1; t <= T; t++) {
    const trace = g.traces[t]!;
    const inputs = inputsFor(last.log, states[t].turn);
    for (const e of trace.events) {
      const row = reviewEvent(trace, e, defs.get(e.event));
      events.push(row);
      if (row.chooser === 'human') humanChoices.push(row);
    }
    // The White cell's effects are applied last, in the order given (src/engine/turn/effects.ts, phase 5).
    const k = inputs.effects?.length ?? 0;
    for (const a of k ? trace.effects.slice(-k) : []) {
      const c = a.effect.cause;
      whiteEffects.push({
        turn: trace.turn,
        date: trace.date,
        kind: a.effect.kind,
        subject: subject(a.effect),
        amount: 'amount' in a.effect ? a.effect.amount : a.effect.kind === 'flag' && a.effect.value ? 1 : 0,
        set: 'set' in a.effect && a.effect.set === true,
        applied: a.applied,
        causeType: c.type,
        reason: c.note ?? c.id,
      });
    }
    const outcomes = new Map(
      trace.decisions.flatMap((d) =>
        d.actions.filter((o) => o.adjudicated).map((o) => [actionKey(d.actor, o), o] as const),
      ),
    );
    for (const [key, success] of Object.entries(inputs.rulings ?? {})) {
      const o = outcomes.get(key);
      rulings.push({
        turn: trace.turn,
        date: trace.date,
        key,
        success,
        used: o !== undefined,
        ...(o ? { chance: o.chance, roll: o.roll } : {}),
      });
    }
  }

  const ladderIds = ['global', ...first.ladders.dyads.map((d) => d.id)];
  const level = (s: WorldState, id: string) =>
    id === 'global' ? s.ladders.global : s.ladders.dyads.find((d) => d.id === id)!.level;
  const escalation = ladderIds.map((id): LadderPath => {
    let peakTurn = 0;
    for (let t = 1; t <= T; t++) if (level(states[t], id) > level(states[peakTurn], id)) peakTurn = t;
    return {
      ladder: id,
      start: level(first, id),
      peak: level(states[peakTurn], id),
      peakTurn: states[peakTurn].turn,
      end: level(last, id),
      max: first.params.ladder.max,
    };
  });

  const ids = first.actors.map((a) => a.id);
  const axis = rules.def.poles;
  const hasPoles = axis !== undefined && ids.includes(axis[0]) && ids.includes(axis[1]);
  const isPole = (id: string) => axis !== undefined && axis.includes(id);
  const tilts = hasPoles
    ? first.actors
        .filter((a) => !isPole(a.id))
        .map((a) => ({
          actor: a.id,
          name: a.name,
          start: tilt(rules, first, a.id),
          end: tilt(rules, last, a.id),
          change: tilt(rules, last, a.id) - tilt(rules, first, a.id),
        }))
        .filter((x) => x.change !== 0)
        .sort((x, y) => Math.abs(y.change) - Math.abs(x.change))
        .slice(0, TOP_TILTS)
    : [];

  const humanPlay = g.humans.map((actor) => ({
    actor,
    name: first.actors.find((a) => a.id === actor)?.name ?? actor,
    turns: Array.from({ length: T }, (_, k): HumanTurn => {
      const trace = g.traces[k + 1]!;
      const d = trace.decisions.find((x) => x.actor === actor);
      return {
        turn: trace.turn,
        date: trace.date,
        by: d?.controller ?? 'policy',
        actions: (d?.actions ?? []).map((o) => ({
          action: o.action,
          ...(o.target ? { target: o.target } : {}),
          ...(o.framing ? { framing: o.framing } : {}),
          success: o.success,
          adjudicated: o.adjudicated === true,
        })),
        choices: humanChoices.filter((e) => e.turn === trace.turn && e.by === actor),
      };
    }),
  }));

  const turnsDone = last.turn - first.turn;
  return {
    scenario: { id: g.scenario.id, title: g.scenario.title },
    seed: g.seed,
    humans: [...g.humans],
    turns: { played: turnsDone, planned: first.turns, months: first.turnMonths, start: first.date, end: last.date },
    ending: last.ended
      ? { kind: 'ended', ...last.ended }
      : last.turn >= last.turns
        ? { kind: 'completed' }
        : { kind: 'stopped' },
    events,
    whiteCell: {
      injections: events.filter((e) => e.reason === 'white cell'),
      effects: whiteEffects,
      rulings,
      notes: [...g.notes],
    },
    escalation,
    moves: largestMoves(states, g.traces, defs),
    tilts,
    humanPlay,
    series: {
      turns: states.map((s) => ({ turn: s.turn, date: s.date })),
      ladders: ladderIds.map((id) => ({ ladder: id, levels: states.map((s) => level(s, id)) })),
      tilts: hasPoles
        ? [
            ...g.humans.filter((h) => !isPole(h)),
            ...tilts.map((x) => x.actor).filter((a) => !g.humans.includes(a)),
          ].map((a) => ({
            actor: a,
            name: first.actors.find((x) => x.id === a)?.name ?? a,
            human: g.humans.includes(a),
            values: states.map((s) => tilt(rules, s, a)),
          }))
        : [],
      humanCells: g.humans.flatMap((h) => {
        const i = ids.indexOf(h);
        const n = ids.length;
        // Ties keep actor order (sort is stable), as for the moves.
        return ids
          .map((to, j) => ({ to, j, change: Math.abs(last.alignment[i * n + j] - first.alignment[i * n + j]) }))
          .filter((c) => c.j !== i && c.change !== 0)
          .sort((a, b) => b.change - a.change)
          .slice(0, TOP_HUMAN_CELLS)
          .map((c) => ({ from: h, to: c.to, values: states.map((s) => s.alignment[i * n + c.j]) }));
      }),
    },
    finalHash: g.hashes[g.hashes.length - 1],
    warnings,
  };
}

/**
 * The game with a state and a detailed trace for every turn. A game made by `run --save` keeps only
 * its first and last states, and one made with `trace: false` has no detail to explain, so such a
 * game is replayed from its initial state with the inputs its log recorded.
 */
function withTraces(game: Game): { g: Game; warnings: string[] } {
  const states = game.states;
  const first = states[0];
  const last = current(game);
  const n2 = first.actors.length ** 2;
  const turns = last.turn - first.turn;
  let complete = states.length === turns + 1;
  for (let t = 1; complete && t <= turns; t++) complete = game.traces[t]?.before.length === n2;
  if (complete) return { g: game, warnings: [] };
  let g: Game = {
    ...game,
    states: [first],
    traces: [undefined],
    hashes: [game.hashes[0] ?? stateHash(game.sim.rules, first)],
  };
  for (let t = first.turn + 1; t <= last.turn && !current(g).ended; t++) g = advance(g, inputsFor(last.log, t));
  const want = game.hashes[game.hashes.length - 1];
  const warnings =
    want !== undefined && g.hashes[g.hashes.length - 1] !== want
      ? [
          `replaying the game's inputs did not reach its recorded final state (${want.slice(0, 12)}…); this review follows the replay`,
        ]
      : [];
  return { g, warnings };
}

function reviewEvent(trace: TurnTrace, e: TurnTrace['events'][number], def: EventDef | undefined): ReviewEvent {
  const row: ReviewEvent = {
    turn: trace.turn,
    date: trace.date,
    event: e.event,
    title: def?.title ?? e.event,
    reason: e.reason,
  };
  if (e.target !== undefined) row.target = e.target;
  if (e.option !== undefined) {
    row.option = e.option;
    const text = def?.options.find((o) => o.id === e.option)?.text;
    if (text !== undefined) row.optionText = text;
  }
  if (e.chooser) row.chooser = e.chooser === 'ai' ? 'scripted' : e.chooser;
  // The trace names the policy's actor; a human chose for the event's chooser (events.ts).
  const by = e.chooser === 'human' ? (def?.actor === 'target' ? e.target : (def?.actor ?? e.target)) : e.by;
  if (by !== undefined) row.by = by;
  return row;
}

function subject(e: Effect): string {
  switch (e.kind) {
    case 'alignment':
      return `${e.from} → ${e.to}`;
    case 'capability':
      return `${e.actor} ${e.capability}`;
    case 'tension':
      return e.ladder && e.ladder !== 'global' ? `ladder ${e.ladder}` : 'global ladder';
    case 'flag':
      return `flag ${e.name}`;
    case 'counter':
      return `counter ${e.name}`;
    case 'concede':
      return `${e.actor} backs down in ${e.ladder}`;
  }
}

/**
 * The off-diagonal cells that moved most from the first state to the last, each with its causes
 * summed over every turn (explainCell per turn), largest first; the rest fold into `other`, so the
 * listed causes plus `other` add up to the move.
 */
function largestMoves(
  states: WorldState[],
  traces: (TurnTrace | undefined)[],
  defs: Map<string, EventDef>,
): AlignmentMove[] {
  const first = states[0];
  const last = states[states.length - 1];
  const n = first.actors.length;
  const ids = first.actors.map((a) => a.id);
  const cells: { x: number; change: number }[] = [];
  for (let x = 0; x < n * n; x++) {
    const change = last.alignment[x] - first.alignment[x];
    if (x % (n + 1) !== 0 && change !== 0) cells.push({ x, change });
  }
  // Ties keep actor order (sort is stable), so the list never varies between runs.
  cells.sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
  return cells.slice(0, TOP_MOVES).map(({ x, change }) => {
    const from = ids[Math.floor(x / n)];
    const to = ids[x % n];
    const sums: CauseSums = new Map();
    const path: AlignmentMove['path'] = [{ turn: first.turn, value: first.alignment[x], change: 0 }];
    for (let t = 1; t < states.length; t++) {
      const turn: CauseSums = new Map();
      for (const p of explainCell(states[t - 1], traces[t]!, from, to).parts) {
        const { key, label } = causeLabel(p, to, defs);
        addCause(sums, key, label, p);
        addCause(turn, key, label, p);
      }
      const top = ranked(turn)[0];
      const value = states[t].alignment[x];
      path.push({
        turn: states[t].turn,
        value,
        change: value - states[t - 1].alignment[x],
        ...(top ? { cause: { label: top.label, value: top.value } } : {}),
      });
    }
    const all = ranked(sums);
    const rest = all.slice(TOP_CAUSES);
    // Influence and balance come as one small part per partner, so the rest is large; split by family it still tells a story.
    const families = new Map<string, { family: string; count: number; value: number }>();
    for (const c of rest) {
      const f = families.get(c.family) ?? { family: c.family, count: 0, value: 0 };
      f.count++;
      f.value += c.value;
      families.set(c.family, f);
    }
    return {
      from,
      to,
      start: first.alignment[x],
      end: last.alignment[x],
      change,
      causes: all
        .slice(0, TOP_CAUSES)
        .map((c) => ({ key: c.key, label: c.label, family: c.family, value: c.value, share: c.value / change })),
      other: {
        count: rest.length,
        value: rest.reduce((s, c) => s + c.value, 0),
        families: [...families.values()].sort((a, b) => Math.abs(b.value) - Math.abs(a.value)),
      },
      path,
    };
  });
}

type CauseSums = Map<string, { label: string; family: string; value: number; by: string[] }>;

function addCause(sums: CauseSums, key: string, label: string, p: Contribution): void {
  const s = sums.get(key) ?? { label, family: family(p), value: 0, by: [] };
  s.value += p.value;
  const actor = p.cause.type === 'action' ? p.cause.actors?.[0] : undefined;
  if (actor !== undefined && !s.by.includes(actor)) s.by.push(actor);
  sums.set(key, s);
}

/** The causes largest first (ties by key, so the order never varies); an action is one cause whoever took it, and its label says who did. */
function ranked(sums: CauseSums): { key: string; label: string; family: string; value: number }[] {
  const all = [...sums].map(([key, s]) => ({
    key,
    label: s.by.length ? `${s.label} (by ${s.by.join(', ')})` : s.label,
    family: s.family,
    value: s.value,
  }));
  return all.sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function family(p: Contribution): string {
  const t = p.cause.type;
  return t === 'term' ? p.term : t === 'event' ? 'events' : t === 'action' ? 'actions' : 'White cell';
}

/**
 * How a contribution is grouped and named: events and actions by id, White-cell effects by their
 * reason, terms by name and the counterpart actor behind them.
 */
function causeLabel(p: Contribution, to: string, defs: Map<string, EventDef>): { key: string; label: string } {
  const c = p.cause;
  const who = c.actors?.[0];
  switch (c.type) {
    case 'event':
      return { key: `event:${c.id}`, label: `event: ${defs.get(c.id)?.title ?? c.id}` };
    case 'action':
      return { key: `action:${c.id}`, label: `action: ${c.id}` };
    case 'adjudication':
      return { key: `adjudication:${c.note ?? c.id}`, label: `White cell: ${c.note ?? c.id}` };
    case 'input':
      return { key: `input:${c.id}:${c.note ?? ''}`, label: `White cell: ${c.note ?? c.id}` };
    case 'term':
      break;
  }
  const key = `term:${p.term}:${who ?? ''}:${c.note ?? ''}`;
  switch (p.term) {
    case 'influence':
      return { key, label: who ? `influence of ${who}` : 'influence: pull of own baseline' };
    case 'balance':
      return { key, label: `balance: triad with ${who}` };
    case 'threat':
      return { key, label: who === to ? `threat from ${who}` : `threat from ${who} (balancing with its rivals)` };
    case 'residual':
      return { key, label: 'calibration residual' };
    case 'noise':
      return { key, label: 'random shocks (noise)' };
    case 'bound':
      return { key, label: 'clipping to [-1, 1]' };
    default:
      return { key, label: c.id };
  }
}

// ---------------------------------------------------------------------------------------------
// Markdown
