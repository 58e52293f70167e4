import { computeGenres } from '../compute/genres.js';
import { GenresAnswer } from '../dto/answer.view.js';
import { GenresQueryDto } from '../dto/genres.query.dto.js';
import type { MoviesPerGenreParams } from '../pipelines/movies-per-genre.pipeline.js';
import { defineQuestion } from './question.js';

export const genres = defineQuestion({
  name: 'genres',
  route: 'genres',
  question: 'Which genres are the most and the least common?',
  definition:
    'Movies per genre among movies with at least minVotes votes; a movie counts once in each of its genres. Most movies first, ties by genre name; most is the first, least the genre with the fewest movies (ties: first by name). considered = movies with at least minVotes votes and at least one genre.',
  query: GenresQueryDto,
  response: GenresAnswer,
  compute: (store, params) => computeGenres(store, params as unknown as MoviesPerGenreParams),
  columns: [
    { id: 'genre', type: 'string', description: 'Genre' },
    { id: 'genreId', type: 'int', description: 'TMDB genre id' },
    { id: 'movies', type: 'int', description: 'Movies in the genre' },
  ],
  rows: (a) => a.items.map((i) => ({ ...i })),
  table: { route: 'genres', definition: 'The items of /analytics/genres at default parameters.' },
});
