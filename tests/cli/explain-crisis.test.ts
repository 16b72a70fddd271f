/**
 * `seastate explain` on a game that ended in war: the crisis's path turn by turn, naming the choices
 * (with the policy's score and its best alternative), the events and the slips that took the ladder
 * to the war rung, and the war's draw. The seed is found by playing seeds in order until one ends in
 * war, so the test follows the model rather than a seed fixed in advance.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CrisisStep } from '../../src/cli/session/crisis-text';
import { inProcess } from './spawn';

const dir = mkdtempSync(path.join(tmpdir(), 'seastate-explain-crisis-'));
const save = path.join(dir, 'war.json');
let seed = '';

beforeAll(async () => {
  for (let s = 1; s <= 80 && !seed; s++) {
    const r = JSON.parse((await inProcess(['run', 'taiwan-strait-crisis', '--seed', String(s), '--json'])).out);
    if (r.ended?.id === 'regional-war') seed = String(s);
  }
  expect(seed, 'no seed of 1-80 ends the Taiwan crisis in war').not.toBe('');
  expect((await inProcess(['run', 'taiwan-strait-crisis', '--seed', seed, '--save', save])).code).toBe(0);
}, 120_000);

describe('explain after a war', () => {
  it('shows the crisis path by default, ending in the war and its draw', async () => {
    const r = await inProcess(['explain', save]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('the crisis on CHN-TWN (CHN against TWN; war at rung 6');
    expect(r.out).toMatch(/WAR at rung 6: CHN's chance 0\.\d{3}, draw 0\.\d{3}: (CHN|TWN) prevailed/);
    // Choices are named with the chooser's score and what it passed over.
    expect(r.out).toMatch(/action \w+ by CHN → TWN {2}\(CHN's policy scored it -?\d+\.\d{4}; best alternative \S+/);
    expect(r.out).toMatch(/what moved the ladder: .*CHN's choices [+-]\d\.\d\d/);
    expect(r.out).toContain(`seastate explain ${save} --turn`);
  });

  it("accounts for every move of the ladder: each turn starts where the last turn's moves left it", async () => {
    const r = await inProcess(['explain', save, '--crisis', 'CHN-TWN', '--json']);
    expect(r.code, r.err).toBe(0);
    const p = JSON.parse(r.out) as CrisisStep[];
    expect(p[0].level).toBe(3);
    expect(p.at(-1)!.war).toBeDefined();
    for (let k = 1; k < p.length; k++)
      expect(p[k].level).toBeCloseTo(p[k - 1].level + p[k - 1].moves.reduce((s, m) => s + m.delta, 0), 9);
    const end = p.at(-1)!;
    expect(end.level + end.moves.reduce((s, m) => s + m.delta, 0)).toBeGreaterThanOrEqual(6);
    // Some climb was an actor's choice, and every choice carries its policy's score.
    const chosen = p.flatMap((s) => s.moves.filter((m) => m.by));
    expect(chosen.some((m) => m.delta > 0)).toBe(true);
    for (const m of chosen) expect(typeof m.score).toBe('number');
  });

  it('refuses a ladder that is not a crisis, naming the crises, with exit 2', async () => {
    const r = await inProcess(['explain', save, '--crisis', 'USA-CHN']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      '--crisis "USA-CHN" is not a crisis of the scenario taiwan-strait-crisis (its crises: CHN-TWN)',
    );
  });

  it('keeps the alignment view with --turn', async () => {
    const r = await inProcess(['explain', save, '--turn', '1']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('largest alignment changes');
  });
});
