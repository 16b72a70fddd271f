/** Pure text helpers for the terminal UI: bars, tilt gauges, sparklines, heat cells, effects. */
import type { Effect } from '../../engine';

const SPARK = '▁▂▃▄▅▆▇█';

/** A signed number with a fixed number of decimals: +0.123 / -0.050. */
export function signed(v: number, d = 3): string {
  // A value that rounds to zero prints as +0.000, never -0.000.
  const r = Math.abs(v) < 0.5 * 10 ** -d ? 0 : v;
  return (r >= 0 ? '+' : '-') + Math.abs(r).toFixed(d);
}

/** Pad or cut `s` to exactly `w` characters. */
export function fit(s: string, w: number, right = false): string {
  if (s.length > w) return w <= 1 ? s.slice(0, w) : s.slice(0, w - 1) + '…';
  return right ? s.padStart(w) : s.padEnd(w);
}

/** A bar of `w` cells filled to `v / max` (eighths for a smooth end). */
export function bar(v: number, max: number, w: number): string {
  const cells = max > 0 ? Math.max(0, Math.min(1, v / max)) * w : 0;
  let full = Math.floor(cells);
  let rest = Math.round((cells - full) * 8);
  if (rest === 8) (full++, (rest = 0));
  const part = rest > 0 && full < w ? ' ▏▎▍▌▋▊▉'[rest] : '';
  return ('█'.repeat(full) + part).padEnd(w, '·');
}

/**
 * A gauge of odd width `w` for a value in [-1, 1], centred on `│`: China's side to the left,
 * the US's to the right, as the tilt is defined (docs/MODEL.md).
 */
export function gauge(v: number, w: number): string {
  const half = (w - 1) / 2;
  const k = Math.round(Math.max(-1, Math.min(1, v)) * half);
  const cells: string[] = [];
  for (let x = -half; x <= half; x++)
    cells.push(x === 0 ? '│' : (k < 0 && x >= k && x < 0) || (k > 0 && x <= k && x > 0) ? '■' : '·');
  return cells.join('');
}

/** A sparkline of the series, scaled to its own range (at least `minSpan` wide so noise stays flat). */
export function sparkline(series: readonly number[], minSpan = 0.05): string {
  if (!series.length) return '';
  let lo = Math.min(...series);
  let hi = Math.max(...series);
  if (hi - lo < minSpan) {
    const mid = (hi + lo) / 2;
    lo = mid - minSpan / 2;
    hi = mid + minSpan / 2;
  }
  return series.map((v) => SPARK[Math.max(0, Math.min(7, Math.floor(((v - lo) / (hi - lo)) * 7.999)))]).join('');
}

/** Two characters for an alignment cell: its tenths with a sign (`+5`, `-3`, ` 0`, `+9`). */
export function heatCell(v: number): string {
  const t = Math.round(v * 10);
  if (t === 0) return ' 0';
  if (Math.abs(t) >= 10) return v > 0 ? '+█' : '-█';
  return `${t > 0 ? '+' : '-'}${Math.abs(t)}`;
}

/** The colour of an alignment value: blue shades for friendship, red for hostility. */
export function heatColor(v: number): string {
  const a = Math.min(1, Math.abs(v));
  const level = Math.round(60 + a * 170);
  const dim = Math.round(40 + (1 - a) * 40);
  return v >= 0 ? rgb(dim, dim + 20, level) : rgb(level, dim, dim);
}

function rgb(r: number, g: number, b: number): string {
  return '#' + [r, g, b].map((x) => Math.max(0, Math.min(255, x)).toString(16).padStart(2, '0')).join('');
}

/** What an effect would request, in a few characters. */
export function effectText(e: Effect): string {
  switch (e.kind) {
    case 'alignment':
      return `${e.from}→${e.to} ${signed(e.amount, 3)}`;
    case 'capability':
      return `${e.actor} ${e.capability.slice(0, 3)} ${signed(e.amount, 2)}`;
    case 'tension':
      return `ladder ${e.ladder ?? 'global'} ${signed(e.amount, 2)}`;
    case 'flag':
      return `${e.name}=${e.value}`;
    case 'counter':
      return `${e.name} ${signed(e.amount, 0)}`;
    case 'concede':
      return `${e.actor} backs down (${e.ladder})`;
  }
}
