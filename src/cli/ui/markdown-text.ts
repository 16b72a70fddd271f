/**
 * The after-action review's Markdown as terminal lines: headings in bold, emphasis and code marks
 * dropped, and tables laid out in aligned columns that fit the width (the widest cells are cut), so
 * the same review reads on the projector and exports as Markdown for the class.
 */
import { fit } from './format';

export interface MdLine {
  text: string;
  bold?: boolean;
  color?: string;
}

const plain = (s: string) =>
  s
    .replace(/\*\*(.*?)\*\*/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\\\|/g, '|');

/** Split a Markdown table row into its cells (a `\|` stays in its cell). */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => plain(c.trim()));
}

/** Lay out a table's rows (header first) in columns that fit `width`. */
function table(rows: string[][], width: number): MdLine[] {
  const cols = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const gap = 2;
  // Narrow the widest column one character at a time until the table fits.
  while (widths.reduce((s, w) => s + w, 0) + gap * (cols - 1) > width) {
    const k = widths.indexOf(Math.max(...widths));
    if (widths[k] <= 6) break;
    widths[k]--;
  }
  const numeric = widths.map((_, c) => rows.slice(1).every((r) => /^[-+]?[\d.,%]+$|^-$/.test(r[c] ?? '')));
  return rows.map((r, k) => ({
    text: widths
      .map((w, c) => fit(r[c] ?? '', w, numeric[c]))
      .join(' '.repeat(gap))
      .trimEnd(),
    bold: k === 0,
  }));
}

/** Terminal lines for a Markdown document of headings, paragraphs, lists, quotes and tables. */
export function markdownLines(md: string, width: number): MdLine[] {
  const out: MdLine[] = [];
  const lines = md.split('\n');
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k];
    if (l.startsWith('|')) {
      const rows: string[][] = [];
      for (; k < lines.length && lines[k].startsWith('|'); k++)
        if (!/^\|[\s:|-]+\|?\s*$/.test(lines[k])) rows.push(cells(lines[k]));
      k--;
      out.push(...table(rows, width));
    } else if (/^#{1,6} /.test(l)) {
      const level = l.indexOf(' ');
      const text = plain(l.slice(level + 1));
      out.push({ text: level === 1 ? text.toUpperCase() : text, bold: true, color: level <= 2 ? 'cyan' : undefined });
    } else if (l.startsWith('> ')) out.push({ text: plain(l.slice(2)), color: 'yellow' });
    else out.push({ text: plain(l) });
  }
  return out;
}
