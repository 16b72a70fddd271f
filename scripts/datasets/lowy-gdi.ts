/**
 * Lowy Institute Global Diplomacy Index: posts abroad per country and year, counted from the
 * publisher's post-level workbook (one row per post, one sheet per data year), read with exceljs.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { csvField, type Extractor } from './types';

/** The index's country names (trimmed) for our actors; names changed between editions. */
const ISO3: Record<string, string> = {
  Australia: 'AUS',
  Brunei: 'BRN',
  'Brunei Darussalam': 'BRN',
  Cambodia: 'KHM',
  China: 'CHN',
  India: 'IND',
  Indonesia: 'IDN',
  Japan: 'JPN',
  Laos: 'LAO',
  "Lao People's Democratic Republic": 'LAO',
  Malaysia: 'MYS',
  Myanmar: 'MMR',
  'New Zealand': 'NZL',
  'North Korea': 'PRK',
  "Korea Democratic People's Republic of (North Korea)": 'PRK',
  'South Korea': 'KOR',
  'Korea Republic of (South Korea)': 'KOR',
  'Papua New Guinea': 'PNG',
  Philippines: 'PHL',
  Russia: 'RUS',
  'Russian Federation': 'RUS',
  Singapore: 'SGP',
  'Taiwan*': 'TWN',
  Thailand: 'THA',
  'United States': 'USA',
  Vietnam: 'VNM',
};

/** The four values of the workbook's TYPE OF POST column, in the order the extract lists them. */
const TYPES: Array<[string, string]> = [
  ['Embassy / High Commission', 'embassies'],
  ['Consulate / Consulate-General', 'consulates'],
  ['Permanent Mission', 'permanent_missions'],
  ['Other', 'other'],
];

/** A cell's text: strings as they are, numbers as JavaScript writes them, empty cells as ''. */
function text(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  throw new Error(`lowy-gdi: cell ${cell.address} holds ${JSON.stringify(v)}`);
}

export const extractor: Extractor = {
  id: 'lowy-gdi',
  async extract(rawDir) {
    const header = ['iso3', 'country', 'year', 'total_posts', ...TYPES.map((t) => t[1]), 'overall_rank', 'asia_rank'];
    const out: string[][] = [];
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(rawDir, 'DataDownload.xlsx'));
    for (const sheet of book.worksheets) {
      const head = sheet.getRow(1).values as ExcelJS.CellValue[]; // indexed by column number
      const col = (h: string): number => {
        const k = head.indexOf(h);
        if (k < 0) throw new Error(`lowy-gdi: sheet ${sheet.name} has no column ${h}`);
        return k;
      };
      const [cCountry, cType, cRank, cAsia] = ['COUNTRY', 'TYPE OF POST', 'OVERALL RANK', 'ASIA RANK'].map(col);
      const by = new Map<string, { country: string; n: Map<string, number>; rank: string; asia: string }>();
      sheet.eachRow((row, r) => {
        if (r === 1) return;
        const [country, type, rank, asia] = [cCountry, cType, cRank, cAsia].map((c) => text(row.getCell(c)));
        const iso3 = ISO3[country.trim()];
        if (!iso3) return;
        const e = by.get(iso3) ?? { country, n: new Map(), rank, asia };
        if (!TYPES.some((t) => t[0] === type)) throw new Error(`lowy-gdi: unknown post type ${type}`);
        e.n.set(type, (e.n.get(type) ?? 0) + 1);
        by.set(iso3, e);
      });
      for (const [iso3, e] of by) {
        const counts = TYPES.map((t) => e.n.get(t[0]) ?? 0);
        out.push([
          iso3,
          e.country,
          sheet.name,
          String(counts.reduce((a, b) => a + b, 0)),
          ...counts.map(String),
          e.rank,
          e.asia,
        ]);
      }
    }
    out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : Number(a[2]) - Number(b[2])));
    return { 'lowy-gdi.csv': [header, ...out].map((r) => r.map(csvField).join(',')).join('\n') + '\n' };
  },
};
