import type { PipelineStage } from 'mongoose';

export interface RatingsByLanguageParams {
  minVotes: number;
  minMovies: number;
}

/** Movies counted for a language: at least minVotes votes and a known original language. */
export function ratingsByLanguageMatch({ minVotes }: RatingsByLanguageParams) {
  return { voteCount: { $gte: minVotes }, originalLanguage: { $ne: null } };
}

/**
 * Per original language: movies counted, their unweighted mean vote average and total votes;
 * languages with fewer than minMovies counted movies are left out. Best mean first, ties by code.
 */
export function ratingsByLanguage(params: RatingsByLanguageParams): PipelineStage[] {
  return [
    { $match: ratingsByLanguageMatch(params) },
    {
      $group: {
        _id: '$originalLanguage',
        name: { $max: '$originalLanguageName' },
        movies: { $sum: 1 },
        averageRating: { $avg: '$voteAverage' },
        votes: { $sum: '$voteCount' },
      },
    },
    { $match: { movies: { $gte: params.minMovies } } },
    { $sort: { averageRating: -1, _id: 1 } },
    { $project: { _id: 0, language: '$_id', name: 1, movies: 1, averageRating: 1, votes: 1 } },
  ];
}
