/**
 * Correlates of War National Material Capabilities, v6.0 (1816-2016), abridged file
 * NMC-60-abridged.csv, with the COW State System Membership List v2016 (states2016.csv) for the
 * state names. Writes cow-nmc.csv: one row per actor and year 2007-2016, the six components and CINC
 * copied as text exactly as the source has them (-9 = missing stays -9; CINC keeps its leading dot and
 * its e-notation), plus our iso3 id and the COW ccode, stateabb and statenme.
 * Rows are matched on ccode; the NMC stateabb and the state list's stateabb must agree with ours.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { csvField, type Extractor } from './types';

const NMC = 'NMC-60-abridged.csv';
const STATES = 'states2016.csv';
const FIRST_YEAR = 2007;
const LAST_YEAR = 2016;

/** Our actors: ISO3 id -> [COW ccode, COW stateabb], read off states2016.csv by hand. */
const COW: Record<string, [number, string]> = {
  AUS: [900, 'AUL'],
  BRN: [835, 'BRU'],
  CHN: [710, 'CHN'],
  FJI: [950, 'FIJ'],
  FSM: [987, 'FSM'],
  IDN: [850, 'INS'],
  IND: [750, 'IND'],
  JPN: [740, 'JPN'],
  KHM: [811, 'CAM'],
  KIR: [946, 'KIR'],
  KOR: [732, 'ROK'],
  LAO: [812, 'LAO'],
  MHL: [983, 'MSI'],
  MMR: [775, 'MYA'],
  MYS: [820, 'MAL'],
  NRU: [970, 'NAU'],
  NZL: [920, 'NEW'],
  PHL: [840, 'PHI'],
  PLW: [986, 'PAL'],
  PNG: [910, 'PNG'],
  PRK: [731, 'PRK'],
  RUS: [365, 'RUS'],
  SGP: [830, 'SIN'],
  SLB: [940, 'SOL'],
  THA: [800, 'THI'],
  TON: [955, 'TON'],
  TUV: [947, 'TUV'],
  TWN: [713, 'TAW'],
  USA: [2, 'USA'],
  VNM: [816, 'DRV'],
  VUT: [935, 'VAN'],
  WSM: [990, 'WSM'],
};

/** The NMC value columns kept, in the source's order (its `version` column, 2021 on every row, is dropped). */
const VALUE_COLUMNS = ['milex', 'milper', 'irst', 'pec', 'tpop', 'upop', 'cinc'];
const HEADER = ['iso3', 'ccode', 'stateabb', 'statenme', 'year', ...VALUE_COLUMNS];

function read(rawDir: string, name: string, need: string[]): Record<string, string>[] {
  const rows = parse(readFileSync(join(rawDir, name), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  const missing = need.filter((c) => !(c in rows[0]));
  if (missing.length) throw new Error(`${name}: missing column(s) ${missing.join(', ')}`);
  return rows;
}

/** The state's name in the membership list, checking that it was a member through 2007-2016. */
function stateName(states: Record<string, string>[], ccode: number, abb: string): string {
  const spells = states.filter((s) => Number(s.ccode) === ccode);
  const spell = spells.find((s) => Number(s.styear) <= FIRST_YEAR && Number(s.endyear) >= LAST_YEAR);
  if (!spell) throw new Error(`${STATES}: ccode ${ccode} is not a member through ${FIRST_YEAR}-${LAST_YEAR}`);
  if (spell.stateabb !== abb) throw new Error(`${STATES}: ccode ${ccode} is ${spell.stateabb}, not ${abb}`);
  return spell.statenme;
}

export const extractor: Extractor = {
  id: 'cow-nmc',
  extract(rawDir: string): Record<string, string> {
    const nmc = read(rawDir, NMC, ['stateabb', 'ccode', 'year', ...VALUE_COLUMNS]);
    const states = read(rawDir, STATES, ['stateabb', 'ccode', 'statenme', 'styear', 'endyear']);
    const out: string[][] = [];
    for (const [iso3, [ccode, abb]] of Object.entries(COW)) {
      const name = stateName(states, ccode, abb);
      for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
        const hits = nmc.filter((r) => Number(r.ccode) === ccode && Number(r.year) === year);
        if (hits.length !== 1) throw new Error(`${NMC}: ${hits.length} rows for ccode ${ccode} year ${year}`);
        const r = hits[0];
        if (r.stateabb !== abb) throw new Error(`${NMC}: ccode ${ccode} is ${r.stateabb}, not ${abb}`);
        out.push([iso3, r.ccode, r.stateabb, name, r.year, ...VALUE_COLUMNS.map((c) => r[c])]);
      }
    }
    out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : Number(a[4]) - Number(b[4])));
    const text = [HEADER, ...out].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
    return { 'cow-nmc.csv': text };
  },
};
