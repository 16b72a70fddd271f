/**
 * `--export FILE` writes the after-action review as HTML with charts when FILE ends in .html and as
 * Markdown otherwise, from the same review (replay, on a save made by `run --save`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './spawn';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'seastate-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const at = (f: string) => path.join(tmp, f);

describe('replay --export', () => {
  const saved = cli(['run', 'taiwan-strait-crisis', '--seed', '3', '--turns', '6', '--save', at('game.json')]);

  it('writes HTML with charts for a .html file and Markdown otherwise', () => {
    expect(saved.code, saved.stderr).toBe(0);
    const html = cli(['replay', at('game.json'), '--export', at('review.html')]);
    expect(html.code, html.stderr).toBe(0);
    const md = cli(['replay', at('game.json'), '--export', at('review.md')]);
    expect(md.code, md.stderr).toBe(0);
    const page = readFileSync(at('review.html'), 'utf8');
    const text = readFileSync(at('review.md'), 'utf8');
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).not.toMatch(/<script/i);
    for (const chart of ['chart-ladders', 'chart-moves', 'chart-tilt']) expect(page).toContain(`data-chart="${chart}"`);
    expect(page).toMatch(/<svg[^>]*>[\s\S]*class="mark-line role-mark/);
    expect(text.startsWith('<!DOCTYPE')).toBe(false);
    expect(text).toMatch(/^# /m);
    // The same review: the Markdown's title line is the page's heading.
    const title = /^# (.+)$/m.exec(text)![1];
    expect(page).toContain(title.replace(/&/g, '&amp;').replace(/</g, '&lt;').slice(0, 40));
  }, 60_000);
});
