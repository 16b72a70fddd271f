/**
 * Lowy Institute Pacific Aid Map, donor-recipient-year totals of aid spent and committed, as a
 * data-journalism repository pulled them from the Pacific Data Hub's SDMX dataflow SPC:DF_PAM and
 * wrote them out (one file per measure). Kept: donors and recipients that are our actors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { csvField, type Extractor } from './types';

/** The source's two-letter donor codes for our actors (the other donors are not actors here). */
const DONORS: Record<string, string> = {
  AU: 'AUS',
  CN: 'CHN',
  JP: 'JPN',
  US: 'USA',
  NZ: 'NZL',
  TW: 'TWN',
  KR: 'KOR',
  IN: 'IND',
  ID: 'IDN',
  TH: 'THA',
};

/** The source's recipient codes for our twelve Pacific Island Countries (Cook Islands and Niue are not actors). */
const RECIPIENTS: Record<string, string> = {
  FJ: 'FJI',
  PG: 'PNG',
  SB: 'SLB',
  PW: 'PLW',
  FM: 'FSM',
  MH: 'MHL',
  TO: 'TON',
  WS: 'WSM',
  VU: 'VUT',
  KI: 'KIR',
  NR: 'NRU',
  TV: 'TUV',
};

interface Row {
  pacific_code: string;
  pacific_name: string;
  counterpart_code: string;
  counterpart_name: string;
  year: string;
  value_usd: string;
}

export const extractor: Extractor = {
  id: 'lowy-pacific-aid',
  extract(rawDir) {
    const merged = new Map<string, string[]>();
    const measures: Array<[string, number]> = [
      ['aid_by_donor_year.csv', 7],
      ['aid_committed_by_donor_year.csv', 8],
    ];
    for (const [file, slot] of measures) {
      const rows = parse(readFileSync(join(rawDir, file), 'utf8'), { columns: true, skip_empty_lines: true }) as Row[];
      for (const r of rows) {
        const donor = DONORS[r.counterpart_code];
        const recipient = RECIPIENTS[r.pacific_code];
        if (!donor || !recipient) continue;
        const key = `${donor}|${recipient}|${r.year}`;
        const row = merged.get(key) ?? [
          donor,
          recipient,
          r.year,
          r.counterpart_code,
          r.counterpart_name,
          r.pacific_code,
          r.pacific_name,
          '',
          '',
        ];
        if (row[slot] !== '') throw new Error(`lowy-pacific-aid: ${file} repeats ${key}`);
        row[slot] = r.value_usd;
        merged.set(key, row);
      }
    }
    const rows = [...merged.values()].sort((a, b) =>
      a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] !== b[1] ? (a[1] < b[1] ? -1 : 1) : Number(a[2]) - Number(b[2]),
    );
    const header = [
      'donor_iso3',
      'recipient_iso3',
      'year',
      'donor_code',
      'donor_name',
      'recipient_code',
      'recipient_name',
      'spent_usd',
      'committed_usd',
    ];
    return { 'lowy-pacific-aid.csv': [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n' };
  },
};
