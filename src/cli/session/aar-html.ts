/**
 * The after-action review as one self-contained HTML page for a class: the tables of the Markdown
 * review (aar-markdown.ts), cell for cell, with charts beside them (the ladders, the largest moves
 * and their causes, the tilts, the human players' alignments over the turns). Each chart is a
 * Vega-Lite specification rendered to inline SVG (report/vega.ts); no script, nothing fetched.
 * Numbers are printed as the Markdown prints them, so the two exports of a game read the same.
 */
import { RUNGS, rungName } from '../../engine';
import { esc, figure, page, table } from '../report/html';
import { renderSvg, type ChartSpec } from '../report/vega';
import type { AfterAction, AlignmentMove, ReviewEvent } from './aar';
import { fixed, percent, signed } from './aar-markdown';

const code = (s: string) => `<code>${esc(s)}</code>`;
const note = (s: string) => `<p class="note">${s}</p>`;
const arrow = (m: { from: string; to: string }) => `${m.from} → ${m.to}`;
/** Text kept on one line (a date or a move in a narrow column); the page's stylesheet is shared, so the rule is inline. */
const nowrap = (s: string) => `<span style="white-space:nowrap">${esc(s)}</span>`;

/** The turn axis every chart shares: whole turns, the game's first to its last. */
function turnAxis(r: AfterAction) {
  const t = r.series.turns;
  const lo = t[0].turn;
  return {
    field: 'turn',
    type: 'quantitative' as const,
    title: 'turn',
    axis: { tickMinStep: 1, format: 'd' },
    scale: { domain: [lo, Math.max(lo + 1, t[t.length - 1].turn)], nice: false },
  };
}

/** Colours for many lines: ten distinct ones, twenty past ten. */
const scheme = (n: number) => ({ scheme: n > 10 ? 'tableau20' : 'tableau10' });

/** Every ladder's level per turn, one line each, with the rung names at their levels on the right. */
function ladderSpec(r: AfterAction): ChartSpec {
  const max = r.escalation[0].max;
  const turns = r.series.turns;
  const values = r.series.ladders.flatMap((l) =>
    l.levels.map((level, k) => ({
      turn: turns[k].turn,
      date: turns[k].date,
      ladder: l.ladder,
      level,
      rung: rungName(level, max),
    })),
  );
  const rungs = RUNGS.map((rung, k) => ({ level: (k * max) / (RUNGS.length - 1), rung }));
  const y = {
    field: 'level',
    type: 'quantitative' as const,
    title: 'level',
    scale: { domain: [0, max], nice: false },
    axis: { values: rungs.map((x) => x.level), format: '~r' },
  };
  const width = 520;
  return {
    width,
    height: 260,
    data: { values },
    layer: [
      {
        data: { values: rungs },
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 8, color: '#666', fontSize: 10 },
        encoding: { x: { value: width }, y, text: { field: 'rung' } },
      },
      {
        mark: { type: 'line', point: true, strokeWidth: 2 },
        encoding: {
          x: turnAxis(r),
          y,
          color: {
            field: 'ladder',
            type: 'nominal',
            title: 'ladder',
            sort: r.series.ladders.map((l) => l.ladder),
            scale: scheme(r.series.ladders.length),
            legend: { orient: 'top' },
          },
          tooltip: [
            { field: 'turn' },
            { field: 'date' },
            { field: 'ladder' },
            { field: 'level', format: '.2f' },
            { field: 'rung' },
          ],
        },
      },
    ],
  } as ChartSpec;
}

/** The turn of a move's largest single-turn step (the first such turn on a tie). */
function largestStep(m: AlignmentMove): AlignmentMove['path'][number] | undefined {
  let best: AlignmentMove['path'][number] | undefined;
  for (const p of m.path.slice(1))
    if (p.change !== 0 && (!best || Math.abs(p.change) > Math.abs(best.change))) best = p;
  return best;
}

