/** The worked example in docs/SCENARIOS.md compiles and runs, so the documentation stays true. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createState, runTurns } from '../../src/engine';
import { compileOrThrow } from './compile-helper';

describe('docs/SCENARIOS.md', () => {
  it('the worked example validates and runs to its end', () => {
    const md = readFileSync('docs/SCENARIOS.md', 'utf8');
    const example = /## A worked example\n\n```yaml\n([\s\S]*?)```/.exec(md)![1];
    const sc = compileOrThrow(example);
    const { state, traces } = runTurns(createState(sc.spec('2')), 24);
    expect(traces.find((t) => t.turn === 3)!.events[0].event).toBe('radar-offer');
    expect(state.turn).toBeGreaterThan(0);
    expect(Object.keys(state.events.fired)).toContain('radar-offer');
  });
});
