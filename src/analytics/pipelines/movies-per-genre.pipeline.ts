import type { PipelineStage } from 'mongoose';

export interface MoviesPerGenreParams {
  minVotes: number;
}

/** Movies counted: at least minVotes votes and at least one genre. */
export function moviesPerGenreMatch({ minVotes }: MoviesPerGenreParams) {
  return { voteCount: { $gte: minVotes }, 'genres.0': { $exists: true } };
}

/**
 * Movies per genre name; a movie counts once in each of its genres (a genre listed twice
 * on one movie still counts once). Most movies first, ties by genre name.
 */
export function moviesPerGenre(params: MoviesPerGenreParams): PipelineStage[] {
  return [
    { $match: moviesPerGenreMatch(params) },
    { $unwind: '$genres' },
    { $group: { _id: { genre: '$genres.name', tmdbId: '$tmdbId' }, genreId: { $min: '$genres.id' } } },
    { $group: { _id: '$_id.genre', genreId: { $min: '$genreId' }, movies: { $sum: 1 } } },
    { $sort: { movies: -1, _id: 1 } },
    { $project: { _id: 0, genre: '$_id', genreId: 1, movies: 1 } },
  ];
}
