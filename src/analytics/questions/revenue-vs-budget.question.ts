import { computeRevenueVsBudget, POINTS_LIMIT } from '../compute/revenue-vs-budget.js';
import { RevenueVsBudgetAnswer } from '../dto/answer.view.js';
import { RevenueVsBudgetQueryDto } from '../dto/revenue-vs-budget.query.dto.js';
import type { RevenueBudgetParams } from '../pipelines/revenue-budget-pairs.pipeline.js';
import { defineQuestion, MOVIE_COLUMNS } from './question.js';

export const revenueVsBudget = defineQuestion({
  name: 'revenueVsBudget',
  route: 'revenue-vs-budget',
  question: 'How does revenue relate to budget?',
  definition: `Over movies with a known budget ≥ minBudget and a known revenue ≥ minRevenue: n, Pearson r, Spearman rho (average ranks for ties), least-squares slope and intercept of revenue on budget (USD) and R², and the same Pearson/slope/intercept/R² of log10(revenue) on log10(budget). Statistics are null with fewer than two movies or no spread. points: every movie up to ${POINTS_LIMIT}; past that every k-th movie in TMDB id order, k = ceil(n / ${POINTS_LIMIT}) (pointsSampled tells).`,
  query: RevenueVsBudgetQueryDto,
  response: RevenueVsBudgetAnswer,
  compute: (store, params, context) => computeRevenueVsBudget(store, params as unknown as RevenueBudgetParams, context.spearman),
  movies: (a) => a.points,
  columns: MOVIE_COLUMNS.filter((c) => c.id !== 'profit'),
  rows: (a) => a.points.map((p) => ({ ...p })),
  table: { route: 'revenue-budget-points', definition: 'The points of /analytics/revenue-vs-budget at default parameters.' },
});
