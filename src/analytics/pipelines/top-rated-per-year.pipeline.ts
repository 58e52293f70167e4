import type { PipelineStage } from 'mongoose';
import { yearWithin } from './movie-fields.js';

export interface TopRatedPerYearParams {
  minRating: number;
  minVotes: number;
  from: number | null;
  to: number | null;
}

/** Top-rated: vote average ≥ minRating and votes ≥ minVotes, released within [from, to]. */
export function topRatedMatch({ minRating, minVotes, from, to }: TopRatedPerYearParams) {
  return { voteAverage: { $gte: minRating }, voteCount: { $gte: minVotes }, releaseYear: yearWithin(from, to) };
}

/** Top-rated movies per release year, oldest year first; years without any are not listed. */
export function topRatedPerYear(params: TopRatedPerYearParams): PipelineStage[] {
  return [
    { $match: topRatedMatch(params) },
    { $group: { _id: '$releaseYear', count: { $sum: 1 } } },
    { $sort: { _id: 1 } },
    { $project: { _id: 0, year: '$_id', count: 1 } },
  ];
}