/** Each large move's cell over the turns; a numbered point marks its largest step (named in the table beside). */
function movesSpec(r: AfterAction): ChartSpec {
  const moves = r.moves.map(arrow);
  const values = r.moves.flatMap((m) => m.path.map((p) => ({ turn: p.turn, move: arrow(m), alignment: p.value })));
  const marks = r.moves.flatMap((m, i) => {
    const s = largestStep(m);
    return s
      ? [
          {
            turn: s.turn,
            move: arrow(m),
            alignment: s.value,
            marker: String(i + 1),
            step: s.change,
            cause: s.cause?.label ?? '',
          },
        ]
      : [];
  });
  const x = turnAxis(r);
  const y = {
    field: 'alignment',
    type: 'quantitative',
    title: 'alignment (from → toward)',
    scale: { zero: false },
  } as const;
  const color = { field: 'move', type: 'nominal' as const, title: 'move', sort: moves, scale: scheme(moves.length) };
  return {
    width: 520,
    height: 280,
    layer: [
      { data: { values }, mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color } },
      {
        data: { values: marks },
        mark: { type: 'point', filled: true, size: 70, opacity: 1 },
        encoding: {
          x,
          y,
          color,
          tooltip: [
            { field: 'marker' },
            { field: 'move' },
            { field: 'turn' },
            { field: 'step', format: '+.3f' },
            { field: 'cause' },
          ],
        },
      },
      {
        data: { values: marks },
        mark: { type: 'text', dy: -11, fontWeight: 'bold', fontSize: 11, color: '#222' },
        encoding: { x, y, text: { field: 'marker' } },
      },
    ],
  } as ChartSpec;
}

/** Each move split into its causes, stacked by family (pushes the other way go left of zero); a tick marks the net move. */
function causesSpec(r: AfterAction): ChartSpec {
  const moves = r.moves.map(arrow);
  const values = r.moves.flatMap((m) => [
    ...m.causes.map((c) => ({ move: arrow(m), cause: c.label, family: c.family, contribution: c.value })),
    ...m.other.families.map((f) => ({
      move: arrow(m),
      cause: `${f.count} other (${f.family})`,
      family: f.family,
      contribution: f.value,
    })),
  ]);
  const net = r.moves.map((m) => ({ move: arrow(m), change: m.change }));
  const y = { field: 'move', type: 'nominal', sort: moves, title: null } as const;
  return {
    width: 520,
    height: { step: 24 },
    layer: [
      {
        data: { values },
        mark: { type: 'bar', height: 14 },
        encoding: {
          y,
          x: { field: 'contribution', type: 'quantitative', stack: 'zero', title: 'contribution to the move' },
          color: {
            field: 'family',
            type: 'nominal',
            title: 'cause',
            scale: scheme(new Set(values.map((v) => v.family)).size),
            legend: { orient: 'top', columns: 5 },
          },
          detail: { field: 'cause' },
          tooltip: [{ field: 'move' }, { field: 'cause' }, { field: 'contribution', format: '+.3f' }],
        },
      },
      {
        data: { values: net },
        mark: { type: 'tick', color: '#111', thickness: 2, size: 20 },
        encoding: { y, x: { field: 'change', type: 'quantitative' } },
      },
    ],
  } as ChartSpec;
}

/** Lines of one value per turn, one per series, with a rule at zero. */
function linesSpec(
  r: AfterAction,
  rows: { series: string; values: number[]; dashed?: boolean }[],
  title: string,
  legend: string,
): ChartSpec {
  const turns = r.series.turns;
  const mixed = rows.some((s) => s.dashed) && rows.some((s) => !s.dashed);
  const values = rows.flatMap((s) =>
    s.values.map((v, k) => ({
      turn: turns[k].turn,
      date: turns[k].date,
      [legend]: s.series,
      value: v,
      role: s.dashed ? 'largest shift' : 'human player',
    })),
  );
  const dash = mixed
    ? {
        strokeDash: {
          field: 'role',
          type: 'nominal',
          title: null,
          scale: {
            domain: ['human player', 'largest shift'],
            range: [
              [1, 0],
              [5, 3],
            ],
          },
        },
      }
    : {};
  return {
    width: 520,
    height: 240,
    data: { values },
    layer: [
      // One datum of its own, or the rule is drawn once per row of the lines' data.
      {
        data: { values: [{}] },
        mark: { type: 'rule', color: '#bbb' },
        encoding: { y: { datum: 0, type: 'quantitative' } },
      },
      {
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: turnAxis(r),
          y: { field: 'value', type: 'quantitative', title, scale: { zero: false } },
          color: {
            field: legend,
            type: 'nominal',
            sort: rows.map((s) => s.series),
            scale: scheme(rows.length),
            legend: { labelLimit: 280 },
          },
          ...dash,
          tooltip: [{ field: 'turn' }, { field: 'date' }, { field: legend }, { field: 'value', format: '+.3f' }],
        },
      },
    ],
  } as ChartSpec;
}

