/** Writing a save for the CLI: atomic, and a failure is one clear message (exit 2), not a trace. */
import { InputError } from '../errors';
import { saveText, writeAtomic, type SaveFile } from './save-file';

/** Write `save` to `file` atomically; an unwritable place becomes an InputError naming it. */
export function writeSave(file: string, save: SaveFile): void {
  try {
    writeAtomic(file, saveText(save));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : code === 'EEXIST' ? 'a temporary file is in the way' : (code ?? (e as Error).message);
    throw new InputError(`${file}: cannot write the save (${why}); nothing was written`);
  }
}
