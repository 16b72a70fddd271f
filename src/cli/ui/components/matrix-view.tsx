/** The alignment matrix as a heatmap: row actor's stance toward column actor, in tenths. */
import chalk from 'chalk';
import { Box, Text } from 'ink';
import { heatCell, heatColor } from '../format';
import type { BoardModel } from '../view-model';

/** Rows from `offset`; columns as many as fit; a three-line vertical header of column ids. */
export function MatrixView({ m, height, width, offset, color }: { m: BoardModel; height: number; width: number; offset: number; color: boolean }) {
  const n = m.ids.length;
  const cols = Math.max(1, Math.min(n, Math.floor((width - 5) / 2)));
  const rows = Math.max(1, height - 4);
  const shown = m.ids.slice(offset, offset + rows);
  const header = [0, 1, 2].map((c) => '     ' + m.ids.slice(0, cols).map((id) => ` ${id[c] ?? ' '}`).join(''));
  return (
    <Box flexDirection="column">
      {header.map((h, k) => (
        <Text key={k} color="gray">
          {h}
        </Text>
      ))}
      {shown.map((from) => {
        // One pre-coloured string per row: a thousand <Text> cells made layout the slow part.
        const i = m.ids.indexOf(from);
        const cells = m.ids.slice(0, cols).map((_, j) => {
          const v = m.alignment[i * n + j];
          if (i === j) return chalk.gray(' ·');
          return color ? chalk.bgHex(heatColor(v)).white(heatCell(v)) : heatCell(v);
        });
        return (
          <Text key={from} wrap="truncate">
            {chalk.gray(from.padEnd(5)) + cells.join('')}
          </Text>
        );
      })}
      <Text color="gray" wrap="truncate">{`tenths of alignment (row toward column), +█/-█ = ±1${offset + rows < n ? `  ↓ ${n - offset - rows} more rows` : ''}${cols < n ? `  ${n - cols} columns hidden (wider terminal)` : ''}`}</Text>
    </Box>
  );
}
