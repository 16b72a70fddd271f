/**
 * `seastate report DIR [--out FILE]`: a finished batch directory as one self-contained HTML page,
 * report.html (src/cli/report/batch-report.ts; docs/BATCH.md, "The report").
 */
import path from 'node:path';
import { FILES } from '../batch/files';
import { InputError } from '../errors';
import type { Io } from '../io';
import { readBatchDir } from '../report/batch-data';
import { writeBatchReport } from '../report/batch-report';

/** Write a finished batch directory's report (DIR/report.html, or `out`); returns the file written. */
export async function writeReport(dir: string, out?: string): Promise<string> {
  return writeBatchReport(readBatchDir(dir), out);
}

export async function reportCommand(dir: string, opts: { out?: string }, io: Io): Promise<number> {
  if (opts.out === '') throw new InputError('--out is empty: give the file for the report');
  const batchFile =
    opts.out !== undefined &&
    path.resolve(path.dirname(opts.out)) === path.resolve(dir) &&
    (Object.values(FILES) as string[]).includes(path.basename(opts.out));
  if (batchFile)
    throw new InputError(
      `--out ${opts.out}: that is one of the batch's own files; choose another name (the default is ${path.join(dir, 'report.html')})`,
    );
  const file = await writeReport(dir, opts.out);
  io.out(`wrote ${file}\n`);
  return 0;
}
