import { computeTopMovies } from '../compute/top-movies.js';
import { TopMoviesAnswer } from '../dto/answer.view.js';
import { TopMoviesQueryDto } from '../dto/top-movies.query.dto.js';
import type { TopMoviesParams } from '../pipelines/top-movies.pipeline.js';
import { defineQuestion, MOVIE_COLUMNS } from './question.js';

export const topMovies = defineQuestion({
  name: 'topMovies',
  route: 'movies/top',
  question: 'Which movies rank first by profit, budget or revenue?',
  definition:
    'The first `limit` movies ordered by the measure `by` (desc: highest first, asc: lowest first); ties go to the lower TMDB id. A movie counts only when its measure is known: budget ≥ minBudget for budget, revenue ≥ minRevenue for revenue, both for profit. considered = movies that count.',
  query: TopMoviesQueryDto,
  response: TopMoviesAnswer,
  compute: (store, params) => computeTopMovies(store, params as unknown as TopMoviesParams),
  movies: (a) => a.items,
  columns: [{ id: 'rank', type: 'int', description: 'Position, from 1' }, ...MOVIE_COLUMNS],
  rows: (a) => a.items.map((i, index) => ({ rank: index + 1, ...i })),
});
