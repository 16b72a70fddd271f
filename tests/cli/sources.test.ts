/** End-to-end: `seastate sources` lists the provenance of every number. */
import { describe, expect, it } from 'vitest';
import { cli } from './spawn';

describe('seastate sources', () => {
  it('prints one line per cited value, each naming its source, and a legend of sources', () => {
    const r = cli(['sources']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const cited = lines.filter((l) => /^data\/\S+\.yaml \S+( \([A-Z, ]+\))? = /.test(l));
    // 32 actors x 11 values, plus groups, alignment basis, model parameters and the scenario's ladders.
    expect(cited.length).toBeGreaterThan(32 * 11);
    for (const l of cited) expect(l).toMatch(/ = (-?[\d.e+-]+|fact|the effect sizes|requires .+) {2}\[[a-z0-9-]+\] \S/);
    // Actions and doctrines are named by id, with every number cited.
    expect(r.stdout).toMatch(/data\/actions\.yaml actions\.osa_grant\.cost = [\d.]+ {2}\[doc-00\d\]/);
    expect(r.stdout).toMatch(
      /data\/actions\.yaml actions\.quarantine\.requires\[\d\] = requires actor != JPN or .* {2}\[jpn-constitution-1947\]/,
    );
    expect(r.stdout).toMatch(/data\/doctrines\.yaml doctrines\.hedger\.params\.autonomy = [\d.]+ {2}\[/);
    expect(r.stdout).toMatch(/data\/doctrines\.yaml assignments\.VNM \(VNM\) = fact {2}\[/);
    expect(r.stdout).toMatch(/data\/actors\.yaml actors\[\d+\]\.capabilities\.military \(JPN\) = [\d.]+ {2}\[sipri/);
    expect(r.stdout).toMatch(/cited values and facts from \d+ sources:/);
    expect(r.stdout).toMatch(/ {2}doc-00\d: document, .*\(shared\/seeds\/00\d_[0-9a-f]+\.txt\)/);
  });

  it("--actor shows one actor's values and how its initial alignment was built", () => {
    const r = cli(['sources', '--actor', 'PHL']);
    expect(r.code).toBe(0);
    const cited = r.stdout.split('\n').filter((l) => /^data\/\S+\.yaml /.test(l));
    expect(cited.length).toBeGreaterThanOrEqual(11);
    expect(r.stdout).toContain('Initial alignment of PHL toward each actor');
    expect(r.stdout).toMatch(/→ JPN .*UN voting agreement 0\.\d{3} \(from ideal points\)/);
    expect(r.stdout).toMatch(/→ USA .*UN voting agreement 0\.299 \(measured\)/);
    const other = cli(['sources', '--actor', 'JPN']);
    expect(other.stdout).not.toBe(r.stdout);
  });

  it('an unknown actor exits 2 with a clear line', () => {
    const r = cli(['sources', '--actor', 'XXX']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^seastate: --actor: no actor "XXX" \(actors: JPN|^seastate: --actor: no actor "XXX"/);
  });
});
