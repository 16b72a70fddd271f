/**
 * Save files as untrusted input: every broken save is refused with one message naming the file (in
 * the library and through the real CLI), and the file is left exactly as it was. Saves round-trip,
 * and writing one is atomic.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stateHash } from '../../src/engine';
import { advance, current, editQueue, newGame, toSave, undoLast, type Game } from '../../src/cli/session/game';
import { loadGame } from '../../src/cli/session/load';
import { readSave, saveText, writeAtomic, type SaveFile } from '../../src/cli/session/save-file';
import { formatIssue } from '../../src/scenarios/issues';
import { loadScenario } from '../../src/scenarios/registry';
import { cliMany, hasStack, type CliResult } from './spawn';

// A disk that fills up halfway through a write: writeSync writes part of the text, then fails.
const fault = vi.hoisted(() => ({ diskFull: false }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeSync = ((fd: number, data: string | NodeJS.ArrayBufferView, ...rest: never[]) => {
    if (!fault.diskFull) return (fs.writeSync as (...a: unknown[]) => number)(fd, data, ...rest);
    fs.writeSync(fd, String(data).slice(0, 100));
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  }) as typeof fs.writeSync;
  return { ...fs, default: { ...fs, writeSync }, writeSync };
});

const loaded = loadScenario('taiwan-strait-crisis');
if (!loaded.ok) throw new Error(loaded.issues[0].message);
const scenario = loaded.value;

/**
 * Two turns of a seminar: the White cell queues an event and sets PHL -> CHN for turn 1 (edits in
 * the journal); a human plays Japan; after turn 2 an injection waits in the queue.
 */
function seminar(): Game {
  let g = newGame(scenario, 'taiwan-strait-crisis', '3', ['JPN']);
  g = editQueue(g, 'inject senkaku-patrols', (q) => void q.inject.push({ event: 'senkaku-patrols' }));
  g = editQueue(
    g,
    'adjust PHL->CHN',
    (q) =>
      void q.effects.push({
        kind: 'alignment',
        from: 'PHL',
        to: 'CHN',
        amount: -0.5,
        set: true,
        cause: { type: 'adjudication', id: 'white-cell', note: 'the ramming' },
      }),
  );
  g = advance(g, { actions: { JPN: [] } });
  g = advance(g, {});
  g = editQueue(g, 'inject senkaku-patrols', (q) => void q.inject.push({ event: 'senkaku-patrols' }));
  return { ...g, notes: [{ turn: 1, text: 'Pause for questions.' }] };
}
const game = seminar();
const save: SaveFile = toSave(game);
const text = saveText(save);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'seastate-save-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const edited = (change: (s: Record<string, unknown>) => void) => {
  const s = JSON.parse(text) as Record<string, unknown>;
  change(s);
  return JSON.stringify(s, null, 1);
};

interface Fixture {
  name: string;
  /** Also run through the CLI (each spawn costs a second or more, so not every truncation is). */
  cli?: false;
  /** The file's content; a directory for `dir`, nothing for `missing`. */
  content: string | Buffer | 'dir' | 'missing';
  code: string;
  /** What the message must say. */
  says: RegExp;
  /** Where in the file it must point, when that is part of what is tested. */
  at?: string;
}

