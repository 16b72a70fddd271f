/**
 * SIPRI Military Expenditure Database, 1949-2023 (April 2024 release): the "Current US$" sheet
 * (US$ m., 2019-2023) and the "Share of GDP" sheet (2023) for the actors SIPRI lists.
 *
 * The raw file is an .xlsx, read with exceljs. Each value cell's font colour is how SIPRI marks its
 * estimates (blue) and highly uncertain figures (red). The raw file's sha256 is checked by
 * data-extract.ts before this runs, so the extractor only has to handle this file; it throws on
 * anything it does not expect rather than guess.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { csvField, type Extractor } from './types';

const FILE = 'SIPRI-Milex-data-1949-2023.xlsx';
const YEARS = [2019, 2020, 2021, 2022, 2023];
const SHARE_YEARS = [2023];

/** Our ISO3 id -> SIPRI's country name, for the actors SIPRI lists (10 Pacific island states are not in the database). */
const ACTORS: ReadonlyArray<readonly [string, string]> = [
  ['AUS', 'Australia'],
  ['BRN', 'Brunei'],
  ['CHN', 'China'],
  ['FJI', 'Fiji'],
  ['IDN', 'Indonesia'],
  ['IND', 'India'],
  ['JPN', 'Japan'],
  ['KHM', 'Cambodia'],
  ['KOR', 'Korea, South'],
  ['LAO', 'Laos'],
  ['MMR', 'Myanmar'],
  ['MYS', 'Malaysia'],
  ['NZL', 'New Zealand'],
  ['PHL', 'Philippines'],
  ['PNG', 'Papua New Guinea'],
  ['PRK', 'Korea, North'],
  ['RUS', 'Russia'],
  ['SGP', 'Singapore'],
  ['THA', 'Thailand'],
  ['TWN', 'Taiwan'],
  ['USA', 'United States of America'],
  ['VNM', 'Viet Nam'],
];

/** The markers SIPRI writes in place of a number (sheet header row 4). */
const MARKERS = new Set(['...', '. .', 'xxx']);

/** A cell's text: strings as they are, numbers as JavaScript writes them, empty cells as ''. */
function text(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  throw new Error(`${FILE}: cell ${cell.address} holds ${JSON.stringify(v)}`);
}

/** SIPRI's colour code (sheet header row 3): blue = SIPRI estimate, red = highly uncertain. */
function status(cell: ExcelJS.Cell): string {
  // The file's fonts use indexed colours only (8 black, 10 red, 12 blue); exceljs keeps `indexed`
  // on the font's colour, though its type declares only argb and theme.
  const c = (cell.font?.color as { indexed?: number } | undefined)?.indexed;
  if (c === 12) return 'estimate';
  if (c === 10) return 'uncertain';
  if (c === undefined || c === 8) return '';
  throw new Error(`${FILE}: cell ${cell.address} has unexpected font colour ${String(c)}`);
}

function extractSheet(
  book: ExcelJS.Workbook,
  name: string,
  titleStart: string,
  years: number[],
  valueColumn: string,
): string {
  const s = book.getWorksheet(name);
  if (!s) throw new Error(`${FILE}: no sheet "${name}" (have: ${book.worksheets.map((w) => w.name).join(', ')})`);
  const at = (r: number, col: string): string => text(s.getCell(`${col}${r}`));
  if (!at(1, 'A').startsWith(titleStart)) throw new Error(`${FILE}: sheet "${name}" title is "${at(1, 'A')}"`);
  if (!at(4, 'A').includes('"xxx" = country did not exist'))
    throw new Error(`${FILE}: sheet "${name}" row 4 is "${at(4, 'A')}"`);
  if (at(6, 'A') !== 'Country' || at(6, 'B') !== 'Notes')
    throw new Error(`${FILE}: sheet "${name}" header row is not Country, Notes, years`);
  const yearCol = new Map<number, number>();
  s.getRow(6).eachCell((cell, col) => {
    if (typeof cell.value === 'number') yearCol.set(cell.value, col);
  });
  const rowOf = new Map<string, number>();
  s.eachRow((row, r) => {
    if (r <= 6) return;
    const country = text(row.getCell(1));
    if (!country) return;
    if (rowOf.has(country)) throw new Error(`${FILE}: sheet "${name}" lists "${country}" twice`);
    rowOf.set(country, r);
  });
  const lines = [`iso3,country,sipri_notes,year,${valueColumn},status,note`];
  for (const [iso3, country] of [...ACTORS].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const r = rowOf.get(country);
    if (r === undefined) throw new Error(`${FILE}: sheet "${name}" has no row "${country}"`);
    for (const year of years) {
      const col = yearCol.get(year);
      if (!col) throw new Error(`${FILE}: sheet "${name}" has no column for ${year}`);
      const cell = s.getRow(r).getCell(col);
      let value = '';
      let note = '';
      let flag = '';
      if (typeof cell.value === 'number') {
        if (!Number.isFinite(cell.value)) throw new Error(`${FILE}: ${country} ${year}: ${cell.value}`);
        value = String(cell.value); // the shortest text that reads back as the stored number
        flag = status(cell);
      } else if (typeof cell.value === 'string' && MARKERS.has(cell.value.trim())) {
        note = cell.value.trim();
      } else {
        throw new Error(`${FILE}: sheet "${name}" ${country} ${year} holds "${text(cell)}"`);
      }
      lines.push([iso3, country, at(r, 'B'), String(year), value, flag, note].map(csvField).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

export const extractor: Extractor = {
  id: 'sipri-milex',
  async extract(rawDir: string): Promise<Record<string, string>> {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(rawDir, FILE));
    return {
      'sipri-milex.csv': extractSheet(
        book,
        'Current US$',
        'Military expenditure by country, in millions of US$ at current prices and exchange rates',
        YEARS,
        'milex_usd_m_current',
      ),
      'sipri-milex-share.csv': extractSheet(
        book,
        'Share of GDP',
        'Military expenditure by country as percentage of gross domestic product',
        SHARE_YEARS,
        'milex_share_gdp',
      ),
    };
  },
};
