/**
 * Explain: one cell (actor toward actor) on one turn, its change as named contributions that add up
 * exactly. ←→ change the actor, ↑↓ the counterpart, [ ] the turn, + watches the cell in the trends.
 */
import { Box, Text, useInput } from 'ink';
import { useMemo } from 'react';
import { explainCell } from '../../../engine';
import { causeLabel, namesFor } from '../../session/explain-text';
import type { Game } from '../../session/game';
import { bar, fit, signed } from '../format';

export interface ExplainTarget {
  from: string;
  to: string;
  turn: number;
}

export interface ExplainPanelProps {
  game: Game;
  target: ExplainTarget;
  height: number;
  width: number;
  onChange(t: ExplainTarget): void;
  onWatch(from: string, to: string): void;
  onBack(): void;
}

/** The explain panel for the game's turn `target.turn` (1 ≤ turn ≤ the current turn). */
export function ExplainPanel({ game, target, height, width, onChange, onWatch, onBack }: ExplainPanelProps) {
  const ids = game.states[0].actors.map((a) => a.id);
  const last = game.states.length - 1;
  const { from, to, turn } = target;
  const names = useMemo(() => namesFor(game.states[0], game.scenario.rules.events), [game]);
  const x = useMemo(
    () =>
      turn >= 1 && game.traces[turn] ? explainCell(game.states[turn - 1], game.traces[turn]!, from, to) : undefined,
    [game, from, to, turn],
  );
  useInput((input, key) => {
    const cycle = (list: string[], cur: string, d: number, skip: string) => {
      let k = list.indexOf(cur);
      do k = (k + d + list.length) % list.length;
      while (list[k] === skip);
      return list[k];
    };
    if (key.leftArrow || key.rightArrow) onChange({ ...target, from: cycle(ids, from, key.leftArrow ? -1 : 1, to) });
    else if (key.upArrow || key.downArrow) onChange({ ...target, to: cycle(ids, to, key.upArrow ? -1 : 1, from) });
    else if (input === '[' && turn > 1) onChange({ ...target, turn: turn - 1 });
    else if (input === ']' && turn < last) onChange({ ...target, turn: turn + 1 });
    else if (input === '+') onWatch(from, to);
    else if (key.escape || input === 'e' || input === 'q') onBack();
  });
  const header = `EXPLAIN · ${from} toward ${to} · turn ${turn}${game.traces[turn] ? ` (${game.traces[turn]!.date.slice(0, 7)})` : ''}`;
  if (!x)
    return (
      <Box flexDirection="column">
        <Text bold>{header}</Text>
        <Text color="gray">
          {last === 0 ? 'No turn has been played yet: play a turn (n), then explain it.' : 'This turn has no record.'}
        </Text>
        <Text color="gray">esc back</Text>
      </Box>
    );
  const change = x.after - x.before;
  const parts = [...x.parts].sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  const rows = Math.max(1, height - 6);
  const shown = parts.length > rows ? parts.slice(0, rows - 1) : parts;
  const rest = parts.slice(shown.length).reduce((s, p) => s + p.value, 0);
  const biggest = Math.max(1e-12, ...parts.map((p) => Math.abs(p.value)));
  // Labels beside their numbers: a wide screen gives the bars the room, not a gap.
  const labelW = Math.max(20, Math.min(70, width - 32));
  const barW = Math.max(12, Math.min(40, width - labelW - 12));
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {header}
      </Text>
      <Text wrap="truncate">
        {`before ${signed(x.before)}  after ${signed(x.after)}  change `}
        <Text bold color={change >= 0 ? 'blue' : 'red'}>
          {signed(change, 4)}
        </Text>
        <Text color="gray">{`  (${parts.length} contributions; they add up to the change)`}</Text>
      </Text>
      {shown.map((p, k) => (
        <Text key={k} wrap="truncate">
          {fit(p.term === 'bound' ? 'clipped to [-1, 1]' : causeLabel(p, names), labelW)}{' '}
          {signed(p.value, 4).padStart(8)}{' '}
          <Text color={p.value >= 0 ? 'blue' : 'red'}>{bar(Math.abs(p.value), biggest, barW)}</Text>
        </Text>
      ))}
      {parts.length > shown.length ? (
        <Text color="gray">{`${fit(`${parts.length - shown.length} smaller contributions`, labelW)} ${signed(rest, 4).padStart(8)}`}</Text>
      ) : null}
      <Text color="gray" wrap="truncate">
        ←→ actor · ↑↓ toward · [ ] turn · + watch in trends · esc back
      </Text>
    </Box>
  );
}