const garbage = Buffer.from(Array.from({ length: 600 }, (_, k) => (k * 7919 + 13) % 256));
const fixtures: Fixture[] = [
  ...[1, 40, Math.floor(text.length / 3), Math.floor(text.length / 2), text.length - 4].map((at, k): Fixture => ({
    name: `truncated at byte ${at}`,
    content: text.slice(0, at),
    code: 'save/corrupt',
    says: /cut off or corrupted/,
    ...(k % 2 ? {} : { cli: false as const }),
  })),
  { name: 'empty', content: '', code: 'file/empty', says: /empty/ },
  { name: 'binary garbage', content: garbage, code: 'file/binary', says: /binary/ },
  { name: 'a JSON array', content: '[1, 2, 3]\n', code: 'save/not_a_save', says: /not a seastate save/ },
  {
    name: 'wrong format',
    content: edited((s) => (s.format = 'seastate-state')),
    code: 'save/not_a_save',
    says: /not a seastate save/,
  },
  {
    name: 'version 3',
    content: edited((s) => (s.version = 3)),
    code: 'save/version',
    says: /save version 3 is not supported/,
  },
  {
    name: 'version 1 with a journal',
    content: edited((s) => (s.version = 1)),
    code: 'save/version',
    says: /a version 1 save has no queue or edits/,
    cli: false,
  },
  {
    name: 'an edited White-cell edit',
    content: edited(
      (s) => ((s.edits as { patches: { value: { amount: number } }[] }[])[1].patches[0].value.amount = 0.9),
    ),
    code: 'save/mismatch',
    says: /the White-cell edits before turn 1 do not give the inputs its log records/,
    at: 'edits[2]',
  },
  {
    name: 'an edit that reaches a prototype',
    content: edited((s) => ((s.edits as { patches: { path: unknown[] }[] }[])[0].patches[0].path = ['__proto__', 'x'])),
    code: 'schema/custom',
    says: /a reserved name/,
    at: 'edits[0].patches[0].path[0]',
  },
  {
    name: 'a queue the journal does not give',
    content: edited((s) => ((s.queue as { inject: unknown[] }).inject = [])),
    code: 'save/mismatch',
    says: /the queue differs from what the White-cell edits leave/,
    at: 'queue',
    cli: false,
  },
  {
    name: 'an unknown key',
    content: edited((s) => (s.speed = 3)),
    code: 'schema/unrecognized_keys',
    says: /unknown key "speed"/,
  },
  {
    name: 'a __proto__ key',
    content: text.replace('"seed"', '"__proto__": {"polluted": true},\n "seed"'),
    code: 'save/corrupt',
    says: /"__proto__" is not allowed/,
  },
  {
    name: 'an edited hash',
    content: edited(
      (s) => ((s.hashes as string[])[1] = (s.hashes as string[])[1].replace(/.$/, (c) => (c === '0' ? '1' : '0'))),
    ),
    code: 'save/mismatch',
    says: /replaying turn 2 gives state/,
  },
  {
    name: 'an edited seed',
    content: edited((s) => (s.seed = '4')),
    code: 'save/mismatch',
    says: /initial state differs/,
  },
  {
    name: 'an input naming an unknown actor',
    content: edited((s) => ((s.log as { inputs: Record<string, unknown> }[])[0].inputs.actions = { XYZ: [] })),
    code: 'save/bad_inputs',
    says: /XYZ/,
  },
  {
    name: 'an inject of an unknown event',
    content: edited(
      (s) => ((s.log as { inputs: Record<string, unknown> }[])[0].inputs.inject = [{ event: 'alien-landing' }]),
    ),
    code: 'save/bad_inputs',
    says: /no event "alien-landing"/,
  },
  {
    name: 'a log turn beyond `turn`',
    content: edited((s) => (s.log as unknown[]).push({ turn: 3, inputs: {} })),
    code: 'save/inconsistent',
    says: /log turns must rise and stay within/,
  },
  { name: 'a directory', content: 'dir', code: 'file/unreadable', says: /is a directory/ },
  { name: 'a missing file', content: 'missing', code: 'file/unreadable', says: /no such file/ },
  {
    name: 'a 3 MB file',
    content: edited((s) => (s.notes = [{ turn: 0, text: 'x'.repeat(3_000_000) }])),
    code: 'file/too_large',
    says: /limit/,
  },
];

const PAST = new Date('2020-01-02T03:04:05Z');
interface Snapshot {
  /** SHA-256 of the bytes (comparing 3 MB buffers element by element takes vitest seconds). */
  sha256?: string;
  mtimeMs?: number;
  entries?: string[];
}
const files = new Map<string, string>();
const snapshots = new Map<string, Snapshot>();

function snapshot(file: string): Snapshot {
  if (!existsSync(file)) return {};
  const st = statSync(file);
  return st.isDirectory()
    ? { mtimeMs: st.mtimeMs, entries: readdirSync(file) }
    : { sha256: createHash('sha256').update(readFileSync(file)).digest('hex'), mtimeMs: st.mtimeMs };
}

beforeAll(() => {
  fixtures.forEach((f, k) => {
    const file = path.join(dir, `broken-${k}.json`);
    if (f.content === 'dir') {
      mkdirSync(file);
      writeFileSync(path.join(file, 'inside.txt'), 'keep me');
    } else if (f.content !== 'missing') writeFileSync(file, f.content);
    if (f.content !== 'missing') utimesSync(file, PAST, PAST);
    files.set(f.name, file);
    snapshots.set(f.name, snapshot(file));
  });
});

