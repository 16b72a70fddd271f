/**
 * `npm run data:extract [ID...]`: rebuild the dataset extracts in data/datasets/ from the raw files
 * in data/datasets/raw/<id>/, where they are present. Each raw file's sha256 must equal the one its
 * provenance record (data/datasets/<id>.yaml) names, so an extract is always made from the file the
 * record describes. A dataset whose raw files are absent is skipped with a note saying where to get
 * them; nothing is written unless every raw file of that dataset checks.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Extractor } from './datasets/types';

const DIR = join(import.meta.dirname, '..', 'data', 'datasets');

interface RawRecord { name: string; repo: string; path: string; commit: string; sha256: string }

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const ids = readdirSync(join(import.meta.dirname, 'datasets'))
    .filter((f) => f.endsWith('.ts') && f !== 'types.ts')
    .map((f) => f.slice(0, -3))
    .filter((id) => wanted.length === 0 || wanted.includes(id))
    .sort();
  const unknown = wanted.filter((w) => !ids.includes(w));
  if (unknown.length) {
    console.error(`data:extract: no extractor for ${unknown.join(', ')} (have: ${ids.join(', ')})`);
    return 2;
  }
  let failed = 0;
  for (const id of ids) {
    const record = parse(readFileSync(join(DIR, `${id}.yaml`), 'utf8')) as { raw: RawRecord[] };
    const rawDir = join(DIR, 'raw', id);
    const missing = record.raw.filter((r) => !existsSync(join(rawDir, r.name)));
    if (missing.length) {
      console.log(`${id}: skipped; raw file(s) absent: ${missing.map((r) => `${r.name} (github:${r.repo} ${r.path} at ${r.commit})`).join('; ')}`);
      continue;
    }
    const bad = record.raw.filter((r) => createHash('sha256').update(readFileSync(join(rawDir, r.name))).digest('hex') !== r.sha256);
    if (bad.length) {
      console.error(`${id}: raw file(s) differ from data/datasets/${id}.yaml's sha256: ${bad.map((r) => r.name).join(', ')}; nothing written`);
      failed++;
      continue;
    }
    const mod = (await import(`./datasets/${id}.ts`)) as { extractor: Extractor };
    const out = await mod.extractor.extract(rawDir);
    for (const [name, text] of Object.entries(out)) {
      const file = join(DIR, name);
      writeFileSync(`${file}.tmp`, text);
      renameSync(`${file}.tmp`, file);
      console.log(`${id}: wrote data/datasets/${name} (${text.split('\n').length - 2} rows)`);
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
