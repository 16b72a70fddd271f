/** Compiling scenarios: the actor set, overrides, additions and model parameters, without touching data/. */
import { describe, expect, it } from 'vitest';
import { createState, runTurns, stateHash } from '../../src/engine';
import { started } from '../engine/world';
import { formatIssue } from '../../src/scenarios/issues';
import { compileOrThrow, compileText, world } from './compile-helper';

const HEAD = `
id: t
title: Test scenario
description: A test.
startDate: "2024-01-01"
turnMonths: 3
turns: 8
`;

describe('a scenario changes the default actor set without touching data/', () => {
  it('includes a subset, excludes, overrides and adds actors', () => {
    const sc = compileOrThrow(`${HEAD}
actors:
  include: [USA, CHN, JPN, PHL, VNM]
  exclude: [VNM]
  override:
    PHL:
      posture: { autonomy: { value: 0.9, source: doc-003, fact: "The Philippines insists on its own voice.", rationale: "Test override." } }
      capabilities: { maritime: 45 }
  add:
    - id: GBR
      name: United Kingdom
      region: eurasia
      capabilities: { military: 75, economic: 3300, maritime: 60, diplomatic: 220 }
      posture: { balancing: 0.7, bandwagoning: 0, stubbornness: 0.6, autonomy: 0.3 }
      alignment: { toward: { JPN: 0.6, USA: 0.8 }, from: { JPN: 0.6 } }
alignment:
  - { from: PHL, to: CHN, value: -0.4, mutual: true }
`);
    const { rules, state: s } = started(sc.spec('1'));
    expect(s.actors.map((a) => a.id)).toEqual(['JPN', 'CHN', 'USA', 'PHL', 'GBR']);
    const phl = s.actors.find((a) => a.id === 'PHL')!;
    expect(phl.posture.autonomy).toBe(0.9);
    expect(phl.capabilities.maritime).toBe(45);
    const n = 5;
    const A = (a: string, b: string) =>
      s.alignment[s.actors.findIndex((x) => x.id === a) * n + s.actors.findIndex((x) => x.id === b)];
    expect([A('GBR', 'USA'), A('GBR', 'JPN'), A('JPN', 'GBR'), A('USA', 'GBR')]).toEqual([0.8, 0.6, 0.6, 0]);
    expect([A('PHL', 'CHN'), A('CHN', 'PHL')]).toEqual([-0.4, -0.4]);
    // The default world's own values are untouched.
    expect(world().actors.find((a) => a.id === 'PHL')!.posture.autonomy).not.toBe(0.9);
    // Groups keep only the members present.
    expect(s.groups.find((g) => g.id === 'QUAD')!.members.toSorted()).toEqual(['JPN', 'USA']);
    // The cited override is listed with its provenance.
    expect(sc.provenance.some((p) => p.path === 'actors.override.PHL.posture.autonomy' && p.source === 'doc-003')).toBe(
      true,
    );
    expect(runTurns(rules, s, 8).state.turn).toBe(8);
  });

  it('sets model weights so a teacher can isolate one term', () => {
    const sc = compileOrThrow(
      `${HEAD}actors: { include: [USA, CHN, JPN] }\nmodel: { weights: { influence: 0, balance: 1, threat: 0, noise: 0, arms: 0, residual: 0 }, ladder: { calibrate: false } }\n`,
    );
    const s = createState(sc.spec('1'));
    expect(s.params.weights).toMatchObject({ influence: 0, balance: 1, threat: 0, noise: 0, arms: 0, residual: 0 });
    expect(s.params.ladder.calibrate).toBe(false);
  });

  it('follow-ups inherit the target only where every scheduler binds one', () => {
    const ok = compileText(`${HEAD}actors: { include: [USA, CHN, JPN, PHL] }
events:
  - { id: a, title: A, targets: [PHL], turn: 1, followUps: [{ event: b, delay: 1 }] }
  - { id: b, title: B, effects: [{ alignment: { from: target, to: JPN, amount: 0.1 } }] }
`);
    expect(ok.ok).toBe(true);
    const bad = compileText(`${HEAD}actors: { include: [USA, CHN, JPN, PHL] }
events:
  - { id: a, title: A, targets: [PHL], turn: 1, followUps: [{ event: b, delay: 1 }] }
  - { id: c, title: C, turn: 2, followUps: [{ event: b, delay: 1 }] }
  - { id: b, title: B, effects: [{ alignment: { from: target, to: JPN, amount: 0.1 } }] }
`);
    expect(bad.ok ? '' : bad.issues.map(formatIssue).join('\n')).toMatch(
      /events\[2\]\.effects\[0\]\.alignment\.from: "target" is only defined in events with targets/,
    );
  });

  it('reports every problem of a file at once', () => {
    const r = compileText(
      `${HEAD}actors: { include: [USA, CHN, XXX] }\nhumans: [YYY]\nmodel: { noise: { sd: 0.5 } }\n`,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.issues.map(formatIssue);
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).toMatch(/actors\.include\[2\]: unknown actor "XXX"/);
    expect(lines.join('\n')).toMatch(/humans\[0\]: unknown actor "YYY"/);
    expect(lines.join('\n')).toMatch(/model\.noise\.sd: expected a number between 0 and 0\.1, found 0\.5/);
  });

  it('the same file and seed give the same run', () => {
    const text = `${HEAD}actors: { include: [USA, CHN, JPN, PHL] }\n`;
    const play = () => {
      const { rules, state } = started(compileOrThrow(text).spec('4'));
      return stateHash(rules, runTurns(rules, state, 8).state);
    };
    expect(play()).toBe(play());
  });
});
