/** `seastate validate FILE...`: check scenario files (or built-in ids) without running them. */
import { formatIssue } from '../../scenarios/issues';
import { loadScenario } from '../../scenarios/registry';
import { loadWorld } from '../../scenarios/world';
import { issuesError } from '../errors';
import type { Io } from '../io';

/** Validate each file; prints one line per valid file and every problem of the others. Exit 2 if any fails. */
export function validateCommand(files: string[], io: Io): number {
  const world = loadWorld();
  if (!world.ok) throw issuesError(world.issues);
  let failed = 0;
  for (const f of files) {
    const r = loadScenario(f, world.value);
    if (r.ok) {
      const s = r.value;
      const events = s.rules.events.length;
      for (const w of s.warnings) io.err(`seastate: warning: ${formatIssue(w)}\n`);
      io.out(
        `ok  ${s.file}: ${s.id}, "${s.title}", ${s.header.turns} turns, ${events} event${events === 1 ? '' : 's'}, ${s.rules.metrics.length} metrics, ${s.rules.end.length} end conditions\n`,
      );
    } else {
      failed++;
      for (const i of r.issues) io.err(`seastate: ${formatIssue(i)}\n`);
    }
  }
  if (files.length > 1) io.out(`${files.length - failed} of ${files.length} valid\n`);
  return failed ? 2 : 0;
}
