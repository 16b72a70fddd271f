/**
 * The after-action review as HTML: one self-contained page (no script, nothing fetched), every
 * chart drawn with data marks, the ladders over every turn played, scenario text escaped, and the
 * same tables as the Markdown review, cell for cell.
 */
import { describe, expect, it } from 'vitest';
import { afterActionReview, reviewMarkdown, type AfterAction } from '../../src/cli/session/aar';
import { aarHtml } from '../../src/cli/session/aar-html';
import { newGame } from '../../src/cli/session/game';
import { REASON, scenario, seminarGame } from './seminar-game';

const game = seminarGame();
const review = afterActionReview(game);
const md = reviewMarkdown(review);
const html = await aarHtml(review);

const unescape = (s: string) =>
  s
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
const signed3 = (v: number) => (v >= 0 ? '+' : '') + v.toFixed(3);
/** A cell's text as a reader sees it: tags dropped, entities read, spaces collapsed. */
const text = (s: string) =>
  unescape(s.replace(/<[^>]*>/g, ''))
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();

/** The body rows of every HTML table of a class, in order, as cell texts. */
function htmlTables(page: string, cls: string): string[][][] {
  return [...page.matchAll(new RegExp(`<table class="${cls}">([\\s\\S]*?)</table>`, 'g'))].map((t) =>
    [...t[1].split('</thead>')[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
      [...r[1].matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => text(c[1])),
    ),
  );
}

/** The body rows of every Markdown table under a heading (up to the next heading of that level or above), as cell texts. */
function mdTables(doc: string, heading: string): string[][][] {
  const lines = doc.split('\n');
  const at = lines.indexOf(heading);
  expect(at, heading).toBeGreaterThanOrEqual(0);
  const level = heading.indexOf(' ');
  const end = lines.findIndex((l, k) => k > at && /^#+ /.test(l) && l.indexOf(' ') <= level);
  const out: string[][][] = [];
  let cur: string[][] | undefined;
  for (const l of lines.slice(at + 1, end < 0 ? undefined : end)) {
    if (!l.startsWith('|')) {
      cur = undefined;
      continue;
    }
    if (!cur) out.push((cur = []));
    else if (!/^\|(---\|)+$/.test(l))
      cur.push(
        l
          .slice(2, -2)
          .split(' | ')
          .map((c) => c.replace(/`/g, '').replace(/\\\|/g, '|').trim()),
      );
  }
  return out;
}

/** Each chart figure by its id. */
function figures(page: string): Map<string, string> {
  return new Map(
    [...page.matchAll(/<figure class="chart" id="[^"]*" data-chart="([^"]+)">([\s\S]*?)<\/figure>/g)].map((m) => [
      m[1],
      m[2],
    ]),
  );
}

/** Vega's data groups (`g.role-mark`) in an SVG, each with its number of child elements. */
function markGroups(svg: string): { cls: string; children: number }[] {
  const out: { cls: string; children: number }[] = [];
  for (const m of svg.matchAll(/<g class="([^"]*\brole-mark\b[^"]*)"[^>]*>/g)) {
    // Count the direct children up to this group's closing tag.
    let depth = 0;
    let children = 0;
    const re = /<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g;
    re.lastIndex = m.index! + m[0].length;
    for (let t = re.exec(svg); t; t = re.exec(svg)) {
      if (t[1]) {
        if (depth === 0) break;
        depth--;
      } else {
        if (depth === 0) children++;
        if (!t[3]) depth++;
      }
    }
    out.push({ cls: m[1], children });
  }
  return out;
}

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link', 'wbr', 'col', 'area', 'base', 'source']);

/** A tiny well-formedness check: every element closed in order (void ones and `<x/>` excepted). */
function unbalanced(page: string): string | undefined {
  const stack: string[] = [];
  const body = page.replace(/^<!DOCTYPE html>\n/, '').replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  for (const t of body.matchAll(/<(\/?)([a-zA-Z][\w:-]*)(?:\s[^>]*?)?(\/?)>/g)) {
    const name = t[2].toLowerCase();
    if (t[1]) {
      const open = stack.pop();
      if (open !== name) return `</${name}> closes <${open}> at ${t.index}`;
    } else if (!t[3] && !VOID.has(name)) stack.push(name);
  }
  return stack.length ? `unclosed: ${stack.join(' ')}` : undefined;
}

describe('after-action review as HTML', () => {
  it('is one self-contained page: doctype, well formed, no script, nothing fetched', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.match(/<html[\s>]/g)).toHaveLength(1);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<title>After-action review: Taiwan Strait crisis</title>');
    expect(unbalanced(html)).toBeUndefined();
    expect(html).not.toMatch(/<script|<link|<iframe|<img|<object|<embed|@import|url\(|javascript:|\son[a-z]+=/i);
    // The only links are to the page's own sections; the only URLs are SVG's namespace names.
    for (const m of html.matchAll(/\b(?:href|src|xlink:href)="([^"]*)"/g)) expect(m[1]).toMatch(/^#/);
    for (const m of html.matchAll(/[a-z]+:\/\/[^\s"'<>)]*/gi))
      expect(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']).toContain(m[0]);
    // Every ampersand starts an entity.
    expect(html).not.toMatch(/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/);
  });

  it('draws every chart as inline SVG with data marks', () => {
    const charts = figures(html);
    // China is played by a human but is a pole of the tilt; its own alignments have their chart.
    expect([...charts.keys()]).toEqual(['chart-ladders', 'chart-moves', 'chart-causes', 'chart-tilt', 'chart-humans']);
    for (const [id, f] of charts) {
      expect(f, id).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(f.match(/<svg/g), id).toHaveLength(1);
      expect(f, id).toMatch(/<figcaption>[^<]+/);
      const groups = markGroups(f);
      expect(groups.length, id).toBeGreaterThan(0);
      expect(
        groups.some((g) => g.children > 0 && /mark-(line|symbol|rect)/.test(g.cls)),
        id,
      ).toBe(true);
    }
    // One bar per listed cause and folded family, one marker per move.
    const bars = markGroups(charts.get('chart-causes')!).find((g) => g.cls.startsWith('mark-rect'))!;
    expect(bars.children).toBe(review.moves.reduce((s, m) => s + m.causes.length + m.other.families.length, 0));
    const markers = markGroups(charts.get('chart-moves')!).find((g) => g.cls.startsWith('mark-text'))!;
    expect(markers.children).toBe(review.moves.length);
  });

  it('draws each ladder at every turn played, at its level', () => {
    const f = figures(html).get('chart-ladders')!;
    const points = [...f.matchAll(/aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="point"/g)].map(
      (m) =>
        Object.fromEntries(
          unescape(m[1])
            .split('; ')
            .map((kv) => kv.split(': ')),
        ),
    );
    const turns = Array.from({ length: review.turns.played + 1 }, (_, k) => String(k));
    expect(review.turns.played).toBe(6);
    expect(points).toHaveLength(review.escalation.length * turns.length);
    for (const l of review.escalation) {
      const mine = points.filter((p) => p.ladder === l.ladder);
      expect(mine.map((p) => p.turn)).toEqual(turns);
      // The levels the review recorded, the state's at each turn, and its rung.
      const levels = game.states.map((s) =>
        l.ladder === 'global' ? s.ladders.global : s.ladders.dyads.find((d) => d.id === l.ladder)!.level,
      );
      mine.forEach((p, k) => expect(Number(p.level)).toBeCloseTo(levels[k], 4));
      expect(mine.at(-1)!.rung).toBe(htmlTables(html, 'ladders')[0].find((r) => r[0] === l.ladder)![5]);
    }
    // Rung names label the levels.
    expect(f).toContain('>military signalling</text>');
  });

  it('records the per-turn series the charts draw, consistent with the moves and the states', () => {
    const s = review.series;
    expect(s.turns.map((t) => t.turn)).toEqual(game.states.map((x) => x.turn));
    expect(s.ladders.map((l) => l.ladder)).toEqual(review.escalation.map((l) => l.ladder));
    for (const [k, l] of s.ladders.entries()) expect(l.levels.at(-1)).toBe(review.escalation[k].end);
    for (const m of review.moves) {
      expect(m.path).toHaveLength(game.states.length);
      expect(m.path[0].value).toBe(m.start);
      expect(m.path.at(-1)!.value).toBe(m.end);
      expect(m.path.reduce((a, p) => a + p.change, 0)).toBeCloseTo(m.change, 12);
    }
    // The adjudication is the main cause of the Philippines' largest step toward China, in turn 4.
    const phl = review.moves.find((m) => m.from === 'PHL' && m.to === 'CHN')!;
    const step = phl.path.reduce((a, p) => (Math.abs(p.change) > Math.abs(a.change) ? p : a));
    expect(step.turn).toBe(4);
    expect(step.cause?.label).toBe(`White cell: ${REASON}`);
    expect(step.cause!.value).toBeCloseTo(review.whiteCell.effects[0].applied, 12);
    // The tilts charted are the largest shifts; the human's cells are its own.
    expect(s.tilts.map((t) => t.actor)).toEqual(review.tilts.map((t) => t.actor));
    expect(s.humanCells.length).toBeGreaterThan(0);
    expect(s.humanCells.every((c) => c.from === 'CHN' && c.values.length === game.states.length)).toBe(true);
  });

  it('holds the same tables as the Markdown review, cell for cell', () => {
    const pairs: [string, string][] = [
      ['## Key events', 'events'],
      ['### Injected events', 'injections'],
      ['### Adjudications', 'adjudications'],
      ['### Rulings on the dice', 'rulings'],
      ['## Escalation path', 'ladders'],
      ['## US-China tilt', 'tilts'],
      ['### China (CHN)', 'human-turns'],
    ];
    for (const [heading, cls] of pairs) {
      const want = mdTables(md, heading);
      expect(want, heading).toHaveLength(1);
      expect(want[0].length, heading).toBeGreaterThan(0);
      expect(htmlTables(html, cls), heading).toEqual(want);
    }
    // The moves, then each move's causes, in the Markdown's order.
    const moves = mdTables(md, '## Largest alignment moves');
    expect(htmlTables(html, 'moves')).toEqual([moves[0]]);
    expect(htmlTables(html, 'causes')).toEqual(moves.slice(1));
    expect(moves.slice(1)).toHaveLength(review.moves.length);
    // A few values by eye: the adjudication, the human's event choice, the seed and the hash.
    expect(htmlTables(html, 'adjudications')[0]).toEqual([
      ['4', '2024-05-01', 'set PHL → CHN to -0.900', signed3(review.whiteCell.effects[0].applied), REASON],
    ]);
    expect(htmlTables(html, 'events')[0]).toContainEqual(
      expect.arrayContaining(['2', 'Beijing weighs a quarantine of Taiwan', 'White cell', 'human (CHN)']),
    );
    expect(html).toContain(`<dt>Seed</dt><dd>1</dd>`);
    expect(html).toContain(`<code>${review.finalHash}</code>`);
    expect(text(html)).toContain('Stopped after turn 6 of 30 planned, with no end condition reached.');
    for (const h of [
      'How it ended',
      'Key events',
      'White-cell interventions',
      'Escalation path',
      'Largest alignment moves',
      'US-China tilt',
      'What the human players did',
    ])
      expect(html).toContain(`<h2>${h}</h2>`);
  });

  it('escapes text from scenario files, in the tables and in the charts', async () => {
    const bad = 'Strait <script>alert("x")</script> & Co';
    const r: AfterAction = structuredClone(review);
    r.scenario.title = bad;
    for (const e of [...r.events, ...r.whiteCell.injections]) {
      e.title = bad;
      if (e.optionText) e.optionText = `${bad} option`;
    }
    r.tilts[0].name = bad;
    r.series.tilts[0].name = bad;
    r.moves[0].causes[0].label = `event: ${bad}`;
    for (const p of r.moves[0].path) if (p.cause) p.cause.label = `event: ${bad}`;
    const out = await aarHtml(r);
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toContain('& Co');
    expect(out).not.toMatch(/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/);
    expect(out).toContain(
      '<title>After-action review: Strait &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co</title>',
    );
    expect(unbalanced(out)).toBeUndefined();
    // In a table cell, and as a chart's legend label (Vega writes SVG text escaped).
    expect(htmlTables(out, 'events')[0][0][2]).toBe(bad);
    expect(figures(out).get('chart-tilt')).toContain(
      'actor: Strait &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co (',
    );
    expect(figures(out).get('chart-tilt')).toMatch(/>Strait &lt;script&gt;[^<]*<\/text>/);
  });

  it('is the same page for the same game, and a page without charts when no turn was played', async () => {
    expect(await aarHtml(afterActionReview(seminarGame()))).toBe(html);
    const empty = await aarHtml(afterActionReview(newGame(scenario, 'taiwan-strait-crisis', '3', [])));
    expect(empty).not.toContain('<figure');
    expect(empty).toContain('No scenario event fired.');
    expect(empty).toContain('No alignment changed.');
    expect(unbalanced(empty)).toBeUndefined();
  });
});
