/** Placeholder: filled in by the replay command's author. */
import type { Io } from '../io';
export function replayCommand(..._args: unknown[]): number { void (null as unknown as Io); return 1; }
