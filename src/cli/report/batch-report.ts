/**
 * `seastate report DIR`: a batch as one self-contained HTML page (docs/BATCH.md, "The report").
 * Every chart is a Vega-Lite specification rendered to inline SVG (vega.ts); next to each chart, a
 * table gives the same numbers as summary.json holds them, so the page can be read and checked
 * without the charts.
 */
import path from 'node:path';
import { writeOrFail } from '../session/write';
import type { BandRow, BatchData, Comparison, PointStats, Summary } from './batch-data';
import { esc, figure, fmt, interval, page, pct, table } from './html';
import { renderSvg, type ChartSpec } from './vega';

export const REPORT_FILE = 'report.html';

/** More points than this are listed in the tables but not overlaid in one chart. */
const MAX_OVERLAID = 8;

/** A point as a reader names it: its parameter values, or "as written" when it has none of its own. */
export function pointLabel(s: Summary, p: PointStats): string {
  if (s.design) return `point ${p.point}`; // a sampled design's values are long doubles: the tables give them
  const own = Object.entries(p.params).filter(([k]) => !(k in s.sets));
  if (!own.length) return s.points.length === 1 ? 'all runs' : `point ${p.point}`;
  return own.map(([k, v]) => `${k}=${v}`).join(', ');
}

/** The outcomes in the order the summary lists them (no end first, then the scenario's). */
function outcomeIds(s: Summary): string[] {
  return Object.keys(s.points[0].outcomes);
}

/** Outcome shares with their Wilson intervals: one row per outcome, or per outcome and point. */
function outcomeSpec(s: Summary, points: PointStats[]): ChartSpec {
  const many = points.length > 1;
  const rowOf = (id: string, p: PointStats) => (many ? `${id} · ${pointLabel(s, p)}` : id);
  const order = outcomeIds(s).flatMap((id) => points.map((p) => rowOf(id, p)));
  const values = points.flatMap((p) =>
    outcomeIds(s).map((id) => ({
      row: rowOf(id, p),
      point: pointLabel(s, p),
      share: p.outcomes[id].share,
      lo: p.outcomes[id].wilson95[0],
      hi: p.outcomes[id].wilson95[1],
    })),
  );
  const color = many
    ? {
        color: {
          field: 'point',
          type: 'nominal',
          title: 'point',
          sort: points.map((p) => pointLabel(s, p)),
          legend: { orient: 'bottom', direction: 'vertical', labelLimit: 400 },
        },
      }
    : {};
  return {
    width: 420,
    height: { step: many ? 16 : 24 },
    data: { values },
    encoding: { y: { field: 'row', type: 'nominal', sort: order, title: null, axis: { labelLimit: 400 } } },
    layer: [
      {
        mark: { type: 'bar', opacity: 0.85, ...(many ? {} : { color: '#4c78a8' }) },
        encoding: {
          x: {
            field: 'share',
            type: 'quantitative',
            title: 'share of runs',
            axis: { format: '%' },
            scale: { domain: [0, 1] },
          },
          ...color,
        },
      },
      {
        mark: { type: 'rule', color: '#222' },
        encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
      },
    ],
  } as ChartSpec;
}

/** p5-p95 band and median per turn of one series, every (overlaid) point in its colour. */
function fanSpec(s: Summary, series: string, rows: BandRow[], points: PointStats[], title: string): ChartSpec {
  const label = new Map(points.map((p) => [p.point, pointLabel(s, p)]));
  const values = rows
    .filter((r) => r.series === series && label.has(r.point))
    .map((r) => ({ ...r, point: label.get(r.point)! }));
  const many = points.length > 1;
  const color = many
    ? {
        color: {
          field: 'point',
          type: 'nominal',
          title: null,
          sort: [...label.values()],
          legend: { orient: 'bottom', direction: 'vertical', labelLimit: 320 },
        },
      }
    : {};
  const x = { field: 'date', type: 'temporal', title: null } as const;
  return {
    title,
    width: 330,
    height: 150,
    data: { values },
    layer: [
      {
        mark: { type: 'area', opacity: many ? 0.18 : 0.3, ...(many ? {} : { color: '#4c78a8' }) },
        encoding: {
          x,
          y: { field: 'p5', type: 'quantitative', title: null, scale: { zero: false } },
          y2: { field: 'p95' },
          ...color,
        },
      },
      {
        mark: { type: 'line', strokeWidth: 1.6, ...(many ? {} : { color: '#1f4e79' }) },
        encoding: { x, y: { field: 'p50', type: 'quantitative' }, ...color },
      },
    ],
  } as ChartSpec;
}

