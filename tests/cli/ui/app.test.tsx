/**
 * The seminar UI, driven like a person would at 80×24: exact frames for the board, an action
 * choice, an event choice, the explain panel and a White-cell adjudication, and the game each leaves.
 */
import { describe, expect, it } from 'vitest';
import { current, fromSave } from '../../../src/cli/session/game';
import { afterFirstTurn, fakeIo, game, KEY, press, renderApp, scenario, until } from './harness';

describe('the board', () => {
  it('shows turn, ladders, actors with capability bars and tilt at 80×24', () => {
    const { io } = fakeIo();
    const app = renderApp({ kind: 'game', game: game('taiwan-strait-crisis', '3', ['JPN']), saved: false }, io);
    expect(app.frame()).toMatchInlineSnapshot(`
      "seastate · Taiwan Strait crisis · turn 0/30 · 2024-01 · seed 3
      global     ██████▉················· 2.00 gray-zone coercion     +0.00
      CHN-TWN    ██████████▎············· 3.00 military signalling    +0.00
       1 actors  2 matrix  3 trends  4 log
           mil   eco   mle   dip   China US     tilt   Δturn  pts
      JPN* ▎···· ▊···· ███▌· ████▋ ·····│■■■■· +0.74 +0.000  6.1
      CHN  █▋··· ███▎· █████ █████ ·■■■■│····· -0.83 +0.000  8.4
      USA  █████ █████ ███▊· █████ ·····│■■■■· +0.83 +0.000  9.7
      TWN  ▏···· ▏···· █▊··· ██··· ·····│■■■·· +0.68 +0.000  3.8
      AUS  ▏···· ▍···· ██··· ██▎·· ·····│■■··· +0.43 +0.000  4.4
      NZL  ····· ····· █···· █▎··· ·····│■···· +0.14 +0.000  2.7
      IND  ▌···· ▋···· ██▎·· ███▌· ·····│■···· +0.28 +0.000  5.4
      KOR  ▎···· ▍···· ██▌·· ███▍· ·····│■■··· +0.36 +0.000  5.0
      PRK  ····· ····· ▌···· ▊···· ·■■■■│····· -0.85 +0.000  2.0
      RUS  ▋···· ▍···· ██▎·· ████▎ ··■■■│····· -0.67 +0.000  5.5
      PHL  ····· ▏···· █▌··· █▊··· ·····│■···· +0.17 +0.000  3.3
      VNM  ····· ▏···· █▌··· █▊··· ····■│····· -0.17 +0.000  3.3
      IDN  ····· ▎···· █▊··· ██▍·· ·····│····· -0.09 +0.000  4.0
      MYS  ····· ▏···· █▍··· █▉··· ····■│····· -0.15 +0.000  3.3
      THA  ····· ▏···· █···· █▊··· ····■│····· -0.13 +0.000  3.1
      KHM  ····· ····· ▎···· ▊···· ···■■│····· -0.40 +0.000  1.8
      SGP  ▏···· ▏···· █▎··· ▉···· ····■│····· -0.14 +0.000  3.0
        ↓ 15 more (↑↓ scroll)
      n next · tab view · e explain · w White cell · u undo · s save · ? help · q quit"
    `);
    expect(app.frame().split('\n').length).toBeLessThanOrEqual(24);
    expect(
      Math.max(
        ...app
          .frame()
          .split('\n')
          .map((l) => [...l].length),
      ),
    ).toBeLessThanOrEqual(80);
    app.unmount();
  });

  it('switches to the heatmap and the trends', async () => {
    const { io } = fakeIo();
    const app = renderApp({ kind: 'game', game: game('taiwan-strait-crisis', '3', ['JPN']), saved: false }, io);
    await press(app, '2');
    expect(app.frame()).toMatchInlineSnapshot(`
      "seastate · Taiwan Strait crisis · turn 0/30 · 2024-01 · seed 3
      global     ██████▉················· 2.00 gray-zone coercion     +0.00
      CHN-TWN    ██████████▎············· 3.00 military signalling    +0.00
       1 actors  2 matrix  3 trends  4 log
            J C U T A N I K P R P V I M T K S L M B F P S P F M T W V K N T
            P H S W U Z N O R U H N D Y H H G A M R J N L L S H O S U I R U
            N N A N S L D R K S L M N S A M P O R N I G B W M L N M T R U V
      JPN   ·-6+8+5+6+5+5+4-3-4+5+4+4+5+5+5+3+2+3+2+5+6+5+7+6+7+5+6+5+5+6+5
      CHN  -6 ·-7-7+1+2-4+2+6+7+2+5+3+3+5+6+5+6+5+3+5+3+5+2 0+1+3+5+5+6+4+4
      USA  +8-7 ·+4+█+5+2+9-8-7+6+2+1 0+6 0+2-1+1 0 0+3 0+9+█+█+1+1+1+1+3+1
      TWN  +5-7+7 ·+4+5+3+5+2+3+3+2+2+2+3+3+3+2+3+2+3+4+3+7+4+7+3+4+3+3+4+5
      AUS  +6+1+█+4 ·+█+3+4+1+1+2+1+1+2+2+2+2+1+2+1+4+5+4+6+7+7+4+5+4+5+3+8
      NZL  +5+2+5+5+█ ·+3+5+2+1+3+2+2+3+3+3+3+2+3+2+3+4+3+5+4+4+3+6+3+3+4+3
      IND  +5-4+2+3+3+3 ·+3+5+3+6+6+6+6+6+6+5+6+5+6+5+3+5+2 0+1+5+4+5+4+2+4
      KOR  +4+2+9+5+4+5+3 ·-6+2+3+2+2+2+3+2+3+2+3+2+3+4+3+4+4+5+3+3+3+3+4+3
      PRK  -3+█-8+2+1+2+5-6 ·+█+4+5+5+5+4+5+4+5+4+5+4+4+4+3+1+2+4+4+4+4+3+4
      RUS  -4+7-7+3+1+1+3+2+█ ·+3+4+3+3+3+4+3+4+3+3+3+2+3 0 0 0+4+3+3+2 0+3
      PHL  +5+2+6+3+2+3+6+3+4+3 ·+4+4+5+5+5+5+4+5+4+5+4+5+3+2+2+5+4+5+5+4+5
      VNM  +4+5+2+2+1+2+6+2+5+4+4 ·+5+5+4+5+4+5+4+5+4+4+4+3+1+2+4+4+4+4+3+4
      IDN  +4+3+1+2+1+2+6+2+5+3+4+5 ·+5+4+4+4+5+4+5+4+3+4+2+1+2+4+3+4+4+3+4
      MYS  +5+3 0+2+2+3+6+2+5+3+5+5+5 ·+5+5+4+5+4+5+4+4+5+3+1+2+4+4+4+4+3+4
      tenths of alignment (row toward column), +█/-█ = ±1  ↓ 18 more rows
      n next · tab view · e explain · w White cell · u undo · s save · ? help · q quit"
    `);
    await press(app, '3');
    expect(app.frame()).toContain('JPN→USA');
    expect(app.frame()).toContain('JPN→CHN');
    app.unmount();
  });
});

