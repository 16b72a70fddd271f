/** The White cell's inputs: injected events (`inject`) and adjudications that set a value (`set`). */
import { describe, expect, it } from 'vitest';
import {
  checkInputs,
  compileRules,
  createState,
  explainCell,
  inputsFor,
  previewAlignment,
  replay,
  runTurns,
  stateHash,
  step,
  type Effect,
  type TurnInputs,
  type WorldState,
} from '../../src/engine';
import { compileOrThrow } from '../scenarios/compile-helper';

const cited = (v: number) =>
  `{ value: ${v}, source: doc-001, fact: "A cited starting level for the test.", rationale: "Test value." }`;
// Every term off and ladders that do not drift, so only events and the White cell move anything.
const scenario = compileOrThrow(`
id: whitecell
title: White-cell test
description: A small world for injections and adjudications.
startDate: "2024-01-01"
turnMonths: 1
turns: 100
actors: { include: [USA, CHN, JPN, PHL] }
model:
  weights: { influence: 0, balance: 0, threat: 0, noise: 0, arms: 0, residual: 0 }
  ladder: { rate: 0 }
ladders:
  global: ${cited(2)}
  dyads:
    - { id: CHN-PHL, a: CHN, b: PHL, level: ${cited(2)} }
events:
  - id: flare
    title: Flare-up at sea
    turn: 3
    once: true
    effects:
      - counter: { name: flares, amount: 1 }
      - tension: { ladder: CHN-PHL, amount: 0.5 }
  - id: visit
    title: Port visit
    targets: [PHL, JPN]
    trigger: 'turn >= 100'
    effects:
      - alignment: { from: target, to: USA, amount: 0.1 }
    followUps:
      - { event: escort, delay: 1 }
  - id: talks
    title: Talks offered
    actor: CHN
    trigger: 'counter("flares") >= 5'
    options:
      - { id: accept, text: Accept, weight: 1, effects: [{ tension: { ladder: CHN-PHL, amount: -0.5 } }] }
      - { id: refuse, text: Refuse, weight: 0 }
  - id: escort
    title: Escort mission
    effects:
      - alignment: { from: target, to: USA, amount: 0.1 }
`);

/** The scenario's compiled rules (the same for every seed and with or without policies). */
const rules = compileRules(scenario.spec('7'));
/** A world where nobody acts on its own (no doctrines), so a value set by the White cell stays put. */
const quiet = () => createState({ ...scenario.spec('7'), policies: undefined }, rules);
/** The same world with the actors' policies choosing actions every turn. */
const busy = () => createState(scenario.spec('7'), rules);
/** scenario.spec() shares its arrays with every later call: a test that edits one must copy it. */
const freshSpec = () => structuredClone(scenario.spec('7'));
const cellOf = (s: WorldState, a: string, b: string) =>
  s.actors.findIndex((x) => x.id === a) * s.actors.length + s.actors.findIndex((x) => x.id === b);
const at = (s: WorldState, a: string, b: string) => s.alignment[cellOf(s, a, b)];
const cap = (s: WorldState, a: string) => s.actors.find((x) => x.id === a)!.capabilities;
const ruling = (note: string) => ({ type: 'adjudication' as const, id: 'white-cell', note });
const setAlign = (from: string, to: string, amount: number): Effect => ({
  kind: 'alignment',
  from,
  to,
  amount,
  set: true,
  cause: ruling(`${from} toward ${to}`),
});