/** A sweep's response: y against the first swept key with its intervals, one line per series (in colour when there are several). */
function responseSpec(
  s: Summary,
  key: string,
  rows: { x: string; series: string; y: number; lo: number | null; hi: number | null }[],
  yTitle: string,
  share: boolean,
): ChartSpec {
  const numeric = rows.every((r) => Number.isFinite(Number(r.x)));
  const x = numeric
    ? { field: 'xv', type: 'quantitative', title: key, scale: { zero: false } }
    : { field: 'x', type: 'ordinal', title: key, sort: s.sweeps[0].values };
  const values = rows.map((r) => ({ ...r, xv: Number(r.x) }));
  const y = {
    field: 'y',
    type: 'quantitative',
    title: yTitle,
    ...(share ? { axis: { format: '%' }, scale: { domain: [0, 1] } } : { scale: { zero: false } }),
  };
  const several = new Set(rows.map((r) => r.series)).size > 1;
  const color = several ? { color: { field: 'series', type: 'nominal', title: null } } : {};
  return {
    width: several ? 380 : 300,
    height: several ? 220 : 150,
    data: { values },
    layer: [
      {
        mark: { type: 'errorband', opacity: 0.18, ...(several ? {} : { color: '#4c78a8' }) },
        encoding: { x, y: { field: 'lo', type: 'quantitative', title: yTitle }, y2: { field: 'hi' }, ...color },
      },
      { mark: { type: 'line', point: true, ...(several ? {} : { color: '#1f4e79' }) }, encoding: { x, y, ...color } },
    ],
  } as ChartSpec;
}

/** Each point's difference from the baseline in every outcome share: paired and unpaired 95% intervals. */
function compareSpec(s: Summary, comparisons: Comparison[]): ChartSpec {
  const label = (p: number) =>
    pointLabel(
      s,
      s.points.find((x) => x.point === p)!,
    );
  const values = comparisons.flatMap((c) =>
    outcomeIds(s).flatMap((id) => {
      const o = c.outcomes[id];
      if (o.diff === null || !o.pairedCi95 || !o.unpairedCi95) return [];
      return [
        {
          point: label(c.point),
          outcome: id,
          diff: o.diff,
          lo: o.pairedCi95[0],
          hi: o.pairedCi95[1],
          kind: 'paired (same seeds)',
        },
        {
          point: label(c.point),
          outcome: id,
          diff: o.diff,
          lo: o.unpairedCi95[0],
          hi: o.unpairedCi95[1],
          kind: 'unpaired (as if independent)',
        },
      ];
    }),
  );
  const y = { field: 'outcome', type: 'nominal', sort: outcomeIds(s), title: null } as const;
  return {
    data: { values },
    facet: { column: { field: 'point', type: 'nominal', title: `difference from ${label(comparisons[0].baseline)}` } },
    spec: {
      width: 300,
      height: { step: 30 },
      encoding: { y, yOffset: { field: 'kind', type: 'nominal' } },
      layer: [
        { mark: { type: 'rule', color: '#999' }, encoding: { x: { datum: 0, type: 'quantitative' } } },
        {
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: {
            x: { field: 'lo', type: 'quantitative', title: 'difference in share', axis: { format: '+%' } },
            x2: { field: 'hi' },
            color: { field: 'kind', type: 'nominal', title: '95% interval', scale: { range: ['#d62728', '#9e9e9e'] } },
          },
        },
        {
          mark: { type: 'point', filled: true, color: '#222', size: 30 },
          encoding: { x: { field: 'diff', type: 'quantitative' } },
        },
      ],
    },
  } as unknown as ChartSpec;
}

