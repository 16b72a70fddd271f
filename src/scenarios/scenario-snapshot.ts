/**
 * Scenario snapshots: each built-in scenario file as validated, written by `npm run build` into
 * dist/scenarios/ under the SHA-256 of the file's bytes, beside the code that validated it. Parsing
 * a scenario's YAML with every position kept, and validating it, is about a sixth of a command's
 * start-up (a `run` of the Taiwan crisis: some 110 of 660 ms of CPU); a file whose bytes hash to a
 * snapshot is that snapshot exactly, so it is compiled from it without either. Any edit changes the
 * hash and the file is parsed and validated as before; positions for a message about a snapshotted
 * file are parsed from its text only when a message needs them. As with the world snapshot, only
 * the compiled build reads these, and SEASTATE_NO_SNAPSHOT=1 turns them off.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ROOT } from '../root';
import { ScenarioSpec } from './scenario-schema';
import { useSnapshot } from './world';
import { parseYamlText, validate } from './yaml-file';

const SNAPSHOT_DIR = path.join(ROOT, 'dist', 'scenarios');
const FORMAT = 'seastate-scenario-snapshot';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The validated scenario a file's text stands for, if a snapshot of exactly that text exists. */
export function snapshotSpec(text: string, dir = SNAPSHOT_DIR, inUse = useSnapshot()): ScenarioSpec | undefined {
  if (!inUse) return undefined;
  const sha = sha256(text);
  let snap: { format?: unknown; sha256?: unknown; spec?: unknown };
  try {
    snap = JSON.parse(readFileSync(path.join(dir, `${sha}.json`), 'utf8'));
  } catch {
    return undefined;
  }
  return snap.format === FORMAT && snap.sha256 === sha && snap.spec !== null && typeof snap.spec === 'object'
    ? (snap.spec as ScenarioSpec)
    : undefined;
}

/**
 * The snapshot of a scenario file's text, or why there is none: text that does not parse or
 * validate gets none (its messages come from the file), nor does a validated value that JSON
 * would not carry exactly.
 */
export function scenarioSnapshotOf(
  text: string,
  label: string,
): { ok: true; sha256: string; text: string } | { ok: false; why: string } {
  const parsed = parseYamlText(text, label);
  if (!parsed.ok) return { ok: false, why: parsed.issues[0].message };
  const v = validate(parsed.value, ScenarioSpec);
  if (!v.ok) return { ok: false, why: `${v.issues[0].path}: ${v.issues[0].message}` };
  const sha = sha256(text);
  const json = JSON.stringify({ format: FORMAT, sha256: sha, spec: v.value });
  if (!isDeepStrictEqual(JSON.parse(json).spec, v.value))
    return { ok: false, why: 'the validated scenario does not survive JSON exactly' };
  return { ok: true, sha256: sha, text: json };
}

/** Write the snapshots of the given scenario files into dist/scenarios/ (scripts/build.mjs runs this). */
export function writeScenarioSnapshots(files: readonly string[], dir = SNAPSHOT_DIR): string[] {
  mkdirSync(dir, { recursive: true });
  const notes: string[] = [];
  let written = 0;
  for (const file of files) {
    const label = path.relative(ROOT, file);
    const snap = scenarioSnapshotOf(readFileSync(file, 'utf8'), label);
    if (!snap.ok) {
      notes.push(`no snapshot of ${label} (it is parsed on every load): ${snap.why}`);
      continue;
    }
    writeFileSync(path.join(dir, `${snap.sha256}.json`), snap.text);
    written++;
  }
  return [`wrote ${written} scenario snapshots into ${path.relative(ROOT, dir)}/`, ...notes];
}
