/**
 * Bailey, Strezhnev and Voeten's UN General Assembly ideal points (Harvard Dataverse
 * doi:10.7910/DVN/LEJUQZ, release of June 2024, file IdealpointestimatesAll_Jun2024.csv).
 * Writes unga-ideal-points.csv: one row per voting actor and session 75-78, every source column
 * (except the unnamed R row index) copied as text, plus our iso3 id and year = session + 1945.
 * Rows are matched by the source's COW code (ccode); the source's own iso3c must agree with our id.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { csvField, type Extractor } from './types';

const RAW = 'IdealpointestimatesAll_Jun2024.csv';
const SESSIONS = [75, 76, 77, 78];

/** Our voting actors: ISO3 id -> Correlates of War country code. Taiwan (COW 713) has no UN seat. */
const COW: Record<string, number> = {
  AUS: 900,
  BRN: 835,
  CHN: 710,
  FJI: 950,
  FSM: 987,
  IDN: 850,
  IND: 750,
  JPN: 740,
  KHM: 811,
  KIR: 946,
  KOR: 732,
  LAO: 812,
  MHL: 983,
  MMR: 775,
  MYS: 820,
  NRU: 970,
  NZL: 920,
  PHL: 840,
  PLW: 986,
  PNG: 910,
  PRK: 731,
  RUS: 365,
  SGP: 830,
  SLB: 940,
  THA: 800,
  TON: 955,
  TUV: 947,
  USA: 2,
  VNM: 816,
  VUT: 935,
  WSM: 990,
};

/** The source columns kept, in the source's order after the leading ones we put first. */
const VALUE_COLUMNS = [
  'NVotesAll',
  'IdealPointAll',
  'QO%All',
  'Q5%All',
  'Q10%All',
  'Q50%All',
  'Q90%All',
  'Q95%All',
  'Q100%All',
  'USAgree',
  'RUSSAgree',
  'BrazilAgree',
  'ChinaAgree',
  'IndiaAgree',
  'IsraelAgree',
];
const HEADER = ['iso3', 'ccode', 'iso3c', 'Countryname', 'session', 'year', ...VALUE_COLUMNS];

export const extractor: Extractor = {
  id: 'unga',
  extract(rawDir: string): Record<string, string> {
    const rows = parse(readFileSync(join(rawDir, RAW), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[];
    const missingCols = ['ccode', 'session', 'iso3c', 'Countryname', ...VALUE_COLUMNS].filter((c) => !(c in rows[0]));
    if (missingCols.length) throw new Error(`${RAW}: missing column(s) ${missingCols.join(', ')}`);
    const out: string[][] = [];
    for (const [iso3, ccode] of Object.entries(COW)) {
      for (const session of SESSIONS) {
        const hits = rows.filter((r) => Number(r.ccode) === ccode && Number(r.session) === session);
        if (hits.length > 1) throw new Error(`${RAW}: ${hits.length} rows for ccode ${ccode} session ${session}`);
        const r = hits[0];
        if (!r) continue; // not in the source for that session
        if (r.iso3c !== iso3) throw new Error(`${RAW}: ccode ${ccode} is ${r.iso3c} in the source, not ${iso3}`);
        out.push([
          iso3,
          r.ccode,
          r.iso3c,
          r.Countryname,
          r.session,
          String(session + 1945),
          ...VALUE_COLUMNS.map((c) => r[c]),
        ]);
      }
    }
    out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : Number(a[4]) - Number(b[4])));
    const text = [HEADER, ...out].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
    return { 'unga-ideal-points.csv': text };
  },
};
