/** Writing the CLI's files (saves, reviews): atomic, and a failure is one clear message (exit 2). */
import { InputError } from '../errors';
import { saveText, writeAtomic, type SaveFile } from './save-file';

/** Write `text` to `file` atomically; an unwritable place becomes an InputError naming it and `what`. */
export function writeOrFail(file: string, text: string, what: string): void {
  try {
    writeAtomic(file, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such directory'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a directory'
            : code === 'EEXIST'
              ? 'a temporary file is in the way'
              : (code ?? (e as Error).message);
    throw new InputError(`${file}: cannot write the ${what} (${why}); nothing was written`);
  }
}

/** Write `save` to `file` atomically; an unwritable place becomes an InputError naming it. */
export function writeSave(file: string, save: SaveFile): void {
  writeOrFail(file, saveText(save), 'save');
}
