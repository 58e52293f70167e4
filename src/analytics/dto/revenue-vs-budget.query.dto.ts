import { MoneyFloorsQueryDto } from './answer.query.dto.js';

/** Only the money floors: a movie counts when budget ≥ minBudget and revenue ≥ minRevenue (both known). */
export class RevenueVsBudgetQueryDto extends MoneyFloorsQueryDto {}
