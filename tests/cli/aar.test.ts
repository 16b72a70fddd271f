/** The after-action review: every event once, White-cell interventions, causes that add up, stable Markdown. */
import { describe, expect, it } from 'vitest';
import { stateHash } from '../../src/engine';
import { afterActionReview, reviewMarkdown, type AfterAction } from '../../src/cli/session/aar';
import { advance, current, newGame, toSave, type Game } from '../../src/cli/session/game';
import { REASON, scenario, seminarGame } from './seminar-game';

const game = seminarGame();
const review = afterActionReview(game);
const md = reviewMarkdown(review);

describe('after-action review', () => {
  it('lists every fired event exactly once, on the turn it fired', () => {
    const fired = game.traces.slice(1).flatMap((t) => t!.events.map((e) => `${t!.turn} ${e.event}@${e.target ?? ''}`));
    expect(fired.length).toBeGreaterThan(3);
    expect(review.events.map((e) => `${e.turn} ${e.event}@${e.target ?? ''}`)).toEqual(fired);
    // Scheduled for turn 4 in the scenario file; injected in turn 2 and chosen by the human.
    expect(review.events.filter((e) => e.event === 'alliance-c3-upgrade').map((e) => e.turn)).toEqual([4]);
    expect(review.events.filter((e) => e.event === 'quarantine-decision')).toEqual([
      expect.objectContaining({
        turn: 2,
        reason: 'white cell',
        option: 'quarantine',
        chooser: 'human',
        by: 'CHN',
        title: 'Beijing weighs a quarantine of Taiwan',
      }),
    ]);
    // The quarantine puts the crisis on its rung; Washington's answer triggers on that rung the
    // next turn and is chosen by its policy.
    expect(review.events.find((e) => e.event === 'us-response')).toMatchObject({
      turn: 3,
      chooser: 'policy',
      by: 'USA',
    });
    // One table row per fired event in the Markdown.
    const section = md.slice(md.indexOf('## Key events'), md.indexOf('## White-cell'));
    expect(section.split('\n').filter((l) => /^\| \d+ \|/.test(l))).toHaveLength(fired.length);
    expect(section.match(/\| 4 \| 2024-05-01 \| US-Japan command and control upgrade \|/g)).toHaveLength(1);
  });

  it('reports the White cell: the injection, the adjudication with its reason, the ruling on the dice', () => {
    expect(review.whiteCell.injections.map((e) => [e.turn, e.event])).toEqual([[2, 'quarantine-decision']]);
    const before = game.states[3].alignment;
    const n = game.states[0].actors.length;
    const ids = game.states[0].actors.map((a) => a.id);
    const x = ids.indexOf('PHL') * n + ids.indexOf('CHN');
    expect(review.whiteCell.effects).toEqual([
      expect.objectContaining({
        turn: 4,
        kind: 'alignment',
        subject: 'PHL → CHN',
        set: true,
        amount: -0.9,
        causeType: 'adjudication',
        reason: REASON,
      }),
    ]);
    expect(review.whiteCell.effects[0].applied).toBeCloseTo(-0.9 - before[x], 12);
    expect(review.whiteCell.rulings).toEqual([expect.objectContaining({ turn: 5, success: false, used: true })]);
    expect(md).toContain(`| 4 | 2024-05-01 | set PHL → CHN to -0.900 |`);
    expect(md).toContain(REASON);
  });

  it('names the adjudication among the causes of the move it made', () => {
    const move = review.moves.find((m) => m.from === 'PHL' && m.to === 'CHN');
    expect(move).toBeDefined();
    const adj = move!.causes.find((c) => c.label === `White cell: ${REASON}`);
    expect(adj).toBeDefined();
    expect(adj!.value).toBeCloseTo(review.whiteCell.effects[0].applied, 12);
    expect(move!.causes[0]).toBe(adj);
    expect(adj!.share).toBeCloseTo(adj!.value / move!.change, 12);
    expect(md).toMatch(
      new RegExp(
        `### PHL → CHN: -\\d\\.\\d{3}[^\\n]*\\n\\n\\| Cause \\| Contribution \\| Share \\|\\n\\|---\\|---\\|---\\|\\n\\| White cell: ${REASON} \\| -\\d\\.\\d{3} \\| \\d+% \\|`,
      ),
    );
  });

  it('explains each move in full: the listed causes plus the folded rest add up to the move', () => {
    expect(review.moves.length).toBe(8);
    for (const m of review.moves) {
      expect(m.change).toBe(m.end - m.start);
      const listed = m.causes.reduce((s, c) => s + c.value, 0);
      expect(listed + m.other.value).toBeCloseTo(m.change, 10);
      expect(m.other.families.reduce((s, f) => s + f.value, 0)).toBeCloseTo(m.other.value, 12);
      expect(m.other.families.reduce((s, f) => s + f.count, 0)).toBe(m.other.count);
      // Listed largest first.
      for (let k = 1; k < m.causes.length; k++)
        expect(Math.abs(m.causes[k - 1].value)).toBeGreaterThanOrEqual(Math.abs(m.causes[k].value));
    }
    // The moves are the largest off-diagonal changes of the game.
    const first = game.states[0];
    const last = current(game);
    const n = first.actors.length;
    const changes = first.alignment
      .map((v, x) => (x % (n + 1) === 0 ? 0 : Math.abs(last.alignment[x] - v)))
      .sort((a, b) => b - a);
    expect(review.moves.map((m) => Math.abs(m.change))).toEqual(changes.slice(0, 8));
  });

  it('shows the escalation path, the tilt shifts and what the human played', () => {
    const cs = review.escalation.find((l) => l.ladder === 'CHN-TWN')!;
    const levels = game.states.map((s) => s.ladders.dyads.find((d) => d.id === 'CHN-TWN')!.level);
    expect(cs).toMatchObject({
      start: levels[0],
      end: levels.at(-1),
      peak: Math.max(...levels),
      peakTurn: levels.indexOf(Math.max(...levels)),
    });
    expect(review.escalation.map((l) => l.ladder)).toEqual(['global', 'CHN-TWN', 'USA-CHN', 'CHN-JPN']);
    expect(review.tilts.length).toBeGreaterThan(0);
    expect(review.tilts.some((t) => t.actor === 'USA' || t.actor === 'CHN')).toBe(false);
    expect(review.tilts[0].actor).toBe('PHL'); // the adjudication moved the Philippines most
    const china = review.humanPlay.find((h) => h.actor === 'CHN')!;
    expect(china.turns.map((t) => t.by)).toEqual(['human', 'policy', 'policy', 'policy', 'human', 'policy']);
    expect(china.turns[0].actions).toEqual([]);
    expect(china.turns[1].choices.map((c) => c.option)).toEqual(['quarantine']);
    expect(china.turns[4].actions).toEqual([expect.objectContaining({ success: false, adjudicated: true })]);
    expect(md).toMatch(
      /### China \(CHN\)\n\n\| Turn \| Date \| Actions \| Event choices \|\n\|---\|---\|---\|---\|\n\| 1 \| 2024-02-01 \| passed \| - \|/,
    );
  });

  it('has the sections a class needs, and is identical for two identical games', () => {
    for (const h of [
      '# After-action review: Taiwan Strait crisis',
      '## How it ended',
      '## Key events',
      '## White-cell interventions',
      '### Injected events',
      '### Adjudications',
      '### Rulings on the dice',
      '## Escalation path',
      '## Largest alignment moves',
      '## US-China tilt',
      '## What the human players did',
    ])
      expect(md.split('\n')).toContain(h);
    expect(md).toContain('- **Seed:** 1');
    expect(md).toContain('- **Turns played:** 6 of 30 (monthly), 2024-01-01 to 2024-07-01');
    expect(md).toContain('Stopped after turn 6 of 30 planned');
    const again = seminarGame();
    expect(reviewMarkdown(afterActionReview(again))).toBe(md);
  });

  it('rebuilds missing traces by replay, as for a game saved by `run --save`', () => {
    // run --save keeps only the first and last states and no traces.
    const bare: Game = { ...game, states: [game.states[0], current(game)], traces: [] };
    const r: AfterAction = afterActionReview(bare);
    expect(r.warnings).toEqual([]);
    expect(reviewMarkdown(r)).toBe(md);
    // A game whose last state the log cannot reproduce says so instead of pretending.
    const forged: Game = { ...bare, hashes: [...game.hashes.slice(0, -1), '0'.repeat(64)] };
    expect(afterActionReview(forged).warnings).toEqual([
      expect.stringContaining('did not reach its recorded final state'),
    ]);
    expect(toSave(game).log.some((l) => l.inputs.inject)).toBe(true);
    expect(stateHash(game.sim.rules, current(game))).toBe(r.finalHash);
  });

  it('says when the game ended and when nothing was played', () => {
    let g = newGame(scenario, 'taiwan-strait-crisis', '3', []);
    const empty = afterActionReview(g);
    expect(empty).toMatchObject({ events: [], moves: [], ending: { kind: 'stopped' }, turns: { played: 0 } });
    expect(reviewMarkdown(empty)).toContain('No scenario event fired.');
    // The White cell drives the cross-strait ladder to war: the review reports the end condition.
    g = advance(g, {
      effects: [
        {
          kind: 'tension',
          ladder: 'CHN-TWN',
          amount: 6.5,
          set: true,
          cause: { type: 'adjudication', id: 'white-cell', note: 'escalation to war' },
        },
      ],
    });
    const ended = afterActionReview(g);
    expect(ended.ending).toMatchObject({ kind: 'ended', id: 'regional-war', turn: 1 });
    expect(reviewMarkdown(ended)).toContain('Ended at turn 1: Regional war');
  });
});
