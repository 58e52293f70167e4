import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** What every answer carries besides its items. */
export class AnswerView {
  @ApiProperty({ description: 'The question, in plain words.' }) question!: string;
  @ApiProperty({ description: 'Exactly how the answer is computed.' }) definition!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The parameters used, after defaults.' }) params!: Record<string, unknown>;
  @ApiProperty({ description: 'How many movies the answer rests on (see the definition).' }) considered!: number;
  @ApiProperty({
    example: '1200.1187.1241',
    description:
      'The feed position the answering process had applied (next offset per partition): two replicas at the same position give the same answers and ETags.',
  })
  dataVersion!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Every movie change stored (and published to the feed) before this instant is in the answer.',
  })
  asOf!: string | null;
  @ApiProperty({
    description: 'Nothing more is on its way: no ingest is producing, the consumers have persisted everything and this process has applied all of it.',
  })
  settled!: boolean;
  @ApiProperty({ enum: ['up', 'down'], description: 'down: this process cannot reach the feed (Kafka) and answers from what it holds.' })
  feed!: 'up' | 'down';
  @ApiProperty({ description: 'The freshness contract, in one sentence.' }) freshness!: string;
}

export class MovieItem {
  @ApiProperty() tmdbId!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Release year.' }) year!: number | null;
  @ApiProperty({ description: 'USD; 0 = unknown.' }) budget!: number;
  @ApiProperty({ description: 'USD; 0 = unknown.' }) revenue!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'revenue − budget; null unless both are known.' }) profit!: number | null;
}

export class LanguageItem {
  @ApiProperty({ example: 'fr', description: 'ISO 639-1 code (TMDB also uses cn, xx).' }) language!: string;
  @ApiProperty({ type: String, nullable: true, example: 'French' }) name!: string | null;
  @ApiProperty() movies!: number;
  @ApiProperty({ description: 'Mean vote average of the movies, rounded to 2 places.' }) averageRating!: number;
  @ApiProperty({ description: 'Total votes.' }) votes!: number;
}

export class LanguagesAnswer extends AnswerView {
  @ApiProperty({ type: [LanguageItem] }) items!: LanguageItem[];
  @ApiProperty({ type: LanguageItem, nullable: true }) highest!: LanguageItem | null;
  @ApiProperty({ type: LanguageItem, nullable: true }) lowest!: LanguageItem | null;
}

export class YearItem {
  @ApiProperty() year!: number;
  @ApiProperty() count!: number;
}

export class TopRatedYearsAnswer extends AnswerView {
  @ApiProperty({ type: [YearItem] }) items!: YearItem[];
  @ApiProperty({ type: [YearItem], description: 'Every year tied for the most.' }) most!: YearItem[];
  @ApiProperty({ type: [YearItem], description: 'Every listed year tied for the fewest.' }) fewest!: YearItem[];
}

export class GenreItem {
  @ApiProperty() genre!: string;
  @ApiProperty() genreId!: number;
  @ApiProperty() movies!: number;
}

export class GenresAnswer extends AnswerView {
  @ApiProperty({ type: [GenreItem] }) items!: GenreItem[];
  @ApiProperty({ type: GenreItem, nullable: true }) most!: GenreItem | null;
  @ApiProperty({ type: GenreItem, nullable: true }) least!: GenreItem | null;
}

export class ExtremeItem extends MovieItem {
  @ApiProperty({ enum: ['highestProfit', 'lowestProfit', 'highestBudget', 'lowestBudget'] }) answer!: string;
}

export class ExtremesAnswer extends AnswerView {
  @ApiProperty() consideredForProfit!: number;
  @ApiProperty({ type: [ExtremeItem], description: 'The four answers as rows (those that exist).' }) items!: ExtremeItem[];
  @ApiProperty({ type: MovieItem, nullable: true }) highestProfit!: MovieItem | null;
  @ApiProperty({ type: MovieItem, nullable: true }) lowestProfit!: MovieItem | null;
  @ApiProperty({ type: MovieItem, nullable: true }) highestBudget!: MovieItem | null;
  @ApiProperty({ type: MovieItem, nullable: true }) lowestBudget!: MovieItem | null;
}

export class TopMoviesAnswer extends AnswerView {
  @ApiProperty({ type: [MovieItem] }) items!: MovieItem[];
}

export class YearMoviesItem {
  @ApiProperty() year!: number;
  @ApiProperty({ description: 'Movies with a known revenue that year.' }) count!: number;
  @ApiProperty({ type: [MovieItem] }) movies!: MovieItem[];
}

export class TopRevenuePerYearAnswer extends AnswerView {
  @ApiProperty({ type: [YearMoviesItem] }) items!: YearMoviesItem[];
}

