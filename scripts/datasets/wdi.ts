/**
 * World Bank World Development Indicators: GDP (current US$), real GDP growth and population for
 * our actors, years 2019-2024 (the 2024-06-28 vintage has no 2024 column; those rows are absent).
 *
 * Raw files (data/datasets/raw/wdi/, see data/datasets/wdi.yaml):
 * - API_NY.GDP.MKTP.CD_DS2_en_csv_v2_2002465.csv and API_NY.GDP.MKTP.KD.ZG_DS2_en_csv_v2_2788350.csv:
 *   the World Bank's own per-indicator bulk CSVs ("Last Updated Date" 2024-06-28): four preamble
 *   lines, then a wide table (Country Name, Country Code, Indicator Name, Indicator Code, 1960..2023).
 * - population.csv: SP.POP.TOTL as repackaged by the Frictionless Data project (datasets/population),
 *   long form (Country Name, Country Code, Year, Value); no indicator column, so the code is supplied.
 * Values are copied as text, exactly as the source writes them; an actor-year the source leaves empty
 * (or, in the long file, omits) gets an empty value.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { csvText, type Extractor } from './types';

/** Our 32 actors less Taiwan (not in WDI). Every id is also the World Bank's country code. */
const ACTORS = [
  'AUS',
  'BRN',
  'CHN',
  'FJI',
  'FSM',
  'IDN',
  'IND',
  'JPN',
  'KHM',
  'KIR',
  'KOR',
  'LAO',
  'MHL',
  'MMR',
  'MYS',
  'NRU',
  'NZL',
  'PHL',
  'PLW',
  'PNG',
  'PRK',
  'RUS',
  'SGP',
  'SLB',
  'THA',
  'TON',
  'TUV',
  'USA',
  'VNM',
  'VUT',
  'WSM',
];
const YEARS = ['2019', '2020', '2021', '2022', '2023', '2024'];

const WIDE: Record<string, string> = {
  'NY.GDP.MKTP.CD': 'API_NY.GDP.MKTP.CD_DS2_en_csv_v2_2002465.csv',
  'NY.GDP.MKTP.KD.ZG': 'API_NY.GDP.MKTP.KD.ZG_DS2_en_csv_v2_2788350.csv',
};
const LONG: Record<string, string> = { 'SP.POP.TOTL': 'population.csv' };

interface Row {
  iso3: string;
  source_code: string;
  source_name: string;
  indicator: string;
  year: string;
  value: string;
}

function readWide(file: string, indicator: string): Row[] {
  const text = readFileSync(file, 'utf8');
  const records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  const headerAt = records.findIndex((r) => r[0] === 'Country Name' && r[1] === 'Country Code');
  if (headerAt < 0) throw new Error(`${file}: no "Country Name","Country Code" header row`);
  const header = records[headerAt];
  const col = (name: string) => header.indexOf(name);
  const out: Row[] = [];
  for (const r of records.slice(headerAt + 1)) {
    const code = r[col('Country Code')];
    if (!ACTORS.includes(code)) continue;
    if (r[col('Indicator Code')] !== indicator)
      throw new Error(`${file}: ${code} row is ${r[col('Indicator Code')]}, not ${indicator}`);
    for (const y of YEARS) {
      const i = col(y);
      if (i < 0) continue; // the vintage has no such year
      out.push({
        iso3: code,
        source_code: code,
        source_name: r[col('Country Name')],
        indicator,
        year: y,
        value: r[i] ?? '',
      });
    }
  }
  return out;
}

function readLong(file: string, indicator: string): Row[] {
  const text = readFileSync(file, 'utf8');
  const records = parse(text, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const names = new Map<string, string>();
  const values = new Map<string, string>();
  const years = new Set<string>();
  for (const r of records) {
    years.add(r.Year);
    if (!ACTORS.includes(r['Country Code'])) continue;
    names.set(r['Country Code'], r['Country Name']);
    values.set(`${r['Country Code']} ${r.Year}`, r.Value);
  }
  const out: Row[] = [];
  for (const code of names.keys()) {
    for (const y of YEARS) {
      if (!years.has(y)) continue; // the vintage has no such year
      out.push({
        iso3: code,
        source_code: code,
        source_name: names.get(code)!,
        indicator,
        year: y,
        value: values.get(`${code} ${y}`) ?? '',
      });
    }
  }
  return out;
}

export const extractor: Extractor = {
  id: 'wdi',
  extract(rawDir: string): Record<string, string> {
    const rows: Row[] = [];
    for (const [ind, f] of Object.entries(WIDE)) rows.push(...readWide(join(rawDir, f), ind));
    for (const [ind, f] of Object.entries(LONG)) rows.push(...readLong(join(rawDir, f), ind));
    for (const ind of [...Object.keys(WIDE), ...Object.keys(LONG)]) {
      const missing = ACTORS.filter((a) => !rows.some((r) => r.iso3 === a && r.indicator === ind));
      if (missing.length) throw new Error(`wdi: ${ind} has no row for ${missing.join(', ')}`);
    }
    const cols: (keyof Row & string)[] = ['iso3', 'source_code', 'source_name', 'indicator', 'year', 'value'];
    return { 'wdi.csv': csvText(rows, cols, ['iso3', 'indicator', 'year']) };
  },
};