describe('broken saves, loaded in-process', () => {
  it('builds a base save that loads (so each fixture breaks one thing)', () => {
    const file = path.join(dir, 'base.json');
    writeFileSync(file, text);
    const g = loadGame(file);
    expect(g.ok).toBe(true);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))(
    '%s: refused with one issue naming the file, and left untouched',
    (_, f) => {
      const file = files.get(f.name)!;
      const g = loadGame(file);
      expect(g.ok).toBe(false);
      if (g.ok) return;
      expect(g.issues).toHaveLength(1);
      const issue = g.issues[0];
      expect(issue.code).toBe(f.code);
      expect(issue.file).toBe(file);
      expect(issue.message).toMatch(f.says);
      if (f.at !== undefined) expect(issue.path).toBe(f.at);
      expect(formatIssue(issue).startsWith(file)).toBe(true);
      // readSave alone sees the structural problems; the replay problems need loadGame.
      const structural = !['save/mismatch', 'save/bad_inputs'].includes(f.code);
      expect(readSave(file).ok).toBe(!structural);
      expect(snapshot(file)).toEqual(snapshots.get(f.name));
    },
  );
});

describe('broken saves, through the CLI (`seastate replay FILE`)', () => {
  const viaCli = fixtures.filter((f) => f.cli !== false);
  let results: CliResult[] = [];
  beforeAll(async () => {
    results = await cliMany(
      viaCli.map((f) => ['replay', files.get(f.name)!]),
      3,
    );
  }, 120_000);

  it.each(viaCli.map((f, k) => [f.name, f, k] as const))(
    '%s: exit 2, one message naming the file, no stack, file untouched',
    (_, f, k) => {
      const file = files.get(f.name)!;
      const r = results[k];
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^seastate: /);
      expect(lines[0]).toContain(file);
      expect(lines[0]).toMatch(f.says);
      expect(hasStack(r.stderr)).toBe(false);
      expect(snapshot(file)).toEqual(snapshots.get(f.name));
    },
  );
});

describe('messages', () => {
  it('an edited hash is reported with the two hashes told apart', () => {
    // Fails today: fromSave prints the first 12 hex digits of each, which are the same when the
    // edit is further in (as here, the last digit), so the user reads "gives X… but records X…".
    const g = loadGame(files.get('an edited hash')!);
    expect(g.ok).toBe(false);
    const m = !g.ok && /gives state (\S+) but the save records (\S+) /.exec(g.issues[0].message);
    expect(m).toBeTruthy();
    if (m) expect(m[1]).not.toBe(m[2]);
  });
});

