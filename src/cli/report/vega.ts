/**
 * Charts as inline SVG: a Vega-Lite specification compiled to Vega and rendered headless in Node
 * (no browser, no canvas: Vega's SVG string renderer). Vega's expressions run on its own
 * interpreter (vega-interpreter), never through the Function constructor, so a label or id that
 * came from a scenario file is only ever data.
 *
 * Loaded only by the commands that draw (report, and the review's HTML export): Vega is large, and
 * the rest of the command line starts without it.
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { expressionInterpreter } from 'vega-interpreter';

export type ChartSpec = TopLevelSpec;

/** The look every chart shares: the page's font, quiet axes, no border. */
const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  view: { stroke: null },
  axis: {
    labelColor: '#333',
    titleColor: '#333',
    gridColor: '#e6e6e6',
    domainColor: '#888',
    tickColor: '#888',
    titleFontWeight: 'normal',
  },
  legend: { labelColor: '#333', titleColor: '#333', titleFontWeight: 'normal' },
  title: { anchor: 'start', fontWeight: 'normal', fontSize: 13 },
} as const;

/** Vega-Lite's notes on a specification (such as how it resolves a faceted scale) are for chart authors, not for the page's reader. */
interface Quiet {
  level(): Quiet;
  error(): Quiet;
  warn(): Quiet;
  info(): Quiet;
  debug(): Quiet;
}
const quiet: Quiet = {
  level: () => quiet,
  error: () => quiet,
  warn: () => quiet,
  info: () => quiet,
  debug: () => quiet,
};

/** Render one Vega-Lite specification to an SVG string (deterministic for the same specification). */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const vg = compile({ ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec, {
    logger: quiet as never,
  }).spec;
  const view = new View(parse(vg, undefined, { ast: true }), {
    renderer: 'none',
    expr: expressionInterpreter as never,
    logLevel: 0,
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
