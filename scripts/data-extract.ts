/**
 * `npm run data:extract [-- [--dir DIR] ID...]`: rebuild the dataset extracts in data/datasets/ (or
 * DIR) from the raw files in <dir>/raw/<id>/, where they are present. Each raw file's sha256 must
 * equal the one its provenance record (<id>.yaml) names, so an extract is always made from the file
 * the record describes. A dataset whose raw files are absent is skipped with a note saying where to
 * get them; nothing is written unless every raw file of that dataset checks.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { Extractor } from './datasets/types';

interface RawRecord {
  name: string;
  repo: string;
  path: string;
  commit: string;
  sha256: string;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--dir');
  if (at >= 0 && (args[at + 1] === undefined || args[at + 1].startsWith('--'))) {
    console.error('data:extract: --dir needs a directory (a copy of data/datasets)');
    return 2;
  }
  const DIR = at >= 0 ? args[at + 1] : join(import.meta.dirname, '..', 'data', 'datasets');
  const wanted = at >= 0 ? args.filter((_, k) => k !== at && k !== at + 1) : args;
  const all = readdirSync(join(import.meta.dirname, 'datasets'))
    .filter((f) => f.endsWith('.ts') && f !== 'types.ts')
    .map((f) => f.slice(0, -3))
    .sort();
  const unknown = wanted.filter((w) => !all.includes(w));
  if (unknown.length) {
    console.error(`data:extract: no extractor for ${unknown.join(', ')} (have: ${all.join(', ')})`);
    return 2;
  }
  const ids = wanted.length ? all.filter((id) => wanted.includes(id)) : all;
  let failed = 0;
  for (const id of ids) {
    let record: { raw: RawRecord[]; extracts: { file: string }[] };
    try {
      record = parse(readFileSync(join(DIR, `${id}.yaml`), 'utf8'));
    } catch (e) {
      console.error(`${id}: cannot read its record ${join(DIR, `${id}.yaml`)}: ${(e as Error).message}`);
      failed++;
      continue;
    }
    const rawDir = join(DIR, 'raw', id);
    const missing = record.raw.filter((r) => !existsSync(join(rawDir, r.name)));
    if (missing.length) {
      console.log(
        `${id}: skipped; raw file(s) absent: ${missing.map((r) => `${r.name} (github:${r.repo} ${r.path} at ${r.commit})`).join('; ')}`,
      );
      continue;
    }
    const bad = record.raw.filter(
      (r) =>
        createHash('sha256')
          .update(readFileSync(join(rawDir, r.name)))
          .digest('hex') !== r.sha256,
    );
    if (bad.length) {
      console.error(
        `${id}: raw file(s) differ from the sha256 in ${join(DIR, `${id}.yaml`)}: ${bad.map((r) => r.name).join(', ')}; nothing written`,
      );
      failed++;
      continue;
    }
    const mod = (await import(`./datasets/${id}.ts`)) as { extractor: Extractor };
    let out: Record<string, string>;
    try {
      out = await mod.extractor.extract(rawDir);
    } catch (e) {
      console.error(`${id}: the extractor failed, nothing written: ${(e as Error).message}`);
      failed++;
      continue;
    }
    const stray = Object.keys(out).filter((name) => !record.extracts.some((e) => e.file === name));
    if (stray.length) {
      console.error(
        `${id}: the extractor returned ${stray.join(', ')}, which ${join(DIR, `${id}.yaml`)} does not list among its extracts; nothing written`,
      );
      failed++;
      continue;
    }
    for (const [name, text] of Object.entries(out)) {
      const file = join(DIR, name);
      writeFileSync(`${file}.tmp`, text);
      renameSync(`${file}.tmp`, file);
      console.log(`${id}: wrote ${relative(process.cwd(), file) || file} (${text.split('\n').length - 2} rows)`);
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
