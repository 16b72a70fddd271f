/** The keys of the board, shown by `?`. */
import { Box, Text, useInput } from 'ink';

export const BOARD_KEYS: [string, string][] = [
  ['n / enter', 'play the next turn (humans choose first, in turn)'],
  ['tab / 1-4', 'board view: actors, matrix, trends, turn log'],
  ['↑ ↓', 'scroll the view'],
  ['e', 'explain a cell: actor toward actor, this or any past turn'],
  ['w', 'White cell: inject, adjust with a reason, rule on a die, pause, note'],
  ['p', 'pause or resume'],
  ['a', 'autoplay the computer’s turns (stops for humans, pause, or the end)'],
  ['u', 'undo the last change: a White-cell edit, a ruling, or a turn'],
  ['s', 'save the game'],
  ['r', 'after-action review'],
  ['?', 'this help'],
  ['q', 'quit (asks first if the game is not saved); ctrl-c always quits'],
];

/** The help screen; any key returns. */
export function Help({ onBack }: { onBack(): void }) {
  useInput(() => onBack());
  return (
    <Box flexDirection="column">
      <Text bold>Keys</Text>
      {BOARD_KEYS.map(([k, what]) => (
        <Text key={k} wrap="truncate">
          <Text bold color="cyan">
            {k.padEnd(11)}
          </Text>{' '}
          {what}
        </Text>
      ))}
      <Text bold>Reading the board</Text>
      <Text wrap="wrap">
        mil eco mle dip: military, economic, maritime law-enforcement and diplomatic capability, as a share of the
        strongest actor's (linear, so small states' bars are short). tilt: (alignment toward the US − toward China) / 2,
        China to the left of │, the US to the right. Δturn: its change this turn. pts: points to spend next turn.
        Alignment runs from -1 (hostile) to +1 (aligned). docs/PLAYING.md is the guide; docs/MODEL.md has every
        equation.
      </Text>
      <Text color="gray">Any key returns.</Text>
    </Box>
  );
}
