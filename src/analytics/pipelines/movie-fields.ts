/** The movie shape every movie-valued answer uses: tmdbId, title, year, budget, revenue, profit. */
export const MOVIE_FIELDS = { _id: 0, tmdbId: 1, title: 1, year: '$releaseYear', budget: 1, revenue: 1, profit: 1 } as const;

/** A money floor: the field must be known (> 0, TMDB's 0 means unknown) and at least the floor. */
export function atLeast(floor: number): { $gte: number } {
  return { $gte: Math.max(1, floor) };
}

/** A release-year range; movies without a date (null year) never match. */
export function yearWithin(from: number | null, to: number | null): Record<string, number | null> {
  return { $ne: null, ...(from !== null ? { $gte: from } : {}), ...(to !== null ? { $lte: to } : {}) };
}
