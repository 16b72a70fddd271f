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
  ['u', 'undo the last turn'],
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
          <Text bold color="cyan">{k.padEnd(11)}</Text> {what}
        </Text>
      ))}
      <Text color="gray">Numbers: alignment is how one actor stands toward another, from -1 (hostile) to +1 (aligned);</Text>
      <Text color="gray">tilt is (toward the US − toward China) / 2. docs/MODEL.md has every equation. Any key returns.</Text>
    </Box>
  );
}