describe('a save round-trips', () => {
  it('toSave -> saveText -> write -> loadGame gives the same game', () => {
    const file = path.join(dir, 'round-trip.json');
    writeAtomic(file, text);
    const g = loadGame(file);
    if (!g.ok) throw new Error(g.issues.map(formatIssue).join('\n'));
    expect(g.value.hashes).toEqual(game.hashes);
    expect(stateHash(g.value.sim.rules, current(g.value))).toBe(stateHash(game.sim.rules, current(game)));
    expect(g.value.humans).toEqual(['JPN']);
    expect(g.value.notes).toEqual(game.notes);
    expect(current(g.value).log).toEqual(current(game).log);
    expect(save.log.map((l) => l.turn)).toEqual([1]);
    expect(g.value.queue).toEqual({ inject: [{ event: 'senkaku-patrols' }], effects: [] });
    expect(g.value.edits).toEqual(game.edits);
  });

  it('undo after loading takes back what it would have taken back before saving: the queue, then turn 2, then turn 1 with its queue', () => {
    const file = path.join(dir, 'undo.json');
    writeAtomic(file, text);
    const g = loadGame(file);
    if (!g.ok) throw new Error(g.issues.map(formatIssue).join('\n'));
    let a: Game = game;
    let b: Game = g.value;
    const undone: string[] = [];
    for (let k = 0; k < 4; k++) {
      const ra = undoLast(a)!;
      const rb = undoLast(b)!;
      expect(rb.undone).toBe(ra.undone);
      expect(rb.game.hashes).toEqual(ra.game.hashes);
      expect(rb.game.queue).toEqual(ra.game.queue);
      undone.push(rb.undone);
      a = ra.game;
      b = rb.game;
    }
    expect(undone).toEqual([
      'inject senkaku-patrols',
      'turn 2',
      'turn 1; its White-cell inputs are queued again',
      'adjust PHL->CHN',
    ]);
    expect(b.queue.inject).toEqual([{ event: 'senkaku-patrols' }]);
    expect(b.queue.effects).toEqual([]);
    expect(b.states).toHaveLength(1);
  });

  it('a version 1 save (no queue, no journal) still loads, and is written back as version 2', () => {
    const v1 = JSON.parse(text) as Record<string, unknown>;
    v1.version = 1;
    delete v1.queue;
    delete v1.edits;
    const file = path.join(dir, 'v1.json');
    writeAtomic(file, JSON.stringify(v1, null, 1));
    const g = loadGame(file);
    if (!g.ok) throw new Error(g.issues.map(formatIssue).join('\n'));
    expect(g.value.hashes).toEqual(game.hashes);
    expect(g.value.edits).toEqual([]);
    expect(toSave(g.value).version).toBe(2);
    // Without a journal, undo still takes turns back (their queues are not known).
    expect(undoLast(g.value)!.undone).toBe('turn 2');
  });

  it('saved again after loading, gives the same text (saves diff cleanly)', () => {
    // Fails today: loading passes the log through zod, which rebuilds each object in schema key order,
    // so the inputs of the turns before the load are written back with their keys reordered.
    const file = path.join(dir, 'resave.json');
    writeAtomic(file, text);
    const g = loadGame(file);
    if (!g.ok) throw new Error(g.issues.map(formatIssue).join('\n'));
    expect(saveText(toSave(g.value))).toBe(text);
  });
});

describe('writeAtomic', () => {
  const fresh = () => mkdtempSync(path.join(dir, 'w-'));

  it('writes the text and leaves no temporary file', () => {
    const d = fresh();
    const file = path.join(d, 'game.json');
    writeAtomic(file, text);
    expect(readFileSync(file, 'utf8')).toBe(text);
    writeAtomic(file, 'second\n');
    expect(readFileSync(file, 'utf8')).toBe('second\n');
    expect(readdirSync(d)).toEqual(['game.json']);
  });

  it('throws for a directory that does not exist, creating nothing', () => {
    const d = fresh();
    const file = path.join(d, 'no-such-dir', 'game.json');
    expect(() => writeAtomic(file, text)).toThrow(/ENOENT/);
    expect(existsSync(path.dirname(file))).toBe(false);
    expect(readdirSync(d)).toEqual([]);
  });

  it('throws when the target is a directory, leaving it and its contents alone', () => {
    const d = fresh();
    const target = path.join(d, 'game.json');
    mkdirSync(target);
    writeFileSync(path.join(target, 'inside.txt'), 'keep me');
    expect(() => writeAtomic(target, text)).toThrow();
    expect(statSync(target).isDirectory()).toBe(true);
    expect(readFileSync(path.join(target, 'inside.txt'), 'utf8')).toBe('keep me');
    expect(readdirSync(d)).toEqual(['game.json']);
  });

  it('never leaves a half-written target: a disk that fills up mid-write keeps the old save whole', () => {
    const d = fresh();
    const file = path.join(d, 'game.json');
    writeFileSync(file, text);
    fault.diskFull = true;
    try {
      expect(() => writeAtomic(file, 'a new save that will not fit\n'.repeat(20))).toThrow(/ENOSPC/);
    } finally {
      fault.diskFull = false;
    }
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(readdirSync(d)).toEqual(['game.json']);
  });

  it('is not blocked by a temporary file a crashed earlier process left under the same pid', () => {
    // Pids repeat (in containers the CLI often gets the same one every run), and the temp name is
    // `.NAME.PID.tmp` opened with 'wx': one crash mid-save would make every later save there fail.
    const d = fresh();
    const file = path.join(d, 'game.json');
    writeFileSync(file, 'old\n');
    writeFileSync(path.join(d, `.game.json.${process.pid}.tmp`), 'half a save from a crash');
    writeAtomic(file, text);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
