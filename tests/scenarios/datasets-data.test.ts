/**
 * The data against its datasets: every dataset figure in data/ equals its extract cell, a changed
 * extract makes `sources --check` fail naming the value and the cell, the initial alignment reads
 * the voting extract as docs/MODEL.md says, and the extracts rebuild byte for byte from the raw
 * files where those are present.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { sourcesCommand } from '../../src/cli/commands/sources';
import { checkRegistry, loadDatasets } from '../../src/scenarios/datasets';
import { builtinIds } from '../../src/scenarios/registry';
import { DATA_DIR, loadWorld, voteAgreement } from '../../src/scenarios/world';
import type { ActorData } from '../../src/scenarios/world-schema';
import { parse as parseYaml } from 'yaml';

const DATASETS = path.join(DATA_DIR, 'datasets');
const world = loadWorld();
if (!world.ok) throw new Error(world.issues[0].message);

function run(opts: Parameters<typeof sourcesCommand>[0]) {
  let out = '';
  const code = sourcesCommand(opts, { out: (s: string) => void (out += s), err: () => {} } as never);
  return { code, out };
}

/** A copy of data/datasets/ (without the raw files) with one extract's text transformed. */
function editedDatasets(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'seastate-datasets-'));
  cpSync(DATASETS, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}raw`) });
  writeFileSync(path.join(dir, file), edit(readFileSync(path.join(dir, file), 'utf8')));
  return dir;
}

const rows = (file: string) =>
  parse(readFileSync(path.join(DATASETS, file), 'utf8'), { columns: true }) as Record<string, string>[];

describe('sources --check on the real data', () => {
  it('checks every dataset figure of data/ and every built-in scenario, and all match', () => {
    const r = run({ scenario: 'default', check: true, json: true });
    const json = JSON.parse(r.out);
    expect(json.problems).toEqual([]);
    expect(r.code).toBe(0);
    // SIPRI has a 2023 figure for 19 of ours, the GDI covers 21, the WDI or WEO has GDP for all but North
    // Korea, the WEO growth for all but North Korea, and 31 vote in the General Assembly.
    const fields = (f: string) => json.checked.filter((c: { path: string }) => c.path.endsWith(f)).length;
    expect([
      fields('capabilities.military'),
      fields('capabilities.economic'),
      fields('growth.economic'),
      fields('capabilities.diplomatic'),
      fields('idealPoint'),
    ]).toEqual([19, 31, 31, 21, 31]);
    expect(json.checked.length).toBe(19 + 31 + 31 + 21 + 31);
    // The values that cite a dataset without being one of its figures, each judged with a rationale:
    // a new one must be added here on purpose, so a figure cannot slip past the check that way.
    expect(
      json.judged
        .map(
          (j: { path: string; actors: string[]; source: string }) =>
            `${j.path.replace(/\[\d+\]/, '')} ${j.actors.join(',')} ${j.source}`,
        )
        .sort(),
    ).toEqual([
      'actions.blockade.modifiers  sipri-milex-2023',
      'actions.quarantine.modifiers  sipri-milex-2023',
      'actions.strike.modifiers  sipri-milex-2023',
      'actors.capabilities.military LAO cow-nmc-6',
      'actors.capabilities.military PRK cow-nmc-6',
      'actors.capabilities.military VNM cow-nmc-6',
      'actors.growth.military IND sipri-milex-2023',
      'actors.growth.military RUS sipri-milex-2023',
      'actors.growth.military TWN sipri-milex-2023',
      'actors.growth.military USA sipri-milex-2023',
    ]);
  });

  it('prints one summary line when all match', () => {
    const r = run({ scenario: 'default', check: true });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^133 dataset figures checked against 5 extract files of 5 datasets \(data\/datasets\/ holds 8\); 10 more values are judged from datasets' facts \(each with its rationale\)\. Every figure matches\.\n$/,
    );
  });

  it('exits 1 naming the value and the cell when an extract no longer agrees', () => {
    const dir = editedDatasets('sipri-milex.csv', (t) =>
      t.replace(/^JPN,(.*),2023,50161[\d.]*,/m, 'JPN,$1,2023,61000,'),
    );
    const r = run({ scenario: 'default', check: true, datasetsDir: dir });
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'data/actors.yaml actors[0].capabilities.military (JPN): is 50.2, but sipri-milex.csv[iso3=JPN, year=2023].milex_usd_m_current is 61000 (× 0.001 = 61): 61 to 3 significant figures\n',
    );
    expect(r.out).toMatch(/; 1 problem\n$/);
  });

  it('refuses --actor with --check, and a datasets folder that is missing or holds a broken extract, with exit 2 naming it', () => {
    expect(() => run({ scenario: 'default', check: true, actor: 'JPN' })).toThrow(
      /--check checks every dataset figure; drop --actor/,
    );
    expect(() => run({ scenario: 'default', check: true, datasetsDir: '/nonexistent/datasets' })).toThrow(
      /\/nonexistent\/datasets: cannot read the datasets folder \(ENOENT\)/,
    );
    const broken = editedDatasets('wdi.csv', (t) => t.replace('\n', '\n"unclosed,\n'));
    expect(() => run({ scenario: 'default', check: true, datasetsDir: broken })).toThrow(
      /data\/datasets\/wdi\.csv: not CSV: /,
    );
    const renamed = editedDatasets('wdi.yaml', (t) => t.replace(/^id: wdi$/m, 'id: world-bank'));
    expect(() => run({ scenario: 'default', check: true, datasetsDir: renamed })).toThrow(
      /data\/datasets\/wdi\.yaml: id: id "world-bank" is not the file's name/,
    );
  });

  it('exits 1 when an extract loses a row a figure needs', () => {
    const dir = editedDatasets('lowy-gdi.csv', (t) => t.replace(/^NZL,New Zealand,2023,.*\n/m, ''));
    const r = run({ scenario: 'default', check: true, datasetsDir: dir });
    expect(r.code).toBe(1);
    expect(r.out).toContain('(NZL): lowy-gdi.csv[iso3=NZL, year=2023].total_posts: no such row\n');
  });

  it('checks the registry itself: a rule must name a dataset source and one of its extracts', () => {
    const datasets = loadDatasets(DATASETS);
    if (!datasets.ok) throw new Error(datasets.issues[0].message);
    const { records, rules } = datasets.value;
    expect(checkRegistry(world.value.sources, records, rules)).toEqual([]);
    const bad = [
      { ...rules[0], source: 'doc-001' },
      { ...rules[0], source: 'nowhere' },
      { ...rules[0], extract: 'wdi.csv' },
      rules[1],
    ];
    expect(
      checkRegistry(world.value.sources, records, [...rules, ...bad]).map((m) =>
        m.replace(/checks\[\d+\]/, 'checks[k]'),
      ),
    ).toEqual([
      'data/datasets/checks.yaml: checks[k]: source doc-001 is a document, not a dataset',
      'data/datasets/checks.yaml: checks[k]: unknown source "nowhere" (not in data/sources.yaml)',
      'data/datasets/checks.yaml: checks[k]: wdi.csv is not an extract of data/datasets/sipri-milex.yaml, the record of source sipri-milex-2023',
      'data/datasets/checks.yaml: checks[k]: a second rule for sipri-milex-2023 at capabilities.military',
      'data/datasets/checks.yaml: checks[k]: a second rule for wdi-2024 at capabilities.economic',
    ]);
  });

  it('leaves no value in data/ marked as recalled or unchecked', () => {
    const files = ['actors', 'actions', 'alignment', 'doctrines', 'groups', 'model', 'sources'].map((f) =>
      path.join(DATA_DIR, `${f}.yaml`),
    );
    files.push(
      ...builtinIds()
        .map((id) => path.join(DATA_DIR, 'scenarios', `${id}.yaml`))
        .filter(existsSync),
    );
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toMatch(/recalled|not checked|unchecked/i);
  });

  it('has a provenance record for every extract, naming a commit and a sha256 for every raw file', () => {
    const csvs = readdirSync(DATASETS).filter((f) => f.endsWith('.csv'));
    const datasets = loadDatasets(DATASETS);
    if (!datasets.ok) throw new Error(datasets.issues[0].message);
    const described = datasets.value.records.flatMap((r) => r.extracts.map((e) => e.file));
    expect([...described].sort()).toEqual(csvs.sort());
    for (const r of datasets.value.records) for (const raw of r.raw) expect(raw.commit).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('the initial alignment from UN voting (docs/MODEL.md, section 3)', () => {
  const w = world.value;
  const ids = w.actors.map((a) => a.id);
  const n = ids.length;
  const actorsFile = parseYaml(readFileSync(path.join(DATA_DIR, 'actors.yaml'), 'utf8')) as { actors: ActorData[] };
  const alignment = parseYaml(readFileSync(path.join(DATA_DIR, 'alignment.yaml'), 'utf8'));
  const votes = rows('unga-ideal-points.csv').filter((r) => r.session === '77');
  const { agree, measured, fit } = voteAgreement(actorsFile.actors, alignment.base.agreement, votes);
  const cell = (a: string, b: string) => ids.indexOf(a) * n + ids.indexOf(b);

  it('takes a measured pair from the extract, in both directions, and predicts the rest', () => {
    const phl = votes.find((r) => r.iso3 === 'PHL')!;
    expect(agree[cell('PHL', 'USA')]).toBe(Number(phl.USAgree));
    expect(agree[cell('USA', 'PHL')]).toBe(Number(phl.USAgree));
    expect(agree[cell('PHL', 'CHN')]).toBe(Number(phl.ChinaAgree));
    expect(measured[cell('PHL', 'USA')]).toBe(true);
    for (const other of ids) if (other !== 'TWN') expect(measured[cell('TWN', other)]).toBe(false);
    expect(measured[cell('JPN', 'AUS')]).toBe(false);
    const d = Math.abs(
      actorsFile.actors[ids.indexOf('JPN')].idealPoint.value - actorsFile.actors[ids.indexOf('AUS')].idealPoint.value,
    );
    expect(agree[cell('JPN', 'AUS')]).toBeCloseTo(fit.intercept + fit.slope * d, 12);
  });

  it("leaves out Tonga's measured agreements, which rest on 10 votes", () => {
    expect(Number(votes.find((r) => r.iso3 === 'TON')!.NVotesAll)).toBeLessThan(alignment.base.agreement.minVotes);
    expect(measured[cell('TON', 'USA')]).toBe(false);
    expect(fit.pairs).toBe(4 * 31 - 4 - 6 - 4);
  });

  it('fits the line docs/MODEL.md quotes', () => {
    expect(fit.intercept).toBeCloseTo(0.72, 1);
    expect(fit.slope).toBeCloseTo(-0.15, 1);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++)
        if (measured[i * n + j])
          (xs.push(Math.abs(actorsFile.actors[i].idealPoint.value - actorsFile.actors[j].idealPoint.value)),
            ys.push(agree[i * n + j]));
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    const ssr = ys.reduce((a, y, k) => a + (y - (fit.intercept + fit.slope * xs[k])) ** 2, 0);
    const sst = ys.reduce((a, y) => a + (y - my) ** 2, 0);
    expect(1 - ssr / sst).toBeGreaterThan(0.6);
    expect(1 - ssr / sst).toBeLessThan(0.7);
  });

  it('builds the base from the agreement: zero at `zero`, +scale at `one`', () => {
    const { scale, zero, one } = alignment.base;
    // USA -> PHL has an alliance tie (+0.55) on top of the base.
    const base = (scale.value * (agree[cell('USA', 'PHL')] - zero.value)) / (one.value - zero.value);
    expect(w.alignment[cell('USA', 'PHL')]).toBeCloseTo(base + alignment.tieWeights.alliance.value, 12);
  });
});

describe('the datasets against each other', () => {
  it("rank our actors' 2023 military spending (SIPRI) almost as COW's 2016 spending does", () => {
    const cow = new Map(
      rows('cow-nmc.csv')
        .filter((r) => r.year === '2016' && Number(r.milex) > 0)
        .map((r) => [r.iso3, Number(r.milex)]),
    );
    const sipri = rows('sipri-milex.csv').filter(
      (r) => r.year === '2023' && r.milex_usd_m_current !== '' && cow.has(r.iso3),
    );
    const pairs = sipri.map((r) => [Number(r.milex_usd_m_current), cow.get(r.iso3)!] as const);
    expect(pairs.length).toBe(19);
    const rank = (v: readonly number[]) =>
      v.map((x) => v.filter((y) => y < x).length + (v.filter((y) => y === x).length + 1) / 2);
    const ra = rank(pairs.map((p) => p[0]));
    const rb = rank(pairs.map((p) => p[1]));
    const k = pairs.length;
    const rho = 1 - (6 * ra.reduce((s, x, i) => s + (x - rb[i]) ** 2, 0)) / (k * (k * k - 1));
    expect(rho).toBeGreaterThan(0.98);
    // The model's figures are SIPRI's: the same ranking.
    for (const r of sipri)
      expect(world.value.actors.find((a) => a.id === r.iso3)!.capabilities.military).toBeCloseTo(
        Number(r.milex_usd_m_current) / 1000,
        0,
      );
  });
});

// The raw files are not in git (each record says where to get them). Where some are, this rebuilds
// their extracts on a copy; where none are (a clean clone, CI), the test is not defined at all rather
// than counted as skipped: the suite's summary then shows only tests that ran.
const rawPresent = readdirSync(DATASETS)
  .filter((f) => f.endsWith('.yaml') && f !== 'checks.yaml')
  .map((f) => f.slice(0, -5))
  .filter((id) => existsSync(path.join(DATASETS, 'raw', id)));
if (rawPresent.length > 0)
  describe('npm run data:extract', () => {
    it('rebuilds the extracts byte for byte from the raw files present', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'seastate-rebuild-'));
      cpSync(DATASETS, dir, { recursive: true });
      for (const f of readdirSync(dir).filter((f) => f.endsWith('.csv'))) writeFileSync(path.join(dir, f), '');
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'scripts/data-extract.ts', '--dir', dir, ...rawPresent],
        {
          cwd: path.join(DATA_DIR, '..'),
          encoding: 'utf8',
        },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const rebuilt = rawPresent.flatMap((id) =>
        (
          parseYaml(readFileSync(path.join(DATASETS, `${id}.yaml`), 'utf8')) as { extracts: { file: string }[] }
        ).extracts.map((e) => e.file),
      );
      for (const f of rebuilt)
        expect(readFileSync(path.join(dir, f), 'utf8'), f).toBe(readFileSync(path.join(DATASETS, f), 'utf8'));
    });
  });

describe('npm run data:extract, on a copy', () => {
  const script = (dir: string, ...ids: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/data-extract.ts', '--dir', dir, ...ids], {
      cwd: path.join(DATA_DIR, '..'),
      encoding: 'utf8',
    });
  const copy = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seastate-extract-'));
    cpSync(DATASETS, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}raw`) });
    return dir;
  };

  it('skips a dataset whose raw files are absent, saying where to get them, and writes nothing', () => {
    const dir = copy();
    const before = readFileSync(path.join(dir, 'unga-ideal-points.csv'), 'utf8');
    const r = script(dir, 'unga');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^unga: skipped; raw file\(s\) absent: IdealpointestimatesAll_Jun2024\.csv \(github:tongyu03\/DSE3101-Predictive-Modelling-of-Global-Trade-Flows data\/IdealpointestimatesAll_Jun2024\.csv at 98ab7b673cf2c6415f6e86ba2e63eee0b51f07ae\)\n$/,
    );
    expect(readFileSync(path.join(dir, 'unga-ideal-points.csv'), 'utf8')).toBe(before);
  });

  it('refuses a raw file whose SHA-256 differs from its record, and writes nothing', () => {
    const dir = copy();
    const raw = path.join(dir, 'raw', 'unga');
    mkdirSync(raw, { recursive: true });
    writeFileSync(path.join(raw, 'IdealpointestimatesAll_Jun2024.csv'), 'ccode,session\n2,77\n');
    const before = readFileSync(path.join(dir, 'unga-ideal-points.csv'), 'utf8');
    const r = script(dir, 'unga');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `unga: raw file(s) differ from the sha256 in ${dir}/unga.yaml: IdealpointestimatesAll_Jun2024.csv; nothing written\n`,
    );
    expect(readFileSync(path.join(dir, 'unga-ideal-points.csv'), 'utf8')).toBe(before);
  });

  it('names the extractors it has when asked for one it does not', () => {
    const r = script(copy(), 'nope');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^data:extract: no extractor for nope \(have: aiddata, cow-nmc, /);
  });
});