export class PointItem {
  @ApiProperty() tmdbId!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ type: Number, nullable: true }) year!: number | null;
  @ApiProperty() budget!: number;
  @ApiProperty() revenue!: number;
}

export class LogFit {
  @ApiProperty({ type: Number, nullable: true }) pearson!: number | null;
  @ApiProperty({ type: Number, nullable: true }) slope!: number | null;
  @ApiProperty({ type: Number, nullable: true }) intercept!: number | null;
  @ApiProperty({ type: Number, nullable: true }) r2!: number | null;
}

export class RevenueVsBudgetAnswer extends AnswerView {
  @ApiProperty() n!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Pearson r, 4 places.' }) pearson!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Spearman rho, 4 places.' }) spearman!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'USD of revenue per USD of budget, 4 places.' }) slope!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'USD, whole.' }) intercept!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'R² of the line, 4 places.' }) r2!: number | null;
  @ApiProperty({ type: LogFit, description: 'The same on log10 scales (4 places).' }) log10!: LogFit;
  @ApiProperty({ description: 'Whether points is a sample.' }) pointsSampled!: boolean;
  @ApiProperty({ type: [PointItem], description: 'Scatter-plot points (see the definition).' }) points!: PointItem[];
  @ApiProperty({ type: [PointItem], description: 'The same points, as every answer carries its rows in items.' }) items!: PointItem[];
}

export class QualityItem {
  @ApiProperty({ example: 'unknownBudget' }) check!: string;
  @ApiProperty() description!: string;
  @ApiProperty() count!: number;
  @ApiProperty({ type: [Number], description: 'The lowest few TMDB ids failing the check.' }) examples!: number[];
}

export class DataQualityAnswer extends AnswerView {
  @ApiProperty({ description: 'All movies stored.' }) total!: number;
  @ApiProperty({ type: [QualityItem] }) items!: QualityItem[];
}

export class ParamDocView {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['integer', 'number', 'string'] }) type!: string;
  @ApiPropertyOptional({ oneOf: [{ type: 'number' }, { type: 'string' }] }) default?: number | string;
  @ApiPropertyOptional() minimum?: number;
  @ApiPropertyOptional() maximum?: number;
  @ApiPropertyOptional({ type: [String] }) enum?: readonly string[];
  @ApiProperty() description!: string;
}

export class EndpointView {
  @ApiProperty({ example: '/analytics/languages' }) path!: string;
  @ApiProperty() question!: string;
  @ApiProperty() definition!: string;
  @ApiProperty({ type: [ParamDocView] }) params!: ParamDocView[];
}

export class IndexView {
  @ApiProperty() description!: string;
  @ApiProperty({ type: [EndpointView] }) endpoints!: EndpointView[];
  @ApiProperty({ type: [EndpointView], description: 'Flat paged tables for BI tools (dashboard, Tableau).' }) tables!: EndpointView[];
}

export class TableColumnView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['int', 'float', 'string', 'date', 'datetime'] }) type!: string;
  @ApiProperty() description!: string;
}

export class TableView {
  @ApiProperty({ example: 'movies' }) table!: string;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'Rows in the whole table (after updatedSince).' }) total!: number;
  @ApiProperty({ type: Number, nullable: true }) nextPage!: number | null;
  @ApiProperty({ description: 'As in every answer: the feed position applied.' }) dataVersion!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'As in every answer.' }) asOf!: string | null;
  @ApiProperty({ type: [TableColumnView] }) columns!: TableColumnView[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) rows!: Record<string, unknown>[];
}

export class GenreLanguageItem {
  @ApiProperty({ description: 'Rank by the chosen measure among the cells listed (1 = best).' }) rank!: number;
  @ApiProperty() genre!: string;
  @ApiProperty({ description: 'The lowest TMDB id the genre name has.' }) genreId!: number;
  @ApiProperty({ example: 'en', description: 'Original language, ISO 639-1.' }) language!: string;
  @ApiProperty({ type: String, nullable: true, example: 'English' }) languageName!: string | null;
  @ApiProperty({ description: 'Movies in the cell (n).' }) movies!: number;
  @ApiProperty({ description: 'Movies of the cell with known money (the n behind the money measures).' }) moneyMovies!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Plain mean vote average, 2 places.' }) meanRating!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Σ(vote average × votes) ÷ Σ votes, 2 places; null without votes.' }) weightedRating!:
    number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Median revenue (USD) of the movies with known money.' }) medianRevenue!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Median profit (USD) of the movies with known money.' }) medianProfit!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Movies with profit > 0 ÷ movies with known money, 4 places.' }) shareProfitable!: number | null;
}

