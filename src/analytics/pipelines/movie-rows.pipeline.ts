import type { PipelineStage } from 'mongoose';

export interface RowPage {
  updatedSince: Date | null;
  skip: number;
  limit: number;
}

/** Movies changed at or after updatedSince (all when null). */
export function changedSinceMatch(updatedSince: Date | null) {
  return updatedSince ? { updatedAt: { $gte: updatedSince } } : {};
}

/** One page of movies for BI tables, in (updatedAt, tmdbId) order so pages stay stable while data arrives. */
export function movieRows({ updatedSince, skip, limit }: RowPage): PipelineStage[] {
  return [
    { $match: changedSinceMatch(updatedSince) },
    { $sort: { updatedAt: 1, tmdbId: 1 } },
    { $skip: skip },
    { $limit: limit },
    {
      $project: {
        _id: 0,
        tmdbId: 1,
        title: 1,
        originalTitle: 1,
        originalLanguage: 1,
        originalLanguageName: 1,
        releaseDate: 1,
        releaseYear: 1,
        budget: 1,
        revenue: 1,
        profit: 1,
        voteAverage: 1,
        voteCount: 1,
        popularity: 1,
        runtime: 1,
        updatedAt: 1,
      },
    },
  ];
}

/** One page of (movie, genre) rows: each movie's genres in their stored order, movies in the same order as movieRows. */
export function movieGenreRows({ updatedSince, skip, limit }: RowPage): PipelineStage[] {
  return [
    { $match: changedSinceMatch(updatedSince) },
    { $sort: { updatedAt: 1, tmdbId: 1 } },
    { $unwind: '$genres' },
    { $skip: skip },
    { $limit: limit },
    { $project: { _id: 0, tmdbId: 1, genreId: '$genres.id', genre: '$genres.name' } },
  ];
}

/** How many (movie, genre) rows movieGenreRows pages through. */
export function movieGenreRowCount(updatedSince: Date | null): PipelineStage[] {
  return [{ $match: changedSinceMatch(updatedSince) }, { $unwind: '$genres' }, { $count: 'n' }];
}