function chosenBy(e: ReviewEvent): string {
  if (!e.chooser) return '-';
  if (e.chooser === 'human') return `human (${esc(e.by ?? '?')})`;
  if (e.chooser === 'policy') return `${esc(e.by ?? '?')}'s policy`;
  return 'scripted weights';
}

function firedBy(reason: string): string {
  if (reason === 'white cell') return 'White cell';
  if (reason === 'turn') return 'scheduled';
  if (reason === 'mtth' || reason === 'chance') return 'chance';
  return esc(reason);
}

function endingText(r: AfterAction): string {
  const e = r.ending;
  if (e.kind === 'ended') return `Ended at turn ${e.turn}: ${esc(e.outcome)} (${code(e.id)}).`;
  if (e.kind === 'completed')
    return `Ran its course: all ${r.turns.planned} planned turns were played without an end condition.`;
  return `Stopped after turn ${r.turns.played} of ${r.turns.planned} planned, with no end condition reached.`;
}

function whiteCell(r: AfterAction): string {
  const wc = r.whiteCell;
  const out: string[] = [];
  if (!wc.injections.length && !wc.effects.length && !wc.rulings.length && !wc.notes.length)
    out.push(note("None: the game ran on its scripted events and the actors' own decisions."));
  if (wc.injections.length)
    out.push(
      '<h3>Injected events</h3>',
      table(
        'injections',
        ['Turn', 'Date', 'Event', 'Target', 'Option taken'],
        wc.injections.map((e) => [
          String(e.turn),
          nowrap(e.date),
          esc(e.title),
          esc(e.target ?? '-'),
          esc(e.option ?? '-'),
        ]),
      ),
    );
  if (wc.effects.length)
    out.push(
      '<h3>Adjudications</h3>',
      table(
        'adjudications',
        ['Turn', 'Date', 'What', 'Change made', 'Reason'],
        wc.effects.map((e) => {
          const d = e.kind === 'alignment' ? 3 : 2;
          const what =
            e.kind === 'flag'
              ? `${e.subject} ${e.amount ? 'set' : 'cleared'}`
              : e.set
                ? `set ${e.subject} to ${fixed(e.amount, d)}`
                : `${e.subject} ${signed(e.amount, d)} requested`;
          return [
            String(e.turn),
            nowrap(e.date),
            esc(what),
            e.kind === 'flag' ? '-' : signed(e.applied, d),
            esc(e.reason),
          ];
        }),
      ),
    );
  if (wc.rulings.length)
    out.push(
      '<h3>Rulings on the dice</h3>',
      table(
        'rulings',
        ['Turn', 'Date', 'Action', 'Ruling', 'What the dice said'],
        wc.rulings.map((x) => [
          String(x.turn),
          nowrap(x.date),
          code(x.key),
          x.success ? 'succeeds' : 'fails',
          x.used
            ? `roll ${fixed(x.roll!, 2)} against a chance of ${fixed(x.chance!, 2)}`
            : 'no such action that turn (no effect)',
        ]),
      ),
    );
  if (wc.notes.length)
    out.push(
      '<h3>Notes</h3>',
      table(
        'notes',
        ['Turn', 'Note'],
        wc.notes.map((x) => [String(x.turn), esc(x.text)]),
      ),
    );
  return out.join('\n');
}

async function escalation(r: AfterAction, charts: boolean): Promise<string> {
  const t = r.series.turns;
  const out = [
    charts
      ? figure(
          'chart-ladders',
          await renderSvg(ladderSpec(r)),
          'Each escalation ladder’s level after every turn; a level’s rung is the one named at or below it.',
        )
      : '',
    table(
      'ladders',
      ['Ladder', 'Start', 'Peak (turn)', 'End', 'Change', 'Rung at the end'],
      r.escalation.map((l) => [
        esc(l.ladder),
        fixed(l.start, 2),
        `${fixed(l.peak, 2)} (${l.peakTurn})`,
        fixed(l.end, 2),
        signed(l.end - l.start, 2),
        esc(rungName(l.end, l.max)),
      ]),
    ),
  ];
  if (charts)
    out.push(
      `<details><summary>The levels turn by turn</summary>\n${table(
        'ladder-levels',
        ['Turn', 'Date', ...r.series.ladders.map((l) => esc(l.ladder))],
        t.map((x, k) => [String(x.turn), nowrap(x.date), ...r.series.ladders.map((l) => fixed(l.levels[k], 2))]),
      )}\n</details>`,
    );
  return out.join('\n');
}