/** The mean final alignment, FROM (rows) toward TO (columns), on a diverging scale from -1 to 1. */
function alignmentSpec(final: NonNullable<PointStats['final']>): ChartSpec {
  const n = final.actors.length;
  const values = final.actors
    .flatMap((from, i) => final.actors.map((to, j) => ({ from, to, mean: final.alignmentMean[i * n + j] })))
    .filter((v) => v.from !== v.to);
  const axis = { labelFontSize: 9, labelAngle: 0 };
  return {
    width: Math.min(620, 16 * n),
    height: Math.min(620, 16 * n),
    data: { values },
    mark: 'rect',
    encoding: {
      x: {
        field: 'to',
        type: 'nominal',
        sort: final.actors,
        title: 'toward',
        axis: { ...axis, orient: 'top', labelAngle: -90 },
      },
      y: { field: 'from', type: 'nominal', sort: final.actors, title: 'from', axis },
      color: { field: 'mean', type: 'quantitative', title: 'alignment', scale: { scheme: 'redblue', domain: [-1, 1] } },
    },
  } as ChartSpec;
}

/** Each actor's final tilt between the US (+1) and China (-1): p5-p95, p25-p75 and the median. */
function tiltSpec(final: NonNullable<PointStats['final']>): ChartSpec {
  const values = Object.entries(final.tilt).map(([actor, q]) => ({ actor, ...q }));
  const order = [...values].sort((a, b) => b.p50 - a.p50 || (a.actor < b.actor ? -1 : 1)).map((v) => v.actor);
  const y = { field: 'actor', type: 'nominal', sort: order, title: null, axis: { labelFontSize: 10 } } as const;
  const x = {
    field: 'p5',
    type: 'quantitative',
    title: 'tilt: toward China (−1) or the US (+1)',
    scale: { domain: [-1, 1] },
  } as const;
  return {
    width: 420,
    height: { step: 13 },
    data: { values },
    encoding: { y },
    layer: [
      { mark: { type: 'rule', color: '#bbb' }, encoding: { x: { datum: 0, type: 'quantitative' } } },
      { mark: { type: 'rule', color: '#777' }, encoding: { x, x2: { field: 'p95' } } },
      {
        mark: { type: 'bar', height: 8, color: '#9ecae1' },
        encoding: { x: { field: 'p25', type: 'quantitative' }, x2: { field: 'p75' } },
      },
      {
        mark: { type: 'tick', color: '#08306b', thickness: 2, size: 10 },
        encoding: { x: { field: 'p50', type: 'quantitative' } },
      },
    ],
  } as ChartSpec;
}

type Sens = NonNullable<NonNullable<Summary['sensitivity']>['byOutput']>;

/** The outputs a tornado chart shows: every outcome share, and the metrics that have bands. */
function sensitivityOutputs(d: BatchData, by: Sens): string[] {
  const bands = new Set(d.bands.map((b) => b.series));
  // An output that never varies has nothing to show (the table still lists it).
  return Object.keys(by).filter(
    (id) => (id.startsWith('outcome.') || bands.has(id)) && !by[id].every((k) => k.degenerate === 'constant'),
  );
}

