/** The actors table: capability bars (shares of the strongest), US–China tilt gauge, points. */
import { Box, Text } from 'ink';
import { bar, fit, gauge, signed } from '../format';
import type { BoardModel } from '../view-model';

/** One row per actor from `offset`, as many as `height` allows; humans are starred. */
export function ActorsView({ m, height, width, offset }: { m: BoardModel; height: number; width: number; offset: number }) {
  const wide = width >= 110;
  const capW = wide ? 8 : 5;
  const nameW = wide ? 18 : width >= 90 ? 12 : 0;
  const gaugeW = wide ? 21 : 11;
  const rows = m.actors.slice(offset, offset + Math.max(1, height - 1));
  const head = `${fit('', 5)}${nameW ? fit('', nameW + 1) : ''}${['mil', 'eco', 'mle', 'dip'].map((c) => fit(c, capW + 1)).join('')}${fit('China', Math.floor(gaugeW / 2) + 1)}${fit('US', Math.ceil(gaugeW / 2))} tilt   Δturn  pts`;
  return (
    <Box flexDirection="column">
      <Text color="gray" wrap="truncate">{head}</Text>
      {rows.map((a) => (
        <Text key={a.id} wrap="truncate">
          <Text bold={a.human} color={a.human ? 'cyan' : undefined}>{fit(a.id + (a.human ? '*' : ''), 5)}</Text>
          {nameW ? fit(a.name, nameW) + ' ' : ''}
          {a.capabilities.map((c, k) => (
            <Text key={k} color={['red', 'yellow', 'blue', 'green'][k]}>
              {bar(c, 1, capW) + ' '}
            </Text>
          ))}
          <Text color={a.tilt > 0.05 ? 'blue' : a.tilt < -0.05 ? 'red' : undefined}>{gauge(a.tilt, gaugeW)}</Text> {signed(a.tilt, 2)}{' '}
          <Text color="gray">{signed(a.tiltChange, 3)}</Text> {a.budget.toFixed(1).padStart(4)}
        </Text>
      ))}
      {offset + rows.length < m.actors.length ? <Text color="gray">{`  ↓ ${m.actors.length - offset - rows.length} more (↑↓ scroll)`}</Text> : null}
    </Box>
  );
}
