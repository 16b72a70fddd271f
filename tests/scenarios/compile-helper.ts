/** Compile scenario YAML text in memory, for tests. */
import { compileScenario, type CompiledScenario } from '../../src/scenarios/compile';
import { formatIssue, type LoadIssue } from '../../src/scenarios/issues';
import { ScenarioSpec } from '../../src/scenarios/scenario-schema';
import { loadWorld, type World } from '../../src/scenarios/world';
import { parseYamlText, validate } from '../../src/scenarios/yaml-file';

let cached: World | undefined;
export function world(): World {
  if (!cached) {
    const w = loadWorld();
    if (!w.ok) throw new Error(w.issues.map(formatIssue).join('\n'));
    cached = w.value;
  }
  return cached;
}

export function compileText(
  text: string,
  label = 'test.yaml',
): { ok: true; value: CompiledScenario } | { ok: false; issues: LoadIssue[] } {
  const p = parseYamlText(text, label);
  if (!p.ok) return p;
  const v = validate(p.value, ScenarioSpec);
  if (!v.ok) return v;
  return compileScenario(v.value, p.value, world());
}

export function compileOrThrow(text: string): CompiledScenario {
  const r = compileText(text);
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
  return r.value;
}

/** A scenario header on a small world with every dynamics term off. */
export const SMALL = `
id: t
title: Test scenario
description: A test.
startDate: "2024-01-01"
turnMonths: 1
turns: 1000
actors: { include: [USA, CHN, JPN, PHL] }
model: { weights: { influence: 0, balance: 0, threat: 0, noise: 0, arms: 0, residual: 0 } }
`;
