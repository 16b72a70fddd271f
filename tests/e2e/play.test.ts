/**
 * End to end in a real pseudo-terminal: play three turns of the Taiwan Strait crisis as Japan, save,
 * load, and check the state hash against the same seed and recorded decisions replayed headless.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileRules, createState, inputsFor, runTurns, stateHash } from '../../src/engine';
import { loadScenario } from '../../src/scenarios/registry';
import { cli } from '../cli/spawn';
import { startPty } from './pty';

const CTRL_U = '\x15';
const RESTORE = '\x1b[?1049l';

describe('seastate play in a terminal', () => {
  it('plays three turns as Japan, saves, loads, and matches a headless replay of the same decisions', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seastate-e2e-'));
    const file = path.join(dir, 'game.json');
    const p = startPty(['play', 'taiwan-strait-crisis', '--human', 'JPN', '--seed', '3'], { cwd: dir });
    await p.waitFor('turn 0/30', 60_000);
    for (let t = 1; t <= 3; t++) {
      p.key('n');
      await p.waitFor('human 1 of 1');
      p.key('\r'); // the first action Japan can afford...
      await p.waitFor('choose the target');
      p.key('\r'); // ...at its first target
      await p.waitFor(/[1-9]\.\d planned/);
      p.key('c');
      await p.waitFor(new RegExp(`turn ${t}/30|chooses \\(human\\)`));
      if (p.screen().includes('chooses (human)')) {
        p.key('1');
        await p.waitFor(`turn ${t}/30`);
      }
    }
    p.key('s');
    await p.waitFor('Save to:');
    p.key(CTRL_U);
    await p.waitFor('Save to:');
    p.key(file);
    await p.waitFor('game.json');
    p.key('\r');
    await p.waitFor('saved turn 3');
    p.key('q');
    expect(await p.exited()).toBe(0);
    expect(p.raw()).toContain(RESTORE);

    // What was saved: Japan's decisions each turn, and the hash after each turn.
    const save = JSON.parse(readFileSync(file, 'utf8'));
    expect(save.turn).toBe(3);
    expect(save.humans).toEqual(['JPN']);
    const japan = save.log.map(
      (r: { inputs: { actions?: Record<string, unknown[]> } }) => r.inputs.actions?.JPN?.length ?? 0,
    );
    expect(japan).toHaveLength(3);
    expect(japan.every((n: number) => n >= 1)).toBe(true);

    // The same seed and recorded decisions, replayed headless with the engine alone.
    const scenario = loadScenario('taiwan-strait-crisis');
    if (!scenario.ok) throw new Error('scenario');
    const spec = scenario.value.spec('3');
    const rules = compileRules(spec);
    const headless = runTurns(rules, createState(spec, rules), 3, (t) => inputsFor(save.log, t), {
      trace: false,
    }).state;
    expect(stateHash(rules, headless)).toBe(save.hashes[2]);

    // Loading resumes at turn 3 with the same state; quitting a just-loaded game does not ask.
    const q = startPty(['play', '--load', file], { cwd: dir });
    await q.waitFor('turn 3/30', 60_000);
    q.key('q');
    expect(await q.exited()).toBe(0);

    const verify = cli(['replay', file, '--verify']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain(stateHash(rules, headless));
  }, 180_000);

  it('restores the terminal on Ctrl-C', async () => {
    const p = startPty(['play', 'teach-balance', '--human', 'JPN', '--seed', '1']);
    await p.waitFor('turn 0/', 60_000);
    p.key('\x03');
    expect(await p.exited()).toBe(0);
    expect(p.raw().lastIndexOf(RESTORE)).toBeGreaterThan(p.raw().lastIndexOf('\x1b[?1049h'));
  }, 90_000);
});
