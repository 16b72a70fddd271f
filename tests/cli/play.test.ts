/** `seastate play` as the shell sees it: bad flags and files are refused before the screen is taken. */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importInk } from '../../src/cli/commands/play';
import { cli, hasStack } from './spawn';

describe('seastate play', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'seastate-play-'));
  const save = path.join(dir, 'game.json');
  cli(['run', 'teach-balance', '--turns', '2', '--save', save]);

  it.each([
    ['an unknown scenario', ['play', 'nosuch'], /no built-in scenario "nosuch"/],
    [
      'a human who is not an actor',
      ['play', 'teach-balance', '--human', 'XYZ'],
      /--human: XYZ is not an actor of teach-balance/,
    ],
    ['a bad --human list', ['play', 'teach-balance', '--human', 'J-P'], /--human.*actor ids separated by commas/],
    ['--load with a scenario', ['play', 'teach-balance', '--load', save], /either a scenario or --load FILE, not both/],
    ['--load with --seed', ['play', '--load', save, '--seed', '4'], /--seed and --human cannot be given with --load/],
    [
      '--export onto the save being loaded',
      ['play', '--load', save, '--export', save],
      /that is the save being loaded/,
    ],
    ['a missing save', ['play', '--load', path.join(dir, 'none.json')], /none\.json: no such file/],
    ['no terminal', ['play', 'teach-balance'], /play needs an interactive terminal/],
  ])('%s: exit 2, one line, no stack, the save untouched', (_name, args, message) => {
    const before = { bytes: readFileSync(save), mtime: statSync(save).mtimeMs };
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(hasStack(r.stderr)).toBe(false);
    expect(readFileSync(save)).toEqual(before.bytes);
    expect(statSync(save).mtimeMs).toBe(before.mtime);
  });

  it('takes lower-case actor ids', () => {
    // Checked before the terminal is needed: the only complaint left is the missing terminal.
    expect(cli(['play', 'teach-balance', '--human', 'jpn,kor']).stderr).toMatch(/play needs an interactive terminal/);
  });

  it('runs the default scenario headless when bare and without a terminal', () => {
    const r = cli([]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no terminal for the UI, so running the default scenario headless');
    expect(r.stdout).toContain('Indo-Pacific');
  });
});

describe('loading ink for the UI', () => {
  it('gives ink, and puts the global fetch back as it was', async () => {
    const before = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
    const ink = await importInk();
    expect(typeof ink.render).toBe('function');
    expect(Object.getOwnPropertyDescriptor(globalThis, 'fetch')).toStrictEqual(before);
    expect(typeof fetch).toBe('function');
  });
});
