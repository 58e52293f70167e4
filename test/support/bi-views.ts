/**
 * How each answer_* view's rows follow from the API's answer (shared by the view suite, which computes the answer
 * in-process, and the replica suite, which asks the running API), and the float tolerance they are compared with.
 */
import pg from 'pg';
import type {
  BudgetBandsAnswer,
  ExtremesAnswer,
  GenreLanguageAnswer,
  GenresAnswer,
  LanguagesAnswer,
  MovieItem,
  RevenueVsBudgetAnswer,
  TopMoviesAnswer,
  TopRatedYearsAnswer,
  TopRevenuePerYearAnswer,
} from '../../src/analytics/dto/answer.view.js';
import type { AnswerViewSource } from '../../src/bi/migrations/index.js';

export type Row = Record<string, unknown>;

/** count(*) and sums are bigint, which pg returns as strings: numbers here (every value in the tests fits a double). */
export const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export const money = (value: number): number | null => (value > 0 ? value : null);

const EXTREMES = ['highestProfit', 'lowestProfit', 'highestBudget', 'lowestBudget'] as const;

/** A movie row as the views show it: SQL names, NULL for unknown money, the title from the table. */
function movieColumns(item: MovieItem, titles: ReadonlyMap<number, string>): Row {
  return {
    tmdb_id: item.tmdbId,
    title: titles.get(item.tmdbId),
    release_year: item.year,
    budget: money(item.budget),
    revenue: money(item.revenue),
    profit: item.profit,
  };
}

export interface ViewCheck {
  /** The order to read the view in (the answer's order). */
  orderBy: string;
  expected(answer: unknown, source: AnswerViewSource, titles: ReadonlyMap<number, string>): Row[];
}

export const CHECKS: Record<string, ViewCheck> = {
  answer_languages: {
    orderBy: 'position',
    expected: (answer) => {
      const a = answer as LanguagesAnswer;
      return a.items.map((i, index) => ({
        position: index + 1,
        language: i.language,
        language_name: i.name,
        movies: i.movies,
        average_rating: i.averageRating,
        votes: i.votes,
        is_highest: i.language === a.highest?.language,
        is_lowest: i.language === a.lowest?.language,
      }));
    },
  },
  answer_top_rated_years: {
    orderBy: 'release_year',
    expected: (answer) => {
      const a = answer as TopRatedYearsAnswer;
      return a.items.map((i) => ({
        release_year: i.year,
        top_rated_movies: i.count,
        is_most: a.most.some((m) => m.year === i.year),
        is_fewest: a.fewest.some((f) => f.year === i.year),
      }));
    },
  },
  answer_genres: {
    orderBy: 'position',
    expected: (answer) => {
      const a = answer as GenresAnswer;
      return a.items.map((i, index) => ({
        position: index + 1,
        genre: i.genre,
        genre_id: i.genreId,
        movies: i.movies,
        is_most: i.genre === a.most?.genre,
        is_least: i.genre === a.least?.genre,
      }));
    },
  },
  answer_extremes: {
    orderBy: 'position',
    expected: (answer, _source, titles) => {
      const a = answer as ExtremesAnswer;
      return EXTREMES.flatMap((name, index) => {
        const item = a[name];
        if (!item) return [];
        const profit = name.endsWith('Profit');
        return [
          {
            position: index + 1,
            answer: name,
            measure: profit ? 'profit' : 'budget',
            extreme: name.startsWith('highest') ? 'highest' : 'lowest',
            ...movieColumns(item, titles),
            considered: profit ? a.consideredForProfit : a.considered,
          },
        ];
      });
    },
  },
  answer_top_movies: {
    orderBy: 'rank',
    expected: (answer, source, titles) => {
      const a = answer as TopMoviesAnswer;
      return a.items.map((i, index) => ({ measure: source.params['by'], rank: index + 1, ...movieColumns(i, titles), considered: a.considered }));
    },
  },
  answer_top_revenue_per_year: {
    orderBy: 'release_year, rank',
    expected: (answer, _source, titles) => {
      const a = answer as TopRevenuePerYearAnswer;
      return a.items.flatMap((y) =>
        y.movies.map((m, index) => {
          const { release_year: _year, ...columns } = movieColumns(m, titles);
          return { release_year: y.year, rank: index + 1, ...columns, movies_in_year: y.count };
        }),
      );
    },
  },
  answer_revenue_vs_budget: {
    orderBy: 'n',
    expected: (answer) => {
      const a = answer as RevenueVsBudgetAnswer;
      return [
        {
          n: a.n,
          pearson: a.pearson,
          spearman: a.spearman,
          slope: a.slope,
          intercept: a.intercept,
          r2: a.r2,
          log10_pearson: a.log10.pearson,
          log10_slope: a.log10.slope,
          log10_intercept: a.log10.intercept,
          log10_r2: a.log10.r2,
        },
      ];
    },
  },
  answer_genre_language: {
    orderBy: 'rank',
    expected: (answer) => {
      const a = answer as GenreLanguageAnswer;
      return a.items.map((i) => ({
        rank: i.rank,
        genre: i.genre,
        genre_id: i.genreId,
        language: i.language,
        language_name: i.languageName,
        movies: i.movies,
        money_movies: i.moneyMovies,
        mean_rating: i.meanRating,
        weighted_rating: i.weightedRating,
        median_revenue: i.medianRevenue,
        median_profit: i.medianProfit,
        share_profitable: i.shareProfitable,
        is_best: i.rank === a.best?.rank,
        is_claim: i.rank === a.claim.rank,
        considered: a.considered,
        left_out: a.leftOut,
      }));
    },
  },
  answer_budget_bands: {
    orderBy: 'band',
    expected: (answer) => {
      const a = answer as BudgetBandsAnswer;
      return a.items.map((i) => {
        const target = i.band === a.target.band?.band;
        return {
          band: i.band,
          band_from: i.from,
          band_to: i.to,
          lowest_budget: i.lowestBudget,
          highest_budget: i.highestBudget,
          movies: i.movies,
          median_profit: i.medianProfit,
          p10_profit: i.p10Profit,
          p90_profit: i.p90Profit,
          median_roi: i.medianRoi,
          share_profitable: i.shareProfitable,
          is_target: target,
          reaching: target ? a.target.reaching : null,
          share_reaching: target ? a.target.shareReaching : null,
          considered: a.considered,
        };
      });
    },
  },
};

/** Floats agree to 1e-9 relative: each such actual number is replaced by the expected one, so toEqual shows only real differences. */
export function matchFloats(actual: Row[], expected: Row[]): Row[] {
  return actual.map((row, r) => {
    const want = expected[r];
    if (!want) return row;
    const out: Row = {};
    for (const [key, value] of Object.entries(row)) {
      const other = want[key];
      const close = typeof value === 'number' && typeof other === 'number' && Math.abs(value - other) <= 1e-9 * Math.max(Math.abs(value), Math.abs(other));
      out[key] = close ? other : value;
    }
    return out;
  });
}
