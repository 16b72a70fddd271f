/**
 * Broken and hostile scenario files: each gives exit code 2 and one message naming the file (and
 * line:column where there is one), and nothing runs. Each goes end to end through the real CLI,
 * a few processes at a time.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { cli, cliMany, hasStack } from './spawn';

const FX = 'tests/fixtures/scenarios';

async function runIn(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t), color: false });
  return { code, out, err };
}

const cases: [string, RegExp][] = [
  ['bad-syntax.yaml', /bad-syntax\.yaml:3:1: Flow sequence/],
  ['unknown-key.yaml', /unknown-key\.yaml:8:1: unknown key "colour"/],
  ['wrong-type.yaml', /wrong-type\.yaml:7:8: turns: expected number, found "ten"/],
  ['out-of-range.yaml', /out-of-range\.yaml:6:13: turnMonths: expected a number at most 12, found 13/],
  ['bad-date.yaml', /bad-date\.yaml:5:12: startDate: expected a calendar date as "YYYY-MM-DD", found "2024-02-30"/],
  ['unknown-actor.yaml', /unknown-actor\.yaml:11:\d+: ladders\.dyads\[0\]\.b: unknown actor "XXX"/],
  ['ladder-global.yaml', /ladder-global\.yaml:11:\d+: ladders\.dyads\[0\]\.id: the id "global" is the global ladder/],
  [
    'ladder-level.yaml',
    /ladder-level\.yaml:11:\d+: ladders\.dyads\[0\]\.level\.value: expected a number between 0 and 7, found 300/,
  ],
  ['empty.yaml', /empty\.yaml: file is empty/],
  ['list.json', /list\.json:1:1: expected object, found a list/],
  ['alias-bomb.yaml', /alias-bomb\.yaml: too many alias expansions/],
  ['proto.yaml', /proto\.yaml:8:1: __proto__: the key "__proto__" is not allowed/],
  ['constructor.yaml', /constructor\.yaml:9:3: extra\.constructor: the key "constructor" is not allowed/],
  ['alias-key.yaml', /alias-key\.yaml:10:3: m: a mapping key must be plain text/],
  ['duplicate-key.yaml', /duplicate-key\.yaml:8:1: Map keys must be unique/],
  ['bad-expression.yaml', /bad-expression\.yaml:11:48: events\[0\]\.trigger: unknown actor or group "XXX"/],
  [
    'undefined-followup.yaml',
    /undefined-followup\.yaml:9:54: events\[0\]\.followUps\[0\]\.event: unknown event "nowhere"/,
  ],
  ['followup-cycle.yaml', /followup-cycle\.yaml:9:5: events\[0\]: follow-ups with delay 0 form a cycle: a -> b -> a/],
  ['bad-param.yaml', /bad-param\.yaml:9:25: model\.weights\.influence: expected a number between 0 and 1, found 3/],
  [
    'target-without-targets.yaml',
    /target-without-targets\.yaml:13:28: events\[0\]\.effects\[0\]\.alignment\.from: "target" is only defined in events with targets/,
  ],
];

describe('broken scenario files', () => {
  it('each broken fixture: exit 2, one message naming the file and position, no output, no stack', async () => {
    const results = await cliMany(cases.map(([file]) => ['run', `${FX}/${file}`, '--json']));
    cases.forEach(([file, message], k) => {
      const r = results[k];
      expect(r.code, file).toBe(2);
      expect(r.stdout, file).toBe('');
      expect(r.stderr, file).toMatch(message);
      expect(r.stderr.startsWith(`seastate: ${FX}/${file}`), file).toBe(true);
      expect(r.stderr.trim().split('\n'), file).toHaveLength(1);
      expect(hasStack(r.stderr), file).toBe(false);
    });
  });

  it('structural and expression errors in one file are reported together, in file order', () => {
    const r = cli(['validate', `${FX}/two-kinds.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `seastate: ${FX}/two-kinds.yaml:7:8: turns: expected number, found "six"`,
      `seastate: ${FX}/two-kinds.yaml:11:33: events[0].trigger: unknown function "alignmnt" (did you mean alignment?)`,
    ]);
  });

  it('validate warns about likely mistakes in a valid file, and still exits 0', () => {
    const r = cli(['validate', `${FX}/warnings.yaml`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok {2}tests\/fixtures\/scenarios\/warnings\.yaml: warn/);
    expect(r.stderr.trim().split('\n')).toEqual([
      `seastate: warning: ${FX}/warnings.yaml:10:36: events[0].turn: fires on turn 30, but the scenario has 12 turns`,
      `seastate: warning: ${FX}/warnings.yaml:11:41: events[1].trigger: flag "radar_delivred" is read here but no effect in this scenario sets it (did you mean radar_delivered?)`,
      `seastate: warning: ${FX}/warnings.yaml:13:20: metrics[0].expr: tilt() needs the poles USA and CHN in the scenario, or poles: [A, B] naming two of its actors; without them it is always 0`,
    ]);
  });

  it('the valid fixtures run, in YAML and in JSON', async () => {
    for (const f of ['valid.yaml', 'valid.json']) {
      const r = await runIn(['run', `${FX}/${f}`, '--json']);
      expect(r.err).toBe('');
      expect(JSON.parse(r.out).scenario).toBe('fixture');
    }
  });

  const dir = mkdtempSync(path.join(tmpdir(), 'seastate-bad-'));

  it('a binary file, a file over the size limit, and deep nesting', async () => {
    writeFileSync(path.join(dir, 'binary.yaml'), Buffer.from([0x69, 0x64, 0x3a, 0x00, 0xff, 0xfe]));
    writeFileSync(path.join(dir, 'big.yaml'), `id: x\ndescription: "${'a'.repeat(60 * 1024 * 1024)}"\n`);
    writeFileSync(path.join(dir, 'deep.yaml'), `${'['.repeat(20000)}${']'.repeat(20000)}\n`);
    expect((await runIn(['run', path.join(dir, 'binary.yaml')])).err).toMatch(/binary\.yaml: file is binary/);
    expect((await runIn(['run', path.join(dir, 'big.yaml')])).err).toMatch(
      /big\.yaml: file is \d+ bytes; the limit is 2097152 bytes/,
    );
    const deep = await runIn(['run', path.join(dir, 'deep.yaml')]);
    expect(deep.code).toBe(2);
    expect(deep.err).toMatch(/deep\.yaml: nesting is too deep/);
  });

  it('a huge single value is not echoed back in full', async () => {
    writeFileSync(
      path.join(dir, 'long.yaml'),
      `id: fixture\ntitle: Title\ndescription: Described\nstartDate: "2024-01-01"\nturnMonths: 1\nturns: "${'9'.repeat(100000)}"\n`,
    );
    const r = await runIn(['run', path.join(dir, 'long.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/turns: expected number, found "9{20,}\.\.\.\n$/);
    expect(r.err.length).toBeLessThan(200);
  });

  it('a directory, a device and a named pipe are refused without reading them (real CLI)', () => {
    mkdirSync(path.join(dir, 'adir.yaml'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    for (const [target, message] of [
      [path.join(dir, 'adir.yaml'), /is a directory, not a file/],
      ['/dev/zero', /\/dev\/zero: is not a regular file/],
      [path.join(dir, 'pipe.yaml'), /pipe\.yaml: is not a regular file/],
    ] as const) {
      const r = cli(['run', target]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
