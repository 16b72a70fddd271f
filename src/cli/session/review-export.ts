/**
 * The after-action review as `--export FILE` writes it: HTML with charts when FILE ends in .html
 * (or .htm), Markdown otherwise. The HTML page's charting code is loaded only when it is asked for.
 */
import { afterActionReview, reviewMarkdown } from './aar';
import type { Game } from './game';

/** True if an export to `file` is the HTML review. */
export function isHtml(file: string): boolean {
  return /\.html?$/i.test(file);
}

/** The review of `game` in the format `file`'s name asks for. */
export async function reviewFor(file: string, game: Game): Promise<string> {
  const review = afterActionReview(game);
  if (!isHtml(file)) return reviewMarkdown(review);
  const { aarHtml } = await import('./aar-html');
  return aarHtml(review);
}