describe('inject', () => {
  it('fires an event on a turn its timing would not, with the reason "white cell"', () => {
    expect(step(rules, busy(), {}).trace.events).toEqual([]);
    const r = step(rules, busy(), { inject: [{ event: 'flare' }] });
    expect(r.trace.events).toEqual([{ event: 'flare', reason: 'white cell' }]);
    expect(r.state.counters.flares).toBe(1);
    expect(r.state.events.fired.flare).toBe(1);
  });

  it('ignores the trigger, binds the target, and goes before the scheduled events of the turn', () => {
    const s2 = runTurns(rules, quiet(), 2).state;
    const r = step(rules, s2, { inject: [{ event: 'visit', target: 'JPN' }] });
    expect(r.trace.events.map((e) => [e.event, e.target, e.reason])).toEqual([
      ['visit', 'JPN', 'white cell'],
      ['flare', undefined, 'turn'],
    ]);
    expect(at(r.state, 'JPN', 'USA')).toBeGreaterThan(at(s2, 'JPN', 'USA'));
    expect(at(r.state, 'PHL', 'USA')).toBe(at(s2, 'PHL', 'USA'));
  });

  it('fires a `once` event that has already fired', () => {
    const s4 = runTurns(rules, busy(), 4).state;
    expect(s4.events.firedFor['flare@']).toBe(1);
    const r = step(rules, s4, { inject: [{ event: 'flare' }] });
    expect(r.trace.events).toEqual([{ event: 'flare', reason: 'white cell' }]);
    expect(r.state.events.firedFor['flare@']).toBe(2);
    expect(r.state.counters.flares).toBe(2);
    // Left alone, it does not come back.
    expect(runTurns(rules, s4, 3).traces.flatMap((t) => t.events)).toEqual([]);
  });

  it('lets a human choose the option of an injected event, and otherwise the chooser decides', () => {
    expect(
      step(rules, busy(), { inject: [{ event: 'talks' }], choices: { 'talks@': 'refuse' } }).trace.events[0],
    ).toMatchObject({ event: 'talks', option: 'refuse', chooser: 'human', reason: 'white cell' });
    expect(step(rules, busy(), { inject: [{ event: 'talks' }] }).trace.events[0]).toMatchObject({
      event: 'talks',
      option: 'accept',
      reason: 'white cell',
    });
  });

  it('needs a known event, and a valid target exactly when the event has targets', () => {
    const s = busy();
    const codes = (inject: TurnInputs['inject']) => checkInputs(rules, s, { inject }).map((i) => [i.code, i.path]);
    expect(codes([{ event: 'visit', target: 'PHL' }, { event: 'flare' }])).toEqual([]);
    expect(codes([{ event: 'nope' }])).toEqual([['input/unknown_event', 'inject[0]']]);
    expect(codes([{ event: 'flare' }, { event: 'visit' }])).toEqual([['input/bad_target', 'inject[1].target']]);
    expect(codes([{ event: 'visit', target: 'CHN' }])).toEqual([['input/bad_target', 'inject[0].target']]);
    expect(codes([{ event: 'visit', target: 'XXX' }])).toEqual([['input/bad_target', 'inject[0].target']]);
    expect(codes([{ event: 'flare', target: 'PHL' }])).toEqual([['input/bad_target', 'inject[0].target']]);
    expect(checkInputs(rules, s, { inject: [{ event: 'visit' }] })[0].message).toBe(
      'event "visit" needs a target among PHL, JPN',
    );
    expect(() => step(rules, s, { inject: [{ event: 'nope' }] })).toThrow(
      /inject\[0\]: no event "nope" in this scenario/,
    );
  });
});

describe('inject a follow-up-only event', () => {
  it('needs the target it would have inherited, and fires for it', () => {
    const s = quiet();
    expect(checkInputs(rules, s, { inject: [{ event: 'escort' }] }).map((i) => i.code)).toEqual(['input/bad_target']);
    expect(checkInputs(rules, s, { inject: [{ event: 'escort', target: 'XXX' }] }).map((i) => i.code)).toEqual([
      'input/bad_target',
    ]);
    const r = step(rules, s, { inject: [{ event: 'escort', target: 'PHL' }] });
    expect(r.trace.events).toEqual([{ event: 'escort', target: 'PHL', reason: 'white cell' }]);
    expect(at(r.state, 'PHL', 'USA')).toBeGreaterThan(at(s, 'PHL', 'USA'));
    expect(at(r.state, 'JPN', 'USA')).toBe(at(s, 'JPN', 'USA'));
  });
});

describe('previewAlignment', () => {
  it('is the change the effects phase makes to the cell, framing and diminishing returns included', () => {
    const s = runTurns(rules, quiet(), 2, () => ({
      effects: [{ kind: 'alignment', from: 'PHL', to: 'JPN', amount: 0.2, cause: ruling('build-up') }],
    })).state;
    for (const framing of ['partnership', 'patronage', undefined] as const) {
      const e: Effect = { kind: 'alignment', from: 'PHL', to: 'JPN', amount: 0.15, framing, cause: ruling('grant') };
      const applied = step(rules, s, { effects: [e] }).trace.effects.find(
        (x) => x.effect.cause.note === 'grant',
      )!.applied;
      expect(previewAlignment(s, e)).toBe(applied);
    }
    // The memory of the earlier effects makes the same amount do less than on a fresh cell.
    const fresh: Effect = { kind: 'alignment', from: 'PHL', to: 'JPN', amount: 0.15, cause: ruling('grant') };
    expect(previewAlignment(s, fresh)).toBeLessThan(previewAlignment(quiet(), fresh));
  });
});

