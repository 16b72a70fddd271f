/** The batch's terminal output: a progress line while it runs, and the summary tables at the end. */
import type { PointComparison } from './paired';
import type { PointSummary } from './aggregate';
import { NO_END } from './aggregate';
import type { Point } from './plan';

const fmt = (x: number | null | undefined, d = 3) =>
  x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** `[########------] 4,213/10,000  42%  312 runs/s  ETA 18 s` */
export function progressLine(done: number, total: number, rate: number, width = 80): string {
  const share = total ? done / total : 1;
  const eta = rate > 0 ? (total - done) / rate : NaN;
  const tail = `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${String(Math.floor(share * 100)).padStart(3)}%  ${rate.toFixed(rate < 10 ? 1 : 0)} runs/s  ETA ${Number.isFinite(eta) ? duration(eta) : '-'}`;
  const bar = Math.max(10, Math.min(40, width - tail.length - 4));
  const fill = Math.round(share * bar);
  return `[${'#'.repeat(fill)}${'-'.repeat(bar - fill)}] ${tail}`;
}

export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The summary of one point as text lines. */
export function pointTable(point: Point, s: PointSummary, ids: readonly string[]): string[] {
  const params = Object.entries(point.params);
  const lines = [
    `point ${point.point}${params.length ? `: ${params.map(([k, v]) => `${k}=${v}`).join(' ')}` : ''} (${s.runs} runs)`,
  ];
  if (!s.runs) return lines;
  const w = Math.max(16, ...ids.map((id) => id.length));
  lines.push(
    `  ${'metric'.padEnd(w)} ${'mean'.padStart(8)} ${'95% CI of mean'.padStart(19)} ${'sd'.padStart(7)} ${'p5'.padStart(8)} ${'p50'.padStart(8)} ${'p95'.padStart(8)}`,
  );
  for (const id of ids) {
    const m = s.metrics[id] as {
      mean: number;
      sd: number;
      meanCi95: [number, number];
      p5: number;
      p50: number;
      p95: number;
    };
    const ci = `[${fmt(m.meanCi95[0])}, ${fmt(m.meanCi95[1])}]`;
    lines.push(
      `  ${id.padEnd(w)} ${fmt(m.mean).padStart(8)} ${ci.padStart(19)} ${fmt(m.sd).padStart(7)} ${fmt(m.p5).padStart(8)} ${fmt(m.p50).padStart(8)} ${fmt(m.p95).padStart(8)}`,
    );
  }
  const share = (c: { count: number; share: number; wilson95: [number, number] }) =>
    `${pct(c.share)} [${pct(c.wilson95[0])}, ${pct(c.wilson95[1])}] (${c.count})`;
  lines.push('  outcomes (95% Wilson intervals):');
  for (const [id, c] of Object.entries(s.outcomes) as [
    string,
    { count: number; share: number; wilson95: [number, number] },
  ][])
    lines.push(`    ${(id === NO_END ? 'ran the full length' : id).padEnd(w)} ${share(c)}`);
  lines.push('  highest rung reached:');
  for (const [id, rungs] of Object.entries(s.peaks) as [
    string,
    { rung: number; highest: { count: number; share: number } }[],
  ][])
    lines.push(
      `    ${id.padEnd(w)} ${rungs
        .filter((r) => r.highest.count > 0)
        .map((r) => `${r.rung}: ${pct(r.highest.share)}`)
        .join('  ')}`,
    );
  const events = Object.entries(s.events) as [
    string,
    { count: number; share: number; wilson95: [number, number]; meanCount: number },
  ][];
  if (events.length) {
    lines.push('  events (runs in which each fired; mean times per run):');
    for (const [id, c] of events) lines.push(`    ${id.padEnd(w)} ${share(c)}  ${c.meanCount.toFixed(2)}`);
  }
  return lines;
}

/**
 * For a sweep: each metric's mean at every point side by side (with the half-width of its 95%
 * interval), then each outcome's share, so the effect of the swept values reads across a row.
 */
export function comparisonTable(
  points: readonly Point[],
  sums: readonly PointSummary[],
  ids: readonly string[],
): string[] {
  const w = Math.max(16, ...ids.map((id) => id.length));
  const col = 17;
  const label = (pt: Point) =>
    Object.values(pt.params)
      .join(' ')
      .slice(0, col - 1) || `point ${pt.point}`;
  const keys = [...new Set(points.flatMap((pt) => Object.keys(pt.params)))];
  const lines = [
    `comparison (mean +- half-width of its 95% interval${points.length > 8 ? '; first 8 points' : ''}): ${keys.join(', ')}`,
  ];
  const shown = points.slice(0, 8);
  lines.push(`  ${''.padEnd(w)} ${shown.map((pt) => label(pt).padStart(col)).join('')}`);
  for (const id of ids)
    lines.push(
      `  ${id.padEnd(w)} ${shown
        .map((_, k) => {
          const m = sums[k].metrics[id] as { mean: number; meanCi95: [number, number] };
          return `${fmt(m.mean)} +-${fmt((m.meanCi95[1] - m.meanCi95[0]) / 2)}`.padStart(col);
        })
        .join('')}`,
    );
  for (const id of Object.keys(sums[0].outcomes)) {
    const cells = shown.map((_, k) => {
      const c = sums[k].outcomes[id] as { share: number };
      return pct(c.share).padStart(col);
    });
    lines.push(`  ${(id === NO_END ? 'ran the full length' : id).padEnd(w)} ${cells.join('')}`);
  }
  return lines;
}

/** Each point's paired difference from the baseline in every outcome share, with both intervals' half-widths. */
export function pairedTable(points: readonly Point[], comparisons: readonly PointComparison[]): string[] {
  if (!comparisons.length) return [];
  const label = (k: number) =>
    Object.entries(points[k].params)
      .map(([key, v]) => `${key}=${v}`)
      .join(' ') || `point ${k}`;
  const pp = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : '-'}${Math.abs(100 * x).toFixed(1)}` : '-');
  const half = (ci: [number, number]) => (Number.isFinite(ci[0]) ? `+-${(50 * (ci[1] - ci[0])).toFixed(1)}` : '');
  const lines = [
    `paired with point ${comparisons[0].baseline} (${label(comparisons[0].baseline)}): outcome share difference, percentage points, +- half-width of the paired | unpaired 95% interval`,
  ];
  for (const c of comparisons) {
    lines.push(`  ${label(c.point)} (${c.pairs} pairs)`);
    const w = Math.max(...Object.keys(c.outcomes).map((id) => id.length), 8);
    for (const [id, d] of Object.entries(c.outcomes))
      lines.push(
        `    ${id.padEnd(w)} ${pp(d.diff).padStart(6)} ${half(d.pairedCi95).padStart(7)} | ${half(d.unpairedCi95)}`,
      );
  }
  return lines;
}
