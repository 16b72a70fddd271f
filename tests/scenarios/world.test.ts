/** Loading data/: the real data validates; broken copies give issues with file, line and column. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/scenarios/issues';
import { DATA_DIR, loadWorld, snapshotOf, worldFromSnapshot } from '../../src/scenarios/world';

/** A copy of data/ with one file's text transformed. */
function brokenCopy(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'seastate-data-'));
  cpSync(DATA_DIR, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}raw`) });
  const f = path.join(dir, file);
  writeFileSync(f, edit(readFileSync(f, 'utf8')));
  return dir;
}

function issuesOf(dir: string): string[] {
  const r = loadWorld(dir);
  if (r.ok) throw new Error('expected the load to fail');
  return r.issues.map(formatIssue);
}

describe('the default world', () => {
  const r = loadWorld();
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
  const w = r.value;
  const ids = w.actors.map((a) => a.id);

  it('has the actors and groups the brief names', () => {
    for (const id of [
      'JPN',
      'CHN',
      'USA',
      'TWN',
      'AUS',
      'IND',
      'KOR',
      'PRK',
      'RUS',
      'PHL',
      'VNM',
      'IDN',
      'MYS',
      'THA',
      'KHM',
      'SGP',
      'FJI',
      'PNG',
      'SLB',
      'PLW',
      'FSM',
      'MHL',
      'TON',
      'WSM',
      'VUT',
    ])
      expect(ids).toContain(id);
    expect(ids.length).toBeGreaterThanOrEqual(25);
    expect(w.groups.map((g) => g.id).sort()).toEqual(['ASEAN', 'PIF', 'QUAD']);
    expect(w.groups.find((g) => g.id === 'QUAD')!.members.sort()).toEqual(['AUS', 'IND', 'JPN', 'USA']);
  });

  it('cites every number: 11 per actor at least, each with a known source', () => {
    const sources = new Set(w.sources.map((s) => s.id));
    for (const id of ids)
      expect(w.provenance.filter((p) => p.actors.includes(id) && p.path.startsWith('actors')).length).toBe(11);
    for (const p of w.provenance) {
      expect(sources.has(p.source)).toBe(true);
      expect(p.fact.length).toBeGreaterThan(8);
    }
  });

  it('cites the seed documents by file name', () => {
    const files = w.sources.filter((s) => s.kind === 'document').map((s) => s.file);
    expect(files).toEqual(
      expect.arrayContaining([
        '000_a384d30caef6020f.txt',
        '001_a0e1ab9a6473f928.txt',
        '002_3df75a9425b18a57.txt',
        '003_aa97a82a8147fa97.txt',
        '004_efa6287938c0569b.txt',
      ]),
    );
  });

  it('gives a plausible initial alignment', () => {
    const n = ids.length;
    const A = (a: string, b: string) => w.alignment[ids.indexOf(a) * n + ids.indexOf(b)];
    expect(A('USA', 'CHN')).toBeLessThan(-0.4);
    expect(A('CHN', 'USA')).toBeLessThan(-0.4);
    expect(A('JPN', 'USA')).toBeGreaterThan(0.6);
    expect(A('USA', 'JPN')).toBeGreaterThan(0.6);
    expect(A('KHM', 'CHN')).toBeGreaterThan(0.4);
    expect(A('PLW', 'USA')).toBeGreaterThan(0.4);
    for (let x = 0; x < n * n; x++) expect(Math.abs(w.alignment[x])).toBeLessThanOrEqual(1);
  });
});

describe('broken data gives precise issues', () => {
  it('a value out of range: file, line, column, path and what was found', () => {
    const dir = brokenCopy('actors.yaml', (t) => t.replace(/(balancing: \{ ?value: )[0-9.]+/, '$12.5'));
    const [msg] = issuesOf(dir);
    expect(msg).toMatch(/actors\.yaml:\d+:\d+: actors\[0\]\.posture\.balancing(\.value)?: .*between 0 and 1/);
  });

  it('an unknown source id', () => {
    const dir = brokenCopy('actors.yaml', (t) => t.replace(/source: sipri[a-z0-9-]*/, 'source: no-such-source'));
    expect(issuesOf(dir).join('\n')).toMatch(
      /actors\.yaml:\d+:\d+: actors\[\d+\]\.capabilities\.military\.source: unknown source "no-such-source"/,
    );
  });

  it('an unknown key and a wrong type in one file are reported together', () => {
    const dir = brokenCopy('alignment.yaml', (t) =>
      t.replace('ties:', 'colour: blue\nties:').replace(/(scale: \{ ?value: )[0-9.]+/, '$1"big"'),
    );
    const all = issuesOf(dir);
    expect(all).toHaveLength(2);
    expect(all.join('\n')).toMatch(/alignment\.yaml:\d+:1: unknown key "colour"/);
    expect(all.join('\n')).toMatch(/alignment\.yaml:\d+:\d+: base\.scale\.value: expected number, found "big"/);
  });

  it('an unknown actor in a tie', () => {
    const dir = brokenCopy('alignment.yaml', (t) => t.replace('between: [USA, JPN]', 'between: [USA, XXX]'));
    expect(issuesOf(dir).join('\n')).toMatch(/alignment\.yaml:\d+:\d+: ties\[0\]\.between\[1\]: unknown actor "XXX"/);
  });

  it('a self-override, a duplicate group and an unstable arms step', () => {
    const self = brokenCopy('alignment.yaml', (t) =>
      t.replace(
        /overrides:\n/,
        'overrides:\n  - { from: JPN, to: JPN, value: 0.5, source: doc-001, fact: "A test fact here.", rationale: "A test rationale." }\n',
      ),
    );
    expect(issuesOf(self).join('\n')).toMatch(/overrides\[0\]: an override needs two different actors/);
    const group = brokenCopy('groups.yaml', (t) => t.replace('id: PIF', 'id: ASEAN'));
    expect(issuesOf(group).join('\n')).toMatch(/groups\[\d\]\.id: "ASEAN" is already an actor or group id/);
    const arms = brokenCopy('model.yaml', (t) =>
      t.replace(/(arms:\n  reactivity:\n    value: [0-9.]+\n(?:.*\n)*?  fatigue:\n    value: )[0-9.]+/, '$11'),
    );
    expect(issuesOf(arms).join('\n')).toMatch(/arms\.fatigue: weights\.arms x arms\.fatigue must be below 1/);
  });

  it('YAML syntax errors carry the position', () => {
    const dir = brokenCopy('groups.yaml', (t) => t + '\n  - [unclosed\n');
    expect(issuesOf(dir)[0]).toMatch(/groups\.yaml:\d+:\d+: /);
  });

  it('a missing file is named', () => {
    const dir = brokenCopy('groups.yaml', (t) => t);
    writeFileSync(path.join(dir, 'sources.yaml'), '');
    expect(issuesOf(dir).join('\n')).toMatch(/sources\.yaml: file is empty/);
  });
});

describe('the world snapshot (dist/world-snapshot.json, written by the build)', () => {
  const parsed = loadWorld();
  if (!parsed.ok) throw new Error(parsed.issues.map(formatIssue).join('\n'));
  const copy = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seastate-snap-'));
    cpSync(DATA_DIR, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}raw`) });
    return dir;
  };

  it('gives the same world as parsing the files, down to the provenance and the lazily parsed actions file', () => {
    const snap = snapshotOf(DATA_DIR);
    if (!snap.ok) throw new Error(snap.why);
    const r = worldFromSnapshot(snap.text, DATA_DIR);
    if (!r?.ok) throw new Error('the snapshot of data/ did not load');
    const { proximityOf: p1, actionsFile: f1, ...a } = parsed.value;
    const { proximityOf: p2, actionsFile: f2, ...b } = r.value;
    expect(b).toStrictEqual(a);
    expect(f2.file).toBe(f1.file);
    expect(f2.data).toStrictEqual(f1.data);
    const regions = [...new Set(a.actors.map((x) => x.region))];
    for (const x of regions)
      for (const y of regions)
        expect(p2({ id: 'NEW', region: x }, { id: 'NEW2', region: y })).toBe(
          p1({ id: 'NEW', region: x }, { id: 'NEW2', region: y }),
        );
  });

  it('stands only for the exact files it was made from: an edit anywhere in data/ sends the load back to the files', () => {
    const dir = copy();
    const snap = snapshotOf(dir);
    if (!snap.ok) throw new Error(snap.why);
    expect(worldFromSnapshot(snap.text, dir)?.ok).toBe(true);
    writeFileSync(path.join(dir, 'groups.yaml'), readFileSync(path.join(dir, 'groups.yaml'), 'utf8') + '# a comment\n');
    expect(worldFromSnapshot(snap.text, dir)).toBeUndefined();
    expect(worldFromSnapshot('{"format":"seastate-world-snapshot"', DATA_DIR)).toBeUndefined();
    // The voting extract the initial alignment reads is part of what the snapshot stands for.
    const fresh = copy();
    const again = snapshotOf(fresh);
    if (!again.ok) throw new Error(again.why);
    const csv = path.join(fresh, 'datasets', 'unga-ideal-points.csv');
    const lines = readFileSync(csv, 'utf8').split('\n');
    const col = lines[0].split(',').indexOf('USAgree');
    const k = lines.findIndex((l) => l.startsWith('PHL,') && l.includes(',77,2022,'));
    const cells = lines[k].split(',');
    cells[col] = '0.5';
    lines[k] = cells.join(',');
    writeFileSync(csv, lines.join('\n'));
    expect(worldFromSnapshot(again.text, fresh)).toBeUndefined();
    const reloaded = loadWorld(fresh);
    if (!reloaded.ok) throw new Error(reloaded.issues.map(formatIssue).join('\n'));
    const ids = reloaded.value.actors.map((a) => a.id);
    const at = (w: typeof reloaded.value) => w.alignment[ids.indexOf('PHL') * ids.length + ids.indexOf('USA')];
    const orig = loadWorld();
    if (!orig.ok) throw new Error('data/ does not load');
    expect(at(reloaded.value)).toBeGreaterThan(at(orig.value) + 0.2);
    expect(worldFromSnapshot(undefined, DATA_DIR)).toBeUndefined();
  });

  it('names the alignment file and the field when the voting extract is missing, lacks a column or a session', () => {
    const missing = brokenCopy('alignment.yaml', (t) =>
      t.replace('extract: unga-ideal-points.csv', 'extract: no-such.csv'),
    );
    expect(issuesOf(missing).join('\n')).toMatch(
      /alignment\.yaml:\d+:\d+: base\.agreement\.extract: cannot read data\/datasets\/no-such\.csv: /,
    );
    const column = brokenCopy('alignment.yaml', (t) => t.replace('CHN: ChinaAgree', 'CHN: BeijingAgree'));
    expect(issuesOf(column).join('\n')).toMatch(
      /alignment\.yaml:\d+:\d+: base\.agreement\.poles: data\/datasets\/unga-ideal-points\.csv has no column "BeijingAgree"/,
    );
    const pole = brokenCopy('alignment.yaml', (t) => t.replace('USA: USAgree', 'USX: USAgree'));
    expect(issuesOf(pole).join('\n')).toMatch(
      /alignment\.yaml:\d+:\d+: base\.agreement\.poles\.USX: unknown actor "USX"/,
    );
    const session = brokenCopy('alignment.yaml', (t) => t.replace('session: 77', 'session: 99'));
    expect(issuesOf(session).join('\n')).toMatch(
      /alignment\.yaml:\d+:\d+: base\.agreement\.session: data\/datasets\/unga-ideal-points\.csv has no rows for session 99/,
    );
  });

  it('data that does not load gets no snapshot, so its problems are still reported where they are', () => {
    const dir = brokenCopy('actors.yaml', (t) => t.replace('id: JPN', 'id: 7'));
    const snap = snapshotOf(dir);
    expect(snap.ok).toBe(false);
  });

  it('the compiled CLI prints the same with and without it', () => {
    const run = (env: Record<string, string>, args: string[]) =>
      spawnSync(process.execPath, [path.resolve('bin/seastate.js'), ...args], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', ...env },
      });
    expect(existsSync(path.resolve('dist/world-snapshot.json'))).toBe(true);
    // The built-in scenarios' snapshots too (src/scenarios/scenario-snapshot.ts), by the hash of their text.
    for (const id of ['default', 'taiwan-strait-crisis']) {
      const sha = createHash('sha256')
        .update(readFileSync(path.resolve(`data/scenarios/${id}.yaml`), 'utf8'))
        .digest('hex');
      expect(existsSync(path.resolve(`dist/scenarios/${sha}.json`)), id).toBe(true);
    }
    for (const args of [
      ['run', 'default', '--seed', '42', '--turns', '4'],
      ['run', 'taiwan-strait-crisis', '--seed', '3', '--json'],
      ['sources', '--actor', 'PHL'],
    ]) {
      const a = run({}, args);
      const b = run({ SEASTATE_NO_SNAPSHOT: '1' }, args);
      expect(a.status).toBe(0);
      expect(a.stdout.length).toBeGreaterThan(100);
      expect(a.stdout).toBe(b.stdout);
    }
  });
});