describe('a human actor’s turn', () => {
  it('lists legal actions with cost and chance, then targets, then plays the plan', async () => {
    const { io, saved } = fakeIo();
    const app = renderApp({ kind: 'game', game: game('taiwan-strait-crisis', '3', ['JPN']), saved: false }, io);
    await press(app, 'n');
    expect(app.frame()).toMatchInlineSnapshot(`
      "seastate · Taiwan Strait crisis · turn 0/30 · 2024-01 · seed 3
      global     ██████▉················· 2.00 gray-zone coercion     +0.00
      CHN-TWN    ██████████▎············· 3.00 military signalling    +0.00
      Japan (JPN) · human 1 of 1 · 6.1 pts, 0.0 planned, 6.1 left
      plan: nothing yet (c with an empty plan passes)
      › dipl Leaders' summit 3.0 pts · 31 targets, up to 95%
        dipl Defence and strategic dialogue 2.0 pts · 31 targets, up to 90%
        dipl Comprehensive strategic partnership 4.0 pts · 25 targets, up to 25%
        dipl Reciprocal access agreement 5.0 pts · 3 targets, up to 30%
        info Public diplomacy 1.0 pts · 31 targets, up to 80%
        info Transparency campaign 1.0 pts · 3 targets, up to 80%
        info Influence and disinformation operation 2.0 pts · 31 targets, up to 65%
        info Cybersecurity cooperation (partnership) 2.5 pts · 28 targets, up to 85%
        mili Naval port call 1.0 pts · 28 targets, up to 90%
        mili Ship-rider and coast guard capacity building (partnership) 2.5 pts · 28 t
        mili Joint exercise 2.0 pts · 28 targets, up to 90%
          1/20 ↓

      Leaders' summit: 55%
      if it succeeds now: JPN→CHN +0.020, CHN→JPN +0.020
      enter pick · f framing · x undo pick · b why not others · c confirm · esc board"
    `);
    await press(app, KEY.down, KEY.enter);
    expect(app.frame()).toMatchInlineSnapshot(`
      "seastate · Taiwan Strait crisis · turn 0/30 · 2024-01 · seed 3
      global     ██████▉················· 2.00 gray-zone coercion     +0.00
      CHN-TWN    ██████████▎············· 3.00 military signalling    +0.00
      Japan (JPN) · human 1 of 1 · 6.1 pts, 0.0 planned, 6.1 left
      plan: nothing yet (c with an empty plan passes)
      Defence and strategic dialogue: choose the target
      › → CHN 70% · JPN→CHN +0.012 if it works, expected +0.008
        → USA 90% · JPN→USA +0.002 if it works, expected +0.002
        → TWN 90% · JPN→TWN +0.006 if it works, expected +0.005
        → AUS 90% · JPN→AUS +0.005 if it works, expected +0.004
        → NZL 90% · JPN→NZL +0.006 if it works, expected +0.005
        → IND 90% · JPN→IND +0.006 if it works, expected +0.005
        → KOR 90% · JPN→KOR +0.007 if it works, expected +0.007
        → PRK 70% · JPN→PRK +0.012 if it works, expected +0.008
        → RUS 70% · JPN→RUS +0.012 if it works, expected +0.008
        → PHL 90% · JPN→PHL +0.006 if it works, expected +0.005
        → VNM 90% · JPN→VNM +0.007 if it works, expected +0.006
          1/31 ↓

      Defence and strategic dialogue → CHN: 70%
      if it succeeds now: JPN→CHN +0.012, CHN→JPN +0.012
      enter add · f framing · c confirm the plan · esc actions"
    `);
    await press(app, KEY.down, KEY.enter);
    expect(app.frame()).toContain('plan: strategic_dialogue → USA 2.0');
    expect(app.frame()).toContain('2.0 planned, 4.1 left');
    await press(app, 'c');
    await until(app.frame, 'turn 1/30');
    expect(app.frame()).toContain('JPN (human): strategic_dialogue → USA');
    // The turn played is the one recorded: the save holds JPN's plan as turn 1's input.
    await press(app, 's', KEY.enter);
    const save = [...saved.values()][0];
    expect(save.log[0]).toMatchObject({
      turn: 1,
      inputs: { actions: { JPN: [{ action: 'strategic_dialogue', target: 'USA' }] } },
    });
    app.unmount();
  });
});