export class GenreLanguageClaim {
  @ApiProperty({ example: 'Drama' }) genre!: string;
  @ApiProperty({ example: 'en' }) language!: string;
  @ApiProperty({ description: 'Movies in that cell (also when it is left out).' }) movies!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Its rank among the cells listed; null when it is left out or empty.' }) rank!: number | null;
  @ApiProperty({ description: 'Cells listed.' }) of!: number;
  @ApiProperty({ type: GenreLanguageItem, nullable: true }) cell!: GenreLanguageItem | null;
}

export class GenreLanguageAnswer extends AnswerView {
  @ApiProperty({ description: 'The measure the cells are ranked by.' }) measure!: string;
  @ApiProperty({ description: 'Cells with movies but fewer than minMovies: left out.' }) leftOut!: number;
  @ApiProperty({ type: [GenreLanguageItem], description: 'Best first by measure; ties by genre, then language code.' }) items!: GenreLanguageItem[];
  @ApiProperty({ type: GenreLanguageItem, nullable: true, description: 'The best cell by measure (the first item, when it has a value).' })
  best!: GenreLanguageItem | null;
  @ApiProperty({ type: GenreLanguageClaim, description: 'The cell of the claim (genre × language parameters; Drama × en by default) and its rank.' })
  claim!: GenreLanguageClaim;
}

export class BudgetBandItem {
  @ApiProperty({ description: '1 = the lowest budgets.' }) band!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Lower edge (inclusive), USD; null = open (fixed edges only).' }) from!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Upper edge (exclusive), USD; null = open.' }) to!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Lowest budget in the band; null when empty.' }) lowestBudget!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Highest budget in the band; null when empty.' }) highestBudget!: number | null;
  @ApiProperty({ description: 'Movies in the band (n).' }) movies!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Median profit, USD.' }) medianProfit!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '10th percentile of profit (PERCENTILE.INC), USD, 2 places.' }) p10Profit!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '90th percentile of profit (PERCENTILE.INC), USD, 2 places.' }) p90Profit!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Median of revenue ÷ budget, 4 places.' }) medianRoi!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Share with profit > 0, 4 places.' }) shareProfitable!: number | null;
}

export class BudgetTarget {
  @ApiProperty() targetProfit!: number;
  @ApiProperty({
    type: BudgetBandItem,
    nullable: true,
    description: 'The first band (lowest budgets) whose median profit is at least targetProfit; null when none.',
  })
  band!: BudgetBandItem | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Movies of that band with profit ≥ targetProfit.' }) reaching!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'reaching ÷ the band’s movies, 4 places.' }) shareReaching!: number | null;
}

export class BudgetBandsAnswer extends AnswerView {
  @ApiProperty({ enum: ['quantiles', 'edges'] }) mode!: string;
  @ApiProperty({ type: [BudgetBandItem], description: 'Lowest budgets first.' }) items!: BudgetBandItem[];
  @ApiProperty({ type: BudgetTarget }) target!: BudgetTarget;
}

export class ExploreCell {
  @ApiPropertyOptional({ description: 'groupBy language: ISO 639-1 code.' }) language?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) languageName?: string | null;
  @ApiPropertyOptional({ description: 'groupBy genre: genre name.' }) genre?: string;
  @ApiPropertyOptional({ description: 'The lowest TMDB id the genre name has.' }) genreId?: number;
  @ApiPropertyOptional() year?: number;
  @ApiPropertyOptional({ description: 'First year of the decade, e.g. 1990.' }) decade?: number;
  @ApiPropertyOptional({ description: 'groupBy budgetBand: 1 = lowest budgets.' }) budgetBand?: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'The band’s lower edge (inclusive); null = open.' }) bandFrom?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'The band’s upper edge (exclusive); null = open.' }) bandTo?: number | null;
  @ApiProperty({ description: 'Movies in the cell (n).' }) movies!: number;
  @ApiProperty({ description: 'Movies of the cell with known money (the n behind the money measures).' }) moneyMovies!: number;
  @ApiPropertyOptional() count?: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) meanRating?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) weightedRating?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) medianRevenue?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) medianProfit?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) medianRoi?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) shareProfitable?: number | null;
}

export class ExploreAnswer extends AnswerView {
  @ApiProperty({ type: [String] }) groupBy!: string[];
  @ApiProperty({ type: [String] }) measures!: string[];
  @ApiProperty() sort!: string;
  @ApiProperty({ description: 'Cells with at least minMovies movies, before limit.' }) cells!: number;
  @ApiProperty({ description: 'Cells with movies but fewer than minMovies: left out.' }) leftOut!: number;
  @ApiProperty({ type: [ExploreCell] }) items!: ExploreCell[];
}
