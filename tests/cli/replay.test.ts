/**
 * End-to-end: `seastate replay`, spawned as a process, on a save made by `run --save`. The save is
 * only ever read: every test checks its bytes and mtime afterwards. The matrix of broken files runs
 * in-process through `main` (the same code path without a process start each) to stay fast.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliMany, hasStack, inProcess, snapshot } from './spawn';

const dir = mkdtempSync(path.join(tmpdir(), 'seastate-replay-'));
const save = path.join(dir, 'save.json');
const ARGS = ['taiwan-strait-crisis', '--seed', '3', '--turns', '3'];
let run: Record<string, unknown>;

beforeAll(async () => {
  // Made in-process (the same code as the spawned CLI) to save two process starts.
  const saved = await inProcess(['run', ...ARGS, '--save', save]);
  expect(saved.code, saved.err).toBe(0);
  run = JSON.parse((await inProcess(['run', ...ARGS, '--json'])).out);
});

describe('seastate replay', () => {
  it('verifies a fresh save, reaching the same final state as run; --json is run --json plus verified; --export writes the review', async () => {
    const before = snapshot(save);
    const review = path.join(dir, 'review.md');
    const [verify, json] = await cliMany([
      ['replay', save, '--verify', '--export', review],
      ['replay', save, '--json'],
    ]);
    const text = await inProcess(['replay', save]);
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toBe(
      `verified: 3 turns, every state hash matches (final ${run.stateHash})\nafter-action review written to ${review}\n`,
    );
    expect(readFileSync(review, 'utf8')).toMatch(/^# /);

    expect(json.code).toBe(0);
    const { decisions: _, ...expected } = run;
    expect(JSON.parse(json.stdout)).toEqual({ ...expected, verified: true });

    expect(text.code).toBe(0);
    const lines = text.out.split('\n');
    expect(lines[0]).toBe(
      `Taiwan Strait crisis (taiwan-strait-crisis), seed 3: ${save} replayed, 3 turns of 1 month from 2024-01-01`,
    );
    expect(lines).toContain('humans: none; recorded inputs on 0 of 3 turns');
    expect(text.out).toContain(`After 3 turns (2024-04-01); state hash ${run.stateHash}`);
    expect(text.out).toMatch(/\nmetrics: tension \d\.\d{3}, /);
    expect(snapshot(save)).toEqual(before);
  });

  it('a save with an edited hash: --verify fails (exit 1) naming the turn and both hashes; otherwise it is bad input (exit 2)', async () => {
    const edited = path.join(dir, 'edited.json');
    const s = JSON.parse(readFileSync(save, 'utf8'));
    const real = s.hashes[1];
    s.hashes[1] = 'f'.repeat(64);
    writeFileSync(edited, JSON.stringify(s, null, 1));
    const before = snapshot(edited);
    const [verify] = await cliMany([['replay', edited, '--verify']]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toBe('');
    expect(verify.stderr).toBe(
      `seastate: verification failed: ${edited}: hashes[1]: replaying turn 2 gives state ${real} but the save records ${'f'.repeat(64)} (the file was edited, or the model changed)\n`,
    );
    expect(hasStack(verify.stderr)).toBe(false);
    const plain = await inProcess(['replay', edited, '--json']);
    expect(plain.code).toBe(2);
    expect(plain.out).toBe('');
    expect(plain.err).toMatch(
      new RegExp(`^seastate: ${edited}: hashes\\[1\\]: replaying turn 2 gives state ${real.slice(0, 12)}`),
    );
    expect(snapshot(edited)).toEqual(before);
  });

  it('--export to a place that cannot be written, or over the save itself, is bad input naming the file', async () => {
    const before = snapshot(save);
    const nowhere = path.join(dir, 'nowhere', 'r.md');
    const nodir = await inProcess(['replay', save, '--export', nowhere]);
    const over = await inProcess(['replay', save, '--export', save]);
    expect([nodir.code, over.code]).toEqual([2, 2]);
    expect(nodir.err).toBe(
      `seastate: ${nowhere}: cannot write the after-action review (no such directory); nothing was written\n`,
    );
    expect(over.err).toBe(`seastate: ${save}: --export would overwrite the save being replayed; choose another file\n`);
    expect(snapshot(save)).toEqual(before);
  });

  it('every broken save: exit 2, one line naming the file and the problem, nothing on stdout, file untouched', async () => {
    const text = readFileSync(save, 'utf8');
    const s = JSON.parse(text);
    const files: [string, string | null, RegExp][] = [
      ['missing.json', null, /missing\.json: no such file\n$/],
      ['truncated.json', text.slice(0, 200), /truncated\.json:\d+:\d+: the save is cut off or corrupted/],
      ['not-a-save.json', '{"scenario": "default"}', /not-a-save\.json: not a seastate save/],
      ['version.json', JSON.stringify({ ...s, version: 9 }), /version\.json: version: save version 9 is not supported/],
      ['extra-key.json', JSON.stringify({ ...s, cheat: true }), /extra-key\.json:.*cheat/],
      [
        'bad-turn.json',
        JSON.stringify({ ...s, turn: 2 }),
        /bad-turn\.json: hashes: the save is at turn 2 but records 3 hashes/,
      ],
      ['other-seed.json', JSON.stringify({ ...s, seed: '4' }), /other-seed\.json: initialHash: .*cannot be replayed/],
    ];
    mkdirSync(path.join(dir, 'a-directory.json'));
    files.push(['a-directory.json', null, /a-directory\.json: is a directory/]);
    for (const [name, content] of files) if (content !== null) writeFileSync(path.join(dir, name), content);
    for (const [name, content, message] of files) {
      const f = path.join(dir, name);
      const before = content === null ? null : snapshot(f);
      const r = await inProcess(['replay', f]);
      expect(r.code, name).toBe(2);
      expect(r.out, name).toBe('');
      expect(r.err.startsWith(`seastate: ${f}`), name).toBe(true);
      expect(r.err.trim().split('\n'), name).toHaveLength(1);
      expect(r.err, name).toMatch(message);
      expect(hasStack(r.err), name).toBe(false);
      if (before) expect(snapshot(f), name).toEqual(before);
    }
  });
});