describe('an event a human chooses', () => {
  it('asks JPN on the basing decision, with its doctrine’s advice, and records the choice', async () => {
    const { io, saved } = fakeIo();
    const app = renderApp({ kind: 'game', game: game('taiwan-strait-crisis', '3', ['JPN']), saved: false }, io);
    // The White cell injects the basing decision so that it comes up on turn 1.
    const basing = scenario('taiwan-strait-crisis').rules.events.findIndex((e) => e.id === 'japan-basing');
    await press(app, 'w', KEY.enter, ...Array(basing).fill(KEY.down));
    expect(app.frame()).toContain('› Tokyo decides on the use of US bases in Japan');
    // A follow-up event takes the target its parent would give it: the White cell names one.
    await press(app, KEY.enter);
    expect(app.frame()).toContain('Tokyo decides on the use of US bases in Japan: for which actor?');
    await press(app, KEY.enter, KEY.esc, 'n');
    await until(app.frame, 'human 1 of 1');
    await press(app, 'c');
    await until(app.frame, 'EVENT · Tokyo decides');
    expect(app.frame()).toMatchInlineSnapshot(`
      "seastate · Taiwan Strait crisis · turn 0/30 · 2024-01 · seed 3
      global     ██████▉················· 2.00 gray-zone coercion     +0.00
      CHN-TWN    ██████████▎············· 3.00 military signalling    +0.00
      ╭──────────────────────────────────────────────────────────────────────────────╮
      │ EVENT · Tokyo decides on the use of US bases in Japan [JPN]                  │
      │ JPN chooses (human)                                                          │
      │ Under prior consultation, Washington asks to fly and sail combat operations  │
      │ from bases in Japan.                                                         │
      │                                                                              │
      │ › 1. Agree to US combat operations from Japanese bases and declare a         │
      │ survival-threatening situation                                               │
      │   2. Rear-area logistics and missile defence only, citing constitutional     │
      │ limits                                                                       │
      │   3. Keep combat operations out of Japanese bases                            │
      │ advice: JPN's doctrine (balancer) would weigh open-bases +1.1743,            │
      │ rear-support -0.3622, stay-out -3.4832                                       │
      │ ↑↓ choose · enter confirm · esc back to the board (the turn is not played)   │
      ╰──────────────────────────────────────────────────────────────────────────────╯"
    `);
    // A digit does not commit a choice; only Enter does.
    await press(app, '2');
    expect(app.frame()).toContain('EVENT · Tokyo decides');
    await press(app, KEY.down, KEY.enter);
    await until(app.frame, 'turn 1/30');
    expect(app.frame()).toContain('Rear-area logistics and missile defence only');
    expect(app.frame()).toContain('chosen by a human player');
    await press(app, 's', KEY.enter);
    const save = [...saved.values()][0];
    expect(save.log[0].inputs.inject).toEqual([{ event: 'japan-basing', target: 'JPN' }]);
    expect(save.log[0].inputs.choices).toEqual({ 'japan-basing@JPN': 'rear-support' });
    app.unmount();
  });
});