describe('set', () => {
  it('sets an alignment, a capability and a ladder to the value, recording the change it made', () => {
    const s = quiet();
    const effects: Effect[] = [
      setAlign('PHL', 'CHN', -0.75),
      { kind: 'capability', actor: 'JPN', capability: 'maritime', amount: 80, set: true, cause: ruling('new cutters') },
      { kind: 'tension', ladder: 'CHN-PHL', amount: 5.5, set: true, cause: ruling('shots fired') },
      { kind: 'tension', amount: 0.5, set: true, cause: ruling('calm') },
    ];
    const r = step(rules, s, { effects });
    expect(at(r.state, 'PHL', 'CHN')).toBeCloseTo(-0.75, 14);
    expect(cap(r.state, 'JPN').maritime).toBeCloseTo(80, 12);
    expect(r.state.ladders.dyads[0].level).toBeCloseTo(5.5, 14);
    expect(r.state.ladders.global).toBeCloseTo(0.5, 14);
    const wc = r.trace.effects.slice(-4);
    expect(wc.map((e) => e.effect)).toEqual(effects);
    expect(wc[0].applied).toBeCloseTo(-0.75 - at(s, 'PHL', 'CHN'), 14);
    expect(wc[1].applied).toBeCloseTo(80 - cap(s, 'JPN').maritime, 12);
    expect(wc[2].applied).toBeCloseTo(3.5, 14);
    expect(wc[3].applied).toBeCloseTo(-1.5, 14);
  });

  it('is not softened like an ordinary effect: no diminishing returns, no memory, the anchor stays', () => {
    const s = quiet();
    const x = cellOf(s, 'PHL', 'CHN');
    const set = step(rules, s, { effects: [setAlign('PHL', 'CHN', 0.9)] }).state;
    const push = step(rules, s, {
      effects: [{ kind: 'alignment', from: 'PHL', to: 'CHN', amount: 0.9 - s.alignment[x], cause: ruling('push') }],
    }).state;
    expect(set.alignment[x]).toBeCloseTo(0.9, 14);
    expect(push.alignment[x]).toBeLessThan(0.9 - 1e-3); // the ordinary effect loses some to diminishing returns
    expect(set.baseline[x]).toBe(s.baseline[x]);
    expect(set.effectLoad[x]).toBe(step(rules, s, {}).state.effectLoad[x]);
    expect(push.baseline[x]).not.toBe(s.baseline[x]);
  });

  it('lands on the value to within rounding, and the record still adds up exactly', () => {
    // The engine adds (amount - before) to before, as it does for every part, so that the record's
    // parts sum exactly; the result can miss the amount by a unit in the last place
    // (0.5560158346398079 + (-0.093 - 0.5560158346398079) is -0.09299999999999997).
    const spec = { ...freshSpec(), policies: undefined };
    const x = cellOf(createState(spec), 'PHL', 'CHN');
    spec.alignment[x] = 0.5560158346398079;
    const r = step(rules, createState(spec), {
      effects: [
        setAlign('PHL', 'CHN', -0.093),
        {
          kind: 'capability',
          actor: 'JPN',
          capability: 'maritime',
          amount: 123.456,
          set: true,
          cause: ruling('cutters'),
        },
        { kind: 'tension', ladder: 'CHN-PHL', amount: 5.3, set: true, cause: ruling('shots fired') },
      ],
    });
    const applied = r.trace.effects.find((e) => e.effect.kind === 'alignment')!.applied;
    expect(r.trace.before[x] + applied).toBe(r.trace.afterEffects[x]);
    expect(Math.abs(r.trace.afterEffects[x] - -0.093)).toBeLessThanOrEqual(2 * Number.EPSILON);
    expect(Math.abs(cap(r.state, 'JPN').maritime - 123.456)).toBeLessThan(1e-9);
    expect(Math.abs(r.state.ladders.dyads[0].level - 5.3)).toBeLessThan(1e-9);
  });

  it('is refused out of range by checkInputs, and accepted at the edges', () => {
    const s = quiet();
    const max = s.params.ladder.max;
    const bad: Effect[] = [
      setAlign('PHL', 'CHN', 1.2),
      setAlign('PHL', 'CHN', -1.01),
      { kind: 'tension', amount: -0.5, set: true, cause: ruling('x') },
      { kind: 'tension', ladder: 'CHN-PHL', amount: max + 0.5, set: true, cause: ruling('x') },
      { kind: 'capability', actor: 'JPN', capability: 'military', amount: -1, set: true, cause: ruling('x') },
    ];
    expect(checkInputs(rules, s, { effects: bad }).map((i) => [i.code, i.path])).toEqual(
      bad.map((_, k) => ['input/bad_number', `effects[${k}].amount`]),
    );
    expect(() => step(rules, s, { effects: [bad[0]] })).toThrow(
      /effects\[0\]\.amount: a alignment is set to a value from -1 to 1/,
    );
    const edges: Effect[] = [
      setAlign('PHL', 'CHN', 1),
      setAlign('JPN', 'CHN', -1),
      { kind: 'tension', amount: 0, set: true, cause: ruling('x') },
      { kind: 'tension', ladder: 'CHN-PHL', amount: max, set: true, cause: ruling('x') },
      { kind: 'capability', actor: 'JPN', capability: 'military', amount: 0, set: true, cause: ruling('x') },
      // Without `set` an amount is a change, so 1.5 is a (large) push, not out of range.
      { kind: 'alignment', from: 'PHL', to: 'CHN', amount: 1.5, cause: ruling('x') },
    ];
    expect(checkInputs(rules, s, { effects: edges })).toEqual([]);
    const r = step(rules, s, { effects: edges.slice(0, 5) });
    expect([
      at(r.state, 'PHL', 'CHN'),
      at(r.state, 'JPN', 'CHN'),
      r.state.ladders.global,
      r.state.ladders.dyads[0].level,
      cap(r.state, 'JPN').military,
    ]).toEqual([1, -1, 0, max, 0]);
  });
});

