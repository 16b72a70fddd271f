/**
 * The alignment matrix as a heatmap: row actor's stance toward column actor. At 80 columns each
 * cell is two characters (tenths) under a three-line header of ids; where every column fits at four
 * characters (a projector's 160), cells show hundredths under a one-line header.
 */
import chalk from 'chalk';
import { Box, Text } from 'ink';
import { heatCell, heatColor } from '../format';
import type { BoardModel } from '../view-model';

/** Four characters for a cell: hundredths with a sign (` +73`, ` -08`, `+1.0`). */
function wideCell(v: number): string {
  const h = Math.round(v * 100);
  if (Math.abs(h) >= 100) return v > 0 ? '+1.0' : '-1.0';
  return ` ${h < 0 ? '-' : '+'}${String(Math.abs(h)).padStart(2, '0')}`;
}

/** Rows from `offset`; columns as many as fit. */
export function MatrixView({
  m,
  height,
  width,
  offset,
  color,
}: {
  m: BoardModel;
  height: number;
  width: number;
  offset: number;
  color: boolean;
}) {
  const n = m.ids.length;
  const wide = width >= 5 + 4 * n;
  const cw = wide ? 4 : 2;
  const cols = Math.max(1, Math.min(n, Math.floor((width - 5) / cw)));
  const rows = Math.max(1, height - (wide ? 2 : 4));
  const shown = m.ids.slice(offset, offset + rows);
  const header = wide
    ? ['     ' + m.ids.map((id) => ` ${id.slice(0, 3).padEnd(3)}`).join('')]
    : [0, 1, 2].map(
        (c) =>
          '     ' +
          m.ids
            .slice(0, cols)
            .map((id) => ` ${id[c] ?? ' '}`)
            .join(''),
      );
  const cellText = wide ? wideCell : heatCell;
  const diagonal = wide ? '   ·' : ' ·';
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
          if (i === j) return chalk.gray(diagonal);
          return color ? chalk.bgHex(heatColor(v)).white(cellText(v)) : cellText(v);
        });
        return (
          <Text key={from} wrap="truncate">
            {chalk.gray(from.padEnd(5)) + cells.join('')}
          </Text>
        );
      })}
      <Text
        color="gray"
        wrap="truncate"
      >{`${wide ? 'hundredths' : 'tenths'} of alignment (row toward column)${wide ? '' : ', +█/-█ = ±1'}${offset + rows < n ? `  ↓ ${n - offset - rows} more rows` : ''}${cols < n ? `  ${n - cols} columns hidden (wider terminal)` : ''}`}</Text>
    </Box>
  );
}
