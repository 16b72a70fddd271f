/** `seastate sources [--actor ID] [--check]`: the provenance of every number in the default data, and its check against the dataset extracts. */
import path from 'node:path';
import { checkRegistry, checkValues, loadDatasets, type CitedValue } from '../../scenarios/datasets';
import { builtinIds, loadScenario } from '../../scenarios/registry';
import { DATA_DIR, type ProvenanceEntry } from '../../scenarios/world';
import type { Source } from '../../scenarios/world-schema';
import { InputError, issuesError } from '../errors';
import type { Io } from '../io';

export interface SourcesOptions {
  actor?: string;
  scenario: string;
  json?: boolean;
  check?: boolean;
  /** The folder of extracts and records (data/datasets/ unless a test names another). */
  datasetsDir?: string;
}

function fmtValue(v: number | null, shows?: string): string {
  return v !== null ? String(v) : (shows ?? 'fact');
}

function line(e: ProvenanceEntry): string {
  const who = e.actors.length ? ` (${e.actors.join(', ')})` : '';
  return `${e.file} ${e.path}${who} = ${fmtValue(e.value, e.shows)}  [${e.source}] ${e.fact}${e.rationale ? `  Rationale: ${e.rationale}` : ''}`;
}

/** Print the provenance of the data (one line per cited value); returns the exit code. */
export function sourcesCommand(opts: SourcesOptions, io: Io): number {
  if (opts.check && opts.actor)
    throw new InputError(
      "--check checks every dataset figure; drop --actor (or use `sources --actor ID` to list one actor's values)",
    );
  if (opts.check) return checkCommand(opts, io);
  const loaded = loadScenario(opts.scenario);
  if (!loaded.ok) throw issuesError(loaded.issues);
  const { world, provenance } = loaded.value;
  let entries = [...world.provenance, ...provenance];
  let basis = world.alignmentBasis;
  if (opts.actor) {
    const id = opts.actor.toUpperCase();
    if (!world.actors.some((a) => a.id === id))
      throw new InputError(`--actor: no actor "${opts.actor}" (actors: ${world.actors.map((a) => a.id).join(', ')})`);
    entries = entries.filter((e) => e.actors.includes(id));
    basis = basis.filter((b) => b.from === id);
  }
  const used = new Set(entries.map((e) => e.source));
  const sources = world.sources.filter((s) => used.has(s.id));
  if (opts.json) {
    io.out(
      JSON.stringify({ values: entries, alignmentBasis: opts.actor ? basis : undefined, sources }, null, 2) + '\n',
    );
    return 0;
  }
  io.out(entries.map(line).join('\n') + '\n');
  if (opts.actor) {
    io.out(
      `\nInitial alignment of ${opts.actor.toUpperCase()} toward each actor, and how it was built (data/alignment.yaml):\n`,
    );
    for (const b of basis)
      io.out(`  → ${b.to.padEnd(4)} ${b.value >= 0 ? '+' : ''}${b.value.toFixed(3)}  ${b.parts.join('; ')}\n`);
  }
  io.out(`\n${entries.length} cited values and facts from ${sources.length} sources:\n`);
  const records = sources.some((s) => s.dataset)
    ? loadDatasets(opts.datasetsDir ?? path.join(DATA_DIR, 'datasets'))
    : undefined;
  if (records && !records.ok) throw issuesError(records.issues);
  for (const s of sources) {
    const where = s.file ? ` (shared/seeds/${s.file})` : s.year ? ` (${s.year})` : '';
    io.out(`  ${s.id}: ${s.kind}, ${s.title}${where}${s.citation ? `. ${s.citation}` : ''}\n`);
    const rec = records?.ok ? records.value.records.find((r) => r.id === s.dataset) : undefined;
    if (rec)
      io.out(
        `      extract ${rec.extracts.map((e) => `data/datasets/${e.file}`).join(', ')}, from ${rec.raw.map((r) => `github:${r.repo} ${r.path} @${r.commit.slice(0, 10)}`).join('; ')}; licence: ${rec.licence}\n`,
      );
  }
  return 0;
}

/** Where a cited value is, for a message: `data/actors.yaml actors[1].capabilities.military (CHN)`. */
function where(e: CitedValue): string {
  return `${e.file} ${e.path}${e.actors.length ? ` (${e.actors.join(', ')})` : ''}`;
}

/**
 * `sources --check`: every number that rests on a dataset, in the default data and in every built-in
 * scenario (or in --scenario's alone), against its extract in data/datasets/. Exit 1 naming each
 * mismatch; 0 when all match.
 */
function checkCommand(opts: SourcesOptions, io: Io): number {
  const datasets = loadDatasets(opts.datasetsDir ?? path.join(DATA_DIR, 'datasets'));
  if (!datasets.ok) throw issuesError(datasets.issues);
  const ids = opts.scenario === 'default' ? builtinIds() : [opts.scenario];
  const entries = new Map<string, ProvenanceEntry>();
  let sources: Source[] = [];
  for (const id of ids) {
    const loaded = loadScenario(id);
    if (!loaded.ok) throw issuesError(loaded.issues);
    for (const e of [...loaded.value.world.provenance, ...loaded.value.provenance])
      entries.set(`${e.file}\0${e.path}`, e);
    sources = loaded.value.world.sources;
  }
  const { rules, read, records } = datasets.value;
  const registry = checkRegistry(sources, records, rules);
  const { checked, judged, problems } = checkValues([...entries.values()], sources, rules, read);
  const failures = registry.length + problems.length;
  if (opts.json) {
    const json = {
      checked: checked.map((c) => ({ ...cited(c.entry), cell: c.cell, raw: c.raw })),
      judged: judged.map((e) => ({ ...cited(e), rationale: e.rationale })),
      problems: [
        ...registry.map((message) => ({ message })),
        ...problems.map((p) => ({ ...cited(p.entry), message: p.message })),
      ],
    };
    io.out(JSON.stringify(json, null, 2) + '\n');
    return failures ? 1 : 0;
  }
  for (const m of registry) io.out(`${m}\n`);
  for (const p of problems) io.out(`${where(p.entry)}: ${p.message}\n`);
  const extracts = new Set(checked.map((c) => c.cell.slice(0, c.cell.indexOf('['))));
  const used = records.filter((r) => r.extracts.some((e) => extracts.has(e.file))).length;
  io.out(
    `${checked.length} dataset figures checked against ${extracts.size} extract files of ${used} datasets (data/datasets/ holds ${records.length}); ` +
      `${judged.length} more values are judged from datasets' facts (each with its rationale)` +
      (failures ? `; ${failures} ${failures === 1 ? 'problem' : 'problems'}\n` : '. Every figure matches.\n'),
  );
  return failures ? 1 : 0;
}

/** A cited value's identifying fields, for JSON. */
function cited(e: CitedValue): CitedValue {
  return { file: e.file, path: e.path, actors: e.actors, value: e.value, source: e.source };
}
