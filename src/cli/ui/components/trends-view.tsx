/** Sparklines of the watched alignment cells over past turns, and the metrics with their change. */
import { Box, Text } from 'ink';
import { fit, signed, sparkline } from '../format';
import type { BoardModel } from '../view-model';

/** Trends first (each scaled to its own range, with start and now), then as many metrics as fit. */
export function TrendsView({ m, height, width }: { m: BoardModel; height: number; width: number }) {
  const sparkW = Math.max(10, width - 40);
  const metricRows = Math.max(0, height - m.trends.length - 2);
  const mw = width >= 100 ? 2 : 1;
  const metrics = m.metrics.slice(0, metricRows * mw);
  const pairs: (typeof metrics)[] = [];
  for (let k = 0; k < metrics.length; k += mw) pairs.push(metrics.slice(k, k + mw));
  return (
    <Box flexDirection="column">
      {m.trends.length === 0 ? <Text color="gray">no cells watched: press e, pick a cell, then + to watch it</Text> : null}
      {m.trends.map((t) => (
        <Text key={`${t.from}>${t.to}`} wrap="truncate">
          {fit(`${t.from}→${t.to}`, 9)} <Text color="cyan">{fit(sparkline(t.series.slice(-sparkW)), sparkW)}</Text> {signed(t.series[t.series.length - 1])}{' '}
          <Text color="gray">from {signed(t.series[0])}</Text>
        </Text>
      ))}
      <Text color="gray">metrics (change this turn)</Text>
      {pairs.map((row, k) => (
        <Text key={k} wrap="truncate">
          {row.map((x) => `${fit(x.name, 22)} ${x.value.toFixed(3).padStart(7)} ${signed(x.change)}   `).join('')}
        </Text>
      ))}
    </Box>
  );
}
