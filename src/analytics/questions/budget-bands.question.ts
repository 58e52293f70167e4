import { computeBudgetBands, type BudgetBandsParams } from '../compute/budget-bands.js';
import { BudgetBandsAnswer } from '../dto/answer.view.js';
import { BudgetBandsQueryDto } from '../dto/budget-bands.query.dto.js';
import { defineQuestion } from './question.js';

export const budgetBands = defineQuestion({
  name: 'budgetBands',
  route: 'budget-bands',
  question: 'What does a budget buy: profit by budget band, and the budget it takes to reach a profit?',
  definition:
    'Movies with known money: budget ≥ minBudget and revenue ≥ minRevenue (both > 0; 0 is unknown, never zero). Bands: with bands=k (default 10, deciles) the movies sorted by budget are cut at positions floor(j·n/k), j = 1 … k−1, as equal in count as possible; a cut that would fall between equal budgets moves up past them, so equal budgets are never split and stay in the lower band (which then holds more), and a cut that meets the previous one is dropped (fewer than k bands). A quantile band is [its lowest budget, the next band’s lowest budget). With edges=e1,…,em the bands are half-open: [floor, e1), [e1, e2), …, [em, ∞) (a budget equal to an edge belongs to the band that starts there), empty bands listed with n = 0. Per band: movies (n), from/to edges, lowestBudget/highestBudget, medianProfit (profit = revenue − budget; an even count takes the mean of the two middle values), p10Profit and p90Profit (linear interpolation between the closest ranks: h = (n − 1)·p, as PERCENTILE.INC, numpy and pandas), medianRoi (ROI = revenue ÷ budget) and shareProfitable (profit > 0 ÷ n). target: the first band from the lowest budgets whose median profit ≥ targetProfit, with reaching = its movies with profit ≥ targetProfit and shareReaching = reaching ÷ its n; null when no band reaches it. considered = movies with known money.',
  query: BudgetBandsQueryDto,
  response: BudgetBandsAnswer,
  compute: (store, params) => computeBudgetBands(store, params as unknown as BudgetBandsParams),
  columns: [
    { id: 'band', type: 'int', description: 'Band, 1 = lowest budgets' },
    { id: 'from', type: 'float', description: 'Lower edge, USD (inclusive; empty = open)' },
    { id: 'to', type: 'float', description: 'Upper edge, USD (exclusive; empty = open)' },
    { id: 'lowestBudget', type: 'float', description: 'Lowest budget in the band, USD' },
    { id: 'highestBudget', type: 'float', description: 'Highest budget in the band, USD' },
    { id: 'movies', type: 'int', description: 'Movies in the band' },
    { id: 'medianProfit', type: 'float', description: 'Median profit, USD' },
    { id: 'p10Profit', type: 'float', description: '10th percentile of profit, USD' },
    { id: 'p90Profit', type: 'float', description: '90th percentile of profit, USD' },
    { id: 'medianRoi', type: 'float', description: 'Median revenue ÷ budget' },
    { id: 'shareProfitable', type: 'float', description: 'Share with profit > 0' },
  ],
  rows: (a) => a.items.map((i) => ({ ...i })),
});
