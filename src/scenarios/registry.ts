/**
 * Built-in scenarios, and loading a scenario by id or path into something the engine can start:
 * read (size limits, positions), validate (zod, strict), compile (ids, ranges, expressions).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { WorldSpec } from '../engine';
import type { ScenarioRules } from '../engine';
import { compileScenario } from './compile';
import { lintExpressions } from './expr-lint';
import type { LoadIssue, Loaded } from './issues';
import type { Patch } from 'immer';
import { applySets, blameSets, type SetOverride } from './overrides';
import { ScenarioSpec } from './scenario-schema';
import { DATA_DIR, loadWorld, type ProvenanceEntry, type World } from './world';
import { snapshotSpec } from './scenario-snapshot';
import { lazyParsed, parseYamlText, readTextFile, validate, type ParsedFile } from './yaml-file';

/** Where the built-in scenario files live. */
export const SCENARIO_DIR = path.join(DATA_DIR, 'scenarios');

export interface Scenario {
  id: string;
  title: string;
  description: string;
  file: string;
  header: ScenarioSpec;
  world: World;
  rules: ScenarioRules;
  warnings: LoadIssue[];
  /** Provenance of the scenario's own numbers. */
  provenance: ProvenanceEntry[];
  /** The engine spec for a given seed. */
  spec(seed: string): WorldSpec;
  /** The `--set` overrides applied to the file, in order (none when loaded as written). */
  sets: SetOverride[];
  /** What those overrides changed in the file's data, as immer patches (op, path, value). */
  changes: Patch[];
}

/** Ids of the built-in scenarios, sorted. */
export function builtinIds(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Whether an argument names a file rather than a built-in id. */
export function looksLikePath(arg: string): boolean {
  return arg.includes('/') || arg.includes('\\') || /\.(ya?ml|json)$/i.test(arg);
}

/**
 * Load a built-in scenario by id, or a scenario file by path; with `sets`, change values first
 * (src/scenarios/overrides.ts), checked as if written in the file and reported against the flag.
 */
export function loadScenario(idOrPath: string, world?: World, sets: readonly SetOverride[] = []): Loaded<Scenario> {
  let file: string;
  let label: string;
  if (looksLikePath(idOrPath)) {
    file = idOrPath;
    label = idOrPath;
  } else {
    const ids = builtinIds();
    if (!ids.includes(idOrPath))
      return {
        ok: false,
        issues: [
          {
            code: 'scenario/unknown',
            file: idOrPath,
            path: '',
            message: `no built-in scenario "${idOrPath}" (built-ins: ${ids.join(', ')}; or give a path to a .yaml file)`,
          },
        ],
      };
    file = path.join(SCENARIO_DIR, `${idOrPath}.yaml`);
    label = path.relative(process.cwd(), file);
  }
  const text = readTextFile(file, label);
  if (!text.ok) return text;
  // Text that a snapshot was made of is that snapshot, validated (scenario-snapshot.ts).
  const known = sets.length ? undefined : snapshotSpec(text.value);
  const read: Loaded<ParsedFile> = known
    ? { ok: true, value: lazyParsed(label, () => parseYamlText(text.value, label)) }
    : parseYamlText(text.value, label);
  if (!read.ok) return read;
  let w = world;
  if (!w) {
    const lw = loadWorld();
    if (!lw.ok) return lw;
    w = lw.value;
  }
  if (known) return compiled(known, read.value, label, w);
  if (sets.length) {
    // The file must be sound as written, so that every later problem is the overrides'.
    const plain = load(read.value, label, w);
    if (!plain.ok) return plain;
    const applied = applySets(read.value.data, sets);
    if (!applied.ok) return applied;
    const changed = load({ ...read.value, data: applied.data }, label, w);
    if (!changed.ok) return { ok: false, issues: blameSets(changed.issues, sets, applied.paths) };
    return { ok: true, value: { ...changed.value, sets: [...sets], changes: applied.changes } };
  }
  return load(read.value, label, w);
}

function load(parsed: ParsedFile, label: string, w: World): Loaded<Scenario> {
  const v = validate(parsed, ScenarioSpec);
  if (!v.ok) {
    // Report expression mistakes too, not only the structural ones, in the order of the file.
    const more = lintExpressions(parsed, w).filter((i) => !v.issues.some((j) => j.path === i.path));
    const all = [...v.issues, ...more].sort(
      (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
    );
    return { ok: false, issues: all };
  }
  return compiled(v.value, parsed, label, w);
}

/** A validated scenario compiled against the world (positions for messages from `parsed`). */
function compiled(header: ScenarioSpec, parsed: ParsedFile, label: string, w: World): Loaded<Scenario> {
  const c = compileScenario(header, parsed, w);
  if (!c.ok) return c;
  return {
    ok: true,
    value: {
      id: header.id,
      title: header.title,
      description: header.description,
      file: label,
      header,
      world: w,
      provenance: c.value.provenance,
      rules: c.value.rules,
      warnings: c.value.warnings,
      spec: c.value.spec,
      sets: [],
      changes: [],
    },
  };
}
