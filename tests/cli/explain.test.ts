/**
 * End-to-end: `seastate explain` on a save made by `run --save`, spawned as a process; the bad
 * inputs run in-process through `main` to stay fast. The save is only ever read.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CellExplanation } from '../../src/engine';
import { cliMany, hasStack, inProcess, snapshot } from './spawn';

const dir = mkdtempSync(path.join(tmpdir(), 'seastate-explain-'));
const save = path.join(dir, 'save.json');
// Turn 4 of the Taiwan Strait crisis has a scheduled event that moves JPN→USA (alliance-c3-upgrade,
// `turn: 4` in the scenario); the test checks run --json reports it fired.
const EVENT = 'alliance-c3-upgrade';
const ARGS = ['taiwan-strait-crisis', '--seed', '3', '--turns', '4'];
let run: { events: Record<string, number>; turns: number };

const change = (e: CellExplanation) => e.after - e.before;
const sum = (xs: { value: number }[]) => xs.reduce((s, x) => s + x.value, 0);

beforeAll(async () => {
  // Made in-process (the same code as the spawned CLI) to save two process starts.
  const saved = await inProcess(['run', ...ARGS, '--save', save]);
  expect(saved.code, saved.err).toBe(0);
  run = JSON.parse((await inProcess(['run', ...ARGS, '--json'])).out);
});

describe('seastate explain', () => {
  it('explains one cell: contributions that add up to the change, naming the event that moved it', async () => {
    expect(run.events[EVENT]).toBe(1);
    const before = snapshot(save);
    const [json, text] = await cliMany([
      ['explain', save, '--turn', '4', '--actor', 'JPN', '--toward', 'USA', '--json'],
      ['explain', save, '--actor', 'JPN', '--toward', 'USA'],
    ]);
    for (const r of [json, text]) expect([r.code, r.stderr]).toEqual([0, '']);

    const e: CellExplanation = JSON.parse(json.stdout);
    expect(e).toMatchObject({ from: 'JPN', to: 'USA', turn: 4 });
    expect(Math.abs(sum(e.parts) - change(e))).toBeLessThan(1e-12);
    expect(Math.abs(sum(e.totals) - change(e))).toBeLessThan(1e-12);
    expect(e.parts.some((p) => p.cause.type === 'event' && p.cause.id === EVENT && p.value > 0)).toBe(true);

    // The default turn is the save's last (4), so the text shows the same cell.
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe('Taiwan Strait crisis (taiwan-strait-crisis), seed 3, turn 4 of 4 (2024-04 → 2024-05)');
    expect(lines[2]).toMatch(
      /^Japan \(JPN\) → United States \(USA\), turn 4: \+0\.\d{4} → \+0\.\d{4} \(change [+-]0\.\d{5}\)$/,
    );
    expect(lines[3]).toBe('contributions by cause, largest first (they add up to the change):');
    expect(text.stdout).toContain(`event ${EVENT} "US-Japan command and control upgrade"`);
    expect(text.stdout).toMatch(/\n {2}[+-]0\.\d{5} {2}total, the change\nby term: effects /);
    expect(snapshot(save)).toEqual(before);
  });

  it("lists an actor's row, and without --actor the turn's largest changes", async () => {
    const row = await inProcess(['explain', save, '--actor', 'JPN', '--json']);
    const largest = await inProcess(['explain', save]);
    for (const r of [row, largest]) expect([r.code, r.err]).toEqual([0, '']);
    const cells: CellExplanation[] = JSON.parse(row.out);
    expect(cells).toHaveLength(31);
    expect(cells.every((c) => c.from === 'JPN' && c.to !== 'JPN' && c.turn === 4)).toBe(true);
    const sizes = cells.map((c) => Math.abs(change(c)));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    for (const c of cells) expect(Math.abs(sum(c.parts) - change(c))).toBeLessThan(1e-12);

    // Without --actor: the turn's 8 largest changes, each a heading and up to 3 causes (+ "other").
    const blocks = largest.out.split('\n\n').slice(1, -1);
    expect(blocks).toHaveLength(8);
    for (const b of blocks)
      expect(b).toMatch(
        /^[A-Z][\w ]+ \([A-Z]{3}\) → [A-Z][\w ]+ \([A-Z]{3}\) {2}[+-]\d\.\d{4} → [+-]\d\.\d{4} {2}change [+-]\d\.\d{5}(\n {4}[+-]\d\.\d{5} {2}\S.*){1,4}$/,
      );
  });

  it('every bad input: exit 2, one line naming the file and what is wrong, the save untouched', async () => {
    const before = snapshot(save);
    const edited = path.join(dir, 'edited.json');
    const s = JSON.parse(readFileSync(save, 'utf8'));
    s.hashes[3] = '0'.repeat(64);
    writeFileSync(edited, JSON.stringify(s));
    const cases: [string[], string][] = [
      [
        ['--actor', 'JPX'],
        `seastate: ${save}: --actor "JPX" is not an actor of the scenario taiwan-strait-crisis (did you mean JPN?)`,
      ],
      [
        ['--actor', 'JPN', '--toward', 'usa'],
        `seastate: ${save}: --toward "usa" is not an actor of the scenario taiwan-strait-crisis (did you mean USA?)`,
      ],
      [
        ['--toward', 'ATLANTIS'],
        `seastate: ${save}: --toward "ATLANTIS" is not an actor of the scenario taiwan-strait-crisis (its actors: JPN, CHN, USA, TWN, AUS, NZL, IND, KOR, … 32 in all)`,
      ],
      [['--turn', '5'], `seastate: ${save}: --turn 5 is out of range: the save has turns 1 to 4`],
      [
        ['--turn', '0'],
        "seastate: option '--turn <t>' argument '0' is invalid. expected a whole number of turns from 1 to 10000",
      ],
      [
        ['--actor', 'JPN', '--toward', 'JPN'],
        "seastate: --actor and --toward are both JPN: an actor's stance toward itself is not modelled",
      ],
    ];
    for (const [flags, message] of cases) {
      const r = await inProcess(['explain', save, ...flags]);
      expect([r.code, r.out, r.err], flags.join(' ')).toEqual([2, '', message + '\n']);
    }
    const missing = await inProcess(['explain', path.join(dir, 'missing.json')]);
    expect([missing.code, missing.err]).toEqual([2, `seastate: ${path.join(dir, 'missing.json')}: no such file\n`]);
    const bad = await inProcess(['explain', edited]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(
      new RegExp(
        `^seastate: ${edited}: hashes\\[3\\]: replaying turn 4 gives state [0-9a-f]{64} but the save records 0{64}`,
      ),
    );
    expect(hasStack(bad.err)).toBe(false);
    expect(snapshot(save)).toEqual(before);
  });
});
