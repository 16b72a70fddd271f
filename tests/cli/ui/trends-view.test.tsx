/**
 * The trends view's sparklines: one line per watched cell, its block characters rising with a
 * rising series and falling with a falling one, its value now right after it, within the width;
 * and on the board after a turn, the cells the board watches.
 */
import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { squeeze, TrendsView } from '../../../src/cli/ui/components/trends-view';
import { boardModel, defaultWatch, type BoardModel, type Trend } from '../../../src/cli/ui/view-model';
import { sparkline } from '../../../src/cli/ui/format';
import { advance } from '../../../src/cli/session/game';
import { afterFirstTurn, game, press } from './harness';

const BLOCKS = '▁▂▃▄▅▆▇█';
const base = boardModel(game('taiwan-strait-crisis', '3', []), []);

/** The view's frame, without colour, for the given watched cells. */
function frame(trends: Trend[], width = 80, height = 12): string[] {
  const m: BoardModel = { ...base, trends };
  const r = render(<TrendsView m={m} height={height} width={width} />);
  const lines = stripVTControlCharacters(r.lastFrame() ?? '').split('\n');
  r.unmount();
  return lines;
}

/** The block characters of a line, in order. */
const blocks = (line: string) => [...line].filter((c) => BLOCKS.includes(c)).join('');
const ramp = (n: number, from: number, to: number) =>
  Array.from({ length: n }, (_, k) => from + ((to - from) * k) / (n - 1));

describe('the trends view', () => {
  it('draws a rising series going up and a falling one going down, each next to its value now', () => {
    const up = ramp(8, 0.1, 0.8);
    const lines = frame([
      { from: 'JPN', to: 'USA', series: up },
      { from: 'JPN', to: 'CHN', series: up.map((v) => -v) },
    ]);
    expect(lines[0]).toBe('JPN→USA   ▁▂▃▄▅▆▇█ +0.800 from +0.100');
    // Falling from -0.1 to -0.8: scaled to its own range, it starts at the top.
    expect(lines[1]).toBe('JPN→CHN   █▇▆▅▄▃▂▁ -0.800 from -0.100');
  });

  it('squeezes a long series into the width, still rising or falling over the whole game', () => {
    const long = ramp(200, -0.5, 0.6);
    // (ink-testing-library's terminal is 100 columns wide.)
    for (const width of [60, 80, 100]) {
      const [rise, fall] = frame(
        [
          { from: 'PHL', to: 'CHN', series: long },
          { from: 'PHL', to: 'USA', series: [...long].reverse() },
        ],
        width,
      );
      for (const l of [rise, fall]) expect([...l].length).toBeLessThan(width);
      const r = blocks(rise);
      const f = blocks(fall);
      expect(r.length).toBe(width - 30);
      expect(f.length).toBe(width - 30);
      expect(r[0]).toBe('▁');
      expect(r.at(-1)).toBe('█');
      expect(f[0]).toBe('█');
      expect(f.at(-1)).toBe('▁');
      // Never down on the way up, never up on the way down.
      for (let k = 1; k < r.length; k++) {
        expect(BLOCKS.indexOf(r[k])).toBeGreaterThanOrEqual(BLOCKS.indexOf(r[k - 1]));
        expect(BLOCKS.indexOf(f[k])).toBeLessThanOrEqual(BLOCKS.indexOf(f[k - 1]));
      }
      expect(rise.endsWith('+0.600 from -0.500')).toBe(true);
      expect(fall.endsWith('-0.500 from +0.600')).toBe(true);
    }
    // Each point the mean of an even share of the turns; a short series is left as it is.
    expect(squeeze([1, 2, 3, 4, 5, 6], 3)).toEqual([1.5, 3.5, 5.5]);
    expect(squeeze([1, 2], 5)).toEqual([1, 2]);
  });

  it('keeps a near-flat series flat and says how to watch a cell when none is', () => {
    const [flat] = frame([{ from: 'IDN', to: 'CHN', series: [0.2, 0.2001, 0.1999, 0.2] }]);
    // Within the minimum span of 0.05 a series stays on the middle two blocks.
    expect(blocks(flat)).toMatch(/^[▄▅]{4}$/);
    expect(frame([])[0]).toContain('no cells watched');
  });

  it('shows the watched cells on the board after a turn, one block per state', async () => {
    const { app } = await afterFirstTurn();
    await press(app, '3');
    // The same game, played the same way outside the UI.
    const g = advance(game('taiwan-strait-crisis', '3', []), {});
    const m = boardModel(g, defaultWatch(g));
    expect(m.trends.length).toBeGreaterThan(0);
    const rows = app.frame().split('\n');
    for (const t of m.trends) {
      const row = rows.find((l) => l.startsWith(`${t.from}→${t.to}`));
      expect(row, `${t.from}→${t.to}`).toBeDefined();
      expect(t.series).toHaveLength(2);
      expect(row).toContain(
        `${sparkline(t.series)} ${t.series[1] >= 0 ? '+' : '-'}${Math.abs(t.series[1]).toFixed(3)}`,
      );
    }
    app.unmount();
  });
});
