/** Placeholder: filled in by the play command's author. */
import type { Io } from '../io';
export function playCommand(..._args: unknown[]): number { void (null as unknown as Io); return 1; }