describe('explain', () => {
  it('shows a cell’s change as contributions that add up, for this and past turns', async () => {
    const { app } = await afterFirstTurn();
    await press(app, 'n');
    await until(app.frame, 'turn 2/30');
    await press(app, 'e');
    expect(app.frame()).toMatchInlineSnapshot(`
      "seastate · Taiwan Strait crisis · turn 2/30 · 2024-03 · seed 3
      global     ████████▎··············· 2.39 gray-zone coercion     +0.29
      CHN-TWN    ██████████▎············· 3.00 military signalling    +0.00
      EXPLAIN · CHN toward USA · turn 2 (2024-03)
      before -0.661  after -0.655  change +0.0061  (62 contributions; they add up to …
      threat via USA (threat from this actor)           -0.0059 ████████████████████
      noise                                             +0.0059 ███████████████████▊
      residual (calibration: cancels the net pull of …  +0.0038 ████████████▉·······
      influence via KOR (trusted partner)               +0.0008 ██▌·················
      balance via JPN (triad)                           -0.0005 █▋··················
      influence via AUS (trusted partner)               +0.0004 █▌··················
      balance via TWN (triad)                           -0.0004 █▌··················
      balance via PRK (triad)                           -0.0004 █▍··················
      balance via RUS (triad)                           -0.0004 █▍··················
      influence via SGP (trusted partner)               +0.0003 █▏··················
      influence via IDN (trusted partner)               +0.0003 █···················
      influence via THA (trusted partner)               +0.0003 ▉···················
      50 smaller contributions                          +0.0021
      ←→ actor · ↑↓ toward · [ ] turn · + watch in trends · esc back"
    `);
    await press(app, '[');
    expect(app.frame()).toContain('turn 1 (2024-02)');
    await press(app, '+', KEY.esc, '3');
    expect(app.frame()).toContain('CHN→USA');
    app.unmount();
  });
});

