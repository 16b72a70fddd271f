/** Placeholder for the after-action review (being written): the signatures are the contract. */
import type { Game } from './game';

export interface AfterAction {
  scenario: string;
}

/** The after-action review of a game: key events, the largest alignment moves and their causes. */
export function afterActionReview(game: Game): AfterAction {
  return { scenario: game.scenario.id };
}

/** The review as Markdown for the class. */
export function reviewMarkdown(r: AfterAction): string {
  return `# ${r.scenario}\n`;
}
