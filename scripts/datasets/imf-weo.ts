/**
 * IMF World Economic Outlook, October 2023 vintage: GDP in current US$ (NGDPD, US$ billions) and real
 * GDP growth (NGDP_RPCH, per cent) for our actors, years 2019-2028 (2023 an estimate or projection,
 * 2024-2028 projections, as the vintage gave them).
 *
 * Raw file (data/datasets/raw/imf-weo/, see data/datasets/imf-weo.yaml): WEOOct2023all.csv, a
 * processed copy of the IMF's WEOOct2023all.xls pivoted to one row per country-year (year, country,
 * WEO country code, then one column per WEO subject-unit in the database's subject order, headed by the
 * Subject Descriptor only). It carries no subject codes, so a column's code is fixed by its position and
 * its descriptor is checked. Values are copied as text; "n/a" and empty cells become empty values.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { csvText, type Extractor } from './types';

/** WEO country code -> our ISO3 id. North Korea (PRK) is not in the WEO. */
const WEO_TO_ISO3: Record<string, string> = {
  '158': 'JPN',
  '924': 'CHN',
  '111': 'USA',
  '528': 'TWN',
  '193': 'AUS',
  '196': 'NZL',
  '534': 'IND',
  '542': 'KOR',
  '922': 'RUS',
  '566': 'PHL',
  '582': 'VNM',
  '536': 'IDN',
  '548': 'MYS',
  '578': 'THA',
  '522': 'KHM',
  '576': 'SGP',
  '544': 'LAO',
  '518': 'MMR',
  '516': 'BRN',
  '819': 'FJI',
  '853': 'PNG',
  '813': 'SLB',
  '565': 'PLW',
  '868': 'FSM',
  '867': 'MHL',
  '866': 'TON',
  '862': 'WSM',
  '846': 'VUT',
  '826': 'KIR',
  '836': 'NRU',
  '869': 'TUV',
};
const YEARS = ['2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026', '2027', '2028'];
const VINTAGE = '2023-10';

/** Subject code -> (column index, expected header). Index 3 is the first subject (NGDP_R). */
const SUBJECTS: Record<string, { index: number; header: string }> = {
  NGDP_RPCH: { index: 4, header: 'Gross domestic product, constant prices' },
  NGDPD: { index: 6, header: 'Gross domestic product, current prices' },
};

interface Row {
  iso3: string;
  weo_code: string;
  country: string;
  subject: string;
  year: string;
  value: string;
  vintage: string;
}

export const extractor: Extractor = {
  id: 'imf-weo',
  extract(rawDir: string): Record<string, string> {
    const file = join(rawDir, 'WEOOct2023all.csv');
    const records = parse(readFileSync(file, 'utf8'), { bom: true, skip_empty_lines: true }) as string[][];
    const header = records[0];
    if (header[0] !== 'year' || header[1] !== 'country' || header[2] !== 'country_code')
      throw new Error(`${file}: unexpected header ${header.slice(0, 3).join(',')}`);
    // The WEO's subject order has NGDP_R, NGDP_RPCH (both "constant prices"), then NGDP, NGDPD, PPPGDP ("current prices").
    if (header[3] !== header[4] || header[5] !== header[6] || header[6] !== header[7])
      throw new Error(`${file}: GDP columns are not in the WEO's subject order`);
    for (const [code, s] of Object.entries(SUBJECTS)) {
      if (header[s.index] !== s.header)
        throw new Error(`${file}: column ${s.index} is "${header[s.index]}", expected "${s.header}" for ${code}`);
    }
    const rows: Row[] = [];
    for (const r of records.slice(1)) {
      const iso3 = WEO_TO_ISO3[r[2]];
      if (!iso3 || !YEARS.includes(r[0])) continue;
      for (const [code, s] of Object.entries(SUBJECTS)) {
        const v = r[s.index] ?? '';
        rows.push({
          iso3,
          weo_code: r[2],
          country: r[1],
          subject: code,
          year: r[0],
          value: v === 'n/a' ? '' : v,
          vintage: VINTAGE,
        });
      }
    }
    const missing = Object.values(WEO_TO_ISO3).filter((a) => !rows.some((r) => r.iso3 === a));
    if (missing.length) throw new Error(`imf-weo: no rows for ${missing.join(', ')}`);
    const cols: (keyof Row & string)[] = ['iso3', 'weo_code', 'country', 'subject', 'year', 'value', 'vintage'];
    return { 'imf-weo.csv': csvText(rows, cols, ['iso3', 'subject', 'year']) };
  },
};
