/** The actors table: capability bars (shares of the strongest), US–China tilt gauge, points. */
import chalk from 'chalk';
import { Box, Text } from 'ink';
import { bar, fit, gauge, signed } from '../format';
import type { BoardModel } from '../view-model';

/** One row per actor from `offset`, as many as `height` allows; humans are starred. */
export function ActorsView({
  m,
  height,
  width,
  offset,
}: {
  m: BoardModel;
  height: number;
  width: number;
  offset: number;
}) {
  const wide = width >= 110;
  const capW = wide ? 8 : 5;
  const nameW = wide ? 18 : width >= 90 ? 12 : 0;
  const gaugeW = wide ? 21 : 11;
  const rows = m.actors.slice(offset, offset + Math.max(1, height - 1));
  const head = `${fit('', 5)}${nameW ? fit('', nameW + 1) : ''}${['mil', 'eco', 'mle', 'dip'].map((c) => fit(c, capW + 1)).join('')}${fit('China', Math.floor(gaugeW / 2) + 1)}${fit('US', Math.ceil(gaugeW / 2))} tilt   Δturn  pts`;
  return (
    <Box flexDirection="column">
      <Text color="gray" wrap="truncate">
        {head}
      </Text>
      {rows.map((a) => {
        // One pre-coloured string per row keeps the layout cheap with many actors.
        const id = fit(a.id + (a.human ? '*' : ''), 5);
        const caps = a.capabilities
          .map((c, k) => chalk[(['red', 'yellow', 'blue', 'green'] as const)[k]](bar(c, 1, capW) + ' '))
          .join('');
        const g = gauge(a.tilt, gaugeW);
        const line =
          (a.human ? chalk.bold.cyan(id) : id) +
          (nameW ? fit(a.name, nameW) + ' ' : '') +
          caps +
          (a.tilt > 0.05 ? chalk.blue(g) : a.tilt < -0.05 ? chalk.red(g) : g) +
          ` ${signed(a.tilt, 2)} ` +
          chalk.gray(signed(a.tiltChange, 3)) +
          ` ${a.budget.toFixed(1).padStart(4)}`;
        return (
          <Text key={a.id} wrap="truncate">
            {line}
          </Text>
        );
      })}
      {offset + rows.length < m.actors.length ? (
        <Text color="gray">{`  ↓ ${m.actors.length - offset - rows.length} more (↑↓ scroll)`}</Text>
      ) : null}
    </Box>
  );
}
