/**
 * The batch report's page without a browser: text from a scenario file (titles, labels, end
 * conditions, metric ids) is escaped everywhere, nothing is fetched or scripted, and a damaged
 * bands.csv is one message naming its line.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors';
import { parseBands, SummarySchema, type BatchData } from '../../src/cli/report/batch-data';
import { batchReportHtml } from '../../src/cli/report/batch-report';

const EVIL = '<script>alert(1)</script> & <img src=x onerror=alert(2)>';
const share = (count: number, n: number) => ({ count, share: count / n, wilson95: [0.1, 0.9] as [number, number] });

function data(): BatchData {
  const summary = SummarySchema.parse({
    format: 'seastate-batch-summary',
    scenario: { id: 'evil', title: EVIL, hash: 'h' },
    seed: '1',
    runsPerPoint: 4,
    sets: {},
    sweeps: [],
    watch: [],
    shard: null,
    runs: 4,
    method: {},
    points: [
      {
        point: 0,
        params: {},
        runs: 4,
        metrics: { tension: { label: EVIL, mean: 2.5, sd: 0.1, meanCi95: [2.4, 2.6], p5: 2.3, p50: 2.5, p95: 2.7 } },
        outcomes: { '(none)': { text: 'ran', ...share(3, 4) }, war: { text: EVIL, ...share(1, 4) } },
        events: {},
      },
    ],
  });
  const bands = parseBands(
    'bands.csv',
    'point,series,turn,date,running,p5,p50,p95\n0,tension,0,2024-01-01,4,2,2,2\n0,tension,1,2024-02-01,4,2.1,2.5,2.9\n',
  );
  return { dir: '/tmp/evil', summary, bands, command: ['seastate', 'batch', EVIL] };
}

describe('the batch report page', () => {
  it('escapes every scenario text and holds no script or external resource', async () => {
    const html = await batchReportHtml(data());
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).not.toMatch(/<[a-z]+(\s+[a-z:-]+="[^"]*")*\s+on[a-z]+=/i); // no event handler on any element
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toMatch(/data-chart="chart-outcomes"><svg/);
    expect(html).toMatch(/data-chart="chart-fan-tension"><svg/);
    expect(html).toContain('<span data-share="0:war">25.0%</span>');
  });

  it('a band row that is not one is an error naming its line', () => {
    expect(() =>
      parseBands('b.csv', 'point,series,turn,date,running,p5,p50,p95\n0,tension,0,2024-01-01,4,2,x,2\n'),
    ).toThrow(InputError);
    expect(() =>
      parseBands('b.csv', 'point,series,turn,date,running,p5,p50,p95\n0,tension,0,2024-01-01,4,2,x,2\n'),
    ).toThrow(/b\.csv:2: not a band row/);
    expect(() => parseBands('b.csv', 'run,point\n')).toThrow(/b\.csv:1: not a batch's bands\.csv/);
  });
});
