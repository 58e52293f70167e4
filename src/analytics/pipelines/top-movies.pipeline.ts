import type { PipelineStage } from 'mongoose';
import type { Measure, SortOrder } from '../dto/top-movies.query.dto.js';
import { atLeast, MOVIE_FIELDS } from './movie-fields.js';

export interface TopMoviesParams {
  by: Measure;
  order: SortOrder;
  limit: number;
  minBudget: number;
  minRevenue: number;
}

/**
 * Movies whose measure is known: budget ≥ minBudget for budget, revenue ≥ minRevenue for
 * revenue, both (so profit is known) for profit. Each floor applies where its field is used.
 */
export function measureKnownMatch({ by, minBudget, minRevenue }: Pick<TopMoviesParams, 'by' | 'minBudget' | 'minRevenue'>) {
  if (by === 'budget') return { budget: atLeast(minBudget) };
  if (by === 'revenue') return { revenue: atLeast(minRevenue) };
  return { budget: atLeast(minBudget), revenue: atLeast(minRevenue), profit: { $ne: null } };
}

/** The first `limit` movies by the measure in the order asked; ties go to the lower TMDB id. Also serves the extremes (limit 1). */
export function topMovies(params: TopMoviesParams): PipelineStage[] {
  return [
    { $match: measureKnownMatch(params) },
    { $sort: { [params.by]: params.order === 'asc' ? 1 : -1, tmdbId: 1 } },
    { $limit: params.limit },
    { $project: MOVIE_FIELDS },
  ];
}
