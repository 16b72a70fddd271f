/**
 * The pieces of a self-contained HTML page: escaping, number formats, and the page shell with its
 * stylesheet. No scripts and nothing fetched: a report opens from a file, offline, and prints.
 */

/** Text for HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A share as a percentage with one decimal: 0.3514 -> "35.1%". */
export function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** A number for a table: up to three decimals, no trailing zeros, a true minus sign. */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const s = (Math.round(x * 1000) / 1000).toString();
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

/** An interval as text: "(a – b)". */
export function interval(lo: number | null, hi: number | null, f: (x: number) => string = fmt): string {
  if (lo === null || hi === null || !Number.isFinite(lo) || !Number.isFinite(hi)) return '–';
  return `(${f(lo)} – ${f(hi)})`;
}

/** A figure: a chart's SVG with its caption; `id` names it for tests and links. */
export function figure(id: string, svg: string, caption: string): string {
  return `<figure class="chart" id="${esc(id)}" data-chart="${esc(id)}">${svg}<figcaption>${caption}</figcaption></figure>`;
}

/** A table from a header and rows of cells (cells are HTML already escaped by the caller). */
export function table(cls: string, head: readonly string[], rows: readonly (readonly string[])[]): string {
  const th = head.map((h) => `<th>${h}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table class="${esc(cls)}"><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 0 auto; padding: 24px 32px 64px; max-width: 1180px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 36px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 14px; margin: 18px 0 6px; }
p.lede { color: #555; margin: 0 0 12px; } p.note { color: #555; max-width: 860px; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f4f4f4; padding: 1px 4px; border-radius: 3px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 0; }
dl.facts dt { color: #666; } dl.facts dd { margin: 0; }
.grid { display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: flex-start; }
.grid > figure { flex: 0 0 auto; }
figure.chart { margin: 8px 0; } figure.chart svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #555; font-size: 12px; max-width: 560px; margin-top: 2px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid #eee; vertical-align: top; }
th { font-weight: 600; color: #444; border-bottom: 1px solid #ccc; }
td.num, th.num { text-align: right; }
nav.toc a { margin-right: 14px; }
@media print { body { padding: 0; } h2 { break-after: avoid; } figure.chart { break-inside: avoid; } }
`;

/** The whole page. */
export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="seastate">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
