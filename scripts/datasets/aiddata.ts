/**
 * AidData's Global Chinese Development Finance Dataset 3.0, as recipient-year totals by flow class
 * that an R package (odadata) computed from the project-level workbook and keyed by Correlates of
 * War country code. Kept: the recipients that are our actors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Extractor } from './types';

/** Correlates of War state codes of our actors (those absent from the file are simply not matched). */
const COW: Record<string, string> = {
  '2': 'USA',
  '365': 'RUS',
  '710': 'CHN',
  '713': 'TWN',
  '731': 'PRK',
  '732': 'KOR',
  '740': 'JPN',
  '750': 'IND',
  '775': 'MMR',
  '800': 'THA',
  '811': 'KHM',
  '812': 'LAO',
  '816': 'VNM',
  '820': 'MYS',
  '830': 'SGP',
  '835': 'BRN',
  '840': 'PHL',
  '850': 'IDN',
  '900': 'AUS',
  '910': 'PNG',
  '920': 'NZL',
  '935': 'VUT',
  '940': 'SLB',
  '946': 'KIR',
  '947': 'TUV',
  '950': 'FJI',
  '955': 'TON',
  '970': 'NRU',
  '983': 'MHL',
  '986': 'PLW',
  '987': 'FSM',
  '990': 'WSM',
};

const VALUES = ['oda_amt', 'oda_adj', 'oof_amt', 'oof_adj', 'vof_amt', 'vof_adj'];

export const extractor: Extractor = {
  id: 'aiddata',
  extract(rawDir) {
    const rows = parse(readFileSync(join(rawDir, 'cow_gcdf.csv'), 'utf8'), {
      columns: true,
      skip_empty_lines: true,
    }) as Array<Record<string, string>>;
    const out = rows
      .filter((r) => COW[r.ccode])
      .map((r) => [COW[r.ccode], r.ccode, r.year, ...VALUES.map((v) => r[v])])
      .sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : Number(a[2]) - Number(b[2])));
    const header = ['iso3', 'ccode', 'year', ...VALUES];
    return { 'aiddata.csv': [header, ...out].map((r) => r.join(',')).join('\n') + '\n' };
  },
};
