/**
 * A crisis's path through a game, as text: turn by turn, the rung, each side's resolve and chance
 * of prevailing, what moved the ladder (the choices, events and slips, each with its amount), the
 * policy's score for each crisis move against its best alternative, and how it ended. Pure: reads
 * a game's states and traces. `seastate explain --crisis LADDER` prints it, and `explain` on a
 * game that ended in war prints it for that crisis.
 */
import type { Rules, TurnTrace, WorldState } from '../../engine';
import { causeLabel, signed, type Names } from './explain-text';

export interface CrisisStep {
  turn: number;
  date: string;
  level: number;
  resolve: [number, number];
  chance: [number, number];
  risk: number;
  roll?: number;
  slipped?: boolean;
  moves: CrisisMove[];
  war?: { winner: string; chance: number; roll: number };
  conceded?: string;
}

/** One change of the ladder in a turn: what made it, and for a choice, the chooser's score and its best alternative. */
export interface CrisisMove {
  kind: 'choice' | 'event' | 'slip' | 'relaxation' | 'other';
  label: string;
  delta: number;
  by?: string;
  score?: number;
  alternative?: { label: string; score: number };
}

function kindOf(c: TurnTrace['ladders'][number]['cause']): CrisisMove['kind'] {
  if (c.type === 'action') return 'choice';
  if (c.type === 'event') return 'event';
  if (c.type === 'term' && c.id === 'escalation') return 'slip';
  if (c.type === 'term' && c.id === 'ladder') return 'relaxation';
  return 'other';
}

/** Each turn of the crisis on `ladder`, from the game's traces (turns 1..last). */
export function crisisPath(
  rules: Rules,
  states: readonly WorldState[],
  traces: readonly (TurnTrace | undefined)[],
  ladder: string,
  names: Names = {},
): CrisisStep[] {
  const def = rules.def.crises.find((c) => c.ladder === ladder);
  if (!def) return [];
  const out: CrisisStep[] = [];
  for (let t = 1; t < traces.length; t++) {
    const tr = traces[t];
    const rec = tr?.crises.find((c) => c.ladder === ladder);
    if (!tr || !rec) continue;
    const moves: CrisisMove[] = [];
    // The turn's effects on this ladder (choices and events, in the order applied), then its own
    // dynamics (relaxation and slips).
    const changes = [
      ...tr.effects.flatMap((e) =>
        e.effect.kind === 'tension' && e.effect.ladder === ladder && e.applied !== 0
          ? [{ delta: e.applied, cause: e.effect.cause }]
          : [],
      ),
      ...tr.ladders.filter((x) => x.ladder === ladder && x.delta !== 0),
    ];
    for (const l of changes) {
      const c = l.cause;
      const kind = kindOf(c);
      const by = kind === 'choice' ? c.actors?.[0] : undefined;
      const label =
        kind === 'relaxation'
          ? 'relaxation toward the structural level (ladder term)'
          : causeLabel({ term: 'effects', cause: c, value: l.delta }, names);
      const move: CrisisMove = { kind, label, delta: l.delta, ...(by ? { by } : {}) };
      if (by) {
        const d = tr.decisions.find((x) => x.actor === by);
        const taken = d?.actions.find(
          (a) => a.action === c.id && (c.actors?.[1] === undefined || a.target === c.actors[1]),
        );
        if (taken?.score !== undefined) move.score = taken.score;
        const alt = d?.alternatives.find((a) => !(a.action === c.id && a.target === c.actors?.[1]));
        if (alt) move.alternative = { label: `${alt.action}${alt.target ? ` → ${alt.target}` : ''}`, score: alt.score };
      }
      moves.push(move);
    }
    out.push({
      turn: t,
      date: tr.date,
      level: rec.level,
      resolve: rec.resolve,
      chance: rec.chance,
      risk: rec.risk,
      ...(rec.roll !== undefined ? { roll: rec.roll, slipped: rec.slipped } : {}),
      moves,
      ...(rec.war ? { war: rec.war } : {}),
      ...(rec.conceded ? { conceded: rec.conceded } : {}),
    });
    if (rec.war || rec.conceded) break;
  }
  return out;
}

const f3 = (x: number) => x.toFixed(3);
const sgn = (x: number) => signed(x, 2);

/** The path as lines: a header, then one block per turn on which something happened or the rung was at risk. */
export function crisisLines(rules: Rules, path: readonly CrisisStep[], ladder: string): string[] {
  const def = rules.def.crises.find((c) => c.ladder === ladder)!;
  const [a, b] = def.sides.map((s) => s.actor);
  const lines = [
    `the crisis on ${ladder} (${a} against ${b}; war at rung ${def.warRung}, slips possible from rung ${def.riskFrom}), turn by turn:`,
  ];
  const end = path.at(-1);
  for (const s of path) {
    const quiet = !s.moves.length && !s.slipped && !s.war && !s.conceded;
    if (quiet && s !== end) continue;
    lines.push(
      '',
      `turn ${s.turn} (${s.date.slice(0, 7)})  rung ${s.level.toFixed(2)}  resolve ${a} ${f3(s.resolve[0])} ${b} ${f3(s.resolve[1])}  chance of prevailing ${a} ${f3(s.chance[0])}  slip risk ${f3(s.risk)}`,
    );
    for (const m of s.moves) {
      const why =
        m.score !== undefined
          ? `  (${m.by}'s policy scored it ${m.score.toFixed(4)}${m.alternative ? `; best alternative ${m.alternative.label} ${m.alternative.score.toFixed(4)}` : ''})`
          : '';
      lines.push(`    ${sgn(m.delta)}  ${m.label}${why}`);
    }
    if (s.roll !== undefined)
      lines.push(
        `    slip draw ${f3(s.roll)} against risk ${f3(s.risk)}: ${s.slipped ? 'the crisis slipped a rung (escalation term)' : 'held'}`,
      );
    if (s.war)
      lines.push(
        `    WAR at rung ${def.warRung}: ${a}'s chance ${f3(s.war.chance)}, draw ${f3(s.war.roll)}: ${s.war.winner} prevailed`,
      );
    if (s.conceded) lines.push(`    ${s.conceded} backed down`);
  }
  const moved = path.flatMap((s) => s.moves);
  const total = (kinds: CrisisMove['kind'][]) =>
    moved.filter((m) => kinds.includes(m.kind)).reduce((x, m) => x + m.delta, 0);
  const byActor = new Map<string, number>();
  for (const m of moved) if (m.by) byActor.set(m.by, (byActor.get(m.by) ?? 0) + m.delta);
  const slips = moved.filter((m) => m.kind === 'slip').length;
  lines.push(
    '',
    `what moved the ladder: ${[...byActor].map(([k, v]) => `${k}'s choices ${sgn(v)}`).join(', ') || "no actor's choices"}; events ${sgn(total(['event']))}; slips ${sgn(total(['slip']))} (${slips}); relaxation and other ${sgn(total(['relaxation', 'other']))}`,
  );
  return lines;
}