describe('the White cell', () => {
  it('adjudicates a value with a reason; the next turn sets it and logs the reason', async () => {
    const { io, saved } = fakeIo();
    const app = renderApp({ kind: 'game', game: game('taiwan-strait-crisis', '3', []), saved: false }, io);
    await press(app, 'w', KEY.down, KEY.down, KEY.enter, KEY.enter, KEY.enter, KEY.enter);
    await press(app, ...'-0.5'.split(''), KEY.enter, ...'talks collapsed'.split(''), KEY.enter);
    expect(app.frame()).toMatchInlineSnapshot(`
      "seastate · Taiwan Strait crisis · turn 0/30 · 2024-01 · seed 3
      global     ██████▉················· 2.00 gray-zone coercion     +0.00
      CHN-TWN    ██████████▎············· 3.00 military signalling    +0.00
      WHITE CELL (facilitator)
      › Inject a scenario event
        Free-text event with effects
        Adjust a value (adjudication)
        Override a die roll of the last turn
        Pause
        Add a note to the log
        Clear the queue
        Back to the board
      ruling added to the queue
      queued for next turn: set JPN→CHN to -0.5 (talks collapsed)
      ↑↓ choose · enter select · esc back"
    `);
    await press(app, KEY.esc, 'n');
    await until(app.frame, 'turn 1/30');
    expect(app.frame()).toContain('WHITE CELL set JPN→CHN');
    expect(app.frame()).toContain('talks collapsed');
    await press(app, 's', KEY.enter);
    const save = [...saved.values()][0];
    expect(save.log[0].inputs.effects).toEqual([
      {
        kind: 'alignment',
        from: 'JPN',
        to: 'CHN',
        amount: -0.5,
        set: true,
        cause: { type: 'adjudication', id: 'white-cell', note: 'talks collapsed' },
      },
    ]);
    app.unmount();
  });

  it('overrides a die of the last turn by playing the turn again with it decided', async () => {
    const { app, saved } = await afterFirstTurn();
    await press(app, 'w', KEY.down, KEY.down, KEY.down, KEY.enter);
    const line = app
      .frame()
      .split('\n')
      .find((l) => l.startsWith('›'))!;
    expect(line).toMatch(/→ make it (fail|succeed)/);
    await press(app, KEY.enter);
    expect(app.frame()).toMatch(/ruled: \w+ \w+ (fails|succeeds); turn 1 replayed/);
    const [, actor, action, verdict] = /ruled: (\w+) (\w+) (fails|succeeds)/.exec(app.frame())!;
    await press(app, KEY.esc, 's', KEY.enter);
    expect(app.frame()).toContain('turn 1/30');
    // The turn was played again with the die decided, and the ruling is in its recorded inputs.
    const save = [...saved.values()][0];
    const rulings = Object.entries(save.log[0].inputs.rulings ?? {});
    expect(rulings).toHaveLength(1);
    expect(rulings[0][0]).toMatch(new RegExp(`^${actor}:${action}@`));
    expect(rulings[0][1]).toBe(verdict === 'succeeds');
    // The save the UI wrote replays to the same hashes, and the ruled die went the way it was ruled.
    const back = fromSave(save, scenario('taiwan-strait-crisis'), 'ui.json');
    if (!back.ok) throw new Error(back.issues[0].message);
    expect(back.value.hashes.slice(1)).toEqual(save.hashes);
    const ruled = back.value.traces[1]!.decisions.find((d) => d.actor === actor)!.actions.find(
      (a) => a.action === action,
    )!;
    expect(ruled.adjudicated).toBe(true);
    expect(ruled.success).toBe(verdict === 'succeeds');
    expect(save.edits.map((e) => [e.on, e.turn])).toEqual([['ruling', 1]]);
    // Undo takes the ruling back: turn 1 is played again with the die as it fell.
    await press(app, 'u');
    expect(app.frame()).toMatch(/undone: the ruling \w+:\w+@\w* (fails|succeeds)/);
    expect(app.frame()).toContain('turn 1/30');
    await press(app, 's', KEY.enter);
    const after = [...saved.values()][0];
    expect(after.log.some((l) => l.inputs.rulings)).toBe(false);
    expect(after.edits).toEqual([]);
    expect(after.hashes[0]).not.toBe(save.hashes[0]);
    app.unmount();
  });
});

describe('leaving', () => {
  it('asks before quitting an unsaved game, and quits at once when saved', async () => {
    const { app } = await afterFirstTurn();
    await press(app, 'q');
    expect(app.frame()).toContain('The game has turns that are not saved.');
    expect(app.exited()).toBe(null);
    await press(app, KEY.esc, 's', KEY.enter, 'q');
    expect(app.exited()).not.toBe(null);
    expect(current(app.exited()!).turn).toBe(1);
  });

  it('shows a save problem instead of crashing, and undo takes a turn back', async () => {
    const { app } = await afterFirstTurn();
    await press(
      app,
      's',
      ...Array('seastate-taiwan-strait-crisis-seed3-t1.json'.length).fill(KEY.backspace),
      ...'/nope/x.json'.split(''),
      KEY.enter,
    );
    expect(app.frame()).toContain('could not save to /nope/x.json');
    await press(app, 'u');
    expect(app.frame()).toContain('turn 0/30');
    app.unmount();
  });
});