describe('the record', () => {
  const plan: Record<number, TurnInputs> = {
    1: { inject: [{ event: 'visit', target: 'PHL' }] },
    2: { effects: [setAlign('PHL', 'CHN', -0.4)] },
    4: { inject: [{ event: 'flare' }, { event: 'talks' }], choices: { 'talks@': 'refuse' } },
  };
  const live = runTurns(rules, busy(), 5, (t) => plan[t] ?? {});

  it('logs the injections and adjudications, so replay reaches the same state hash', () => {
    expect(live.state.log.map((l) => l.turn)).toEqual([1, 2, 4]);
    expect(inputsFor(live.state.log, 1)).toEqual(plan[1]);
    expect(inputsFor(live.state.log, 4)).toEqual(plan[4]);
    const again = replay(rules, busy(), live.state.turn, live.state.log);
    expect(stateHash(rules, again)).toBe(stateHash(rules, live.state));
    expect(stateHash(rules, runTurns(rules, busy(), 5, (t) => inputsFor(live.state.log, t)).state)).toBe(
      stateHash(rules, live.state),
    );
    // Without the injections the game is a different one.
    const noInject = live.state.log.map((l) => ({ ...l, inputs: { ...l.inputs, inject: undefined } }));
    expect(stateHash(rules, replay(rules, busy(), live.state.turn, noInject))).not.toBe(stateHash(rules, live.state));
  });

  it('survives JSON: the logged inputs replay to the same hash after a round trip', () => {
    const log = JSON.parse(JSON.stringify(live.state.log)) as WorldState['log'];
    expect(stateHash(rules, replay(rules, busy(), 5, log))).toBe(stateHash(rules, live.state));
  });

  it('explains a turn with a `set` exactly: the parts add up to the change', () => {
    // Every term on, so the set cell also moves by influence, balance, threat and noise.
    const spec = freshSpec();
    spec.params.weights = { ...spec.params.weights, influence: 1, balance: 1, threat: 1, noise: 1 };
    const s = runTurns(rules, createState(spec), 2).state;
    const r = step(rules, s, {
      effects: [
        { kind: 'alignment', from: 'PHL', to: 'CHN', amount: 0.05, cause: ruling('first a push') },
        setAlign('PHL', 'CHN', -0.3),
      ],
      inject: [{ event: 'visit', target: 'PHL' }],
    });
    for (const [from, to] of [
      ['PHL', 'CHN'],
      ['PHL', 'USA'],
      ['CHN', 'PHL'],
    ]) {
      const e = explainCell(s, r.trace, from, to);
      let sum = e.before;
      for (const t of e.totals) sum += t.value;
      expect(sum).toBe(at(r.state, from, to));
      expect(e.after).toBe(at(r.state, from, to));
      expect(e.parts.reduce((a, p) => a + p.value, 0)).toBeCloseTo(e.after - e.before, 12);
    }
    const e = explainCell(s, r.trace, 'PHL', 'CHN');
    const wc = e.parts.filter((p) => p.cause.type === 'adjudication');
    expect(wc.map((p) => p.cause.note)).toEqual(['first a push', 'PHL toward CHN']);
    // Whatever came before it in the effects phase, the set leaves the cell at its value for the terms.
    expect(r.trace.afterEffects[cellOf(s, 'PHL', 'CHN')]).toBeCloseTo(-0.3, 14);
    expect(e.parts.some((p) => p.term === 'influence')).toBe(true);
    expect(e.after).not.toBeCloseTo(-0.3, 3); // the terms moved it on from the set value
  });
});
