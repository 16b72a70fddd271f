/**
 * The batch report as a person sees it: a small sweep with a baseline, its report.html opened in
 * Debian's Chromium (headless, driven by playwright-core). No console errors; every chart drawn
 * with data marks; the shares and means printed in the page equal summary.json's.
 *
 * .ci/run installs chromium when it is missing, so under CI this test always runs; on a machine
 * without /usr/bin/chromium it is skipped with that reason (`apt-get install chromium` to run it).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { cliAsync } from './spawn';

const CHROMIUM = '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
if (!present && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium package before the tests`);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'seastate-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const dir = path.join(tmp, 'sweep');

// Four turns of the Taiwan crisis, two values of the US commitment, 24 runs each.
const args = [
  'batch',
  'taiwan-strait-crisis',
  '--runs',
  '24',
  '--seed',
  '5',
  '--set',
  'turns=4',
  '--sweep',
  'params.us_commitment=0.2,0.9',
  '--baseline',
  '0',
  '--watch',
  'JPN:USA',
  '--workers',
  '2',
  '--out',
  dir,
  '--report',
];

interface Summary {
  points: {
    point: number;
    outcomes: Record<string, { share: number }>;
    metrics: Record<string, { mean: number | null }>;
  }[];
  comparisons?: { point: number; outcomes: Record<string, { diff: number }> }[];
}

describe.skipIf(!present)('report.html in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  let summary: Summary;

  beforeAll(async () => {
    const r = await cliAsync(args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('report.html');
    summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as Summary;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('request', (q) => {
      if (!q.url().startsWith('file:') && !q.url().startsWith('data:')) errors.push(`network: ${q.url()}`);
    });
    await page.goto(`file://${path.join(dir, 'report.html')}`, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('loads with no console errors and fetches nothing', () => {
    expect(errors).toEqual([]);
  });

  it('draws every chart, each with data marks', async () => {
    const charts = await page.$$eval('figure[data-chart]', (fs) =>
      fs.map((f) => ({
        id: f.getAttribute('data-chart')!,
        marks: f.querySelectorAll('svg g.role-mark > *').length,
        width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0,
      })),
    );
    const ids = charts.map((c) => c.id);
    const [head, ...lines] = readFileSync(path.join(dir, 'bands.csv'), 'utf8').trim().split('\n');
    const col = head.split(',').indexOf('series');
    const series = [...new Set(lines.map((l) => l.split(',')[col]))];
    expect(series).toContain('align.JPN.USA');
    for (const want of [
      'chart-outcomes',
      'chart-response-outcomes',
      'chart-compare-outcomes',
      'chart-alignment',
      'chart-tilt',
      ...series.map((s) => `chart-fan-${s}`),
    ])
      expect(ids).toContain(want);
    for (const c of charts) {
      expect(c.marks, c.id).toBeGreaterThan(0);
      expect(c.width, c.id).toBeGreaterThan(100);
    }
  });

  it('prints the shares and means of summary.json', async () => {
    const shares = await page.$$eval('[data-share]', (es) =>
      es.map((e) => [e.getAttribute('data-share')!, e.textContent!] as const),
    );
    expect(shares.length).toBe(summary.points.length * Object.keys(summary.points[0].outcomes).length);
    for (const [key, text] of shares) {
      const [p, id] = [Number(key.slice(0, key.indexOf(':'))), key.slice(key.indexOf(':') + 1)];
      const want = summary.points[p].outcomes[id].share * 100;
      expect(Math.abs(Number(text.replace('%', '')) - want), `${key}: ${text} against ${want}`).toBeLessThanOrEqual(
        0.05 + 1e-9,
      );
    }
    const means = await page.$$eval('[data-mean]', (es) =>
      es.map((e) => [e.getAttribute('data-mean')!, e.textContent!] as const),
    );
    expect(means.length).toBe(summary.points.length * Object.keys(summary.points[0].metrics).length);
    for (const [key, text] of means) {
      const [p, id] = [Number(key.slice(0, key.indexOf(':'))), key.slice(key.indexOf(':') + 1)];
      const want = summary.points[p].metrics[id].mean!;
      expect(Math.abs(Number(text.replace('−', '-')) - want), `${key}: ${text} against ${want}`).toBeLessThanOrEqual(
        0.0005 + 1e-12,
      );
    }
  });

  it('prints the paired differences of summary.json against the baseline', async () => {
    const diffs = await page.$$eval('[data-diff]', (es) =>
      es.map((e) => [e.getAttribute('data-diff')!, e.textContent!] as const),
    );
    expect(summary.comparisons?.length).toBe(1);
    expect(diffs.length).toBe(Object.keys(summary.comparisons![0].outcomes).length);
    for (const [key, text] of diffs) {
      const [p, id] = [Number(key.slice(0, key.indexOf(':'))), key.slice(key.indexOf(':') + 1)];
      const want = summary.comparisons!.find((c) => c.point === p)!.outcomes[id].diff * 100;
      expect(
        Math.abs(Number(text.replace('−', '-').replace(/[+%]| pp/g, '')) - want),
        `${key}: ${text}`,
      ).toBeLessThanOrEqual(0.05 + 1e-9);
    }
  });
});
