/** The events runtime: timing, once, targets, options, follow-ups, end conditions, statistics. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createState,
  reseed,
  runTurns,
  SimulationError,
  step,
  stateHash,
  type TurnTrace,
  type WorldState,
} from '../../src/engine';
import type { EventDefData, ScenarioRulesData } from '../../src/engine/types';
import { compileOrThrow, SMALL } from '../scenarios/compile-helper';

const fixture = compileOrThrow(readFileSync('tests/fixtures/scenarios/events.yaml', 'utf8'));

function play(s: WorldState, turns: number): { state: WorldState; traces: TurnTrace[] } {
  return runTurns(s, turns);
}
const at = (s: WorldState, a: string, b: string) =>
  s.alignment[s.actors.findIndex((x) => x.id === a) * s.actors.length + s.actors.findIndex((x) => x.id === b)];

describe('events fixture', () => {
  const { state, traces } = play(createState(fixture.spec('3')), 24);

  it('fires a fixed-turn event once per target, with `target` bound', () => {
    const t2 = traces.find((t) => t.turn === 2)!;
    expect(t2.events.map((e) => `${e.event}@${e.target}`)).toEqual(['summit@PHL', 'summit@VNM', 'summit@IDN']);
    for (const id of ['VNM', 'IDN'])
      expect(
        t2.effects.some(
          (e) => e.effect.kind === 'alignment' && e.effect.from === id && e.effect.to === 'JPN' && e.applied > 0,
        ),
      ).toBe(true);
  });

  it('runs follow-ups after their delay, inheriting the target', () => {
    const t5 = traces.find((t) => t.turn === 5)!;
    expect(t5.events.filter((e) => e.event === 'review').map((e) => e.target)).toEqual(['PHL', 'VNM', 'IDN']);
    expect(state.counters.reviews).toBe(3);
  });

  it('lets the chooser policy choose among options with a scripted weight, records weights and scores, and applies the option', () => {
    const grant = traces.find((t) => t.turn === 4)!.events[0];
    expect(grant).toMatchObject({ event: 'grant', option: 'accept', chooser: 'policy', weights: [1, 0] });
    expect(grant.scores).toHaveLength(2);
    expect(state.flags.radar).toBe(true);
  });

  it('triggers on the flag the next turn, once, and the end condition stops the run', () => {
    expect(traces.filter((t) => t.events.some((e) => e.event === 'incident')).map((t) => t.turn)).toEqual([5]);
    expect(state.ended).toEqual({ id: 'crisis', outcome: 'crisis at sea', turn: 5 });
    expect(state.turn).toBe(5);
  });

  it('computes the scenario metric', () => {
    expect(traces).toHaveLength(5);
    const m = (s: WorldState) => ['PHL', 'VNM', 'IDN'].reduce((x, id) => x + at(s, id, 'JPN'), 0) / 3;
    expect(m(state)).toBeGreaterThan(m(createState(fixture.spec('3'))));
  });

  it('a human choice overrides the AI and is recorded for replay', () => {
    let s = createState(fixture.spec('3'));
    s = runTurns(s, 3).state;
    const r = step(s, { choices: { 'grant@': 'refuse' } });
    expect(r.trace.events[0]).toMatchObject({ event: 'grant', option: 'refuse', chooser: 'human' });
    expect(r.state.flags.radar).toBeUndefined();
    expect(r.state.log.at(-1)).toEqual({ turn: 4, inputs: { choices: { 'grant@': 'refuse' } } });
  });

  it('refuses a human choice that names no option of the event', () => {
    const s = runTurns(createState(fixture.spec('3')), 3).state;
    expect(() => step(s, { choices: { 'grant@': 'acept' } })).toThrow(
      /event "grant" has no option "acept" \(options: accept, refuse\)/,
    );
    expect(() => step(s, { choices: { 'nope@': 'x' } })).toThrow(/no event instance "nope@"/);
  });

  it('is deterministic', () => {
    expect(stateHash(play(createState(fixture.spec('9')), 24).state)).toBe(
      stateHash(play(createState(fixture.spec('9')), 24).state),
    );
  });
});

describe('event timing statistics', () => {
  it('an event with chance p fires with a frequency inside the 99.9% binomial interval', () => {
    for (const p of [0.05, 0.3, 0.8]) {
      const sc = compileOrThrow(
        `${SMALL}actions: { only: [] }\nevents:\n  - { id: e, title: E, chance: ${p}, trigger: "true", effects: [{ counter: { name: n, amount: 1 } }] }\n`,
      );
      let fired = 0;
      const trials = 2000;
      for (const seed of ['1', '2'])
        fired += runTurns(createState(sc.spec(seed)), trials / 2, undefined, { trace: false }).state.counters.n ?? 0;
      const sd = Math.sqrt(trials * p * (1 - p));
      expect(Math.abs(fired - trials * p)).toBeLessThan(3.29 * sd);
    }
  });

  it('mtth: N gives a mean waiting time of N turns', () => {
    for (const n of [4, 12]) {
      const sc = compileOrThrow(
        `${SMALL}actions: { only: [] }\nevents:\n  - { id: e, title: E, mtth: ${n}, trigger: "true", effects: [{ counter: { name: n, amount: 1 } }] }\n`,
      );
      const waits: number[] = [];
      for (const seed of ['1', '2', '3', '4']) {
        const { traces } = runTurns(createState(sc.spec(seed)), 1000);
        let last = 0;
        for (const t of traces)
          if (t.events.length) {
            waits.push(t.turn - last);
            last = t.turn;
          }
      }
      const mean = waits.reduce((a, b) => a + b, 0) / waits.length;
      // Geometric waits: sd = sqrt(1 - p) / p with p = 1/N; 99.9% interval on the mean.
      const se = (Math.sqrt(1 - 1 / n) * n) / Math.sqrt(waits.length);
      expect(Math.abs(mean - n)).toBeLessThan(3.29 * se);
    }
  });

  it('a trigger that does not hold stops chance events', () => {
    const sc = compileOrThrow(
      `${SMALL}actions: { only: [] }\nevents:\n  - { id: e, title: E, chance: 1, trigger: "turn > 10", effects: [{ counter: { name: n, amount: 1 } }] }\n`,
    );
    expect(runTurns(createState(sc.spec('1')), 20, undefined, { trace: false }).state.counters.n).toBe(10);
  });

  it('adding an event does not reshuffle the draws of another', () => {
    const base = `${SMALL}events:\n  - { id: e, title: E, chance: 0.5, trigger: "true", effects: [{ counter: { name: n, amount: 1 } }] }\n`;
    const more = `${base}  - { id: f, title: F, chance: 0.5, trigger: "true", effects: [{ counter: { name: m, amount: 1 } }] }\n`;
    const firing = (text: string) =>
      runTurns(createState(compileOrThrow(text).spec('5')), 60).traces.map((t) =>
        t.events.some((e) => e.event === 'e'),
      );
    expect(firing(more)).toEqual(firing(base));
  });
});

describe('follow-ups', () => {
  const count = (text: string, turns = 6) => runTurns(createState(compileOrThrow(text).spec('1')), turns).state;

  it("respect their event's once and trigger", () => {
    const s = count(`${SMALL}events:
  - { id: tick, title: T, trigger: "true", followUps: [{ event: f, delay: 0 }, { event: g, delay: 0 }] }
  - { id: f, title: F, once: true, effects: [{ counter: { name: f, amount: 1 } }] }
  - { id: g, title: G, trigger: "false", effects: [{ counter: { name: g, amount: 1 } }] }
`);
    expect(s.counters.f).toBe(1);
    expect(s.counters.g).toBeUndefined();
  });

  it('see the flags and counters set earlier in the same turn', () => {
    const s = count(
      `${SMALL}events:
  - { id: a, title: A, turn: 1, effects: [{ flag: { name: escorted } }], followUps: [{ event: b, delay: 0 }] }
  - { id: b, title: B, effects: [{ counter: { name: seen, amount: 'counter("seen") + 1' } }], options: [{ id: yes, text: Y, weight: 0, modifiers: [{ when: 'flag("escorted")', factor: 1 }] }, { id: no, text: N, weight: 0 }] }
`,
      1,
    );
    expect(s.counters.seen).toBe(1);
  });

  it("of an untargeted event fire for each of a targeted event's own targets", () => {
    const s = count(
      `${SMALL}events:
  - { id: a, title: A, turn: 1, followUps: [{ event: b, delay: 1 }] }
  - { id: b, title: B, targets: [PHL, JPN], effects: [{ alignment: { from: target, to: USA, amount: 0.1 } }, { counter: { name: b, amount: 1 } }] }
`,
      3,
    );
    expect(s.counters.b).toBe(2);
  });

  it('that multiply stop the run with a clear error instead of exhausting memory', () => {
    const sc = compileOrThrow(`${SMALL}events:
  - { id: a, title: A, turn: 1, followUps: [{ event: a, delay: 1 }, { event: a, delay: 1 }] }
`);
    expect(() => runTurns(createState(sc.spec('1')), 40, undefined, { trace: false })).toThrow(
      /follow-ups are multiplying/,
    );
  });
});

describe('cost', () => {
  it('a turn whose expressions would take too long stops with a clear error', () => {
    const heavy = 'mean(QUAD, mean(QUAD, alignment(member, USA))) > -2';
    const events = Array.from(
      { length: 1500 },
      (_, k) =>
        `  - { id: e${k}, title: E, trigger: "${Array.from({ length: 30 }, () => heavy).join(' and ')}", effects: [{ counter: { name: n, amount: 1 } }] }`,
    ).join('\n');
    const sc = compileOrThrow(
      `${SMALL.replace('include: [USA, CHN, JPN, PHL]', 'include: [USA, CHN, JPN, PHL, AUS, IND]')}events:\n${events}\n`,
    );
    expect(() => step(createState(sc.spec('1')), {})).toThrow(
      /turn 1: the scenario's expressions took more than 2000000 steps in one turn/,
    );
  });
});

describe('runaway chains', () => {
  it('a chain that keeps triggering itself within a turn is cut off with an error naming it', () => {
    const sc = compileOrThrow(
      `${SMALL}events:\n  - { id: a, title: A, turn: 1, followUps: [{ event: b, delay: 1 }] }\n  - { id: b, title: B }\n`,
    );
    const made = createState(sc.spec('1'));
    // The loader refuses delay-0 cycles, so build one directly in a copy of the rules (a state's
    // own are frozen) to test the engine's guard.
    const rules = structuredClone(made.rules) as ScenarioRulesData;
    (rules.events[0] as EventDefData).followUps = [{ event: 'b', delay: 0 }];
    (rules.events[1] as EventDefData).followUps = [{ event: 'a', delay: 0 }];
    const s: WorldState = { ...made, rules };
    expect(() => step(s, {})).toThrow(SimulationError);
    expect(() => step(s, {})).toThrow(/turn 1: the event chain a -> b -> a .* keeps triggering itself within one turn/);
  });
});

describe('rules shared between runs', () => {
  it('a state holds a frozen copy of its rules, which no run can change, shared by its reseeded twins', () => {
    const sc = compileOrThrow(`${SMALL}events:\n  - { id: a, title: A, turn: 1 }\n`);
    const a = createState(sc.spec('1'));
    const b = reseed(a, '2');
    expect(b.rules).toBe(a.rules);
    expect(a.rules).not.toBe(sc.spec('1').rules);
    expect(() => {
      (a.rules.events[0] as EventDefData).title = 'changed';
    }).toThrow(TypeError);
    expect(b.rules.events[0].title).toBe('A');
  });
});
