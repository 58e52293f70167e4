import { computeTopRevenuePerYear } from '../compute/top-revenue-per-year.js';
import { TopRevenuePerYearAnswer } from '../dto/answer.view.js';
import { TopRevenuePerYearQueryDto } from '../dto/top-revenue-per-year.query.dto.js';
import type { TopRevenuePerYearParams } from '../pipelines/top-revenue-per-year.pipeline.js';
import { defineQuestion, MOVIE_COLUMNS } from './question.js';

export const topRevenuePerYear = defineQuestion({
  name: 'topRevenuePerYear',
  route: 'revenue/top-per-year',
  question: 'Which movies earned the most in each release year?',
  definition:
    'For each release year within [from, to], its n highest-revenue movies (ties to the lower TMDB id) among movies with a known revenue (> 0) and a release date; count is how many such movies the year has. Oldest year first. considered = movies with a known revenue and a release year in the range.',
  query: TopRevenuePerYearQueryDto,
  response: TopRevenuePerYearAnswer,
  compute: (store, params) => computeTopRevenuePerYear(store, params as unknown as TopRevenuePerYearParams),
  movies: (a) => a.items.flatMap((y) => y.movies),
  columns: [{ id: 'rank', type: 'int', description: 'Position within the year, from 1' }, ...MOVIE_COLUMNS],
  rows: (a) => a.items.flatMap((y) => y.movies.map((m, index) => ({ rank: index + 1, ...m }))),
  table: { route: 'top-revenue-per-year', definition: 'The movies of /analytics/revenue/top-per-year at default parameters, one row per (year, rank).' },
});
