/** `seastate sources [--actor ID]`: the provenance of every number in the default data. */
import { loadScenario } from '../../scenarios/registry';
import type { ProvenanceEntry } from '../../scenarios/world';
import { InputError, issuesError } from '../errors';
import type { Io } from '../io';

export interface SourcesOptions {
  actor?: string;
  scenario: string;
  json?: boolean;
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
    io.out(JSON.stringify({ values: entries, alignmentBasis: opts.actor ? basis : undefined, sources }, null, 2) + '\n');
    return 0;
  }
  io.out(entries.map(line).join('\n') + '\n');
  if (opts.actor) {
    io.out(`\nInitial alignment of ${opts.actor.toUpperCase()} toward each actor, and how it was built (data/alignment.yaml):\n`);
    for (const b of basis) io.out(`  → ${b.to.padEnd(4)} ${b.value >= 0 ? '+' : ''}${b.value.toFixed(3)}  ${b.parts.join('; ')}\n`);
  }
  io.out(`\n${entries.length} cited values and facts from ${sources.length} sources:\n`);
  for (const s of sources) {
    const where = s.file ? ` (shared/seeds/${s.file})` : s.year ? ` (${s.year})` : '';
    io.out(`  ${s.id}: ${s.kind}, ${s.title}${where}${s.citation ? `. ${s.citation}` : ''}\n`);
  }
  return 0;
}
