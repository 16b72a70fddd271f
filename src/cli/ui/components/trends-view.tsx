/** Sparklines of the watched alignment cells over past turns, and the metrics with their change. */
import { Box, Text } from 'ink';
import { fit, signed, sparkline } from '../format';
import type { BoardModel } from '../view-model';

/** The label, the spaces and the two values around a sparkline: `JPN→USA  ▁▃█ +0.812 from +0.730`. */
const FIXED = 9 + 1 + 1 + 6 + 1 + 11;

/**
 * The series in at most `w` points: every turn while they fit, else each point the mean of an even
 * share of the turns, so the line still spans the whole game (its start and now are printed beside it).
 */
export function squeeze(series: readonly number[], w: number): number[] {
  if (series.length <= w) return [...series];
  return Array.from({ length: w }, (_, k) => {
    const a = Math.floor((k * series.length) / w);
    const b = Math.floor(((k + 1) * series.length) / w);
    let s = 0;
    for (let i = a; i < b; i++) s += series[i];
    return s / (b - a);
  });
}

/** Trends first (each scaled to its own range, its value now right after it, then its start), then as many metrics as fit. */
export function TrendsView({ m, height, width }: { m: BoardModel; height: number; width: number }) {
  // One column spare: a line as wide as the terminal wraps in some of them.
  const sparkW = Math.max(4, width - FIXED - 1);
  // Every watched cell has one value per state, so one width keeps the values in a column.
  const lineW = Math.min(sparkW, Math.max(0, ...m.trends.map((t) => t.series.length)));
  const metricRows = Math.max(0, height - m.trends.length - 2);
  const mw = width >= 100 ? 2 : 1;
  const metrics = m.metrics.slice(0, metricRows * mw);
  const pairs: (typeof metrics)[] = [];
  for (let k = 0; k < metrics.length; k += mw) pairs.push(metrics.slice(k, k + mw));
  return (
    <Box flexDirection="column">
      {m.trends.length === 0 ? (
        <Text color="gray">no cells watched: press e, pick a cell, then + to watch it</Text>
      ) : null}
      {m.trends.map((t) => (
        <Text key={`${t.from}>${t.to}`} wrap="truncate">
          {fit(`${t.from}→${t.to}`, 9)} <Text color="cyan">{fit(sparkline(squeeze(t.series, sparkW)), lineW)}</Text>{' '}
          {signed(t.series[t.series.length - 1])} <Text color="gray">from {signed(t.series[0])}</Text>
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