async function moves(r: AfterAction, charts: boolean): Promise<string> {
  if (!r.moves.length) return note('No alignment changed.');
  const out = [
    note(
      'How each actor stands toward another, from -1 (hostile) to +1 (aligned), at the start and the end of the game.',
    ),
    table(
      'moves',
      ['From', 'Toward', 'Start', 'End', 'Change'],
      r.moves.map((m) => [esc(m.from), esc(m.to), fixed(m.start, 3), fixed(m.end, 3), signed(m.change, 3)]),
    ),
  ];
  if (charts) {
    const steps = r.moves.map((m, i) => {
      const s = largestStep(m);
      const top = m.causes[0];
      return [
        String(i + 1),
        nowrap(arrow(m)),
        s ? `${signed(s.change, 3)} in turn&nbsp;${s.turn}` : '-',
        s?.cause ? `${esc(s.cause.label)} (${signed(s.cause.value, 3)})` : '-',
        top ? `${esc(top.label)} (${percent(top.share)})` : '-',
      ];
    });
    out.push(
      `<div class="grid">${figure('chart-moves', await renderSvg(movesSpec(r)), 'The largest moves turn by turn. Each number marks the move’s largest single step; the table names that turn’s main cause.')}\n${table('move-steps', ['#', 'Move', 'Largest step', 'Main cause of that step', 'Largest cause over the game (share)'], steps)}</div>`,
      figure(
        'chart-causes',
        await renderSvg(causesSpec(r)),
        'Each move split into its causes summed over every turn, coloured by kind; a cause that pushed the other way lies on the other side of zero, and the black tick is the net move.',
      ),
    );
  }
  out.push(
    note(
      'Each move, split into its causes summed over every turn (share: the part of the move a cause explains; a negative share pushed the other way).',
    ),
  );
  for (const m of r.moves) {
    const rows = m.causes.map((c) => [esc(c.label), signed(c.value, 3), percent(c.share)]);
    if (m.other.count) {
      const split = m.other.families.map((f) => `${esc(f.family)} ${signed(f.value, 3)} (${f.count})`).join(', ');
      rows.push([
        `${m.other.count} other cause${m.other.count > 1 ? 's' : ''}: ${split}`,
        signed(m.other.value, 3),
        percent(m.other.value / m.change),
      ]);
    }
    out.push(
      `<h3>${esc(arrow(m))}: ${signed(m.change, 3)} (${fixed(m.start, 3)} to ${fixed(m.end, 3)})</h3>`,
      table('causes', ['Cause', 'Contribution', 'Share'], rows),
    );
  }
  return out.join('\n');
}

async function tilts(r: AfterAction, charts: boolean): Promise<string> {
  const out: string[] = [];
  if (!r.tilts.length)
    out.push(note('Not shown: this scenario does not have both the United States and China, or no tilt changed.'));
  else
    out.push(
      note(
        'Tilt is (alignment toward the US - alignment toward China) / 2: positive leans to the US, negative to China. The largest shifts:',
      ),
      table(
        'tilts',
        ['Actor', 'Start', 'End', 'Shift'],
        r.tilts.map((x) => [
          `${esc(x.name)} (${esc(x.actor)})`,
          signed(x.start, 3),
          signed(x.end, 3),
          signed(x.change, 3),
        ]),
      ),
    );
  if (charts && r.series.tilts.length) {
    const rows = r.series.tilts.map((x) => ({ series: `${x.name} (${x.actor})`, values: x.values, dashed: !x.human }));
    const humans = r.series.tilts.some((x) => x.human) ? 'the human players (solid) and ' : '';
    out.unshift(
      figure(
        'chart-tilt',
        await renderSvg(linesSpec(r, rows, 'tilt: China (-1) to the US (+1)', 'actor')),
        `The tilt of ${humans}the actors whose tilt moved most, after every turn.`,
      ),
    );
  }
  return out.join('\n');
}