describe('starting', () => {
  it('picks a scenario, assigns roles and the seed, and starts', async () => {
    const { io } = fakeIo();
    const app = renderApp({ kind: 'picker' }, io);
    expect(app.frame()).toContain('choose a scenario');
    await press(app, KEY.down, KEY.enter);
    await until(app.frame, 'Taiwan Strait crisis (taiwan-strait-crisis)');
    await press(app, 's', KEY.backspace, '7', KEY.enter, ' ', KEY.down, ' ');
    expect(app.frame()).toContain('seed 7');
    expect(app.frame()).toMatch(/humans play: \w+/);
    await press(app, KEY.enter);
    expect(app.frame()).toContain('turn 0/30');
    expect(app.frame()).toContain('seed 7');
    app.unmount();
  });
});

describe('autoplay, undo and the reasons an action is barred', () => {
  it('autoplay plays the computer’s turns until paused', async () => {
    const { io } = fakeIo();
    const app = renderApp({ kind: 'game', game: game('teach-balance', '1', []), saved: false }, io);
    await press(app, 'a');
    await until(app.frame, 'turn 3/');
    await press(app, 'p');
    expect(app.frame()).toContain('PAUSED');
    const at = /turn (\d+)\//.exec(app.frame())![1];
    await new Promise((r) => setTimeout(r, 200));
    expect(/turn (\d+)\//.exec(app.frame())![1]).toBe(at);
    app.unmount();
  });

  it('undo puts the undone turn’s White-cell inputs back in the queue', async () => {
    const { io, saved } = fakeIo();
    const app = renderApp({ kind: 'game', game: game('taiwan-strait-crisis', '3', []), saved: false }, io);
    await press(
      app,
      'w',
      KEY.down,
      KEY.down,
      KEY.enter,
      KEY.enter,
      KEY.enter,
      KEY.enter,
      ...'-0.5'.split(''),
      KEY.enter,
      ...'talks collapsed'.split(''),
      KEY.enter,
      KEY.esc,
      'n',
    );
    await until(app.frame, 'turn 1/30');
    await press(app, 'u');
    expect(app.frame()).toContain('undone: turn 1; its White-cell inputs are queued again');
    expect(app.frame()).toContain('White cell: 1 queued');
    await press(app, 'n');
    await until(app.frame, 'turn 1/30');
    await press(app, 's', KEY.enter);
    const save = [...saved.values()][0];
    expect(save.log[0].inputs.effects?.[0].cause.note).toBe('talks collapsed');
    // The journal in the save: the adjustment, and turn 1 taking the queue (undone and played again).
    expect(save.edits.map((e) => e.on)).toEqual(['queue', 'turn']);
    expect(save.edits[0].label).toMatch(/^adjust .*: talks collapsed$/);
    app.unmount();
  });

  it('undo takes back the last White-cell edit before the turn is played, one edit at a time', async () => {
    const { io } = fakeIo();
    const app = renderApp({ kind: 'game', game: game('taiwan-strait-crisis', '3', []), saved: false }, io);
    await press(app, 'w', KEY.enter, KEY.enter, KEY.enter, KEY.enter, KEY.esc);
    expect(app.frame()).toMatch(/White cell: 2 queued/);
    await press(app, 'u');
    expect(app.frame()).toMatch(/undone: inject /);
    expect(app.frame()).toMatch(/White cell: 1 queued/);
    await press(app, 'u');
    expect(app.frame()).not.toMatch(/White cell: \d+ queued/);
    expect(app.frame()).toContain('turn 0/30');
    await press(app, 'u');
    expect(app.frame()).toContain('nothing to undo');
    app.unmount();
  });

  it('lists what Japan may not do and why', async () => {
    const { io } = fakeIo();
    const app = renderApp({ kind: 'game', game: game('taiwan-strait-crisis', '3', ['JPN']), saved: false }, io, {
      width: 120,
      height: 40,
    });
    await press(app, 'n');
    await until(app.frame, 'human 1 of 1');
    await press(app, 'b');
    expect(app.frame()).toContain('Not available this turn, and why');
    expect(app.frame()).toContain("Japan's export rules allow lethal weapons only to its closest security partners");
    await press(app, KEY.esc);
    expect(app.frame()).toContain('human 1 of 1');
    app.unmount();
  });
});
