/**
 * `seastate run SCENARIO --set KEY=VALUE --save FILE`: the save records the overrides as written
 * (version 3), `replay` and `play --load` rebuild the same scenario with them and verify every hash,
 * and an edited override is refused. A save without overrides is version 2, as before.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSave } from '../../src/cli/session/game';
import { loadGame } from '../../src/cli/session/load';
import { readSave, saveText } from '../../src/cli/session/save-file';
import { cliMany, hasStack, inProcess, snapshot } from './spawn';

const dir = mkdtempSync(path.join(tmpdir(), 'seastate-save-set-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => path.join(dir, name);
const SETS = ['--set', 'turns=3', '--set', 'model.weights.noise=0.5', '--set', 'actors.jpn.posture.balancing=0.9'];
const ARGS = ['default', '--seed', '3'];
let run: { stateHash: string; turns: number };
let plain: { stateHash: string };

beforeAll(async () => {
  const saved = await inProcess(['run', ...ARGS, ...SETS, '--save', file('set.json')]);
  expect(saved.code, saved.err).toBe(0);
  run = JSON.parse((await inProcess(['run', ...ARGS, ...SETS, '--json'])).out);
  plain = JSON.parse((await inProcess(['run', ...ARGS, '--turns', '3', '--json'])).out);
  // The same length without overrides, and with one that changes nothing (noise is 1 already).
  for (const [name, extra] of [
    ['plain.json', ['--turns', '3']],
    ['same.json', ['--turns', '3', '--set', 'model.weights.noise=1']],
  ] as const) {
    const r = await inProcess(['run', ...ARGS, ...extra, '--save', file(name)]);
    expect(r.code, r.err).toBe(0);
  }
});

const json = (name: string) => JSON.parse(readFileSync(file(name), 'utf8'));

describe('run --set --save', () => {
  it('records the overrides as written, in order, in a version 3 save', () => {
    const s = json('set.json');
    expect(s.version).toBe(3);
    expect(s.sets).toEqual(['turns=3', 'model.weights.noise=0.5', 'actors.jpn.posture.balancing=0.9']);
    expect(s.turn).toBe(3);
    expect(s.hashes.at(-1)).toBe(run.stateHash);
    // The overrides matter: the same seed without them ends elsewhere.
    expect(plain.stateHash).not.toBe(run.stateHash);
  });

  it('replays to the same final hash (--verify, --json), and the summary names the overrides', async () => {
    const before = snapshot(file('set.json'));
    const [verify, asJson] = await cliMany([
      ['replay', file('set.json'), '--verify'],
      ['replay', file('set.json'), '--json'],
    ]);
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toBe(`verified: 3 turns, every state hash matches (final ${run.stateHash})\n`);
    expect(asJson.code, asJson.stderr).toBe(0);
    expect(JSON.parse(asJson.stdout).stateHash).toBe(run.stateHash);
    const text = await inProcess(['replay', file('set.json')]);
    expect(text.code, text.err).toBe(0);
    expect(text.out.split('\n')).toContain(
      'overrides: --set turns=3 --set model.weights.noise=0.5 --set actors.jpn.posture.balancing=0.9',
    );
    expect(snapshot(file('set.json'))).toEqual(before);
  });

  it('loads as play --load does, with the overrides applied, and saves again to the same bytes', () => {
    const g = loadGame(file('set.json'));
    if (!g.ok) throw new Error(g.issues[0].message);
    expect(g.value.scenario.sets.map((o) => `${o.key}=${o.raw}`)).toEqual(json('set.json').sets);
    expect(g.value.hashes.at(-1)).toBe(run.stateHash);
    expect(saveText(toSave(g.value))).toBe(readFileSync(file('set.json'), 'utf8'));
  });

  it('a save without overrides is version 2 with no sets: the override is its only difference from one with an override that changes nothing', () => {
    const p = json('plain.json');
    expect(p.version).toBe(2);
    expect(Object.keys(p)).toEqual([
      'format',
      'version',
      'scenario',
      'seed',
      'humans',
      'initialHash',
      'turn',
      'hashes',
      'log',
      'notes',
      'queue',
      'edits',
    ]);
    const same = json('same.json');
    expect(same.version).toBe(3);
    expect(same.sets).toEqual(['model.weights.noise=1']);
    const { sets: _, ...rest } = same;
    expect(JSON.stringify({ ...rest, version: 2 }, null, 1) + '\n').toBe(readFileSync(file('plain.json'), 'utf8'));
  });
});

describe('a save with overrides, edited', () => {
  const edited = (name: string, change: (s: Record<string, unknown>) => void) => {
    const s = json('set.json');
    change(s);
    writeFileSync(file(name), JSON.stringify(s, null, 1) + '\n');
    return file(name);
  };

  it('an edited override: replay refuses it (exit 2), --verify reports the difference (exit 1), the file untouched', async () => {
    const f = edited('edited-set.json', (s) => ((s.sets as string[])[1] = 'model.weights.noise=0.6'));
    const before = snapshot(f);
    const [plainReplay, verify] = await cliMany([
      ['replay', f],
      ['replay', f, '--verify'],
    ]);
    expect(plainReplay.code).toBe(2);
    expect(plainReplay.stdout).toBe('');
    expect(plainReplay.stderr).toMatch(
      /edited-set\.json: initialHash: the game's initial state differs from the one the save began with: the seed or the --set overrides \(sets\) was edited/,
    );
    expect(plainReplay.stderr.trim().split('\n')).toHaveLength(1);
    expect(hasStack(plainReplay.stderr)).toBe(false);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(/^seastate: verification failed: .*initialHash/);
    expect(snapshot(f)).toEqual(before);
  });

  it.each([
    [
      'an override dropped',
      (s: Record<string, unknown>) => (s.sets as string[]).splice(2, 1),
      /initialHash: the game's initial state differs/,
    ],
    [
      'an unknown key',
      (s: Record<string, unknown>) => ((s.sets as string[])[0] = 'foo=1'),
      /sets: cannot load the save's scenario with its overrides: .*foo/,
    ],
    [
      'a value out of range',
      (s: Record<string, unknown>) => ((s.sets as string[])[1] = 'model.weights.noise=-1'),
      /sets: cannot load the save's scenario with its overrides: .*model\.weights\.noise/,
    ],
    [
      'not KEY=VALUE',
      (s: Record<string, unknown>) => ((s.sets as string[])[0] = 'turns'),
      /sets\[0\]: the save's override turns: expected KEY=VALUE/,
    ],
    [
      'the sets removed',
      (s: Record<string, unknown>) => delete s.sets,
      /version: save version 3 is not supported without "sets"/,
    ],
    [
      'version 2 with sets',
      (s: Record<string, unknown>) => (s.version = 2),
      /sets: a version 2 save has no --set overrides/,
    ],
  ])('%s: exit 2, one message naming the file', async (name, change, message) => {
    const f = edited(`${name.replace(/\W+/g, '-')}.json`, change);
    const r = await inProcess(['replay', f]);
    expect(r.code, r.err).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(f);
    expect(r.err).toMatch(message);
    expect(hasStack(r.err)).toBe(false);
  });

  it('readSave refuses a version 3 save without sets and a version 2 one with them, by code save/version', () => {
    for (const [name, change] of [
      ['v3-no-sets.json', (s: Record<string, unknown>) => delete s.sets],
      ['v2-sets.json', (s: Record<string, unknown>) => (s.version = 2)],
    ] as const) {
      const r = readSave(edited(name, change));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues[0].code).toBe('save/version');
    }
  });
});
