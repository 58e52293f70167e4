import type { PipelineStage } from 'mongoose';
import { atLeast } from './movie-fields.js';

export interface RevenueBudgetParams {
  minBudget: number;
  minRevenue: number;
}

/** Movies in the relationship: budget ≥ minBudget and revenue ≥ minRevenue, both known. */
export function revenueBudgetMatch({ minBudget, minRevenue }: RevenueBudgetParams) {
  return { budget: atLeast(minBudget), revenue: atLeast(minRevenue) };
}

/** The (budget, revenue) pair of each such movie in TMDB id order; statistics are computed from this stream in the application. */
export function revenueBudgetPairs(params: RevenueBudgetParams): PipelineStage[] {
  return [
    { $match: revenueBudgetMatch(params) },
    { $sort: { tmdbId: 1 } },
    { $project: { _id: 0, tmdbId: 1, title: 1, year: '$releaseYear', budget: 1, revenue: 1 } },
  ];
}