/** A tornado chart: each key's PRCC with each output, with its 95% interval. */
function tornadoSpec(by: Sens, outputs: string[]): ChartSpec {
  const values = outputs.flatMap((out) =>
    by[out].map((k) => ({
      output: out,
      key: k.key,
      prcc: k.prcc,
      lo: k.ci95[0],
      hi: k.ci95[1],
      significant: k.p < 0.05 ? 'p < 0.05' : 'not significant',
    })),
  );
  const keys = [...new Set(values.map((v) => v.key))];
  return {
    data: { values },
    facet: {
      row: {
        field: 'output',
        type: 'nominal',
        title: null,
        sort: outputs,
        header: { labelAngle: 0, labelAlign: 'left', labelFontSize: 11 },
      },
    },
    spec: {
      width: 360,
      height: { step: 16 },
      encoding: { y: { field: 'key', type: 'nominal', sort: keys, title: null } },
      layer: [
        { mark: { type: 'rule', color: '#999' }, encoding: { x: { datum: 0, type: 'quantitative' } } },
        {
          mark: { type: 'bar', height: 10 },
          encoding: {
            x: {
              field: 'prcc',
              type: 'quantitative',
              title: 'partial rank correlation (PRCC)',
              scale: { domain: [-1, 1] },
            },
            color: {
              field: 'significant',
              type: 'nominal',
              title: null,
              scale: { domain: ['p < 0.05', 'not significant'], range: ['#4c78a8', '#c7c7c7'] },
            },
          },
        },
        {
          mark: { type: 'rule', color: '#222' },
          encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  } as unknown as ChartSpec;
}

function sensitivityTable(by: Sens, outputs: string[]): string {
  const head = ['output', 'parameter', 'PRCC', '95% interval', 'p', 'Spearman'];
  const rows = outputs.flatMap((out) =>
    by[out].map((k) => [
      `<code>${esc(out)}</code>`,
      `<code>${esc(k.key)}</code>`,
      `<span data-prcc="${esc(`${out}:${k.key}`)}">${fmt(k.prcc)}</span>${k.degenerate ? ` (${esc(k.degenerate)})` : ''}`,
      interval(k.ci95[0], k.ci95[1]),
      k.p < 0.001 ? '&lt; 0.001' : fmt(k.p),
      fmt(k.spearman),
    ]),
  );
  return table('sensitivity', head, rows);
}

function compareTable(s: Summary, comparisons: Comparison[]): string {
  const head = ['point', 'outcome', 'difference', 'paired 95%', 'unpaired 95%', 'pairs'];
  const pp = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)} pp`;
  const rows = comparisons.flatMap((c) =>
    outcomeIds(s).map((id) => {
      const o = c.outcomes[id];
      return [
        esc(
          pointLabel(
            s,
            s.points.find((p) => p.point === c.point)!,
          ),
        ),
        `<code>${esc(id)}</code>`,
        o.diff === null ? '–' : `<span data-diff="${esc(`${c.point}:${id}`)}">${pp(o.diff)}</span>`,
        interval(o.pairedCi95?.[0] ?? null, o.pairedCi95?.[1] ?? null, pp),
        interval(o.unpairedCi95?.[0] ?? null, o.unpairedCi95?.[1] ?? null, pp),
        String(o.pairs),
      ];
    }),
  );
  return table('comparisons', head, rows);
}

/** A design's outcome shares against each sampled parameter, one panel per parameter. */
function designOutcomeSpec(s: Summary): ChartSpec {
  const ranges = s.design!.ranges;
  const values = s.points.flatMap((p) =>
    ranges.flatMap((r) =>
      outcomeIds(s).map((id) => ({ key: r.key, x: Number(p.params[r.key]), outcome: id, share: p.outcomes[id].share })),
    ),
  );
  return {
    data: { values },
    facet: { column: { field: 'key', type: 'nominal', title: null, sort: ranges.map((r) => r.key) } },
    spec: {
      width: 260,
      height: 180,
      mark: { type: 'point', filled: true, size: 28, opacity: 0.8 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: null, scale: { zero: false } },
        y: {
          field: 'share',
          type: 'quantitative',
          title: 'share of runs',
          axis: { format: '%' },
          scale: { domain: [0, 1] },
        },
        color: { field: 'outcome', type: 'nominal', title: null, sort: outcomeIds(s) },
      },
    },
    resolve: { scale: { x: 'independent' } },
  } as unknown as ChartSpec;
}

/** A design's points as one table: the sampled values, then each outcome's share. */
function designTable(s: Summary): string {
  const keys = s.design!.ranges.map((r) => r.key);
  const ids = outcomeIds(s);
  const rows = s.points.map((p) => [
    String(p.point),
    ...keys.map((k) => fmt(Number(p.params[k]))),
    ...ids.map((id) => `<span data-share="${esc(`${p.point}:${id}`)}">${pct(p.outcomes[id].share)}</span>`),
  ]);
  return table(
    'design',
    ['point', ...keys.map((k) => `<code>${esc(k)}</code>`), ...ids.map((id) => `<code>${esc(id)}</code>`)],
    rows,
  );
}

function outcomeTable(s: Summary, points: PointStats[]): string {
  const head = ['point', 'outcome', 'what it means', '<span class="num">runs</span>', 'share', 'Wilson 95%'];
  const rows = points.flatMap((p) =>
    outcomeIds(s).map((id) => {
      const o = p.outcomes[id];
      return [
        esc(pointLabel(s, p)),
        `<code>${esc(id)}</code>`,
        esc(o.text),
        `${o.count} of ${p.runs}`,
        `<span data-share="${esc(`${p.point}:${id}`)}">${pct(o.share)}</span>`,
        interval(o.wilson95[0], o.wilson95[1], pct),
      ];
    }),
  );
  return table('outcomes', head, rows);
}

function metricTable(s: Summary, p: PointStats): string {
  const head = ['metric', 'mean', '95% interval', 'sd', 'p5', 'p50', 'p95'];
  const rows = Object.entries(p.metrics).map(([id, m]) => [
    `<code>${esc(id)}</code>${m.label ? ` ${esc(m.label)}` : ''}`,
    `<span data-mean="${esc(`${p.point}:${id}`)}">${fmt(m.mean)}</span>`,
    m.meanCi95 ? interval(m.meanCi95[0], m.meanCi95[1]) : '–',
    fmt(m.sd),
    fmt(m.p5),
    fmt(m.p50),
    fmt(m.p95),
  ]);
  return `<h3>${esc(pointLabel(s, p))} (${p.runs} runs)</h3>\n${table('metrics', head, rows)}`;
}

/** The series that have bands, in bands.csv's order, with the scenario's label where it has one. */
function seriesOf(d: BatchData): { id: string; title: string }[] {
  const labels = d.summary.points[0].metrics;
  const ids = [...new Set(d.bands.map((b) => b.series))];
  return ids.map((id) => ({ id, title: labels[id]?.label ? `${labels[id].label} (${id})` : id }));
}

/** The whole report of a batch, as HTML. */
export async function batchReportHtml(d: BatchData): Promise<string> {
  const s = d.summary;
  const overlaid = s.points.slice(0, MAX_OVERLAID);
  const parts: string[] = [];
  const sections: [string, string][] = [];
  const section = (id: string, title: string, html: string) => {
    sections.push([id, title]);
    parts.push(`<section id="${id}"><h2>${esc(title)}</h2>\n${html}\n</section>`);
  };
  const capped =
    s.points.length > MAX_OVERLAID
      ? `<p class="note">The charts overlay the first ${MAX_OVERLAID} of ${s.points.length} points; the tables list all of them.</p>`
      : '';

  if (s.design)
    section(
      'outcomes',
      'How the runs ended',
      `<p class="note">The share of runs that each end condition stopped at each of the ${s.points.length} sampled points, against each sampled parameter (${s.runsPerPoint} runs a point; the exact values and the Wilson intervals are in summary.json).</p>
${figure('chart-outcomes', await renderSvg(designOutcomeSpec(s)), 'Outcome shares at each design point against each sampled parameter.')}
${designTable(s)}`,
    );
  else
    section(
      'outcomes',
      'How the runs ended',
      `<p class="note">The share of runs that each end condition stopped, with its 95% Wilson score interval (the black rule). <code>(none)</code>: the run went the full length.</p>${capped}
${figure('chart-outcomes', await renderSvg(outcomeSpec(s, overlaid)), 'Outcome shares per point, with 95% Wilson intervals.')}
${outcomeTable(s, s.points)}`,
    );

  if (s.sweeps.length) {
    const key = s.sweeps[0].key;
    const others = s.sweeps.slice(1).map((w) => w.key);
    const byFirst = (p: PointStats) => p.params[key];
    // With more than one sweep, the response is drawn for the first key at the other keys' first values.
    const line = s.points.filter((p) => others.every((k, j) => p.params[k] === s.sweeps[j + 1].values[0]));
    const outRows = line.flatMap((p) =>
      outcomeIds(s).map((id) => ({
        x: byFirst(p),
        series: id,
        y: p.outcomes[id].share,
        lo: p.outcomes[id].wilson95[0],
        hi: p.outcomes[id].wilson95[1],
      })),
    );
    const metricIds = seriesOf(d)
      .map((x) => x.id)
      .filter((id) => id in s.points[0].metrics);
    const charts = [
      figure(
        'chart-response-outcomes',
        await renderSvg(responseSpec(s, key, outRows, 'share of runs', true)),
        `Outcome shares against <code>${esc(key)}</code>, with 95% Wilson intervals.`,
      ),
    ];
    for (const id of metricIds) {
      const rows = line.flatMap((p) => {
        const m = p.metrics[id];
        return m.mean === null || !m.meanCi95
          ? []
          : [{ x: byFirst(p), series: id, y: m.mean, lo: m.meanCi95[0], hi: m.meanCi95[1] }];
      });
      charts.push(
        figure(
          `chart-response-${id}`,
          await renderSvg(responseSpec(s, key, rows, id, false)),
          `Final <code>${esc(id)}</code>: mean and its 95% interval against <code>${esc(key)}</code>.`,
        ),
      );
    }
    const fixed = others.length
      ? `<p class="note">Drawn against <code>${esc(key)}</code> with ${others.map((k, j) => `<code>${esc(k)}=${esc(s.sweeps[j + 1].values[0])}</code>`).join(', ')}; the tables hold every point of the grid.</p>`
      : '';
    section('response', `Response to ${key}`, `${fixed}<div class="grid">${charts.join('\n')}</div>`);
  }

  if (s.comparisons?.length) {
    const base = pointLabel(
      s,
      s.points.find((p) => p.point === s.baseline)!,
    );
    section(
      'compare',
      `Against the baseline (${base})`,
      `<p class="note">Each point's difference from the baseline in the share of every outcome. Replicate r of every point uses the same seed, so the runs come in pairs with the same dice; the paired interval uses the spread of the pair differences, the unpaired one treats the two points as independent samples (Newcombe's interval). Both are centred on the same difference; the paired one is narrower where the dice push both runs of a pair the same way (docs/BATCH.md).</p>
${figure('chart-compare-outcomes', await renderSvg(compareSpec(s, s.comparisons)), 'Difference in outcome shares from the baseline, with paired and unpaired 95% intervals.')}
${compareTable(s, s.comparisons)}`,
    );
  }

  if (s.sensitivity) {
    const by = s.sensitivity.byOutput;
    const ranges =
      s.design?.ranges.map((r) => `<code>${esc(r.key)}</code> from ${fmt(r.lo)} to ${fmt(r.hi)}`).join(', ') ?? '';
    const intro = `<p class="note">A Latin hypercube of ${s.design?.samples ?? s.points.length} points over ${ranges}, ${s.runsPerPoint} runs each. For each output (a final metric's mean or an outcome's share at each point), the partial rank correlation with each parameter: how strongly the output rises (positive) or falls (negative) with it once the other parameters are accounted for, with its 95% interval (${esc(s.sensitivity.method)}).</p>`;
    if (!by)
      section(
        'sensitivity',
        'Which parameters matter',
        `${intro}<p class="note">Not computed: ${esc(s.sensitivity.error ?? 'no result')}.</p>`,
      );
    else {
      const outputs = sensitivityOutputs(d, by);
      section(
        'sensitivity',
        'Which parameters matter',
        `${intro}\n${figure('chart-sensitivity', await renderSvg(tornadoSpec(by, outputs)), 'PRCC of each outcome share and banded metric with each parameter; blue where p < 0.05, with 95% intervals.')}\n${sensitivityTable(by, Object.keys(by))}`,
      );
    }
  }

  const fans: string[] = [];
  for (const x of seriesOf(d))
    fans.push(
      figure(
        `chart-fan-${x.id}`,
        await renderSvg(fanSpec(s, x.id, d.bands, overlaid, x.title)),
        `<code>${esc(x.id)}</code> per turn: median (line) and p5–p95 band.`,
      ),
    );
  section(
    'bands',
    'Over the turns',
    `<p class="note">Each series per turn across the runs: the median and the band from the 5th to the 95th percentile (bands.csv). A run stopped by an end condition keeps its last values.</p>${capped}\n<div class="grid">${fans.join('\n')}</div>`,
  );

  const shown = s.points.find((p) => p.point === (s.baseline ?? s.points[0].point))!;
  if (shown.final) {
    const which = s.points.length > 1 ? ` (${esc(pointLabel(s, shown))})` : '';
    section(
      'world',
      'The world at the end',
      `<p class="note">The mean final alignment of each actor (row) toward each other (column)${which}, from −1 (hostile) to +1 (aligned), and each actor's final tilt between the US and China across the runs: the thin rule spans p5 to p95, the bar p25 to p75, the tick is the median.</p>
<div class="grid">${figure('chart-alignment', await renderSvg(alignmentSpec(shown.final)), `Mean final alignment${which}.`)}
${figure('chart-tilt', await renderSvg(tiltSpec(shown.final)), `Final tilt per actor${which}, sorted by its median.`)}</div>`,
    );
  }

  section(
    'metrics',
    'Final values',
    `<p class="note">Each metric at the end of the run: mean with Student's t 95% interval, standard deviation and quantiles.</p>\n${s.points.map((p) => metricTable(s, p)).join('\n')}`,
  );

  const facts: [string, string][] = [
    ['scenario', `${esc(s.scenario.title)} (<code>${esc(s.scenario.id)}</code>)`],
    [
      'runs',
      `${s.runs.toLocaleString('en')} (${s.runsPerPoint.toLocaleString('en')} per point, ${s.points.length} point${s.points.length === 1 ? '' : 's'})`,
    ],
    [
      'batch seed',
      `<code>${esc(s.seed)}</code>; replicate r of every point uses the same seed (common random numbers)`,
    ],
  ];
  if (Object.keys(s.sets).length)
    facts.push([
      'set',
      Object.entries(s.sets)
        .map(([k, v]) => `<code>${esc(k)}=${esc(v)}</code>`)
        .join(' '),
    ]);
  if (s.sweeps.length)
    facts.push([
      'swept',
      s.sweeps.map((w) => `<code>${esc(w.key)}</code> over ${w.values.map(esc).join(', ')}`).join('; '),
    ]);
  if (d.command) facts.push(['command', `<code>${esc(d.command.join(' '))}</code>`]);
  facts.push(['scenario hash', `<code>${esc(s.scenario.hash)}</code>`]);
  const head = `<h1>${esc(s.scenario.title)}: batch report</h1>
<p class="lede">${s.runs.toLocaleString('en')} runs of <code>${esc(s.scenario.id)}</code>, from <code>${esc(path.basename(path.resolve(d.dir)))}</code>. The numbers are those of summary.json and bands.csv beside this file.</p>
<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
<nav class="toc">${sections.map(([id, t]) => `<a href="#${id}">${esc(t)}</a>`).join('')}</nav>`;
  return page(`${s.scenario.title}: batch report`, `${head}\n${parts.join('\n')}`);
}

/** Write DIR/report.html (or `out`) atomically; returns the file written. */
export async function writeBatchReport(d: BatchData, out = path.join(d.dir, REPORT_FILE)): Promise<string> {
  writeOrFail(out, await batchReportHtml(d), 'report');
  return out;
}