async function humans(r: AfterAction, charts: boolean): Promise<string> {
  const out: string[] = [];
  if (charts && r.series.humanCells.length) {
    const rows = r.series.humanCells.map((c) => ({ series: arrow(c), values: c.values }));
    out.push(
      figure(
        'chart-humans',
        await renderSvg(linesSpec(r, rows, 'alignment (from → toward)', 'stance')),
        'Each human player’s stance toward the actors it moved most toward over the game, after every turn.',
      ),
    );
  }
  for (const h of r.humanPlay) {
    out.push(`<h3>${esc(h.name)} (${esc(h.actor)})</h3>`);
    if (!h.turns.length) {
      out.push(note('No turns were played.'));
      continue;
    }
    const rows = h.turns.map((t) => {
      const acts = t.actions.map(
        (a) =>
          `${esc(a.action)}${a.target ? ` → ${esc(a.target)}` : ''}${a.framing ? ` (${esc(a.framing)})` : ''}: ${a.success ? 'succeeded' : 'failed'}${a.adjudicated ? ' (White-cell ruling)' : ''}`,
      );
      const text =
        t.by === 'policy'
          ? `left to the computer${acts.length ? `: ${acts.join('; ')}` : ''}`
          : acts.length
            ? acts.join('; ')
            : 'passed';
      return [
        String(t.turn),
        nowrap(t.date),
        text,
        t.choices
          .map((c) => `${esc(c.title)}${c.target ? ` [${esc(c.target)}]` : ''}: ${esc(c.optionText ?? c.option ?? '')}`)
          .join('; ') || '-',
      ];
    });
    out.push(table('human-turns', ['Turn', 'Date', 'Actions', 'Event choices'], rows));
  }
  return out.join('\n');
}

/** The review as one self-contained HTML page: the Markdown's tables with charts over the turns. */
export async function aarHtml(review: AfterAction): Promise<string> {
  const r = review;
  // A game with no turn played has nothing to draw over the turns; its tables still say so.
  const charts = r.turns.played > 0 && r.series.turns.length > 1;
  const sections: [string, string][] = [];
  const parts: string[] = [];
  const section = (id: string, title: string, html: string) => {
    sections.push([id, title]);
    parts.push(`<section id="${id}"><h2>${esc(title)}</h2>\n${html}\n</section>`);
  };
  const cadence = r.turns.months === 1 ? 'monthly' : `${r.turns.months}-month turns`;

  section('ending', 'How it ended', `<p>${endingText(r)}</p>`);
  section(
    'events',
    'Key events',
    r.events.length
      ? table(
          'events',
          ['Turn', 'Date', 'Event', 'Target', 'Fired by', 'Option taken', 'Chosen by'],
          r.events.map((e) => [
            String(e.turn),
            nowrap(e.date),
            esc(e.title),
            esc(e.target ?? '-'),
            firedBy(e.reason),
            e.option ? (e.optionText ? `${esc(e.optionText)} (${code(e.option)})` : code(e.option)) : '-',
            chosenBy(e),
          ]),
        )
      : note('No scenario event fired.'),
  );
  section('white-cell', 'White-cell interventions', whiteCell(r));
  section('escalation', 'Escalation path', await escalation(r, charts));
  section('moves', 'Largest alignment moves', await moves(r, charts));
  section('tilt', 'US-China tilt', await tilts(r, charts));
  if (r.humanPlay.length) section('humans', 'What the human players did', await humans(r, charts));

  const facts: [string, string][] = [
    ['Scenario', `${esc(r.scenario.title)} (${code(r.scenario.id)})`],
    ['Seed', esc(r.seed)],
    [
      'Turns played',
      `${r.turns.played} of ${r.turns.planned} (${cadence}), ${esc(r.turns.start)} to ${esc(r.turns.end)}`,
    ],
    ['Human players', r.humans.length ? esc(r.humans.join(', ')) : 'none (the computer played every actor)'],
    ['Final state hash', code(r.finalHash)],
  ];
  const head = [
    `<h1>After-action review: ${esc(r.scenario.title)}</h1>`,
    `<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`,
    ...r.warnings.map((w) => `<p class="note"><strong>Note:</strong> ${esc(w)}</p>`),
    `<nav class="toc">${sections.map(([id, t]) => `<a href="#${id}">${esc(t)}</a>`).join('')}</nav>`,
  ];
  return page(`After-action review: ${r.scenario.title}`, `${head.join('\n')}\n${parts.join('\n')}`);
}
