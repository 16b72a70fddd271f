/**
 * Built-in scenarios and loading a scenario by id or path into something the engine can start.
 * A scenario file here is the header (dates, turns, ladders); issue by issue it grows into the
 * full format of docs/SCENARIOS.md.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { WorldSpec } from '../engine';
import type { LoadIssue, Loaded } from './issues';
import { ScenarioFile } from './model-schema';
import { DATA_DIR, loadWorld, type ProvenanceEntry, type World } from './world';
import { readYamlFile, validate, positionOf } from './yaml-file';
import { pathString } from './issues';

/** Where the built-in scenario files live. */
export const SCENARIO_DIR = path.join(DATA_DIR, 'scenarios');

export interface Scenario {
  id: string;
  title: string;
  description: string;
  file: string;
  header: ScenarioFile;
  world: World;
  /** Provenance of the scenario's own numbers. */
  provenance: ProvenanceEntry[];
  /** The engine spec for a given seed. */
  spec(seed: string): WorldSpec;
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

/** Load a built-in scenario by id, or a scenario file by path. */
export function loadScenario(idOrPath: string, world?: World): Loaded<Scenario> {
  let file: string;
  let label: string;
  if (looksLikePath(idOrPath)) {
    file = idOrPath;
    label = idOrPath;
  } else {
    const ids = builtinIds();
    if (!ids.includes(idOrPath))
      return { ok: false, issues: [{ code: 'scenario/unknown', file: idOrPath, path: '', message: `no built-in scenario "${idOrPath}" (built-ins: ${ids.join(', ')}; or give a path to a .yaml file)` }] };
    file = path.join(SCENARIO_DIR, `${idOrPath}.yaml`);
    label = path.relative(process.cwd(), file);
  }
  const read = readYamlFile(file, label);
  if (!read.ok) return read;
  const v = validate(read.value, ScenarioFile);
  if (!v.ok) return v;
  const header = v.value;
  let w = world;
  if (!w) {
    const lw = loadWorld();
    if (!lw.ok) return lw;
    w = lw.value;
  }
  const ids = new Set(w.actors.map((a) => a.id));
  const issues: LoadIssue[] = [];
  const provenance: ProvenanceEntry[] = [];
  const checkLevel = (level: number, p: (string | number)[]) => {
    if (level < 0 || level > w!.params.ladder.max) {
      const pos = positionOf(read.value, p);
      issues.push({ code: 'scenario/out_of_range', file: label, line: pos?.line, column: pos?.column, path: pathString(p), message: `a ladder level between 0 and ${w!.params.ladder.max}, found ${level}` });
    }
  };
  if (header.ladders) {
    checkLevel(header.ladders.global.value, ['ladders', 'global', 'value']);
    header.ladders.dyads.forEach((d, k) => checkLevel(d.level.value, ['ladders', 'dyads', k, 'level', 'value']));
    provenance.push({ file: label, path: 'ladders.global', actors: [], value: header.ladders.global.value, source: header.ladders.global.source, fact: header.ladders.global.fact, rationale: header.ladders.global.rationale });
    header.ladders.dyads.forEach((d, k) => {
      for (const side of ['a', 'b'] as const)
        if (!ids.has(d[side])) {
          const p = ['ladders', 'dyads', k, side];
          const pos = positionOf(read.value, p);
          issues.push({ code: 'scenario/unknown_actor', file: label, line: pos?.line, column: pos?.column, path: pathString(p), message: `unknown actor "${d[side]}"` });
        }
      provenance.push({ file: label, path: `ladders.dyads[${k}].level`, actors: [d.a, d.b], value: d.level.value, source: d.level.source, fact: d.level.fact, rationale: d.level.rationale });
    });
  }
  if (issues.length) return { ok: false, issues };
  const world_ = w;
  return {
    ok: true,
    value: {
      id: header.id,
      title: header.title,
      description: header.description,
      file: label,
      header,
      world: world_,
      provenance,
      spec: (seed) => ({
        scenario: header.id,
        seed,
        startDate: header.startDate,
        turnMonths: header.turnMonths,
        turns: header.turns,
        actors: world_.actors,
        groups: world_.groups,
        alignment: world_.alignment,
        proximity: world_.proximity,
        params: world_.params,
        ladders: {
          global: header.ladders?.global.value ?? 0,
          dyads: (header.ladders?.dyads ?? []).map((d) => ({ id: d.id, a: d.a, b: d.b, level: d.level.value })),
        },
      }),
    },
  };
}
