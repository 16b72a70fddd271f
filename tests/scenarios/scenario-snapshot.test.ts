/** Scenario snapshots (src/scenarios/scenario-snapshot.ts): exactly the validated file, or nothing. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileScenario } from '../../src/scenarios/compile';
import { builtinIds, SCENARIO_DIR } from '../../src/scenarios/registry';
import { ScenarioSpec } from '../../src/scenarios/scenario-schema';
import { snapshotSpec, writeScenarioSnapshots } from '../../src/scenarios/scenario-snapshot';
import { loadWorld } from '../../src/scenarios/world';
import { lazyParsed, parseYamlText, validate } from '../../src/scenarios/yaml-file';

const dir = mkdtempSync(path.join(tmpdir(), 'seastate-snap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const world = loadWorld();
if (!world.ok) throw new Error('data/ does not load');

function validated(text: string, label: string) {
  const p = parseYamlText(text, label);
  if (!p.ok) throw new Error(`${label} does not parse`);
  const v = validate(p.value, ScenarioSpec);
  if (!v.ok) throw new Error(`${label} does not validate`);
  return { parsed: p.value, spec: v.value };
}

describe('scenario snapshots', () => {
  const fixtures = ['unknown-actor.yaml', 'warnings.yaml'].map((f) => path.resolve('tests/fixtures/scenarios', f));
  const builtins = builtinIds().map((id) => path.join(SCENARIO_DIR, `${id}.yaml`));
  const notes = writeScenarioSnapshots(
    [...builtins, ...fixtures, path.resolve('tests/fixtures/scenarios/wrong-type.yaml')],
    dir,
  );

  it('hold every built-in scenario as validated, and nothing for a file that does not validate', () => {
    expect(notes[0]).toBe(
      `wrote ${builtins.length + 2} scenario snapshots into ${path.relative(path.resolve('.'), dir)}/`,
    );
    expect(notes.slice(1)).toEqual([
      expect.stringMatching(/^no snapshot of tests\/fixtures\/scenarios\/wrong-type\.yaml/),
    ]);
    for (const file of builtins) {
      const text = readFileSync(file, 'utf8');
      expect(snapshotSpec(text, dir, true), file).toStrictEqual(validated(text, file).spec);
    }
  });

  it('stand only for the exact text: an added comment, a damaged or foreign snapshot file gives none', () => {
    const text = readFileSync(builtins[0], 'utf8');
    expect(snapshotSpec(text, dir, true)).toBeDefined();
    expect(snapshotSpec(text, dir, false)).toBeUndefined();
    expect(snapshotSpec(`${text}# a comment\n`, dir, true)).toBeUndefined();
    const other = mkdtempSync(path.join(tmpdir(), 'seastate-snap-'));
    const file = path.join(other, `${createHash('sha256').update(text).digest('hex')}.json`);
    const good = JSON.parse(readFileSync(path.join(dir, path.basename(file)), 'utf8'));
    for (const bad of [
      '{"format":',
      JSON.stringify({ ...good, format: 'something-else' }),
      JSON.stringify({ ...good, sha256: '0'.repeat(64) }),
      JSON.stringify({ ...good, spec: null }),
    ]) {
      writeFileSync(file, bad);
      expect(snapshotSpec(text, other, true), bad.slice(0, 40)).toBeUndefined();
    }
    writeFileSync(file, JSON.stringify(good));
    expect(snapshotSpec(text, other, true)).toStrictEqual(good.spec);
    rmSync(other, { recursive: true, force: true });
  });

  it('give the same messages, at the same lines and columns, as the parsed file', () => {
    for (const file of fixtures) {
      const text = readFileSync(file, 'utf8');
      const { parsed, spec } = validated(text, file);
      const known = snapshotSpec(text, dir, true);
      if (!known) throw new Error(`no snapshot of ${file}`);
      const a = compileScenario(spec, parsed, world.value);
      const b = compileScenario(
        known,
        lazyParsed(file, () => parseYamlText(text, file)),
        world.value,
      );
      expect(b.ok).toBe(a.ok);
      if (a.ok && b.ok) {
        expect(b.value.warnings).toStrictEqual(a.value.warnings);
        expect(b.value.rules).toStrictEqual(a.value.rules);
        expect(b.value.provenance).toStrictEqual(a.value.provenance);
      } else expect(b).toStrictEqual(a);
      const found = a.ok ? a.value.warnings : a.issues;
      expect(found.length, file).toBeGreaterThan(0);
      expect(found.every((i) => typeof i.line === 'number' && i.line > 0)).toBe(true);
    }
  });
});
