/** Placeholder: filled in by the explain command's author. */
import type { Io } from '../io';
export function explainCommand(..._args: unknown[]): number { void (null as unknown as Io); return 1; }
