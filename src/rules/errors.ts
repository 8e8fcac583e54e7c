/**
 * Thrown for invalid input to a rule (negative counts, more ballots than attendees,
 * malformed dates, an invalid profile). A "no" answer is never an error: failed votes
 * and gate violations are returned as values.
 */
export class RulesError extends Error {
  constructor(
    readonly code: string,
    message?: string,
    readonly details: string[] = [],
  ) {
    super(message ?? code);
    this.name = 'RulesError';
  }
}
