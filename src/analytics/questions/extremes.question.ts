import { computeExtremes } from '../compute/extremes.js';
import { ExtremesAnswer, type MovieItem } from '../dto/answer.view.js';
import { ExtremesQueryDto } from '../dto/extremes.query.dto.js';
import type { RevenueBudgetParams } from '../pipelines/revenue-budget-pairs.pipeline.js';
import { defineQuestion, MOVIE_COLUMNS } from './question.js';

export const extremes = defineQuestion({
  name: 'extremes',
  route: 'movies/extremes',
  question: 'Which movies made the highest and lowest profit, and had the highest and lowest budget?',
  definition:
    'Profit = revenue − budget, only where both are known (TMDB stores unknown as 0) and budget ≥ minBudget and revenue ≥ minRevenue. Budget answers use movies with a known budget ≥ minBudget. Ties go to the lower TMDB id. considered = movies with a known budget ≥ minBudget; consideredForProfit = those also with a known revenue ≥ minRevenue.',
  query: ExtremesQueryDto,
  response: ExtremesAnswer,
  compute: (store, params) => computeExtremes(store, params as unknown as RevenueBudgetParams),
  movies: (a) => [...a.items, a.highestProfit, a.lowestProfit, a.highestBudget, a.lowestBudget].filter((m): m is MovieItem => m !== null),
  columns: [{ id: 'answer', type: 'string', description: 'highestProfit, lowestProfit, highestBudget or lowestBudget' }, ...MOVIE_COLUMNS],
  rows: (a) => a.items.map((i) => ({ ...i })),
});
