import type { PipelineStage } from 'mongoose';
import { MOVIE_FIELDS, yearWithin } from './movie-fields.js';

export interface TopRevenuePerYearParams {
  n: number;
  from: number | null;
  to: number | null;
}

/** Movies counted: revenue known (> 0) and released within [from, to]. */
export function topRevenuePerYearMatch({ from, to }: TopRevenuePerYearParams) {
  return { revenue: { $gt: 0 }, releaseYear: yearWithin(from, to) };
}

/**
 * Per release year its n highest-revenue movies (ties to the lower TMDB id), oldest year first.
 * Sort then $push + $slice: the portable form of $topN.
 */
export function topRevenuePerYear(params: TopRevenuePerYearParams): PipelineStage[] {
  return [
    { $match: topRevenuePerYearMatch(params) },
    { $sort: { releaseYear: 1, revenue: -1, tmdbId: 1 } },
    { $project: MOVIE_FIELDS },
    { $group: { _id: '$year', movies: { $push: '$$ROOT' }, count: { $sum: 1 } } },
    { $sort: { _id: 1 } },
    { $project: { _id: 0, year: '$_id', count: 1, movies: { $slice: ['$movies', params.n] } } },
  ];
}
