/** The worked example in docs/SCENARIOS.md compiles and runs, so the documentation stays true. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runTurns } from '../../src/engine';
import { started } from '../engine/world';
import { compileOrThrow, SMALL } from './compile-helper';

describe('docs/SCENARIOS.md', () => {
  it('the worked example validates and runs to its end', () => {
    const md = readFileSync('docs/SCENARIOS.md', 'utf8');
    const example = /## A worked example\n\n```yaml\n([\s\S]*?)```/.exec(md)![1];
    const sc = compileOrThrow(example);
    const start = started(sc.spec('2'));
    const { state, traces } = runTurns(start.rules, start.state, 24);
    expect(traces.find((t) => t.turn === 3)!.events[0].event).toBe('radar-offer');
    expect(state.turn).toBeGreaterThan(0);
    expect(Object.keys(state.events.fired)).toContain('radar-offer');
  });
});

describe('docs/SCENARIOS.md, actions and doctrines', () => {
  it('the example of actions: and policies: compiles on a small world and its changes take effect', () => {
    const md = readFileSync('docs/SCENARIOS.md', 'utf8');
    const block = /## Actions and doctrines[\s\S]*?```yaml\n([\s\S]*?)```/.exec(md)![1];
    const sc = compileOrThrow(
      `${SMALL.replace('include: [USA, CHN, JPN, PHL]', 'include: [USA, CHN, JPN, PHL, MYS, IDN]')}${block}`,
    );
    expect(sc.rules.actions.map((a) => a.id)).toEqual(['leaders_summit', 'osa_grant', 'disaster_relief']);
    expect(sc.rules.actions.find((a) => a.id === 'osa_grant')).toMatchObject({
      cost: 1,
      target: { relation: 'partner', actors: ['PHL', 'MYS', 'IDN'] },
    });
    const spec = sc.spec('1');
    const at = (id: string) => spec.policies![spec.actors.findIndex((a) => a.id === id)];
    expect(at('PHL').doctrine).toBe('hedger');
    expect(at('CHN')).toMatchObject({ doctrine: 'revisionist', risk: 0.9 });
    const run = started(spec);
    expect(runTurns(run.rules, run.state, 3).state.turn).toBe(3);
  });
});
